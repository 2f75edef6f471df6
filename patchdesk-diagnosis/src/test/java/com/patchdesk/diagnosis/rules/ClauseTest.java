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
 * The rules leave out, once per rule, the candidate events that fail a clause's conditions that use no binding: that
 * must never leave out an event some binding would match.
 */
class ClauseTest {

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
    void anEventFailingTheBindingFreeConditionsOfEveryAlternativeCannotMatchAnyBinding() {
        Clause laterInstall = RULE.supersededBy().get(0);
        Clause sameUpdate = RULE.supersededBy().get(1);

        assertThat(laterInstall.mayMatch(
                        kept(state("Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.5122.1.8", "Installed"))))
                .isTrue();
        assertThat(laterInstall.mayMatch(
                        kept(state("Package_for_KB5032306~31bf3856ad364e35~amd64~~17763.5020.1.2", "Installed"))))
                .isFalse();
        assertThat(laterInstall.mayMatch(
                        kept(state("Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.5122.1.8", "Staged"))))
                .isFalse();
        assertThat(laterInstall.mayMatch(kept(attempt("KB5032196", "success")))).isFalse();

        // The kb is compared with the binding's: only the binding-free result is known before a binding is.
        assertThat(sameUpdate.mayMatch(kept(attempt("KB5032196", "success")))).isTrue();
        assertThat(sameUpdate.mayMatch(kept(attempt("KB1234567", "success")))).isTrue();
        assertThat(sameUpdate.mayMatch(kept(attempt("KB5032196", "failure")))).isFalse();
    }

    private static Event state(String pkg, String state) {
        return new Event(
                EventKind.PACKAGE_STATE,
                new SourceLine("CBS.log", 1, pkg),
                LocalDateTime.parse("2023-12-01T10:00:00"),
                Map.of(Fact.PACKAGE, pkg, Fact.STATE, state));
    }

    private static Event attempt(String kb, String result) {
        return new Event(
                EventKind.UPDATE_ATTEMPT,
                new SourceLine("WindowsUpdate.log", 1, kb),
                LocalDateTime.parse("2023-12-01T10:00:00"),
                Map.of(Fact.KB, kb, Fact.RESULT, result, Fact.PHASE, "install"));
    }

    private static EvidenceStore.Kept kept(Event e) {
        EvidenceStore store = new EvidenceStore();
        store.accept(e);
        return store.kept().get(0);
    }

    private static Rule parse(String body) {
        String yaml = "id: t\ntitle: {en: t, zh-CN: t}\nseverity: error\nconfidence: low\n" + body;
        return RuleParser.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml");
    }
}
