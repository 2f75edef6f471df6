package com.patchdesk.diagnosis.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteLinesTest {

    @Test
    void crlfAndLfLinesAndATruncatedLastLineAreAllCounted() throws IOException {
        ByteLines lines = lines("first\r\nsecond\nthird cut off mid-li".getBytes(StandardCharsets.UTF_8), 100);

        assertThat(all(lines)).containsExactly("first", "second", "third cut off mid-li");
        assertThat(lines.number()).isEqualTo(3);
    }

    @Test
    void emptyLinesCountAndAnEmptyFileHasNone() throws IOException {
        assertThat(all(lines("a\n\n\nb\n".getBytes(StandardCharsets.UTF_8), 100)))
                .containsExactly("a", "", "", "b");
        assertThat(all(lines(new byte[0], 100))).isEmpty();
    }

    @Test
    void aLineOfAMillionCharactersIsCutAndTheNextLineKeepsItsNumber() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("x".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("\nafter\n".getBytes(StandardCharsets.US_ASCII));
        ByteLines lines = lines(out.toByteArray(), 100);

        String first = lines.next();
        assertThat(first.length()).isLessThanOrEqualTo(300).isGreaterThanOrEqualTo(100);
        assertThat(lines.next()).isEqualTo("after");
        assertThat(lines.number()).isEqualTo(2);
    }

    @Test
    void eachLineIsUtf8WhenValidAndGb18030OtherwiseSoMixedFilesSurvive() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("映像版本: 10.0.17763.774\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes("可以修复组件存储。\n".getBytes(Charset.forName("GBK")));
        ByteLines lines = lines(out.toByteArray(), 100);

        assertThat(all(lines)).containsExactly("映像版本: 10.0.17763.774", "可以修复组件存储。");
        assertThat(lines.usedGb18030()).isTrue();
    }

    @Test
    void aUtf8LineCutInsideACharacterStaysUtf8() throws IOException {
        String chinese = "组件".repeat(400);
        ByteLines lines = lines((chinese + "\n").getBytes(StandardCharsets.UTF_8), 101);

        assertThat(lines.next()).startsWith("组件组件").doesNotContain("\uFFFD");
        assertThat(lines.usedGb18030()).isFalse();
    }

    @Test
    void linesSpanningTheReadBufferAreJoined() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        List<String> read = all(lines(text.toString().getBytes(StandardCharsets.US_ASCII), 100));

        assertThat(read).hasSize(20_000);
        assertThat(read.get(12_345)).isEqualTo("line 12345");
    }

    @Test
    void utf16LinesAreCutTheSameWay() throws IOException {
        CharLines lines = new CharLines(new StringReader("y".repeat(200_000) + "\r\nnext\r\n"), 100);

        assertThat(lines.next()).hasSize(100);
        assertThat(lines.next()).isEqualTo("next");
        assertThat(lines.next()).isNull();
        assertThat(lines.number()).isEqualTo(2);
    }

    @Test
    void newlinesAreFoundAtEveryOffsetOfAnEightByteWord() {
        for (int length = 0; length <= 40; length++) {
            for (int at = -1; at < length; at++) {
                byte[] bytes = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"
                        .substring(0, length)
                        .getBytes(StandardCharsets.US_ASCII);
                if (at >= 0) {
                    bytes[at] = '\n';
                }
                for (int from = 0; from <= length; from++) {
                    int expected = at >= from ? at : -1;
                    assertThat(ByteLines.indexOfNewline(bytes, from, length))
                            .as("length %d, newline %d, from %d", length, at, from)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aGateGetsEveryLineAndOnlyTheLinesItAdmitsAreDecodedWithTheirNumbersAndNotes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("keep first\r\nskip\n\nkeep after an empty line\r\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("skip " + "y".repeat(70_000) + " keep beyond the cap\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("keep " + "z".repeat(70_000) + "\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes("keep 可以修复组件存储\r\n".getBytes(Charset.forName("GB18030")));
        out.writeBytes("keep 映像版本\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("skip".repeat(20_000) + "\n").getBytes(StandardCharsets.UTF_8)); // spans the 64 KiB read buffer
        out.writeBytes("keep the last line has no newline".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = out.toByteArray();

        assertThat(gated(lines(bytes, 100))).isEqualTo(expectedGated(bytes, 100));
        assertThat(gated(lines(bytes, 100)))
                .extracting(Gated::line)
                .hasSize(6)
                .contains("keep 可以修复组件存储", "keep 映像版本", "keep the last line has no newline");
    }

    @Test
    void aBigFileIsGatedOnASecondThreadWithTheSameLinesNumbersAndNotes() throws IOException {
        byte[] bytes = bigFile();
        assertThat((long) bytes.length).isGreaterThan(ByteLines.PIPELINE_AFTER_BYTES * 3 / 2);

        ByteLines source = lines(bytes, 16_384);
        List<Gated> gated = gated(source);

        assertThat(gated).isEqualTo(expectedGated(bytes, 16_384));
        assertThat(source.number()).isEqualTo(all(lines(bytes, 16_384)).size());
        assertThat(source.usedGb18030()).isTrue();
        assertThat(source.next(new KeepGate())).isNull();
    }

    @Test
    void aReadFailureAfterTheThreadsStartedReachesTheReaderAfterTheLinesBeforeIt() throws IOException {
        byte[] bytes = bigFile();
        Failed read = readUntilFailure(bytes, new KeepGate());

        assertThat(read.failure()).hasMessage("the disk went away");
        assertThat(read.delivered()).isEqualTo(expectedGated(bytes, 16_384).size());
    }

    @Test
    void aReaderThatStopsEarlyStopsTheSecondThread() throws IOException {
        ByteLines source = lines(bigFile(), 16_384);
        KeepGate gate = new KeepGate();
        while (source.number() < 300_000) {
            assertThat(source.next(gate)).isNotNull();
        }
        source.finish();

        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("patchdesk-lines"));
    }

    @Test
    void aBigFileIsGatedInPartsOnOtherThreadsWithTheSameLinesNumbersAndNotes() throws IOException {
        byte[] bytes = blocksFile();
        assertThat((long) bytes.length).isGreaterThan(ByteLines.PIPELINE_AFTER_BYTES * 2);

        ByteLines source = lines(bytes, 16_384);
        List<Gated> gated = gatedUnderHeaders(source);

        List<Gated> expected = expectedUnderHeaders(bytes, 16_384);
        assertThat(gated).hasSameSizeAs(expected);
        assertThat(gated).isEqualTo(expected);
        // Lines under an error header at the start of a part got the header of the part before.
        assertThat(gated).filteredOn(g -> g.line().startsWith("  ")).hasSizeGreaterThan(1_000);
        assertThat(gated)
                .filteredOn(g -> g.line().startsWith("keep xxx"))
                .allMatch(g -> g.line().length() == 3 * 16_384);
        assertThat(source.number()).isEqualTo(all(lines(bytes, 16_384)).size());
        assertThat(source.usedGb18030()).isTrue();
    }

    @Test
    void bigFilesReadOneAfterTheOtherAndAtOnceEachGiveTheirOwnLinesThoughTheirPartsShareRooms() throws Exception {
        // The rooms of parts (bytes and line arrays) go back to a pool the next big file takes them from, in this
        // analysis or another at the same time: a room must carry nothing of the part that used it before. The three
        // files are read in parts: a partable gate (headers), a gate that cannot be split (every line goes through
        // the rooms' arrays), and 1.5 million short lines, whose parts' arrays are too long to keep.
        byte[] blocks = blocksFile();
        byte[] big = bigFile();
        byte[] shortLines = "keep\nx\n".repeat(750_000).getBytes(StandardCharsets.US_ASCII);
        List<Gated> blocksExpected = expectedUnderHeaders(blocks, 16_384);
        List<Gated> bigExpected = expectedGated(big, 16_384);
        List<Gated> shortExpected = expectedGated(shortLines, 16_384);

        for (int round = 0; round < 2; round++) {
            assertThat(gatedUnderHeaders(blocks)).isEqualTo(blocksExpected);
            assertThat(keptInParts(shortLines)).isEqualTo(shortExpected);
            assertThat(keptInParts(big)).isEqualTo(bigExpected);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            var blocksAtOnce = pool.submit(() -> gatedUnderHeaders(blocks));
            var bigAtOnce = pool.submit(() -> keptInParts(big));
            var shortAtOnce = pool.submit(() -> keptInParts(shortLines));
            assertThat(blocksAtOnce.get()).isEqualTo(blocksExpected);
            assertThat(bigAtOnce.get()).isEqualTo(bigExpected);
            assertThat(shortAtOnce.get()).isEqualTo(shortExpected);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Gated> gatedUnderHeaders(byte[] bytes) throws IOException {
        return gatedUnderHeaders(lines(bytes, 16_384));
    }

    private static List<Gated> gatedUnderHeaders(ByteLines source) throws IOException {
        HeaderGate gate = new HeaderGate();
        List<Gated> gated = new ArrayList<>();
        for (String line = source.next(gate); line != null; line = source.next(gate)) {
            gated.add(new Gated(line, source.number(), source.note()));
        }
        assertThat(source.inParts()).as("read in parts").isTrue();
        source.finish();
        return gated;
    }

    /** The lines with "keep" of a big file, which is read in parts (the gate turns lines down after its first MiB). */
    private static List<Gated> keptInParts(byte[] bytes) throws IOException {
        ByteLines source = lines(bytes, 16_384);
        KeepGate gate = new KeepGate();
        List<Gated> read = new ArrayList<>();
        for (String line = source.next(gate); line != null; line = source.next(gate)) {
            read.add(new Gated(line, source.number(), source.note()));
        }
        assertThat(source.inParts()).as("read in parts").isTrue();
        source.finish();
        return read;
    }

    @Test
    void aReadFailureWhileGatingInPartsReachesTheReaderAfterTheLinesBeforeIt() throws IOException {
        byte[] bytes = blocksFile();
        Failed read = readUntilFailure(bytes, new HeaderGate());

        assertThat(read.failure()).hasMessage("the disk went away");
        // The file ends with a newline, so every line was whole before the failure.
        assertThat(read.delivered())
                .isEqualTo(expectedUnderHeaders(bytes, 16_384).size());
    }

    record Failed(int delivered, IOException failure) {}

    /** Reads {@code bytes}, then a stream that fails, through {@code gate}: the lines handed out and the failure. */
    private static Failed readUntilFailure(byte[] bytes, com.patchdesk.diagnosis.read.LineGate gate) {
        InputStream failing = new java.io.SequenceInputStream(new ByteArrayInputStream(bytes), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the disk went away");
            }
        });
        ByteLines source = new ByteLines(failing, 16_384);
        int delivered = 0;
        try {
            while (source.next(gate) != null) {
                delivered++;
            }
            return new Failed(delivered, null);
        } catch (IOException e) {
            return new Failed(delivered, e);
        } finally {
            source.finish();
        }
    }

    @Test
    void aUtf16SourceShowsTheGateNothingAndHandsOutEveryLine() throws IOException {
        CharLines lines = new CharLines(new StringReader("keep\r\nskip\r\n"), 100);
        KeepGate gate = new KeepGate();

        assertThat(lines.next(gate)).isEqualTo("keep");
        assertThat(lines.next(gate)).isEqualTo("skip");
        assertThat(lines.note()).isNull();
        assertThat(gate.seen).isZero();
    }

    /** About 25 MiB: numbered lines, CRLF and LF, every 97th over the cap, a GB18030 line at the end, every 7th kept. */
    private static byte[] bigFile() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= 400_000; i++) {
            String line = (i % 7 == 0 ? "keep " : "line ")
                    + i
                    + (i % 97 == 0 ? " " + "w".repeat(20_000) + " keep" : " " + "v".repeat(40));
            out.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(i % 2 == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
        }
        out.writeBytes("keep 可以修复组件存储\n".getBytes(Charset.forName("GB18030")));
        return out.toByteArray();
    }

    /**
     * About 14 MiB of blocks: a header line ("H error N" or "H info N") and forty indented lines under it, CRLF and
     * LF; now and then a line longer than a part (1.5 MB) or longer than the cap but not than a part, both kept; a
     * GB18030 line at the end.
     */
    private static byte[] blocksFile() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int block = 1; block <= 5_000; block++) {
            String header = (block % 3 == 0 ? "H error " : "H info ") + block;
            out.writeBytes((header + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int k = 1; k <= 40; k++) {
                out.writeBytes(("  under " + block + "." + k + " " + "v".repeat(40) + (k % 2 == 0 ? "\r\n" : "\n"))
                        .getBytes(StandardCharsets.US_ASCII));
            }
            if (block % 1_250 == 0) {
                out.writeBytes(("keep " + "x".repeat(1_500_000) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            if (block % 700 == 0) {
                out.writeBytes(("keep " + "x".repeat(60_000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.writeBytes("keep 可以修复组件存储\n".getBytes(Charset.forName("GB18030")));
        return out.toByteArray();
    }

    /** What a {@link HeaderGate} must give: from reading every line in order with one gate, numbered from 1. */
    private static List<Gated> expectedUnderHeaders(byte[] bytes, int maxLineChars) throws IOException {
        List<Gated> expected = new ArrayList<>();
        HeaderGate gate = new HeaderGate();
        List<String> every = all(lines(bytes, maxLineChars));
        for (int i = 0; i < every.size(); i++) {
            byte[] line = every.get(i).getBytes(StandardCharsets.UTF_8);
            Object note = gate.observe(line, 0, line.length);
            if (gate.admits(line, 0, line.length, note)) {
                expected.add(new Gated(every.get(i), i + 1, note));
            }
        }
        return expected;
    }

    /**
     * Notes each line with the last header line ("H ...") at or before it, as a servicing log's continuation lines
     * take the columns of the last stamped line; keeps the lines with "keep" and the indented lines under an error
     * header. Splits into parts that know no header until they see one.
     */
    private static final class HeaderGate implements com.patchdesk.diagnosis.read.LineGate {
        private String header;

        @Override
        public Object observe(byte[] bytes, int start, int end) {
            if (end > start && bytes[start] == 'H') {
                header = new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
            }
            return header;
        }

        @Override
        public boolean admits(byte[] bytes, int start, int end, Object note) {
            boolean underError =
                    note instanceof String h && h.startsWith("H error") && end > start && bytes[start] == ' ';
            return underError || new KeepGate().admits(bytes, start, end, null);
        }

        @Override
        public com.patchdesk.diagnosis.read.LineGate part() {
            return new HeaderGate();
        }
    }

    /** Keeps the lines with "keep" in their bytes; notes how many lines it saw before each. */
    private static final class KeepGate implements com.patchdesk.diagnosis.read.LineGate {
        long seen;

        @Override
        public Object observe(byte[] bytes, int start, int end) {
            return seen++;
        }

        @Override
        public boolean admits(byte[] bytes, int start, int end, Object note) {
            for (int i = start; i + 4 <= end; i++) {
                if (bytes[i] == 'k' && bytes[i + 1] == 'e' && bytes[i + 2] == 'e' && bytes[i + 3] == 'p') {
                    return true;
                }
            }
            return false;
        }
    }

    record Gated(String line, long number, Object note) {}

    private static List<Gated> gated(ByteLines source) throws IOException {
        KeepGate gate = new KeepGate();
        List<Gated> read = new ArrayList<>();
        for (String line = source.next(gate); line != null; line = source.next(gate)) {
            read.add(new Gated(line, source.number(), source.note()));
        }
        source.finish();
        return read;
    }

    /** What a gate keeping the lines with "keep" must give: from reading every line, numbered from 1. */
    private static List<Gated> expectedGated(byte[] bytes, int maxLineChars) throws IOException {
        List<Gated> expected = new ArrayList<>();
        List<String> every = all(lines(bytes, maxLineChars));
        for (int i = 0; i < every.size(); i++) {
            if (every.get(i).contains("keep")) {
                expected.add(new Gated(every.get(i), i + 1, (long) i));
            }
        }
        return expected;
    }

    private static ByteLines lines(byte[] bytes, int maxLineChars) {
        return new ByteLines(new ByteArrayInputStream(bytes), maxLineChars);
    }

    private static List<String> all(com.patchdesk.diagnosis.read.LineSource lines) throws IOException {
        List<String> read = new ArrayList<>();
        for (String line = lines.next(); line != null; line = lines.next()) {
            read.add(line);
        }
        return read;
    }
}
