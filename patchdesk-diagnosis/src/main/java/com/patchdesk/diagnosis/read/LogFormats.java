package com.patchdesk.diagnosis.read;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Recognises a log by its first few kilobytes, never by its name: collectors name and place files
 * differently, and CbsPersist logs, DISM output saved as "result.txt" or a CBS.log renamed by a
 * customer must all be read for what they are. Each reader says whether it recognises a head
 * ({@link LogReader#recognises}); of those that do, the one of highest {@link LogReader#priority} reads the file.
 */
public final class LogFormats {

    /**
     * Every reader, highest priority first. Adding a reader: its class, an entry here, and a fixture named after the
     * situation it reads.
     */
    static final List<LogReader> READERS = Stream.<LogReader>of(
                    new CollectorFactsReader(),
                    new ReportingEventsReader(),
                    new WindowsUpdateLogReader(),
                    new DismLogReader(),
                    new CheckSurReader(),
                    new SetupDiagReader(),
                    new CmTraceLogReader(),
                    new CbsLogReader(),
                    new SetupEventsReader(),
                    new DismConsoleReader(),
                    new SfcConsoleReader(),
                    new ComponentsScannerReader(),
                    new PatchAgentOutputReader(),
                    new InstallerConsoleReader(),
                    new RegistryExportReader(),
                    new OsVersionTextReader(),
                    new PastedTextReader())
            .sorted(Comparator.comparingInt(LogReader::priority).reversed())
            .toList();

    private LogFormats() {}

    /** The reader for the text that starts with {@code head}, if any reader knows it. */
    public static Optional<LogReader> recognise(String head) {
        LogHead h = new LogHead(head);
        for (LogReader reader : READERS) {
            if (reader.recognises(h)) {
                return Optional.of(reader);
            }
        }
        return Optional.empty();
    }
}
