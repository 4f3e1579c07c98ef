package org.p2pstack.core.internal.content;

/**
 * {@code etc/org.p2pstack.core.cfg}: where the shared folder is and how big an upload may be. The pid is
 * shared with the status service, which carries the metatype description of the core's settings.
 */
public @interface ContentConfig {

    String PID = "org.p2pstack.core";

    String sharedFolder() default "~/P2PStack/Shared";

    long maxUploadMegabytes() default 2048;

    long watchQuietMillis() default 250;
}
