package com.patchdesk.diagnosis.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.bundle.BundleScanner;
import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.read.SourceLine;
import com.patchdesk.diagnosis.report.Finding;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvidenceStoreTest {

    @Test
    void keepsFirstAndLastOccurrencesOfARepeatedEventAndCountsTheRest() {
        EvidenceStore store = new EvidenceStore();
        for (int line = 1; line <= 1_000_000; line++) {
            store.accept(error(line, "0x80070490"));
        }

        assertThat(store.seen()).isEqualTo(1_000_000);
        int kept = store.events().size();
        assertThat(kept)
                .isBetween(
                        EvidenceStore.KEEP_FIRST + EvidenceStore.KEEP_LAST,
                        EvidenceStore.KEEP_FIRST + EvidenceStore.KEEP_LAST + 2 * EvidenceStore.MIDDLE_BUCKETS);
        assertThat(store.events().get(0).source().line()).isEqualTo(1);
        assertThat(store.events().get(store.events().size() - 1).source().line())
                .isEqualTo(1_000_000);
        assertThat(store.notKept()).isEqualTo(1_000_000 - kept);

        Finding finding = RuleBook.standard().diagnose(store).chain().get(0);
        assertThat(finding.key()).isEqualTo("error-code-known[code=0x80070490]");
        assertThat(finding.evidenceCount())
                .as("every occurrence counts as evidence")
                .isEqualTo(1_000_000);
        assertThat(finding.evidence()).hasSize(5);
    }

    /**
     * Readers give the events of a repeated line one shared facts map, which the store looks up by identity first:
     * that must still group by kind and facts. Ten events of each of three sorts: one map shared by ERROR_CODE events,
     * the same map on FAILED_OPERATION events, and equal maps of their own on ERROR_CODE events. Two groups, of 20
     * and 10; each keeps its first five, last three and two from the middle, so 10 are not kept.
     */
    @Test
    void groupsByKindAndFactsWhetherOrNotEventsShareOneFactsMap() {
        EvidenceStore store = new EvidenceStore();
        Map<Fact, String> shared = error(1, "0x80070490").facts();
        int line = 0;
        for (int i = 0; i < 10; i++) {
            store.accept(new Event(EventKind.ERROR_CODE, new SourceLine("CBS.log", ++line, "a"), null, shared));
            store.accept(new Event(EventKind.FAILED_OPERATION, new SourceLine("CBS.log", ++line, "b"), null, shared));
            store.accept(error(++line, "0x80070490"));
        }

        assertThat(store.seen()).isEqualTo(30);
        assertThat(store.notKept()).isEqualTo(10);
        assertThat(store.events())
                .filteredOn(e -> e.kind() == EventKind.FAILED_OPERATION)
                .hasSize(10);

        // A run of one kind on one shared map, as a repeated line gives, hits the identity look-up every time.
        for (int i = 0; i < 20; i++) {
            store.accept(new Event(EventKind.ERROR_CODE, new SourceLine("CBS.log", ++line, "a"), null, shared));
        }
        assertThat(store.seen()).isEqualTo(50);
        assertThat(store.notKept()).as("all 40 ERROR_CODE events in one group").isEqualTo(30);
    }

    /**
     * The store notes an event's group on its shared facts map. A map could reach two stores (analyses one after
     * another on one worker): each must still find its own group, never the other's.
     */
    @Test
    void aFactsMapSharedByTwoStoresGroupsInEachItsOwnWay() {
        EvidenceStore one = new EvidenceStore();
        EvidenceStore two = new EvidenceStore();
        Map<Fact, String> shared = error(1, "0x80070490").facts();
        int line = 0;
        for (int i = 0; i < 20; i++) {
            one.accept(new Event(EventKind.ERROR_CODE, new SourceLine("CBS.log", ++line, "a"), null, shared));
            two.accept(new Event(EventKind.ERROR_CODE, new SourceLine("CBS.log", ++line, "a"), null, shared));
            if (i % 2 == 0) {
                two.accept(error(++line, "0x80070490"));
            }
        }

        assertThat(one.groups(EventKind.ERROR_CODE))
                .singleElement()
                .satisfies(g -> assertThat(g.count()).isEqualTo(20));
        assertThat(two.groups(EventKind.ERROR_CODE))
                .singleElement()
                .satisfies(g -> assertThat(g.count()).isEqualTo(30));
    }

    /** Past the cap, the events of a shared facts map with no group are counted every time, and the others kept. */
    @Test
    void aSharedFactsMapPastTheCapIsOnlyCounted() {
        EvidenceStore store = new EvidenceStore();
        Map<Fact, String> first = error(1, "0x80000000").facts();
        store.accept(new Event(EventKind.ERROR_CODE, new SourceLine("CBS.log", 1, "e"), null, first));
        for (int i = 1; i < EvidenceStore.MAX_GROUPS; i++) {
            store.accept(error(i + 1, String.format("0x8%07X", i)));
        }
        Map<Fact, String> late = error(1, "0x80070490").facts();
        for (int i = 0; i < 10; i++) {
            store.accept(new Event(EventKind.ERROR_CODE, new SourceLine("CBS.log", 10_000 + i, "e"), null, late));
            store.accept(new Event(EventKind.ERROR_CODE, new SourceLine("CBS.log", 20_000 + i, "e"), null, first));
        }

        long keptOfFirst =
                store.events().stream().filter(e -> e.facts().equals(first)).count();
        assertThat(store.notKept())
                .as("the late ten, and the first's 11 but those kept")
                .isEqualTo(10 + 11 - keptOfFirst);
        assertThat(store.events())
                .noneMatch(e -> e.fact(Fact.CODE).orElseThrow().equals("0x80070490"));
    }

    /**
     * Past the cap, facts equal to a group's, in a map of their own (a line analysed again, not remembered), still
     * find their group, whichever of the groups made before the cap it is.
     */
    @Test
    void pastTheCapEqualFactsInANewMapStillFindTheirGroup() {
        EvidenceStore store = new EvidenceStore();
        for (int i = 0; i < EvidenceStore.MAX_GROUPS + 50; i++) {
            store.accept(error(i + 1, String.format("0x8%07X", i)));
        }
        for (int i = 0; i < EvidenceStore.MAX_GROUPS; i += 97) {
            store.accept(error(100_000 + i, String.format("0x8%07X", i)));
        }

        assertThat(store.groups(EventKind.ERROR_CODE))
                .hasSize(EvidenceStore.MAX_GROUPS)
                .filteredOn(g -> g.count() == 2)
                .hasSize((EvidenceStore.MAX_GROUPS + 96) / 97);
        assertThat(store.notKept()).as("the 50 past the cap").isEqualTo(50);
    }

    @Test
    void boundsTheNumberOfGroupsAndCountsWhatItCouldNotKeep() {
        EvidenceStore store = new EvidenceStore();
        int distinct = EvidenceStore.MAX_GROUPS + 100;
        for (int i = 0; i < distinct; i++) {
            store.accept(error(i + 1, String.format("0x8%07X", i)));
        }

        assertThat(store.events()).hasSize(EvidenceStore.MAX_GROUPS);
        assertThat(store.notKept()).isEqualTo(100);
    }

    /**
     * Windows Update retried a broken download every hour for ten days, then (after a gap of two weeks) every hour
     * for six more; the store keeps only a few of those hundreds of lines. An install failure four days after the
     * first run of retries must still be found "within 7d" of a download failure, one on day 20 must not.
     */
    @Test
    void withinFindsOccurrencesDroppedFromTheMiddleOfAGroupAndStaysExact() {
        LocalDateTime start = LocalDateTime.of(2023, 12, 1, 0, 0);
        for (int installDay : new int[] {14, 20}) {
            EvidenceStore store = new EvidenceStore();
            int line = 0;
            for (int hour = 0; hour < 30 * 24; hour++) {
                int day = hour / 24;
                if (day < 10 || day >= 24) {
                    store.accept(attempt(++line, start.plusHours(hour), "download", "0x80248007"));
                }
                if (day == installDay && hour % 24 == 0) {
                    store.accept(attempt(++line, start.plusHours(hour), "install", "0x80070490"));
                }
            }
            assertThat(store.seen())
                    .as("the group of download failures is far past the cap")
                    .isGreaterThan(300);
            assertThat(store.events().size()).isLessThan(60);

            List<String> rules = RuleFixturesTest.flatten(
                            RuleBook.standard().diagnose(store).chain())
                    .stream()
                    .map(Finding::ruleId)
                    .toList();
            if (installDay == 14) {
                assertThat(rules)
                        .as("install on day 14, downloads failed until day 10")
                        .contains("wu-incomplete-download");
            } else {
                assertThat(rules)
                        .as("install on day 20, no download failure in the 7 days before")
                        .doesNotContain("wu-incomplete-download");
            }
        }
    }

    /**
     * Download failures at random times over 40 days, asked about in 2-hour windows: a store made for a finest
     * {@code within} of 2 hours keeps an occurrence in every such window that holds one; the default store, whose 16
     * buckets are days wide, misses many.
     */
    @Test
    void aStoreMadeForTheRulesFinestWindowKeepsAnOccurrenceInEveryWindowThatHoldsOne() {
        Random random = new Random(17763);
        LocalDateTime start = LocalDateTime.of(2023, 10, 1, 0, 0);
        int span = 40 * 24 * 3600;
        List<LocalDateTime> times = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            times.add(start.plusSeconds(random.nextInt(span)));
        }
        times.sort(null);
        EvidenceStore fine = new EvidenceStore(Duration.ofHours(2));
        EvidenceStore coarse = new EvidenceStore();
        for (int i = 0; i < times.size(); i++) {
            Event e = attempt(i + 1, times.get(i), "download", "0x80248007");
            fine.accept(e);
            coarse.accept(e);
        }

        int windows = 0;
        int missedByFine = 0;
        int missedByCoarse = 0;
        for (int w = 0; w < 2_000; w++) {
            LocalDateTime from = start.plusSeconds(random.nextInt(span));
            LocalDateTime to = from.plusHours(2);
            if (times.stream().noneMatch(t -> !t.isBefore(from) && !t.isAfter(to))) {
                continue;
            }
            windows++;
            missedByFine += keptIn(fine, from, to) ? 0 : 1;
            missedByCoarse += keptIn(coarse, from, to) ? 0 : 1;
        }

        assertThat(windows).isGreaterThan(1_000);
        assertThat(missedByFine).isZero();
        assertThat(missedByCoarse)
                .as("the default store's buckets are days wide")
                .isGreaterThan(windows / 2);
        assertThat(fine.events().size())
                .isLessThan(times.size())
                .isLessThanOrEqualTo(
                        EvidenceStore.KEEP_FIRST + EvidenceStore.KEEP_LAST + 2 * EvidenceStore.MAX_FINE_BUCKETS);
    }

    @Test
    void theFinestWindowOfTheStandardRulesIsTheirNarrowestWithin() {
        assertThat(RuleBook.standard().finestWindow()).isEqualTo(Duration.ofDays(7));
    }

    private static boolean keptIn(EvidenceStore store, LocalDateTime from, LocalDateTime to) {
        return store.events().stream()
                .anyMatch(e -> !e.time().isBefore(from) && !e.time().isAfter(to));
    }

    @Test
    void middleSamplesStayWithinTheirBudget() {
        EvidenceStore store = new EvidenceStore();
        LocalDateTime start = LocalDateTime.of(2023, 1, 1, 0, 0);
        for (int i = 0; i < 200_000; i++) {
            // 50 groups, one event a minute each, spread over most of a year.
            store.accept(new Event(
                    EventKind.ERROR_CODE,
                    new SourceLine("CBS.log", i + 1, "e"),
                    start.plusMinutes(i * 2L),
                    Map.of(Fact.CODE, String.format("0x800F%04X", i % 50))));
        }
        assertThat(store.events().size())
                .isLessThanOrEqualTo(
                        50 * (EvidenceStore.KEEP_FIRST + EvidenceStore.KEEP_LAST + 2 * EvidenceStore.MIDDLE_BUCKETS));
        assertThat(store.notKept() + store.events().size()).isEqualTo(200_000);
    }

    private static Event attempt(long line, LocalDateTime time, String phase, String code) {
        return new Event(
                EventKind.UPDATE_ATTEMPT,
                new SourceLine("WindowsUpdate.log", line, phase + " " + code),
                time,
                Map.of(Fact.PHASE, phase, Fact.RESULT, "failure", Fact.CODE, code, Fact.KB, "KB5032196"));
    }

    private static Event error(long line, String code) {
        return new Event(
                EventKind.ERROR_CODE,
                new SourceLine("CBS.log", line, "Error [HRESULT = " + code + "]"),
                null,
                Map.of(Fact.CODE, code));
    }

    /**
     * CBS's applicability checks restate a parent package's state sixteen times a minute (o01 in
     * eval/real-excerpts-team: its 48 restatements of Client-Features 18362.592 as Installed in its first hours); a line
     * of another kind stating the same package's state in the same minute (composed: CBS's read of the cached state, as
     * Windows 8.1 writes it, for that package) has the same state and package. The restatements are a group of their
     * own, so that line is kept, not sampled away among them.
     */
    @Test
    void aPackagesStateToldOutsideTheApplicabilityChecksIsKeptAmongTheirRestatements() throws Exception {
        EvidenceStore store = new EvidenceStore(RuleBook.standard().finestWindow());
        BundleScanner.scan(
                Path.of(Objects.requireNonNull(getClass()
                                .getClassLoader()
                                .getResource("cbs/applicability-restatements-around-a-cached-state-read.log"))
                        .toURI()),
                store);

        List<Event> states = store.events().stream()
                .filter(e -> e.kind() == EventKind.PACKAGE_STATE)
                .toList();
        assertThat(states)
                .filteredOn(e -> !e.source().text().contains("Appl: "))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.source().line()).isEqualTo(41);
                    assertThat(e.facts()).containsEntry(Fact.STATE, "Installed");
                });
        assertThat(states).hasSizeLessThan(48);
    }
}
