package com.patchdesk.diagnosis.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a healthy machine's history is laid before a failure: the test instrument of the history check. */
class MachineHistoryTest {

    private static final Path TEAM = Path.of("src/test/resources/eval/real-excerpts-team");
    private static final Path CBS_AND_DISM_FAILURE =
            TEAM.resolve("i04-win11-22621-scanhealth-restorehealth-source-missing");
    private static final Path CONSOLE_FAILURE = TEAM.resolve("f07-wsl1-enable-zhcn-14003");

    private static MachineHistory history;
    private static BundleFiles healthy;

    @BeforeAll
    static void history() throws Exception {
        Path cbs = TEAM.resolve("o01-win10-1903-cbs-wu-fod-applicability-healthy");
        Path dism = TEAM.resolve("w07-win10-1903-dismapi-cleanmgr-6-weeks-esd-enum-errors-healthy");
        history = MachineHistory.of("win10", List.of(cbs, dism));
        healthy = BundleFiles.of(cbs);
    }

    /** Only the 19 characters of each stamp change: the mark, line ends, continuations and quoted times stay. */
    @Test
    void aStampMovesAndEveryOtherByteStays() {
        String log =
                "\uFEFF2023-11-20 10:22:33, Info                  CBS    TI: Last boot time: 2023-11-19 08:00:00.1\r\n"
                        + "2023-11-20 10:22:34, Error                 CSI    00000001 (F) Hashes do not match\r\n"
                        + "  Expected: {l:32 b:0a1b}\r\n"
                        + "2023-02-30 10:00:00, Info                  CBS    an impossible date, as the engine leaves it\n"
                        + "2023-11-21 00:00:01, Info                  CBS    失败 0x800f081f";

        byte[] moved = ServicingStamps.shifted(log.getBytes(StandardCharsets.UTF_8), Duration.ofHours(-37));

        assertThat(new String(moved, StandardCharsets.UTF_8))
                .isEqualTo("\uFEFF2023-11-18 21:22:33, Info                  CBS    TI: Last boot time: 2023-11-19"
                        + " 08:00:00.1\r\n"
                        + "2023-11-18 21:22:34, Error                 CSI    00000001 (F) Hashes do not match\r\n"
                        + "  Expected: {l:32 b:0a1b}\r\n"
                        + "2023-02-30 10:00:00, Info                  CBS    an impossible date, as the engine leaves it\n"
                        + "2023-11-19 11:00:01, Info                  CBS    失败 0x800f081f");
    }

    /**
     * Prepended, the history is the head of the failure's own CBS.log and DISM.log; it ends a day before the failure's
     * first line with its intervals kept, and the failure's lines follow byte for byte.
     */
    @Test
    void prependedTheHistoryEndsADayBeforeTheFailureInItsOwnLogs(@TempDir Path out) throws Exception {
        BundleFiles failure = BundleFiles.of(CBS_AND_DISM_FAILURE);

        MachineHistory.Combined c =
                history.writeBefore(CBS_AND_DISM_FAILURE, MachineHistory.Layout.PREPENDED, Duration.ofDays(1), out);

        byte[] ownCbs = failure.files().get("CBS.log");
        LocalDateTime failureStart = ServicingStamps.first(ownCbs).orElseThrow();
        assertThat(c.failureStart()).contains(failureStart);
        assertThat(c.historyFiles()).containsExactly("CBS.log", "dism.log");
        byte[] cbs = Files.readAllBytes(out.resolve("bundle/CBS.log"));
        byte[] historyCbs = history.logs().get(0).bytes();
        byte[] head = Arrays.copyOf(cbs, historyCbs.length);
        assertThat(ServicingStamps.last(head)).contains(failureStart.minusDays(1));
        assertThat(Duration.between(
                        ServicingStamps.first(head).orElseThrow(),
                        ServicingStamps.last(head).orElseThrow()))
                .isEqualTo(Duration.between(
                        ServicingStamps.first(historyCbs).orElseThrow(),
                        ServicingStamps.last(historyCbs).orElseThrow()));
        int bom = ServicingStamps.textStart(ownCbs);
        assertThat(Arrays.copyOfRange(cbs, historyCbs.length, cbs.length))
                .isEqualTo(Arrays.copyOfRange(ownCbs, bom, ownCbs.length));
        assertThat(Files.readString(out.resolve("expect.txt")))
                .isEqualTo(Files.readString(CBS_AND_DISM_FAILURE.resolve("expect.txt")));
    }

    /** Persisted, CBS's history is a rotated copy beside CBS.log named for its last line's time; CBS.log stays. */
    @Test
    void persistedTheHistoryIsACbsPersistCopyBesideTheUntouchedCbsLog(@TempDir Path out) throws Exception {
        BundleFiles failure = BundleFiles.of(CBS_AND_DISM_FAILURE);

        MachineHistory.Combined c =
                history.writeBefore(CBS_AND_DISM_FAILURE, MachineHistory.Layout.PERSISTED, Duration.ofDays(7), out);

        LocalDateTime end = c.failureStart().orElseThrow().minusDays(7);
        String persist = String.format(
                "CbsPersist_%04d%02d%02d%02d%02d%02d.log",
                end.getYear(),
                end.getMonthValue(),
                end.getDayOfMonth(),
                end.getHour(),
                end.getMinute(),
                end.getSecond());
        assertThat(c.historyFiles()).containsExactly(persist, "dism.log");
        assertThat(out.resolve("bundle/CBS.log"))
                .hasBinaryContent(failure.files().get("CBS.log"));
        byte[] copy = Files.readAllBytes(out.resolve("bundle").resolve(persist));
        assertThat(ServicingStamps.last(copy)).contains(end);
        assertThat(copy).hasSameSizeAs(healthy.files().get("CBS.log"));
    }

    /** A CBS.log saved as UTF-16 (a collector's PowerShell) gets the history in UTF-16 after its own mark. */
    @Test
    void aUtf16LogGetsTheHistoryInUtf16(@TempDir Path root) throws Exception {
        Path failure = root.resolve("failure");
        Files.createDirectories(failure.resolve("bundle"));
        Files.writeString(failure.resolve("expect.txt"), "0x800f081f\n");
        String own =
                "2023-11-20 10:22:33, Info                  CBS    Session: 1_2 initialized by client WindowsUpdateAgent\r\n"
                        + "2023-11-20 10:22:40, Error                 CBS    Failed to resolve package"
                        + " [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]\r\n";
        Files.writeString(failure.resolve("bundle/CBS.log"), "\uFEFF" + own, StandardCharsets.UTF_16LE);

        history.writeBefore(failure, MachineHistory.Layout.PREPENDED, Duration.ofDays(1), root.resolve("out"));

        String cbs = Files.readString(root.resolve("out/bundle/CBS.log"), StandardCharsets.UTF_16LE);
        assertThat(cbs).startsWith("\uFEFF2023-11-17 ").endsWith(own);
        String head = cbs.substring(1, cbs.length() - own.length());
        byte[] historyCbs = history.logs().get(0).bytes();
        assertThat(ServicingStamps.last(head.getBytes(StandardCharsets.UTF_8)))
                .contains(LocalDateTime.of(2023, 11, 19, 10, 22, 33));
        assertThat(head.getBytes(StandardCharsets.UTF_8))
                .hasSameSizeAs(
                        Arrays.copyOfRange(historyCbs, ServicingStamps.textStart(historyCbs), historyCbs.length));
    }

    /** A failure that states no time (a console's output) gets the history at its own times, in logs of their own. */
    @Test
    void aFailureWithoutTimeGetsTheHistoryAsItWasWritten(@TempDir Path out) throws Exception {
        MachineHistory.Combined c =
                history.writeBefore(CONSOLE_FAILURE, MachineHistory.Layout.PREPENDED, Duration.ofDays(1), out);

        assertThat(c.failureStart()).isEmpty();
        assertThat(c.historyFiles()).containsExactly("Logs/CBS/CBS.log", "Logs/DISM/dism.log");
        assertThat(out.resolve("bundle/Logs/CBS/CBS.log"))
                .hasBinaryContent(healthy.files().get("CBS.log"));
        assertThat(out.resolve("bundle/console.txt"))
                .hasBinaryContent(BundleFiles.of(CONSOLE_FAILURE).files().get("console.txt"));
    }
}
