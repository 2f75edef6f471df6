package com.patchdesk.diagnosis.bundle;

import com.patchdesk.diagnosis.read.EventSink;
import com.patchdesk.diagnosis.read.LineSource;
import com.patchdesk.diagnosis.read.LogFormats;
import com.patchdesk.diagnosis.read.LogReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** One file of a bundle: what its first bytes say it is, and reading it with the matching reader. */
final class BundleFile {

    /** How much of a file is sniffed to decide its encoding and format. */
    static final int HEAD_BYTES = 16 * 1024;

    enum Container {
        ZIP,
        CABINET,
        NONE
    }

    private BundleFile() {}

    /** Reads up to {@link #HEAD_BYTES} and rewinds; {@code in} must support mark/reset. */
    static byte[] head(BufferedInputStream in) throws IOException {
        in.mark(HEAD_BYTES + 1);
        byte[] head = in.readNBytes(HEAD_BYTES);
        in.reset();
        return head;
    }

    static Container container(byte[] head) {
        if (head.length >= 4
                && head[0] == 'P'
                && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4)
                        || (head[2] == 5 && head[3] == 6)
                        || (head[2] == 7 && head[3] == 8))) {
            return Container.ZIP;
        }
        if (head.length >= 4 && head[0] == 'M' && head[1] == 'S' && head[2] == 'C' && head[3] == 'F') {
            return Container.CABINET;
        }
        return Container.NONE;
    }

    /**
     * Reads a text file with the reader its content calls for. Returns the skip reason when no reader
     * applies; a failure while reading propagates with the events read so far already in the sink.
     */
    static Outcome read(
            String path,
            BufferedInputStream in,
            ScanBudget.Metered metered,
            byte[] head,
            EventSink sink,
            BundleLimits limits)
            throws IOException {
        TextEncoding encoding = TextEncoding.sniff(head, head.length);
        if (!encoding.readable()) {
            // A binary file sent for a log (an .evtx) says what to send instead.
            return Outcome.skipped(
                    standIn(new String(head, StandardCharsets.ISO_8859_1)).orElse(encoding.problem()));
        }
        String text = encoding.decodeHead(head, head.length);
        Optional<LogReader> reader = LogFormats.recognise(text);
        if (reader.isEmpty()) {
            // An empty file (a collector that could not copy a log leaves one) says so: "not recognised" would
            // send the engineer looking for a format problem; so does a file that stands in for a log.
            return Outcome.skipped(
                    text.isBlank() ? "empty or blank file" : standIn(text).orElse("no reader recognised this content"));
        }
        LineSource source = lines(encoding, in, limits);
        try {
            reader.get().read(path, source, sink);
        } finally {
            if (source instanceof ByteLines bytes) {
                // Stops the read-ahead thread of a big file, also when the reader failed half-way.
                bytes.finish();
            }
        }
        String charsetName = source instanceof ByteLines bytes
                ? (bytes.usedGb18030() ? "GB18030" : "UTF-8")
                : encoding.family() == TextEncoding.Family.UTF16LE ? "UTF-16LE" : "UTF-16BE";
        long lines = source.number();
        return Outcome.read(
                new ReadFile(path, reader.get().format(), charsetName, metered.bytes(), lines, source.cutLines()));
    }

    /**
     * The lines of a text file exactly as the scan splits and decodes them, so that line numbers agree with the
     * evidence; empty when its encoding is not one the scan reads.
     */
    static Optional<LineSource> lines(BufferedInputStream in, byte[] head, BundleLimits limits) throws IOException {
        TextEncoding encoding = TextEncoding.sniff(head, head.length);
        return encoding.readable() ? Optional.of(lines(encoding, in, limits)) : Optional.empty();
    }

    private static LineSource lines(TextEncoding encoding, BufferedInputStream in, BundleLimits limits)
            throws IOException {
        in.skipNBytes(encoding.bomLength());
        return switch (encoding.family()) {
            case UTF16LE -> new CharLines(new InputStreamReader(in, StandardCharsets.UTF_16LE), limits.maxLineChars());
            case UTF16BE -> new CharLines(new InputStreamReader(in, StandardCharsets.UTF_16BE), limits.maxLineChars());
            default -> new ByteLines(in, limits.maxLineChars());
        };
    }

    /** Why a file sent in place of a log was not read, and what to send instead ({@link StandInFiles}). */
    private static Optional<String> standIn(String head) {
        return StandInFiles.standard().reasonFor(head);
    }

    /** Either the file was read, or why not. */
    record Outcome(ReadFile read, String skipReason) {
        static Outcome read(ReadFile file) {
            return new Outcome(file, null);
        }

        static Outcome skipped(String reason) {
            return new Outcome(null, reason);
        }
    }
}
