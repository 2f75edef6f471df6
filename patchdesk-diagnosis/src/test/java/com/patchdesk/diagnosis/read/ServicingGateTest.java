package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.bundle.BundleScanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate must be sound: reading a servicing log through it gives exactly the events of reading every line.
 * Checked on every servicing fixture, the public corpus and a file of edge cases (continuations of turned-down
 * Error lines, unusual levels, zero and address-like hex numbers, zh-CN and GB18030 lines, no final newline).
 */
class ServicingGateTest {

    private static final Charset GB18030 = Charset.forName("GB18030");

    @Test
    void gatedReadingFindsExactlyWhatReadingEveryLineFinds() throws Exception {
        List<Path> files = servicingLogs();
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("gate-edge-cases.log", "Windows_2k.log");

        long admittedLines = 0;
        long allLines = 0;
        for (Path file : files) {
            List<byte[]> lines = byteLines(Files.readAllBytes(file));
            for (LogReader reader : List.of(new CbsLogReader(), new DismLogReader())) {
                List<Event> everyLine = new ArrayList<>();
                reader.read("x.log", new Lines(lines, false), everyLine::add);
                List<Event> gated = new ArrayList<>();
                Lines source = new Lines(lines, true);
                reader.read("x.log", source, gated::add);

                assertThat(gated).as("%s read by %s", file, reader.format()).isEqualTo(everyLine);
                admittedLines += source.admitted;
                allLines += lines.size();
            }
        }
        assertThat(admittedLines).as("the gate turns down some lines").isLessThan(allLines);
    }

    @Test
    void aBigLogScannedInPartsOnOtherThreadsGivesTheEventsOfReadingEveryLine(@TempDir Path dir) throws Exception {
        // The CBS fixtures one after the other, repeated past the size from which a file is gated in parts.
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Path> fixtures = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(Path.of("src/test/resources/cbs"))) {
            walk.filter(p -> p.toString().endsWith(".log")).sorted().forEach(fixtures::add);
        }
        while (log.size() < 6 << 20) {
            for (Path fixture : fixtures) {
                byte[] bytes = Files.readAllBytes(fixture);
                log.writeBytes(bytes);
                if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
                    log.write('\n');
                }
            }
        }
        Path file = dir.resolve("CBS.log");
        Files.write(file, log.toByteArray());

        List<Event> scanned = new ArrayList<>();
        BundleScanner.scan(file, scanned::add);
        List<Event> everyLine = new ArrayList<>();
        new CbsLogReader()
                .read(file.getFileName().toString(), new Lines(byteLines(log.toByteArray()), false), everyLine::add);

        assertThat(scanned).hasSizeGreaterThan(10_000);
        assertThat(scanned).isEqualTo(everyLine);
    }

    @Test
    void aContinuationLineAtTheStartOfAPartKeepsTheLevelOfTheLineBeforeThePart(@TempDir Path dir) throws Exception {
        // Two-line blocks: a stamped line, and a continuation naming a component. The component is a finding only
        // under an Error line, so wherever a part starts with a continuation, its level must come from the part before.
        StringBuilder log = new StringBuilder();
        for (int block = 0; log.length() < 6 << 20; block++) {
            String level = block % 3 == 0 ? "Error  " : "Info   ";
            log.append("2023-11-20 10:21:35, ")
                    .append(level)
                    .append("               CBS    Hashes differ for\r\n")
                    .append("    amd64_microsoft-windows-wkscli_31bf3856ad364e35_10.0.17763.")
                    .append(block % 5000)
                    .append("_none_0123456789abcdef\r\n");
        }
        byte[] bytes = log.toString().getBytes(StandardCharsets.US_ASCII);
        Path file = dir.resolve("CBS.log");
        Files.write(file, bytes);

        List<Event> scanned = new ArrayList<>();
        BundleScanner.scan(file, scanned::add);
        List<Event> everyLine = new ArrayList<>();
        new CbsLogReader().read("CBS.log", new Lines(byteLines(bytes), false), everyLine::add);

        assertThat(everyLine)
                .filteredOn(e -> e.kind() == EventKind.COMPONENT_REFERENCE)
                .hasSizeGreaterThan(10_000);
        assertThat(scanned).isEqualTo(everyLine);
    }

    @Test
    void gatingInPartsFindsExactlyWhatReadingEveryLineFinds() throws Exception {
        List<Path> files = servicingLogs();
        for (Path file : files) {
            List<byte[]> lines = byteLines(Files.readAllBytes(file));
            List<Event> everyLine = new ArrayList<>();
            new CbsLogReader().read("x.log", new Lines(lines, false), everyLine::add);
            // Parts of one, two, three and seven lines: a part starts at every kind of line (continuation or not).
            for (int partLines : new int[] {1, 2, 3, 7}) {
                List<Event> gated = new ArrayList<>();
                new CbsLogReader().read("x.log", new Lines(lines, partLines), gated::add);

                assertThat(gated).as("%s in parts of %d lines", file, partLines).isEqualTo(everyLine);
            }
        }
    }

    @Test
    void theEdgeCasesFileHasEventsThatDependOnTurnedDownLines() throws Exception {
        List<byte[]> lines = byteLines(Files.readAllBytes(Path.of("src/test/resources/cbs/gate-edge-cases.log")));
        List<Event> events = new ArrayList<>();
        new CbsLogReader().read("x.log", new Lines(lines, true), events::add);

        // Line 7 continues the Error line 6, which the gate lets through; line 9 continues an Info line it turns down.
        assertThat(events)
                .filteredOn(e -> e.kind() == EventKind.COMPONENT_REFERENCE)
                .extracting(e -> e.source().line())
                .contains(7L)
                .doesNotContain(9L);
        // Line 11 continues a line of level "Weird" and source "SRC" that was turned down: it keeps them.
        assertThat(events)
                .filteredOn(e -> e.source().line() == 11L)
                .allSatisfy(e -> assertThat(e.facts()).containsEntry(Fact.SOURCE, "SRC"));
        assertThat(events)
                .filteredOn(e -> e.kind() == EventKind.COMPONENT_REFERENCE)
                .extracting(e -> e.source().line())
                .contains(11L);
    }

    @Test
    void linesThatSayNothingAreTurnedDownAndTheirLikenessesAreNot() {
        assertThat(
                        admits(
                                "2023-11-20 10:21:31, Info                  CSI    00000001 Component "
                                        + "amd64_microsoft-windows-ntdll_31bf3856ad364e35_10.0.17763.1_none_0123456789abcdef status 0x00000000"))
                .isFalse();
        assertThat(
                        admits(
                                "2023-11-20 10:21:31, Info                  CSI    00000002 CSI Transaction @0x1a2b3c initialized"))
                .isFalse();
        assertThat(admits("2023-11-20 10:21:31, Info                  CBS    Appl: detect Parent, VersionComp: EQ"))
                .isFalse();
        assertThat(admits("2023-11-20 10:21:31, Info                  CBS    Perf: Resolve chain started."))
                .isFalse();

        assertThat(admits("2023-11-20 10:21:31, Info                  CSI    00000001 status 0x00000002"))
                .isTrue();
        assertThat(admits("2023-11-20 10:21:31, Info                  CBS    Image Version: 10.0.17763.774"))
                .isTrue();
        assertThat(admits("2023-11-20 10:21:31, Info                  CBS    Session: 1_2 initialized by client X"))
                .isTrue();
        assertThat(admits("2023-11-20 10:21:31, Error                 CBS    anything at all"))
                .isTrue();
        assertThat(admits("2023-11-20 10:21:31, Info                  CBS    映像版本"))
                .isTrue();
    }

    @Test
    void oneGateTellsTheTextStartOfEveryLineWhateverTheColumnsOfTheLinesBefore() {
        ServicingGate gate = new ServicingGate();
        String info = "2023-11-20 10:21:31, Info                  CBS";
        assertThat(admits(gate, info + "    Perf: Resolve chain started.")).isFalse();
        // Narrower and wider padding than the line before: "Session: " still starts the text.
        assertThat(admits(gate, info + "   Session: 1_2 initialized by client X"))
                .isTrue();
        assertThat(admits(gate, info + "     Session: 1_2 initialized by client X"))
                .isTrue();
        assertThat(admits(gate, info + "    Session: 1_2 initialized by client X"))
                .isTrue();
        assertThat(admits(gate, info + "    Perf: Session: 1_2 initialized by client X"))
                .isFalse();
        // A longer source word with the same start, and a tab instead of spaces.
        assertThat(admits(gate, info + "X    Session: 1_2 initialized by client X"))
                .isTrue();
        assertThat(admits(gate, info + "\tSession: 1_2 initialized by client X"))
                .isTrue();
        // An Error line after many Info lines, and a continuation of it.
        assertThat(admits(gate, "2023-11-20 10:21:32, Error                 CBS    anything at all"))
                .isTrue();
        assertThat(admits(gate, "   anything at all")).isTrue();
        assertThat(admits(gate, info + "    Perf: Resolve chain started.")).isFalse();
        assertThat(admits(gate, "   anything at all")).isFalse();
    }

    /**
     * The part threads parse an admitted stamped line with the columns the gate found for it, without looking for them
     * again: what they give must be what the reader's own parsing gives, on every servicing fixture and the corpus, and
     * on lines made to trip it (characters that are not ASCII in the timestamp, padding of another width, a tab,
     * columns cut short).
     */
    @Test
    void linesPreparedWithTheirColumnsAreParsedAsTheReaderParsesThem() throws Exception {
        List<byte[]> lines = new ArrayList<>();
        for (Path file : servicingLogs()) {
            lines.addAll(byteLines(Files.readAllBytes(file)));
        }
        String info = "2023-11-20 10:21:31, Info                  CBS    ";
        for (String made : List.of(
                info + "Session: 1_2 initialized by client X",
                "2023-11-20 10:21:31, Info                   CBS    wider padding",
                "2023-11-20 10:21:31, Info                  CBS\ttab",
                "2023-11-20 10:21:31, Info                  CBS    ",
                "2023-11-20 10:21:31, Info                  CBS",
                "2023-11-20 10:21:31, Info                  CBS     one more space",
                "2é23-11-20 10:21:31, Info                  CBS    not ASCII in the timestamp",
                "2023-11-20 10:21:31, Info                  CBS    映像版本 not ASCII in the text",
                "2023-11-20 10:21:31, Info                  CSI    00000001 another source")) {
            lines.add(made.getBytes(StandardCharsets.UTF_8));
        }
        ServicingGate gate = new ServicingGate();
        int prepared = 0;
        for (byte[] bytes : lines) {
            Object note = gate.observe(bytes, 0, bytes.length);
            if (note instanceof ServicingGate.Carry carry && carry.line() != null) {
                String line = Lines.decode(bytes);
                assertThat(gate.prepare(line, note)).as(line).isEqualTo(ServicingLine.parse(line, carry.line()));
                prepared += carry.parse(line) != null ? 1 : 0;
            }
        }
        assertThat(prepared).as("lines parsed with the columns the gate found").isGreaterThan(10_000);
    }

    @Test
    void linesCutShortInTheirColumnsDoNotBecomeTheLayoutOfTheLinesAfter() {
        ServicingGate gate = new ServicingGate();
        assertThat(admits(gate, "2023-11-20 10:00:01, ")).isFalse();
        assertThat(admits(gate, "2023-11-20 10:00:03, Err")).isFalse();
        assertThat(admits(gate, "2023-11-20 10:00:03, Info                  CB"))
                .isFalse();
        assertThat(admits(
                        gate, "2023-11-20 10:00:04, Info                  CBS    Session: 1_2 initialized by client X"))
                .isTrue();
        assertThat(admits(gate, "2023-11-20 10:00:05, Error                 CBS    Failed staging the thing"))
                .isTrue();
        assertThat(admits(gate, "   a continuation of it")).isTrue();
    }

    /**
     * A line quoted without its time is told apart on bytes by the gate and on text by ServicingLine: both must agree
     * on every line, where the text has characters that are not ASCII too (their bytes are more than their chars).
     */
    @Test
    void theGateAndTheLineAgreeOnWhichLinesAreFragmentsAndWhereTheirTextStarts() {
        List<String> lines = List.of(
                "Info CBS x",
                "Error CSI",
                "Error CSI ",
                "  Error\tCSI\tx",
                "Errors CBS x",
                "Error: 0x1",
                "<DateTime>, Info CBS x",
                "a, b, Info CBS x",
                "2020 Error CBS 你好",
                "2020 Error CBS你 x",
                "你, Info CBS x",
                "2020-02-06 18:53:04 Error DISM x",
                "[2020-02-06 18:53:04] Warning TI x",
                "2/6/2020 6:53:04 PM Info CBS x",
                "1 2 3 4 Info CBS x",
                "x Info CBS y",
                "Info CBSX y",
                "12345678901234567890123456789012345678901, Info CBS x",
                "2020 Info CBS",
                "2020,  Info   CBS   ",
                "2020 你",
                "",
                "   ",
                "Info",
                "Information CBS x",
                "    amd64_microsoft-windows-gdi32_31bf3856ad364e35_10.0.17763.1_none_0123456789abcdef",
                // Quoted with the source column alone: CBS and CSI only, followed by text that starts a sentence or an
                // id.
                "CBS Failed to pin deployment",
                "  CSI    0000000a (F) x",
                "CBS failed",
                "CBS",
                "CBS ",
                "DISM Failed x",
                "CBSX Failed",
                "CSI\tPayload",
                "CBS 你好");
        for (String line : lines) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            ServicingGate.Carry carry = ServicingGate.fragment(bytes, 0, bytes.length);
            ServicingLine parsed = ServicingLine.parse(line, null);
            assertThat(carry != null).as("[%s] is a fragment", line).isEqualTo(parsed.columned());
            if (carry != null) {
                assertThat(carry.level()).as("[%s] level", line).isEqualTo(parsed.level());
                assertThat(carry.source()).as("[%s] source", line).isEqualTo(parsed.source());
                String text = new String(
                        bytes, carry.textOffset(), bytes.length - carry.textOffset(), StandardCharsets.UTF_8);
                assertThat(text).as("[%s] text", line).isEqualTo(parsed.text());
            }
        }
    }

    /** Every servicing log among the test resources (CBS, DISM, the public corpus, the gate's edge cases). */
    private static List<Path> servicingLogs() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(Path.of("src/test/resources"))) {
            // Windows Update's and ReportingEvents' logs are no servicing logs, whatever folder they are in.
            walk.filter(p -> p.toString().endsWith(".log")
                            && !p.toString().toLowerCase(java.util.Locale.ROOT).contains("windowsupdate")
                            && !p.toString().toLowerCase(java.util.Locale.ROOT).contains("reporting"))
                    .sorted()
                    .forEach(files::add);
        }
        return files;
    }

    /**
     * The gate finds a word by pairs of its bytes: each word it looks for must be found whether it starts at an even or
     * an odd distance from the text's start (a gate that looks at every other pair would miss half of them), at the
     * end of the line or before more text, in stamped and continuation lines; and a non-ASCII byte admits its line
     * wherever it is, the first and the last byte included.
     */
    @Test
    void everyWordIsFoundWhereverItStandsAndANonAsciiByteAnywhereAdmitsTheLine() {
        String columns = "2023-11-20 10:21:31, Info                  CBS    ";
        String identity = " amd64_microsoft-windows-ntdll_31bf3856ad364e35_10.0.17763.1_none_0123456789abcdef";
        List<String> words = List.of(
                "pending.xml",
                "Executing command line: dism",
                "ERROR_FROM_WIN32",
                "Loaded Servicing Stack v10.0.17763.5020",
                "DELTA",
                "ERROR_DISK_FULL",
                "delta",
                "corrupt",
                "missing",
                "do not match",
                "Operation: Detect",
                "OS Build 17763.774",
                "[SR]",
                "reboot",
                "space",
                "component store",
                "State: Staged",
                "current: Installed",
                "Failed to stage",
                "failed to stage",
                "Version: 10.0.17763.1",
                "Build: 22621.1.amd64fre",
                "hr:0x80070490",
                "Status: 0X800F081F",
                "error 0xf",
                "error" + identity,
                "Cannot repair" + identity,
                "not found" + identity,
                "fail" + identity);
        for (String word : words) {
            for (String before : List.of("", "(", "x ", "xy ")) {
                for (String after : List.of("", " z", ", zz")) {
                    assertThat(admits(columns + before + word + after))
                            .as("[%s]", before + word + after)
                            .isTrue();
                    assertThat(admits("  " + before + word + after))
                            .as("continuation [%s]", before + word + after)
                            .isTrue();
                }
            }
        }
        assertThat(admits(columns + "a Session: 1_2 initialized")).isFalse();
        assertThat(admits(columns + "error with no component")).isFalse();
        // A line quoted without its time has its own columns: an Error one is admitted, an Info one for its text only.
        assertThat(admits("Error CBS anything at all")).isTrue();
        assertThat(admits("<DateTime>, Error   CSI   anything at all")).isTrue();
        assertThat(admits("Info CBS anything at all")).isFalse();
        assertThat(admits("Info CBS Session: 1_2 initialized by client X")).isTrue();
        assertThat(admits("Info CBS x Session: 1_2 initialized by client X")).isFalse();
        for (int length = 1; length <= 5; length++) {
            for (int at = 0; at < length; at++) {
                byte[] text = "abcde".substring(0, length).getBytes(StandardCharsets.US_ASCII);
                text[at] = (byte) 0xE5;
                byte[] line =
                        (columns + new String(text, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
                ServicingGate gate = new ServicingGate();
                assertThat(gate.admits(line, 0, line.length, gate.observe(line, 0, line.length)))
                        .as("0xE5 at %d of %d", at, length)
                        .isTrue();
            }
        }
    }

    private static boolean admits(ServicingGate gate, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return gate.admits(bytes, 0, bytes.length, gate.observe(bytes, 0, bytes.length));
    }

    private static boolean admits(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        ServicingGate gate = new ServicingGate();
        return gate.admits(bytes, 0, bytes.length, gate.observe(bytes, 0, bytes.length));
    }

    /** Lines split on '\n' with a '\r' before it removed, as the bundle scanner splits them. */
    private static List<byte[]> byteLines(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i == bytes.length && start == i) {
                    break;
                }
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                lines.add(Arrays.copyOfRange(bytes, start, end));
                start = i + 1;
            }
        }
        return lines;
    }

    /** A line source over byte lines that honours a gate, or that ignores it and hands out every line. */
    private static final class Lines implements LineSource {
        private final List<byte[]> lines;
        private final boolean gated;
        /** When above 0, the lines are gated as a source gating in parts does it: a part gate every so many lines. */
        private final int partLines;

        private int index;
        private Object note;
        private long found = LineGate.ADMITTED;
        private LineGate partGate;
        private Object lastNote;
        long admitted;

        Lines(List<byte[]> lines, boolean gated) {
            this.lines = lines;
            this.gated = gated;
            this.partLines = 0;
        }

        Lines(List<byte[]> lines, int partLines) {
            this.lines = lines;
            this.gated = true;
            this.partLines = partLines;
        }

        @Override
        public long found() {
            return found;
        }

        @Override
        public String next() {
            return index < lines.size() ? decode(lines.get(index++)) : null;
        }

        @Override
        public String next(LineGate gate) throws IOException {
            if (!gated) {
                return next();
            }
            while (index < lines.size()) {
                if (partLines > 0 && index % partLines == 0) {
                    partGate = gate.part();
                }
                byte[] line = lines.get(index++);
                Object lineNote =
                        partLines > 0 ? partGate.observe(line, 0, line.length) : gate.observe(line, 0, line.length);
                if (partLines > 0) {
                    // The contract of LineGate#part: no note from the part gate means the note of the line before.
                    lineNote = lineNote != null ? lineNote : lastNote;
                    lastNote = lineNote;
                }
                // What the gate found goes to the reader, as ByteLines hands it on: the analysis runs only the checks
                // of
                // the words found, which must find what all of them find.
                long lineFound = gate.admit(line, 0, line.length, lineNote);
                if (lineFound != 0) {
                    note = lineNote;
                    found = lineFound;
                    admitted++;
                    return decode(line);
                }
            }
            return null;
        }

        @Override
        public long number() {
            return index;
        }

        @Override
        public Object note() {
            return note;
        }

        private static String decode(byte[] line) {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(line))
                        .toString();
            } catch (CharacterCodingException e) {
                return new String(line, GB18030);
            }
        }
    }
}
