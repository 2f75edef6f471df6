package com.patchdesk.diagnosis.attempts;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.read.SourceLine;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a CBS session set out to change: the attempt's target, as the report's attempts list names it. */
class AttemptTrackerTest {

    private static final String ROLLUP = "Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.5122.1.8";
    private static final String SSU = "Package_for_ServicingStack_5020~31bf3856ad364e35~amd64~~17763.5020.1.2";
    private static final String DEFENDER = "Package_for_KB4589208~31bf3856ad364e35~amd64~~10.0.1.2";

    private int line;

    @Test
    void aSessionThatChangesTheCumulativeUpdateTargetsItsKbWhateverCameFirst() {
        Attempt attempt = oneSession(
                change(SSU, null), change(DEFENDER, "KB4589208"), change(ROLLUP, "KB5032196"), change(ROLLUP, null));

        assertThat(attempt.target()).contains("KB5032196");
    }

    @Test
    void theCumulativePackageIsTheTargetByTheFirstKbItsLinesNameElseByName() {
        String later = "Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.5206.1.7";
        assertThat(oneSession(change(DEFENDER, "KB4589208"), change(ROLLUP, null), change(later, "KB5033371"))
                        .target())
                .contains(ROLLUP);
        assertThat(oneSession(change(ROLLUP, null), change(later, "KB5033371"), change(ROLLUP, "KB5032196"))
                        .target())
                .contains("KB5032196");
    }

    @Test
    void withoutACumulativeUpdateTheTargetIsTheKbOfTheFirstPackageThatNamesOne() {
        String other = "Package_for_KB5031589~31bf3856ad364e35~amd64~~17763.4968.1.0";
        assertThat(oneSession(change(DEFENDER, "KB4589208"), change(SSU, "KB5031589"))
                        .target())
                .contains("KB4589208");
        assertThat(oneSession(change(SSU, null), change(DEFENDER, "KB4589208"), change(other, "KB5031589"))
                        .target())
                .contains("KB4589208");
        // The packages in the order first seen: the SSU's came first, and a later line of it names its KB.
        assertThat(oneSession(change(SSU, null), change(DEFENDER, "KB4589208"), change(SSU, "KB5031589"))
                        .target())
                .contains("KB5031589");
        String third = "Microsoft-Windows-Client-LanguagePack-Package~31bf3856ad364e35~amd64~zh-CN~10.0.17763.1";
        assertThat(oneSession(
                                change(third, null),
                                change(SSU, null),
                                change(DEFENDER, "KB4589208"),
                                change(SSU, "KB5031589"),
                                change(third, "KB5099999"))
                        .target())
                .contains("KB5099999");
    }

    @Test
    void theTargetIsWhatAMapOfThePackagesInTheOrderFirstSeenWouldGive() {
        // The rule as it reads: each package with the first KB its lines name, in the order first seen; the cumulative
        // update's first, else the first with a KB, else the first package. Checked on random sessions whose packages
        // name a KB on some lines only (not so in real logs, where a package's KB is in its name).
        Random random = new Random(17763);
        List<String> packages = List.of(ROLLUP, ROLLUP.replace("5122", "5206"), SSU, DEFENDER, "Package_for_KB5031589");
        for (int session = 0; session < 2_000; session++) {
            Map<String, String> firstKbs = new LinkedHashMap<>();
            List<Event> lines = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                String pkg = packages.get(random.nextInt(packages.size()));
                String kb = random.nextBoolean() ? null : "KB50" + random.nextInt(3);
                lines.add(change(pkg, kb));
                firstKbs.putIfAbsent(pkg, kb);
            }
            String rollup = firstKbs.entrySet().stream()
                    .filter(p -> p.getKey().startsWith("Package_for_RollupFix"))
                    .map(p -> p.getValue() != null ? p.getValue() : p.getKey())
                    .findFirst()
                    .orElse(null);
            String expected = rollup != null
                    ? rollup
                    : firstKbs.values().stream()
                            .filter(Objects::nonNull)
                            .findFirst()
                            .orElse(firstKbs.keySet().iterator().next());

            assertThat(oneSession(lines.toArray(Event[]::new)).target())
                    .as("session %d: %s", session, lines)
                    .contains(expected);
        }
    }

    @Test
    void packagesWithoutAKbMakeTheFirstPackageTheTarget() {
        assertThat(oneSession(change(SSU, null), change(DEFENDER, null)).target())
                .contains(SSU);
    }

    @Test
    void aSessionThatChangesNothingIsOnlyCounted() {
        AttemptTracker tracker = new AttemptTracker();
        tracker.accept(session("30", "initialized"));
        tracker.accept(state(ROLLUP, "KB5032196", Map.of(Fact.STATE, "Installed")));
        tracker.accept(session("30", "finalized"));
        tracker.accept(session("31", "initialized"));
        tracker.accept(change(SSU, null));
        tracker.accept(session("31", "finalized"));

        Attempts attempts = tracker.finish();

        assertThat(attempts.list()).extracting(Attempt::id).containsExactly("31");
        assertThat(attempts.routineSessions()).isEqualTo(1);
    }

    /** A command's round is the command's; Windows Setup's completion is Setup's round, named so. */
    @Test
    void windowsSetupIsARoundsClientOtherToolsAreCommands() {
        AttemptTracker tracker = new AttemptTracker();
        tracker.accept(event(EventKind.TOOL_RUN, Map.of(Fact.OPERATION, "/RestoreHealth", Fact.RESULT, "success")));
        tracker.accept(event(
                EventKind.TOOL_RUN,
                Map.of(Fact.OPERATION, "Windows Setup", Fact.RESULT, "success", Fact.DETAIL, "committed")));

        assertThat(tracker.finish().list()).extracting(Attempt::client).containsExactly("command", "Windows Setup");
    }

    private Attempt oneSession(Event... changes) {
        AttemptTracker tracker = new AttemptTracker();
        tracker.accept(session("30", "initialized"));
        for (Event change : changes) {
            tracker.accept(change);
        }
        tracker.accept(session("30", "finalized"));
        List<Attempt> attempts = tracker.finish().list();
        assertThat(attempts).hasSize(1);
        return attempts.get(0);
    }

    private Event session(String id, String detail) {
        return event(
                EventKind.SESSION, Map.of(Fact.SESSION, id, Fact.DETAIL, detail, Fact.CLIENT, "WindowsUpdateAgent"));
    }

    /** A package state line that moves the package towards a state: a change of the session. */
    private Event change(String pkg, String kb) {
        return state(pkg, kb, Map.of(Fact.TARGET_STATE, "Installed"));
    }

    private Event state(String pkg, String kb, Map<Fact, String> more) {
        Map<Fact, String> facts = new EnumMap<>(more);
        facts.put(Fact.PACKAGE, pkg);
        Optional.ofNullable(kb).ifPresent(k -> facts.put(Fact.KB, k));
        return event(EventKind.PACKAGE_STATE, facts);
    }

    private Event event(EventKind kind, Map<Fact, String> facts) {
        line++;
        return new Event(
                kind,
                new SourceLine("CBS.log", line, kind + " " + facts),
                LocalDateTime.parse("2023-12-01T10:00:00").plusSeconds(line),
                facts);
    }
}
