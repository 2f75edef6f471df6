package com.patchdesk.server.diagnoses;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/**
 * One warm analysis worker as the server sees it: the {@link AnalysisWorker} process, its working folder (where each
 * bundle is linked under its upload's name), its log (the worker's standard error) and the answers it writes. Used by
 * one job thread at a time ({@link WarmAnalyzer}); {@link #close()} kills the process and removes its folder.
 */
final class WarmWorker implements AutoCloseable {

    /** What became of one bundle; {@code why} and {@code outOfMemory} say more of a {@link Kind#BROKEN} worker. */
    record Outcome(Kind kind, String why, boolean outOfMemory) {

        enum Kind {
            /** Analysed; the reports are in the output folder. */
            DONE,
            /** The bundle as a whole cannot be read; {@code rejected.txt} in the output folder says why. */
            REJECTED,
            /** Not answered within the timeout: the worker has been killed. */
            TIMED_OUT,
            /** The worker ended (out of memory, killed) or failed on this bundle: it must not be used again. */
            BROKEN
        }

        static Outcome of(Kind kind) {
            return new Outcome(kind, null, false);
        }

        static Outcome broken(String why, boolean outOfMemory) {
            return new Outcome(Kind.BROKEN, why, outOfMemory);
        }
    }

    /** Put into the answers when the worker's output ends. */
    private static final String ENDED = "\u0000ended";

    private final Process process;
    private final Path home;
    private final Path log;
    private final Writer requests;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Clock clock;
    private final Instant started;
    private final String catalogStamp;
    private Instant lastUsed;
    private int analysed;

    private WarmWorker(Process process, Path home, Path log, Clock clock, String catalogStamp) {
        this.process = process;
        this.clock = clock;
        this.home = home;
        this.log = log;
        this.started = clock.instant();
        this.lastUsed = started;
        this.catalogStamp = catalogStamp;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "analysis-worker-" + process.pid() + "-answers");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a worker with {@code command} (the JVM, its flags, class path and main class) in a new folder
     * {@code analysis-worker-*} of {@code scratch}: that prefix is one the crash recovery sweeps, so a dead server's
     * worker folders go with its other scratch (a live worker's folder is touched with every bundle).
     */
    static WarmWorker start(List<String> command, Path scratch, String catalogStamp, Clock clock) throws IOException {
        Path home = Files.createTempDirectory(scratch, "analysis-worker-");
        Path log = home.resolve("worker.log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectError(log.toFile())
                    .start();
            return new WarmWorker(process, home, log, clock, catalogStamp);
        } catch (IOException | RuntimeException e) {
            FileSystemUtils.deleteRecursively(home);
            throw e;
        }
    }

    /**
     * Analyses {@code bundle} (linked into the worker's folder under its own file name) into {@code out}; the caller
     * closes the worker unless the outcome is {@code DONE} or {@code REJECTED}.
     */
    Outcome analyse(Path bundle, Path out, Locale locale, Duration timeout) throws IOException {
        String name = bundle.getFileName().toString();
        Path link = home.resolve(name);
        // The crash recovery's sweep leaves alone what was touched within a timeout.
        Files.setLastModifiedTime(home, FileTime.from(Instant.now()));
        Files.createSymbolicLink(link, bundle.toAbsolutePath());
        try {
            requests.write(new AnalysisWorker.Request(name, out.toAbsolutePath(), locale).line() + "\n");
            requests.flush();
            String answer = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            analysed++;
            lastUsed = clock.instant();
            if (answer == null) {
                kill();
                return Outcome.of(Outcome.Kind.TIMED_OUT);
            }
            if (answer.equals(AnalysisWorker.OK)) {
                return Outcome.of(Outcome.Kind.DONE);
            }
            if (answer.equals(AnalysisWorker.REJECTED)) {
                return Outcome.of(Outcome.Kind.REJECTED);
            }
            if (answer.equals(ENDED)) {
                process.waitFor(10, TimeUnit.SECONDS);
                String said = logTail();
                return Outcome.broken(
                        "the analysis worker ended" + exit() + (said.isEmpty() ? "" : ": " + said),
                        said.contains("OutOfMemoryError"));
            }
            return Outcome.broken(
                    "the analysis failed: "
                            + answer.substring(Math.min(answer.length(), AnalysisWorker.FAILED.length() + 1)),
                    false);
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new IOException("the analysis was interrupted", e);
        } catch (IOException e) {
            // Writing failed: the worker is gone. Its log says why, as a crashed child's would.
            String said = logTail();
            return Outcome.broken("the analysis worker stopped reading: " + said, said.contains("OutOfMemoryError"));
        } finally {
            Files.deleteIfExists(link);
        }
    }

    int analysed() {
        return analysed;
    }

    Instant started() {
        return started;
    }

    Instant lastUsed() {
        return lastUsed;
    }

    String catalogStamp() {
        return catalogStamp;
    }

    long pid() {
        return process.pid();
    }

    /** Whether it can take a bundle: alive, and its folder still there. */
    boolean usable() {
        return process.isAlive() && Files.isDirectory(home);
    }

    @Override
    public void close() {
        kill();
        FileSystemUtils.deleteRecursively(home.toFile());
    }

    private void kill() {
        // Killed first: closing the request stream flushes it, which could wait on a worker that reads nothing.
        process.destroyForcibly();
        try {
            requests.close();
        } catch (IOException alreadyGone) {
            // The process is gone either way.
        }
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readAnswers() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                answers.add(line);
            }
        } catch (IOException ended) {
            // The same as the end of the output.
        }
        answers.add(ENDED);
    }

    private String exit() {
        return process.isAlive() ? "" : " with code " + process.exitValue();
    }

    /** The end of the worker's log, where a crash's reason is. */
    private String logTail() {
        try {
            return ChildJvmAnalyzer.tail(Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "";
        }
    }
}
