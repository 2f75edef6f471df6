package com.patchdesk.diagnosis.bundle;

import com.patchdesk.diagnosis.read.EventSink;
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

    enum Container { ZIP, CABINET, NONE }

    private BundleFile() {
    }

    /** Reads up to {@link #HEAD_BYTES} and rewinds; {@code in} must support mark/reset. */
    static byte[] head(BufferedInputStream in) throws IOException {
        in.mark(HEAD_BYTES + 1);
        byte[] head = in.readNBytes(HEAD_BYTES);
        in.reset();
        return head;
    }

    static Container container(byte[] head) {
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6) || (head[2] == 7 && head[3] == 8))) {
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
    static Outcome read(String path, BufferedInputStream in, ScanBudget.Metered metered, byte[] head,
                        EventSink sink, BundleLimits limits) throws IOException {
        TextEncoding encoding = TextEncoding.sniff(head, head.length);
        if (!encoding.readable()) {
            return Outcome.skipped(encoding.problem());
        }
        Optional<LogReader> reader = LogFormats.recognise(encoding.decodeHead(head, head.length));
        if (reader.isEmpty()) {
            return Outcome.skipped("no reader recognised this content");
        }
        in.skipNBytes(encoding.bomLength());
        String charsetName;
        long lines;
        switch (encoding.family()) {
            case UTF16LE, UTF16BE -> {
                var charset = encoding.family() == TextEncoding.Family.UTF16LE
                        ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
                CharLines source = new CharLines(new InputStreamReader(in, charset), limits.maxLineChars());
                reader.get().read(path, source, sink);
                charsetName = charset.name();
                lines = source.number();
            }
            default -> {
                ByteLines source = new ByteLines(in, limits.maxLineChars());
                try {
                    reader.get().read(path, source, sink);
                } finally {
                    source.finish();
                }
                charsetName = source.usedGb18030() ? "GB18030" : "UTF-8";
                lines = source.number();
            }
        }
        return Outcome.read(new ReadFile(path, reader.get().format(), charsetName, metered.bytes(), lines));
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
