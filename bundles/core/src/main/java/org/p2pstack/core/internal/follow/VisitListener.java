package org.p2pstack.core.internal.follow;

import org.p2pstack.core.internal.directory.ProfileRecord;

/**
 * Told about every visit whose record was fetched over I2P from the person's own address and verified. The directory
 * trusts visited people (never evicts them, ranks them first), so a Sybil flood cannot push them out.
 */
public interface VisitListener {

    void visited(ProfileRecord record);
}
