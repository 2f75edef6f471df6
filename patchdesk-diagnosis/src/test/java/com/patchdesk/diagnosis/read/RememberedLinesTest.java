package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A line the analysis remembered is told by its bytes where a part of the file is gated, and only a line whose level,
 * source and text are those of a remembered one: the reader then gives the events analysing the line would give.
 */
class RememberedLinesTest {

    private static final String INFO = ", Info                  CBS    ";
    private static final String ERROR = ", Error                 CBS    ";

    /** A package's applicability read out of the cache, as every Windows Update scan writes it again. */
    private static String applicability(int kb) {
        return "Read out cached package applicability for package: Package_for_KB" + kb
                + "~31bf3856ad364e35~amd64~~10.0.1.2, ApplicableState: 112, CurrentState:112";
    }

    private final List<Event> events = new ArrayList<>();
    private final ServicingLogAnalysis analysis = new ServicingLogAnalysis(new LineEmitter("CBS.log", events::add));
    private long number;

    /** Analyses the line on the reader's side, as the first lines of a file are, before any part is gated. */
    private void read(String line) {
        analysis.line(line, ++number);
    }

    /** What a part's gate made of the line ({@link LineGate#prepare}), or null where it turned the line down. */
    private static Object gated(LineGate part, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        Object note = part.observe(b, 0, b.length);
        return part.admit(b, 0, b.length, note) == 0 ? null : part.prepare(line, note);
    }

    /** Reads lines of sixteen packages, so that the analysis publishes what it remembered (sixteen lines at first). */
    private LineGate partAfterSixteenPackages() {
        LineGate part = analysis.gate().part();
        for (int kb = 5000001; kb <= 5000016; kb++) {
            read("2023-11-20 10:21:31" + INFO + applicability(kb));
        }
        return part;
    }

    @Test
    void aRepeatOfARememberedLineIsToldByItsBytesAndGivesTheEventsOfAnalysingIt() {
        LineGate part = partAfterSixteenPackages();
        String repeat = "2023-11-21 08:00:05" + INFO + applicability(5000007);

        Object prepared = gated(part, repeat);

        assertThat(prepared).isInstanceOf(RememberedLines.Line.class);
        events.clear();
        analysis.line(
                repeat,
                100,
                part.observe(repeat.getBytes(StandardCharsets.US_ASCII), 0, repeat.length()),
                LineGate.ADMITTED,
                prepared);
        List<Event> told = List.copyOf(events);

        List<Event> analysed = new ArrayList<>();
        new ServicingLogAnalysis(new LineEmitter("CBS.log", analysed::add)).line(repeat, 100);
        assertThat(told).isNotEmpty().isEqualTo(analysed);
    }

    @Test
    void anErrorLineIsToldByItsBytesAsWell() {
        LineGate part = analysis.gate().part();
        for (int kb = 5000001; kb <= 5000016; kb++) {
            read("2023-11-20 10:21:31" + ERROR + "Failed to resolve package 'Package_for_KB" + kb
                    + "~31bf3856ad364e35~amd64~~17763.1.1' [HRESULT = 0x80070490 - ERROR_NOT_FOUND]");
        }
        String repeat = "2023-11-21 08:00:05" + ERROR + "Failed to resolve package 'Package_for_KB5000003"
                + "~31bf3856ad364e35~amd64~~17763.1.1' [HRESULT = 0x80070490 - ERROR_NOT_FOUND]";

        assertThat(gated(part, repeat)).isInstanceOf(RememberedLines.Line.class);
    }

    @Test
    void aLineAfterARecalledOneIsPreparedForItself() {
        LineGate part = partAfterSixteenPackages();
        gated(part, "2023-11-21 08:00:05" + INFO + applicability(5000007));

        assertThat(gated(part, "2023-11-21 08:00:05" + INFO + applicability(5000099)))
                .isInstanceOfSatisfying(
                        ServicingLine.class, l -> assertThat(l.text()).isEqualTo(applicability(5000099)));
    }

    @Test
    void aRememberedLineThatSaysNothingIsTurnedDown() {
        LineGate part = analysis.gate().part();
        // Admitted for its "Failed" (a failure word), but about no component: no event.
        for (int k = 0; k < 16; k++) {
            read("2023-11-20 10:21:31" + INFO + "Failed something harmless number " + k);
        }
        String repeat = "2023-11-21 08:00:05" + INFO + "Failed something harmless number 7";
        byte[] b = repeat.getBytes(StandardCharsets.US_ASCII);
        List<Event> analysed = new ArrayList<>();
        new ServicingLogAnalysis(new LineEmitter("CBS.log", analysed::add)).line(repeat, 1);
        assertThat(analysed).as("the line says nothing").isEmpty();

        assertThat(part.admit(b, 0, b.length, part.observe(b, 0, b.length))).isZero();
    }

    @Test
    void theGateOfTheReadersOwnThreadDoesNotRecall() {
        LineGate root = analysis.gate();
        partAfterSixteenPackages();

        assertThat(gated(root, "2023-11-21 08:00:05" + INFO + applicability(5000007)))
                .isInstanceOf(ServicingLine.class);
    }

    @Test
    void aLineOfOtherColumnsOrOtherTextIsNotToldButParsed() {
        LineGate part = partAfterSixteenPackages();

        assertThat(gated(part, "2023-11-21 08:00:05" + ERROR + applicability(5000007)))
                .as("another level")
                .isInstanceOf(ServicingLine.class);
        assertThat(gated(part, "2023-11-21 08:00:05" + INFO + applicability(5000017)))
                .as("a package not read before")
                .isInstanceOf(ServicingLine.class);
        assertThat(gated(part, "2023-11-21 08:00:05" + INFO + applicability(5000007) + " "))
                .as("a longer text")
                .isInstanceOf(ServicingLine.class);
    }

    @Test
    void aLineWhoseTimestampIsNotAsciiIsNotToldByItsBytes() {
        LineGate part = partAfterSixteenPackages();
        byte[] b = ("2023-11-21 08:00:05" + INFO + applicability(5000007)).getBytes(StandardCharsets.US_ASCII);
        // A byte that is no ASCII where a digit of the hour should be: the gate still reads a stamped line.
        b[12] = (byte) 0xB8;
        Object note = part.observe(b, 0, b.length);

        assertThat(part.admit(b, 0, b.length, note)).isNotZero();
        assertThat(part.prepare(new String(b, Charset.forName("GB18030")), note))
                .isNotInstanceOf(RememberedLines.Line.class);
    }

    @Test
    void aLineNotYetPublishedIsAnalysedByTheReaderAsBefore() {
        LineGate part = analysis.gate().part();
        read("2023-11-20 10:21:31" + INFO + applicability(5000001));

        assertThat(gated(part, "2023-11-21 08:00:05" + INFO + applicability(5000001)))
                .as("fewer lines remembered than a first table holds")
                .isInstanceOf(ServicingLine.class);
    }

    @Test
    void aLineThatOpensASessionIsNeverRemembered() {
        LineGate part = analysis.gate().part();
        String session = INFO + "Session: 30546174_90912206 initialized by client WindowsUpdateAgent.";
        for (int k = 0; k < 40; k++) {
            read("2023-11-20 10:21:31" + session);
            read("2023-11-20 10:21:31" + INFO + applicability(5000100 + k));
        }

        assertThat(gated(part, "2023-11-20 10:21:32" + session)).isInstanceOf(ServicingLine.class);
        assertThat(gated(part, "2023-11-20 10:21:32" + INFO + applicability(5000100)))
                .isInstanceOf(RememberedLines.Line.class);
    }

    @Test
    void pastItsCapacityATableStartsAgainFromTheLinesTheReaderHoldsNow() {
        RememberedLines remembered = new RememberedLines(64);
        List<RememberedLines.Line> held = new ArrayList<>();
        for (int kb = 0; kb < 200; kb++) {
            RememberedLines.Line line = new RememberedLines.Line(
                    true, "Info", "CBS", applicability(kb), new ServicingLogAnalysis.Emission[0]);
            // The reader holds the latest 32 only.
            held.add(line);
            if (held.size() > 32) {
                held.remove(0);
            }
            remembered.add(line, held);
        }

        // Tables of 32 to 64 lines: the last one started again from lines 144 to 175, which the reader held then, and
        // took on lines 176 to 191; 192 to 199 are not published yet.
        assertThat(recall(remembered, applicability(139)))
                .as("forgotten by the reader, then by the tables")
                .isNull();
        assertThat(recall(remembered, applicability(150)))
                .as("held by the reader")
                .isNotNull();
        assertThat(recall(remembered, applicability(191))).as("published since").isNotNull();
        assertThat(recall(remembered, applicability(195)))
                .as("not published yet")
                .isNull();
    }

    private static RememberedLines.Line recall(RememberedLines remembered, String text) {
        byte[] b = ("2023-11-20 10:21:31" + INFO + text).getBytes(StandardCharsets.US_ASCII);
        int textStart = 19 + INFO.length();
        return remembered.recall("Info", "CBS", b, 0, textStart, b.length);
    }
}
