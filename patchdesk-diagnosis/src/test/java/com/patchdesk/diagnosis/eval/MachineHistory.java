package com.patchdesk.diagnosis.eval;

import com.patchdesk.diagnosis.bundle.BundleScan;
import com.patchdesk.diagnosis.bundle.BundleScanner;
import com.patchdesk.diagnosis.bundle.BundleUnreadableException;
import com.patchdesk.diagnosis.bundle.ReadFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A healthy machine's servicing history (its CBS and DISM logs: weeks of routine sessions) laid before a failure, as
 * a machine writes both: the real failure an engineer is asked about comes after weeks of lines that say nothing is
 * wrong. The history's stamps are moved so that it ends {@code gap} before the failure's first time, keeping its
 * intervals ({@link ServicingStamps}); its CBS log becomes a rotated copy beside CBS.log or the head of CBS.log
 * ({@link Layout}), its DISM log the head of DISM.log.
 *
 * <p>A test instrument, not an engine feature: the engine reads what machines wrote, and this writes what a machine
 * would have written from the evaluation's real excerpts.
 */
final class MachineHistory {

    static final String CBS = "cbs-log";
    static final String DISM = "dism-log";

    /** Where the history's CBS log goes. DISM keeps one log, so its history is always the head of DISM.log. */
    enum Layout {
        /** A rotated copy beside CBS.log, named {@code CbsPersist_yyyyMMddHHmmss.log} for its last line's time. */
        PERSISTED,
        /** The head of the failure's CBS.log (a log not rotated yet). */
        PREPENDED
    }

    /** One servicing log of the history: its format ({@link #CBS}, {@link #DISM}) and where it came from. */
    record Log(String format, String origin, byte[] bytes) {}

    /** What was written: the failure's first time the history was laid before (none when it states no time). */
    record Combined(Path caseFolder, Optional<LocalDateTime> failureStart, List<String> historyFiles) {}

    private static final DateTimeFormatter PERSIST_NAME =
            DateTimeFormatter.ofPattern("'CbsPersist_'uuuuMMddHHmmss'.log'");

    private final String name;
    private final List<Log> logs;

    private MachineHistory(String name, List<Log> logs) {
        this.name = name;
        this.logs = List.copyOf(logs);
    }

    /**
     * The CBS and DISM logs of healthy cases (at most one of each format in all), recognised by the engine's readers
     * as it recognises them in any bundle.
     */
    static MachineHistory of(String name, List<Path> healthyCases) throws IOException {
        List<Log> logs = new ArrayList<>();
        for (Path healthy : healthyCases) {
            BundleFiles files = BundleFiles.of(healthy);
            Path scratch = Files.createTempDirectory("history-");
            try {
                files.writeTo(scratch);
                for (ReadFile read : scan(scratch, e -> {}).read()) {
                    if ((read.format().equals(CBS) || read.format().equals(DISM))
                            && files.files().containsKey(read.path())) {
                        byte[] bytes = files.files().get(read.path());
                        if (read.encoding().startsWith("UTF-16")) {
                            throw new IllegalArgumentException(read.path() + " of " + healthy + " is UTF-16: its stamps"
                                    + " are moved as single bytes, so a history is taken from UTF-8 logs");
                        }
                        if (ServicingStamps.last(bytes).isEmpty()) {
                            continue; // a quoted excerpt, not a log
                        }
                        if (logs.stream().anyMatch(l -> l.format().equals(read.format()))) {
                            throw new IllegalArgumentException(name + " has two " + read.format() + " histories");
                        }
                        logs.add(new Log(read.format(), healthy.getFileName() + "/" + read.path(), bytes));
                    }
                }
            } finally {
                deleteTree(scratch);
            }
        }
        if (logs.isEmpty()) {
            throw new IllegalArgumentException(name + ": no stamped CBS or DISM log in " + healthyCases);
        }
        return new MachineHistory(name, logs);
    }

    /** The layouts that differ for this history: both when it has a CBS log, else one (DISM keeps one log). */
    List<Layout> layouts() {
        return logs.stream().anyMatch(l -> l.format().equals(CBS))
                ? List.of(Layout.values())
                : List.of(Layout.PREPENDED);
    }

    String name() {
        return name;
    }

    List<Log> logs() {
        return logs;
    }

    /**
     * Writes the case {@code failureCase} into {@code out} ({@code bundle/} and its {@code expect.txt}), with this
     * history ending {@code gap} before the failure's first time: the earliest stamp of its servicing logs or of any
     * event the engine reads in it. A failure that states no time (a console's output, a pasted dialog) gets the
     * history at its own times.
     */
    Combined writeBefore(Path failureCase, Layout layout, Duration gap, Path out) throws IOException {
        BundleFiles failure = BundleFiles.of(failureCase);
        Path bundle = out.resolve("bundle");
        Files.createDirectories(bundle);
        failure.writeTo(bundle);
        Files.copy(failureCase.resolve("expect.txt"), out.resolve("expect.txt"));

        AtomicReference<LocalDateTime> firstEvent = new AtomicReference<>();
        BundleScan scan = scan(bundle, e -> {
            if (e.time() != null) {
                firstEvent.accumulateAndGet(e.time(), (a, b) -> a == null || b.isBefore(a) ? b : a);
            }
        });
        List<ServicingFile> servicing = servicingFiles(scan, failure);
        Optional<LocalDateTime> start = servicing.stream()
                .map(ServicingFile::start)
                .flatMap(Optional::stream)
                .reduce((a, b) -> a.isBefore(b) ? a : b);
        if (firstEvent.get() != null && (start.isEmpty() || firstEvent.get().isBefore(start.get()))) {
            start = Optional.of(firstEvent.get());
        }

        List<String> written = new ArrayList<>();
        for (Log log : logs) {
            byte[] bytes = log.bytes();
            if (start.isPresent()) {
                LocalDateTime end = start.get().minus(gap);
                bytes = ServicingStamps.shifted(
                        bytes, Duration.between(ServicingStamps.last(bytes).orElseThrow(), end));
            }
            Optional<ServicingFile> own = servicing.stream()
                    .filter(f -> f.format().equals(log.format()) && f.start().isPresent())
                    .min(Comparator.comparing(f -> f.start().orElseThrow()));
            String path;
            byte[] content;
            if (log.format().equals(CBS) && layout == Layout.PERSISTED) {
                String folder = own.map(f -> parent(f.path())).orElse("");
                path = folder + PERSIST_NAME.format(ServicingStamps.last(bytes).orElseThrow());
                content = bytes;
            } else if (own.isPresent()) {
                path = own.get().path();
                content = prepended(bytes, failure.files().get(path), own.get().encoding());
            } else {
                path = log.format().equals(CBS) ? "Logs/CBS/CBS.log" : "Logs/DISM/dism.log";
                content = bytes;
            }
            Path file = bundle.resolve(path);
            if (!own.map(f -> f.path().equals(path)).orElse(false) && Files.exists(file)) {
                throw new IllegalStateException(failureCase.getFileName() + " already has " + path);
            }
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            written.add(path);
        }
        return new Combined(out, start, written);
    }

    /** A stamped servicing log of the failure's bundle, read by the engine as {@code format}. */
    private record ServicingFile(String path, String format, String encoding, Optional<LocalDateTime> start) {}

    private static List<ServicingFile> servicingFiles(BundleScan scan, BundleFiles failure) {
        List<ServicingFile> files = new ArrayList<>();
        for (ReadFile read : scan.read()) {
            byte[] bytes = failure.files().get(read.path()); // null inside a nested zip or cabinet: left as it is
            if ((read.format().equals(CBS) || read.format().equals(DISM)) && bytes != null && named(read)) {
                files.add(new ServicingFile(read.path(), read.format(), read.encoding(), firstStamp(bytes, read)));
            }
        }
        return files;
    }

    /**
     * Whether the file is the log of its format by name ({@code CBS.log}, {@code cbs_5_23.log}, {@code DISM.log}):
     * Setup's setupact.log has DISM.log's layout and is read by the same reader, but Windows writes no DISM history
     * into it.
     */
    private static boolean named(ReadFile read) {
        String name = read.path().substring(read.path().lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return name.startsWith(read.format().equals(CBS) ? "cbs" : "dism");
    }

    private static Optional<LocalDateTime> firstStamp(byte[] bytes, ReadFile read) {
        if (read.encoding().startsWith("UTF-16")) {
            byte[] text = new String(bytes, Charset.forName(read.encoding())).getBytes(StandardCharsets.UTF_8);
            return ServicingStamps.first(text);
        }
        return ServicingStamps.first(bytes);
    }

    /**
     * The history, then the failure's log, as one file: the history's byte-order mark (it is the file's start), the
     * failure's dropped. A UTF-16 log gets the history in UTF-16, after its own mark.
     */
    private static byte[] prepended(byte[] history, byte[] log, String encoding) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream(history.length + log.length + 2);
        if (encoding.startsWith("UTF-16")) {
            Charset charset = Charset.forName(encoding);
            int bom = log.length >= 2 && ((log[0] & 0xFF) + (log[1] & 0xFF) == 0xFF + 0xFE) ? 2 : 0;
            joined.write(log, 0, bom);
            String text = new String(
                    history,
                    ServicingStamps.textStart(history),
                    history.length - ServicingStamps.textStart(history),
                    StandardCharsets.UTF_8);
            joined.writeBytes(withLineEnd(text).getBytes(charset));
            joined.write(log, bom, log.length - bom);
        } else {
            joined.writeBytes(history);
            if (history.length > 0 && history[history.length - 1] != '\n') {
                joined.writeBytes(lineEnd(history).getBytes(StandardCharsets.US_ASCII));
            }
            int bom = ServicingStamps.textStart(log);
            joined.write(log, bom, log.length - bom);
        }
        return joined.toByteArray();
    }

    private static String withLineEnd(String text) {
        return text.endsWith("\n") ? text : text + (text.contains("\r\n") ? "\r\n" : "\n");
    }

    private static String lineEnd(byte[] text) {
        for (int i = 1; i < text.length; i++) {
            if (text[i] == '\n') {
                return text[i - 1] == '\r' ? "\r\n" : "\n";
            }
        }
        return "\r\n";
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash + 1);
    }

    private static BundleScan scan(Path folder, com.patchdesk.diagnosis.read.EventSink sink) throws IOException {
        try {
            return BundleScanner.scan(folder, sink);
        } catch (BundleUnreadableException e) {
            throw new IOException(e);
        }
    }

    static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
