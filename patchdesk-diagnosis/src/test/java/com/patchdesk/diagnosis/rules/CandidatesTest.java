package com.patchdesk.diagnosis.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.read.SourceLine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * For a binding, a clause's candidates are narrowed by the values the binding gives: that must never leave out an
 * event the clause accepts, and must keep reading order (the joins take the first and the best in that order).
 */
class CandidatesTest {

    private static final Rule RULE = parse("""
            match:
              - {name: fail, kind: UPDATE_ATTEMPT, where: {result: failure}}
            superseded-by:
              # kinds of which nothing was kept, asked for first: another set of kinds must not get these indices
              - kind: [ERROR_CODE, FAILED_OPERATION]
                where: {kb: "{fail.kb}"}
              # looked up by kb
              - kind: PACKAGE_STATE
                where: {kb: "{fail.kb}", state: Installed}
                after: fail
              # two alternatives, both looked up by kb: the union, in reading order
              - any:
                  - kind: PACKAGE_STATE
                    where: {kb: "{fail.kb}", state: Staged}
                  - kind: [PACKAGE_STATE, UPDATE_ATTEMPT]
                    where: {kb: "{fail.kb}", result: success}
              # one alternative without a look-up: every candidate
              - any:
                  - kind: PACKAGE_STATE
                    where: {kb: "{fail.kb}"}
                  - kind: PACKAGE_STATE
                    where: {state: Installed, package: {matches: "RollupFix"}}
              # an equality on free text is not looked up (events of one group differ in it)
              - kind: PACKAGE_STATE
                where: {detail: "{fail.kb}"}
              # the same two kinds as above in the other order, other tests: the kinds' events are shared, not the
              # candidates
              - kind: [UPDATE_ATTEMPT, PACKAGE_STATE]
                where: {kb: "{fail.kb}", state: Installed}
            """);

    private static final List<String> KBS = List.of("KB5032196", "kb5032196", "KB5031361", "KB5005112", "KB1");
    private static final List<String> STATES = List.of("Installed", "Staged", "Install Pending", "installed");

    private int minute;

    @Test
    void clausesScreenedTogetherAheadHaveTheCandidatesEachHasWhenScreenedAlone() {
        EvidenceStore store = randomStore();
        // A rule of its own that repeats an alternative of RULE's (one screen for both) and asks for two kinds.
        Rule other = parse("""
                match:
                  - {name: fail, kind: UPDATE_ATTEMPT, where: {result: failure}}
                  - name: rollup
                    kind: PACKAGE_STATE
                    where: {state: Installed, package: {matches: "RollupFix"}}
                  - name: either
                    kind: [PACKAGE_STATE, UPDATE_ATTEMPT]
                    where: {state: {matches: "(?i)install"}, detail: {matches: "^detail"}}
                """);
        List<Clause> all = new ArrayList<>();
        for (Rule rule : List.of(RULE, other)) {
            all.addAll(rule.match());
            all.addAll(rule.supersededBy());
        }
        // Every clause given ahead, and all but the last two (asked for later, as a clause of no rule of the book).
        KeptByKind ahead = new KeptByKind(store.kept(), all);
        KeptByKind partly = new KeptByKind(store.kept(), all.subList(0, all.size() - 2));

        for (Clause clause : all) {
            List<EvidenceStore.Kept> alone =
                    new KeptByKind(store.kept()).candidates(clause).all();
            assertThat(ahead.candidates(clause).all()).as(clause.name()).containsExactlyElementsOf(alone);
            assertThat(partly.candidates(clause).all()).as(clause.name()).containsExactlyElementsOf(alone);
        }
        assertThat(ahead.candidates(other.match().get(2)).all()).hasSizeGreaterThan(100);
    }

    @Test
    void aBindingIsOfferedEveryCandidateItsClauseAcceptsInReadingOrder() {
        EvidenceStore store = randomStore();
        KeptByKind kept = new KeptByKind(store.kept());
        List<EvidenceStore.Kept> failures = kept.candidates(RULE.match().get(0)).all();
        assertThat(failures).hasSizeGreaterThan(10);
        int narrowed = 0;
        for (Clause clause : RULE.supersededBy()) {
            Candidates candidates = kept.candidates(clause);
            for (EvidenceStore.Kept failure : failures) {
                Binding binding = Binding.EMPTY.with("fail", failure);
                // What the clause accepts among all kept events, not only among the screened candidates.
                List<EvidenceStore.Kept> accepted = new ArrayList<>();
                for (EvidenceStore.Kept k : store.kept()) {
                    if (clause.test(k, binding)) {
                        accepted.add(k);
                    }
                }
                List<EvidenceStore.Kept> offered = candidates.mayMatch(clause, binding);
                assertThat(offered.stream().filter(k -> clause.test(k, binding)).toList())
                        .as(
                                "clause %s, failure of %s",
                                clause.name(), failure.event().facts().get(Fact.KB))
                        .containsExactlyElementsOf(accepted);
                assertThat(offered).isSubsetOf(candidates.all());
                if (offered.size() < candidates.all().size()) {
                    narrowed++;
                }
            }
        }
        // The second and third clauses and the last are narrowed for every binding; the first (nothing kept of its
        // kinds) and the two before the last for none.
        assertThat(narrowed).isEqualTo(3 * failures.size());
    }

    /** 3,000 events: failed and successful attempts, and package states of a few KBs in four states. */
    private EvidenceStore randomStore() {
        Random random = new Random(17763);
        EvidenceStore store = new EvidenceStore();
        for (int i = 0; i < 3_000; i++) {
            if (i % 50 == 0) {
                store.accept(attempt(KBS.get(random.nextInt(KBS.size())), "failure"));
            } else if (i % 7 == 0) {
                store.accept(attempt(KBS.get(random.nextInt(KBS.size())), "success"));
            } else {
                String kb = KBS.get(random.nextInt(KBS.size()));
                String pkg = random.nextInt(10) == 0
                        ? "Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.5122.1.8"
                        : "Package_for_" + kb + "~31bf3856ad364e35~amd64~~10.0.1.2";
                // The free text is the KB itself now and then (the last clause compares it), else something else.
                String detail = random.nextInt(3) == 0 ? kb.toUpperCase(Locale.ROOT) : "detail " + random.nextInt(3);
                store.accept(state(pkg, kb, STATES.get(random.nextInt(STATES.size())), detail));
            }
        }
        return store;
    }

    @Test
    void theKeyOfATextIsEqualForEveryTextItEqualsIgnoringCase() {
        List<String> texts = List.of(
                "KB5032196",
                "kb5032196",
                "Kb5032196",
                "ı", // dotless i: its upper case is I
                "i",
                "I",
                "İ", // dotted capital I
                "ß",
                "SS",
                "\uD801\uDC00", // Deseret capital long i and its small letter (a supplementary pair)
                "\uD801\uDC28",
                "更新",
                "\u03A9", // Greek capital omega and its small letter
                "\u03C9",
                "\u2126", // ohm sign: its lower case is omega's
                "\u212A", // Kelvin sign: its lower case is k
                "k",
                "K",
                "\u017F", // long s: its upper case is S
                "s",
                "S");
        int unlike = 0;
        for (String a : texts) {
            for (String b : texts) {
                if (a.equalsIgnoreCase(b)) {
                    assertThat(Candidates.fold(a)).as("%s and %s", a, b).isEqualTo(Candidates.fold(b));
                    unlike += a.equals(b) ? 0 : 1;
                }
            }
        }
        // Pairs of different texts that are equal ignoring case, the Kelvin sign and k among them.
        assertThat("\u212A".equalsIgnoreCase("k")).isTrue();
        assertThat(unlike).isGreaterThanOrEqualTo(30);
        assertThat(Candidates.fold("KB5032196")).isNotEqualTo(Candidates.fold("KB5031361"));
    }

    private Event state(String pkg, String kb, String state, String detail) {
        return new Event(
                EventKind.PACKAGE_STATE,
                new SourceLine("CBS.log", minute + 1, pkg + " " + state),
                LocalDateTime.parse("2023-12-01T10:00:00").plusMinutes(minute++),
                Map.of(Fact.PACKAGE, pkg, Fact.KB, kb, Fact.STATE, state, Fact.DETAIL, detail));
    }

    private Event attempt(String kb, String result) {
        return new Event(
                EventKind.UPDATE_ATTEMPT,
                new SourceLine("WindowsUpdate.log", minute + 1, kb + " " + result),
                LocalDateTime.parse("2023-12-01T10:00:00").plusMinutes(minute++),
                Map.of(Fact.KB, kb, Fact.RESULT, result, Fact.PHASE, "install"));
    }

    private static Rule parse(String body) {
        String yaml = "id: t\ntitle: {en: t, zh-CN: t}\nseverity: error\nconfidence: low\n" + body;
        return RuleParser.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml");
    }
}
