package com.patchdesk.diagnosis.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.AnalysisOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real failures of {@code eval/real-excerpts-team}, each after weeks of a real healthy machine's servicing history
 * ({@link MachineHistory}): a machine's CBS.log, CbsPersist copies and DISM.log hold weeks of routine sessions before
 * the failure an engineer is asked about, and the report's first line must still name that failure. Every failure
 * case the engine gets right alone ({@link RealLogEvaluationTest#NOT_YET} are not) is combined with each history in
 * each {@link MachineHistory.Layout} and must meet its own {@code expect.txt}. {@link #KNOWN_FAILURES} names the
 * combinations not right yet, each with why: the test fails as soon as one of them passes, so the list only shrinks.
 */
@Tag("slow") // about 750 analyses of 1 to 15 MB each: under a minute, more than the fast loop's few seconds
class FailuresAfterMachineHistoryTest {

    private static final Path TEAM = Path.of("src/test/resources/eval/real-excerpts-team");

    /**
     * The history ends a day before the failure's first line: close enough that a week's window holds both. Another
     * gap for a measurement: {@code -Dpatchdesk.history.gap-days=7}.
     */
    private static final Duration GAP = Duration.ofDays(Long.getLong("patchdesk.history.gap-days", 1));

    /**
     * A folder to keep the combined cases diagnosed wrongly in, to read them ({@code -Dpatchdesk.history.keep=DIR}):
     * each with its {@code bundle/}, {@code expect.txt} and {@code combined.txt} (which case, history and layout).
     */
    private static final Path KEEP = System.getProperty("patchdesk.history.keep") == null
            ? null
            : Path.of(System.getProperty("patchdesk.history.keep"));

    /** Healthy histories, each of real logs of {@code real-excerpts-team}: name → the healthy cases it is made of. */
    private static final Map<String, List<String>> HISTORIES = histories();

    /** Combinations not right yet ({@link #id}) → why. */
    private static final Map<String, String> KNOWN_FAILURES = knownFailures();

    private static Map<String, String> knownFailures() {
        Map<String, String> known = new LinkedHashMap<>();
        String higherBuild = "the history is of a higher build (18362) than the failure's own console output (14393),"
                + " and the engine takes the highest build any line states (MachineBuild): right for one machine's"
                + " logs, whose builds only rise, so this combination is no real machine";
        for (String failure : List.of(
                "e03-ws2016-14393-wsl-feature-unknown-0x800f080c",
                "s01-win10-1607-14393-wsl-enable-feature-dism-87-param-error")) {
            known.put(failure + " after win10-cbs-and-dism, PERSISTED", higherBuild);
            known.put(failure + " after win10-cbs-and-dism, PREPENDED", higherBuild);
            known.put(failure + " after win10-dism-14-months, PREPENDED", higherBuild);
        }
        String windows7AfterWindows10 = "a Windows 7 or Vista failure after a Windows 10 or Server 2022 history: the"
                + " engine takes the highest build any line states, so it offers DISM's store repair that Windows 7's"
                + " DISM lacks instead of the System Update Readiness Tool; right for one machine's logs, whose builds"
                + " only rise, so this combination is no real machine";
        for (String failure : List.of(
                "a10-win7-ie11-stage-0x80070002",
                "u02-win7-sp1-batch-install-csi-80092004-catalog-hash-then-ok-on-retry",
                "x02-vista-6000-sfc-cbs-winsxs-folder-object-name-not-found")) {
            for (String history : List.of("win10-cbs-and-dism", "ws2022-cbs-8-days")) {
                known.put(failure + " after " + history + ", PERSISTED", windows7AfterWindows10);
                known.put(failure + " after " + history + ", PREPENDED", windows7AfterWindows10);
            }
            known.put(failure + " after win10-dism-14-months, PREPENDED", windows7AfterWindows10);
        }
        return known;
    }

    private static Map<String, List<String>> histories() {
        Map<String, List<String>> histories = new LinkedHashMap<>();
        // Windows 10 1903: 21 TrustedInstaller cycles of applicability sessions (0x800f0805 probes) in CBS.log, and six
        // weeks of Disk Cleanup's and the appraiser's DismApi sessions (ESD enumeration errors) in DISM.log.
        histories.put(
                "win10-cbs-and-dism",
                List.of(
                        "o01-win10-1903-cbs-wu-fod-applicability-healthy",
                        "w07-win10-1903-dismapi-cleanmgr-6-weeks-esd-enum-errors-healthy"));
        // Fourteen months of DismApi sessions of one Windows 10 machine.
        histories.put("win10-dism-14-months", List.of("n04-win10-1903-dismapi-14-months-healthy"));
        // Eight days of Server 2022's CBS.log: WMI and Windows Update probes, idle maintenance, no Exec, no Error.
        histories.put(
                "ws2022-cbs-8-days", List.of("q04-ws2022-20348-cbs-8days-wmi-wu-probes-kb3025096-0x800f0805-healthy"));
        return histories;
    }

    @Test
    void everyFailureKeepsItsDiagnosisAfterWeeksOfAHealthyMachinesHistory(@TempDir Path work) throws Exception {
        List<MachineHistory> histories = new ArrayList<>();
        for (Map.Entry<String, List<String>> h : HISTORIES.entrySet()) {
            histories.add(MachineHistory.of(
                    h.getKey(), h.getValue().stream().map(TEAM::resolve).toList()));
        }
        List<Path> failures = Evaluation.cases(TEAM).stream()
                .filter(dir -> !RealLogEvaluationTest.NOT_YET.containsKey(
                        dir.getFileName().toString()))
                .filter(dir -> !healthy(dir))
                .toList();

        Map<String, List<String>> wrong = new LinkedHashMap<>();
        int combined = 0;
        for (MachineHistory history : histories) {
            long started = System.nanoTime();
            for (Path failure : failures) {
                for (MachineHistory.Layout layout : history.layouts()) {
                    String id = id(failure, history, layout);
                    Path out = (KEEP == null ? work : KEEP).resolve(Integer.toString(combined++));
                    MachineHistory.Combined c = history.writeBefore(failure, layout, GAP, out);
                    Evaluation.CaseResult result = Evaluation.runCase(c.caseFolder(), AnalysisOptions.defaults());
                    if (!result.passed()) {
                        wrong.put(id, result.problems());
                    }
                    if (KEEP == null || result.passed()) {
                        MachineHistory.deleteTree(out);
                    } else {
                        Files.writeString(out.resolve("combined.txt"), id + "\n" + c + "\n");
                    }
                }
            }
            System.out.printf("History %s: %d ms%n", history.name(), (System.nanoTime() - started) / 1_000_000);
        }
        System.out.printf(
                "History check: %d of %d combined cases right (%d failure cases, %d histories)%n",
                combined - wrong.size(), combined, failures.size(), histories.size());
        wrong.forEach((id, problems) -> System.out.println("  wrong: " + id + ": " + String.join(", ", problems)));

        assertThat(new TreeSet<>(wrong.keySet()))
                .as("combined cases diagnosed wrongly: %s", wrong)
                .isEqualTo(new TreeSet<>(KNOWN_FAILURES.keySet()));
    }

    private static boolean healthy(Path dir) {
        try {
            return Expectations.read(dir.resolve("expect.txt")).healthy();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code a01-… after win10-cbs-and-dism, PERSISTED}. */
    static String id(Path failure, MachineHistory history, MachineHistory.Layout layout) {
        return failure.getFileName() + " after " + history.name() + ", " + layout;
    }
}
