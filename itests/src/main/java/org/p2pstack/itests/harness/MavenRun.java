package org.p2pstack.itests.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * Runs the build's own Maven ({@code <mavenHome>/bin/mvn -B -o}) on the build's own local repository, as a dApp author
 * would run it: used to generate dApps from the archetype and build them, in the tests and the benchmarks.
 */
public final class MavenRun {

    /** What one run printed, and how it ended. */
    public record Result(int exitCode, String output) {
    }

    private final Path mavenHome;
    private final Path repository;

    public MavenRun(Path mavenHome, Path repository) {
        this.mavenHome = mavenHome;
        this.repository = repository;
    }

    /** The Maven and repository named by the system properties {@code <prefix>.maven.home} and {@code <prefix>.maven.repo}. */
    public static MavenRun fromProperties(String prefix) {
        return new MavenRun(NodeProcess.pathProperty(prefix + ".maven.home"), NodeProcess.pathProperty(prefix + ".maven.repo"));
    }

    /** {@code mvn -B -o -Dmaven.repo.local=<repository> <arguments>} in {@code directory}, with this JVM's Java. */
    public Result run(Path directory, Duration timeout, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(mavenHome.resolve("bin/mvn").toString(), "-B", "-o",
                "-Dmaven.repo.local=" + repository));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile("mvn-run", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().remove("MAVEN_OPTS");
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * {@code archetype:generate} of the p2pstack dApp archetype into {@code directory}/{@code artifactId}
     * (group {@code org.example}, version 1.0.0-SNAPSHOT).
     */
    public Result generateDapp(Path directory, String archetypeVersion, String artifactId, String name, String flavour)
            throws IOException, InterruptedException {
        return run(directory, Duration.ofMinutes(3), "org.apache.maven.plugins:maven-archetype-plugin:"
                + System.getProperty("archetype.plugin.version", "3.4.1") + ":generate",
                "-DarchetypeGroupId=org.p2pstack", "-DarchetypeArtifactId=p2pstack-dapp-archetype",
                "-DarchetypeVersion=" + archetypeVersion, "-DgroupId=org.example", "-DartifactId=" + artifactId,
                "-Dname=" + name, "-Dflavour=" + flavour, "-DinteractiveMode=false");
    }

    /** The manifest of {@code jar} as text (continuation lines joined). */
    public static String manifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile()); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            file.getManifest().write(out);
            return out.toString(StandardCharsets.UTF_8).replace("\r\n ", "");
        }
    }
}
