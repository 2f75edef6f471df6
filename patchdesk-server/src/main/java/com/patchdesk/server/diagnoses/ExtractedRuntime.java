package com.patchdesk.server.diagnoses;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * The server's executable jar extracted once (Spring Boot's {@code -Djarmode=tools extract}), so that analysis children
 * start from a plain class path instead of through the jar-in-jar launcher, and with an AppCDS archive of the classes a
 * child loads: children start faster that way (measured: see docs/performance.md).
 *
 * <p>The extraction lives in {@code RUNTIME/NAME-SIZE-MODIFIED}, so a new server jar gets a new one (older ones are
 * removed); it is made in a temporary folder and moved into place whole. The class archive is recorded by one child
 * (the first whose start finds none) into a temporary file, and moved into place by the server when that child ended
 * well; it is named after the Java version, which must be the one that recorded it. Should the extraction fail,
 * children start from the executable jar as before. Thread-safe.
 */
final class ExtractedRuntime {

    private static final Logger log = LoggerFactory.getLogger(ExtractedRuntime.class);
    /** Tries at recording the class archive before giving up (a child that fails takes its recording with it). */
    private static final int ARCHIVE_ATTEMPTS = 3;

    private final Path bootJar;
    private final Path runtimes;
    private final Path folder;
    private final Path archive;
    private boolean extractionFailed;
    private int archiveAttempts;
    private boolean archiving;

    ExtractedRuntime(Path bootJar, Path runtimes) throws IOException {
        this.bootJar = bootJar.toAbsolutePath();
        this.runtimes = Files.createDirectories(runtimes);
        this.folder = runtimes.resolve(String.join(
                "-",
                stem(bootJar),
                Long.toString(Files.size(bootJar)),
                Long.toString(Files.getLastModifiedTime(bootJar).toMillis())));
        this.archive = folder.resolve("classes-java-" + Runtime.version() + ".jsa");
    }

    /** How a child is to be started (the flags and class path before its main class), and whether it records. */
    record Start(ExtractedRuntime runtime, List<String> jvmFlagsAndClassPath, Path recording) {

        /** After the child: a recorded archive is kept when the child ended well. */
        void ended(boolean well) {
            if (recording != null) {
                runtime.recorded(recording, well);
            }
        }
    }

    /**
     * The JVM flags and class path to start a child of {@code mainClass} with from the extracted jar (the main class
     * follows them); null when there is no extraction, so the child starts from the executable jar. A child that
     * {@code mayRecord} records the class archive when there is none yet.
     */
    synchronized Start start(String mainClass, boolean mayRecord) {
        Path jar = folder.resolve(bootJar.getFileName());
        if (!Files.isRegularFile(jar)) {
            if (extractionFailed || !extract()) {
                return null;
            }
        }
        List<String> flags = new ArrayList<>();
        Path recording = null;
        if (Files.isRegularFile(archive)) {
            flags.add("-XX:SharedArchiveFile=" + archive);
        } else if (mayRecord && !archiving && archiveAttempts < ARCHIVE_ATTEMPTS) {
            archiving = true;
            archiveAttempts++;
            recording = folder.resolve("recording-" + System.nanoTime() + ".jsa");
            flags.add("-XX:ArchiveClassesAtExit=" + recording);
        }
        // The archive's notes (classes it cannot keep) are not the analysis's concern.
        flags.add("-Xlog:cds=off,cds+dynamic=off");
        flags.add("-cp");
        flags.add(jar.toString());
        flags.add(mainClass);
        return new Start(this, flags, recording);
    }

    private synchronized void recorded(Path recording, boolean well) {
        archiving = false;
        try {
            if (well && Files.isRegularFile(recording) && Files.size(recording) > 0) {
                Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(recording);
            }
        } catch (IOException e) {
            log.warn("Could not keep the class archive {} of analysis children: {}", recording, e.toString());
        }
    }

    /** Extracts the executable jar into {@link #folder}; false (and logged) when it cannot. */
    private boolean extract() {
        Path into = null;
        try {
            into = Files.createTempDirectory(runtimes, "extracting-");
            Path output = Files.createTempFile(runtimes, "extracting-", ".log");
            Process tool = new ProcessBuilder(
                            ChildJvmAnalyzer.JAVA,
                            "-Djarmode=tools",
                            "-jar",
                            bootJar.toString(),
                            "extract",
                            "--destination",
                            into.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean done = tool.waitFor(2, TimeUnit.MINUTES);
            if (!done) {
                tool.destroyForcibly();
            }
            String said = Files.readString(output).strip();
            Files.deleteIfExists(output);
            if (!done || tool.exitValue() != 0 || !Files.isRegularFile(into.resolve(bootJar.getFileName()))) {
                throw new IOException("the extraction " + (done ? "ended with " + tool.exitValue() : "took too long")
                        + (said.isEmpty() ? "" : ": " + said.lines().findFirst().orElse("")));
            }
            try {
                Files.move(into, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                // Another server process extracted the same jar first: its copy serves as well.
                FileSystemUtils.deleteRecursively(into);
            }
            removeOtherExtractions();
            log.info("Analysis children start from {} (the server jar, extracted)", folder);
            return true;
        } catch (IOException | RuntimeException e) {
            extractionFailed = true;
            log.warn(
                    "Could not extract {} for the analysis children; they start from the jar itself: {}",
                    bootJar,
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (into != null) {
            try {
                FileSystemUtils.deleteRecursively(into);
            } catch (IOException ignored) {
                // a temporary folder left behind is removed with the next server jar's extraction
            }
        }
        return false;
    }

    /** Extractions of earlier server jars, and temporary folders of interrupted ones. */
    private void removeOtherExtractions() throws IOException {
        try (Stream<Path> entries = Files.list(runtimes)) {
            for (Path other : entries.filter(p -> !p.equals(folder)).toList()) {
                FileSystemUtils.deleteRecursively(other);
            }
        }
    }

    private static String stem(Path jar) {
        String name = jar.getFileName().toString();
        return name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
    }
}
