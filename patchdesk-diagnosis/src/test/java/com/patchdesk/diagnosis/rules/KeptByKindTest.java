package com.patchdesk.diagnosis.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.read.SourceLine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules leave out, once per analysis, the candidate events that fail a clause's conditions that use no binding:
 * that must never leave out an event some binding would match.
 */
class KeptByKindTest {

    private static final Rule RULE = parse("""
            match:
              - {name: fail, kind: UPDATE_ATTEMPT, where: {result: failure}}
            superseded-by:
              - kind: PACKAGE_STATE
                where: {package: {matches: "(?i)^Package_for_RollupFix~"}, state: Installed}
                after: fail
              - kind: UPDATE_ATTEMPT
                where: {result: success, kb: "{fail.kb}"}
                after: fail
            """);

    @Test
    void conditionsTellWhetherTheyUseTheBinding() {
        assertThat(new Condition.Equals(Template.parse("Installed")).usesBinding())
                .isFalse();
        assertThat(new Condition.Equals(Template.parse("{fail.kb}")).usesBinding())
                .isTrue();
        assertThat(new Condition.Equals(Template.parse("KB{fail.number}")).usesBinding())
                .isTrue();
        assertThat(new Condition.SameOrNewerUpdate(Template.parse("{fail.kb}")).usesBinding())
                .isTrue();
        assertThat(new Condition.InCatalog("cumulative").usesBinding()).isFalse();
    }

    @Test
    void aClauseHasAsCandidatesTheEventsThatMeetItsConditionsThatUseNoBindingInReadingOrder() {
        Clause laterInstall = RULE.supersededBy().get(0);
        Clause sameUpdate = RULE.supersededBy().get(1);
        String rollup = "Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.5122.1.8";
        EvidenceStore store = new EvidenceStore();
        store.accept(attempt("KB5032196", "failure"));
        store.accept(state(rollup, "Staged"));
        store.accept(state("Package_for_KB5032306~31bf3856ad364e35~amd64~~17763.5020.1.2", "Installed"));
        store.accept(attempt("KB1234567", "success"));
        store.accept(state(rollup, "Installed"));
        store.accept(attempt("KB5032196", "success"));
        KeptByKind kept = new KeptByKind(store.kept());

        assertThat(kept.candidates(laterInstall).all())
                .extracting(k -> k.event().source().text())
                .containsExactly(rollup + " Installed");
        // The kb is compared with the binding's: only the binding-free result is known before a binding is.
        assertThat(kept.candidates(sameUpdate).all())
                .extracting(k -> k.event().source().text())
                .containsExactly("KB1234567 success", "KB5032196 success");
        // Every candidate a binding accepts is among them.
        Binding failed = Binding.EMPTY.with("fail", store.kept().get(0));
        assertThat(store.kept().stream().filter(k -> laterInstall.test(k, failed)))
                .containsExactlyElementsOf(kept.candidates(laterInstall).all());
        assertThat(store.kept().stream().filter(k -> sameUpdate.test(k, failed)))
                .extracting(k -> k.event().source().text())
                .containsExactly("KB5032196 success");
    }

    @Test
    void aTestOfFreeTextOrOfTheLineIsAnsweredForEachEventOfAGroup() {
        Rule rule = parse("""
                match:
                  - {name: installed, kind: PACKAGE_STATE, where: {state: Installed}}
                  - {name: detailed, kind: PACKAGE_STATE, where: {state: Installed, detail: second}}
                  - {name: said, kind: PACKAGE_STATE, where: {state: {matches: "(?i)install"}, text: {matches: "again"}}}
                """);
        String pkg = "Package_for_KB5032306~31bf3856ad364e35~amd64~~17763.5020.1.2";
        EvidenceStore store = new EvidenceStore();
        // The Installed ones are one group (kind and principal facts alike), told apart by their free text and their
        // lines; the Staged one is a group of its own.
        store.accept(stateWith(pkg, "Installed", "first", "installed"));
        store.accept(stateWith(pkg, "Staged", "second", "staged"));
        store.accept(stateWith(pkg, "Installed", "second", "installed again"));
        store.accept(stateWith(pkg, "Installed", "third", "installed once more"));
        store.accept(stateWith(pkg, "Installed", "second", "installed again, later"));
        KeptByKind kept = new KeptByKind(store.kept());

        assertThat(kept.candidates(rule.match().get(0)).all())
                .extracting(k -> k.event().source().text())
                .containsExactly("installed", "installed again", "installed once more", "installed again, later");
        assertThat(kept.candidates(rule.match().get(1)).all())
                .extracting(k -> k.event().source().text())
                .containsExactly("installed again", "installed again, later");
        assertThat(kept.candidates(rule.match().get(2)).all())
                .extracting(k -> k.event().source().text())
                .containsExactly("installed again", "installed again, later");
    }

    private Event stateWith(String pkg, String state, String detail, String text) {
        return new Event(
                EventKind.PACKAGE_STATE,
                new SourceLine("CBS.log", minute + 1, text),
                LocalDateTime.parse("2023-12-01T10:00:00").plusMinutes(minute++),
                Map.of(Fact.PACKAGE, pkg, Fact.STATE, state, Fact.DETAIL, detail));
    }

    /** Each event a minute after the one made before it. */
    private int minute;

    private Event state(String pkg, String state) {
        return new Event(
                EventKind.PACKAGE_STATE,
                new SourceLine("CBS.log", 1, pkg + " " + state),
                LocalDateTime.parse("2023-12-01T10:00:00").plusMinutes(minute++),
                Map.of(Fact.PACKAGE, pkg, Fact.STATE, state));
    }

    private Event attempt(String kb, String result) {
        return new Event(
                EventKind.UPDATE_ATTEMPT,
                new SourceLine("WindowsUpdate.log", 1, kb + " " + result),
                LocalDateTime.parse("2023-12-01T10:00:00").plusMinutes(minute++),
                Map.of(Fact.KB, kb, Fact.RESULT, result, Fact.PHASE, "install"));
    }

    private static Rule parse(String body) {
        String yaml = "id: t\ntitle: {en: t, zh-CN: t}\nseverity: error\nconfidence: low\n" + body;
        return RuleParser.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml");
    }
}
