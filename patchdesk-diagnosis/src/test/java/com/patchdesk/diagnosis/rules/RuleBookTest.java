package com.patchdesk.diagnosis.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.read.SourceLine;
import com.patchdesk.diagnosis.report.Finding;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleBookTest {

    @Test
    void aRuleFolderAddsRulesAndReplacesStandardRulesWithTheSameId(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("access-denied.yaml"), """
                id: access-denied
                title: {en: "Tuned: access denied on {e.file|'?'}", zh-CN: "调整后：拒绝访问"}
                severity: critical
                confidence: high
                match:
                  - {name: e, kind: ERROR_CODE, where: {code: 0x80070005}}
                facts: {code: "{e.code}"}
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("edr-block.yml"), """
                id: edr-block
                title: {en: "Security software blocked {e.file}", zh-CN: "安全软件阻止了 {e.file}"}
                severity: error
                confidence: medium
                match:
                  - name: e
                    kind: FAILED_OPERATION
                    where: {text: {matches: "(?i)edr|defender"}}
                facts: {file: "{e.file}"}
                """, StandardCharsets.UTF_8);

        RuleBook book = RuleBook.standard().withDirectory(dir);
        EvidenceStore store = new EvidenceStore();
        store.accept(event(EventKind.ERROR_CODE, 1, "hr 0x80070005", Map.of(Fact.CODE, "0x80070005")));
        store.accept(event(
                EventKind.FAILED_OPERATION,
                2,
                "Failed to open tiworker.exe: blocked by EDR",
                Map.of(Fact.FILE, "tiworker.exe", Fact.OPERATION, "open")));

        assertThat(book.ids()).contains("edr-block").containsOnlyOnce("access-denied");
        assertThat(book.diagnose(store).chain().stream().map(Finding::title).map(t -> t.en()))
                .contains("Tuned: access denied on ?", "Security software blocked tiworker.exe");
    }

    @Test
    void aBrokenRuleFileIsRejectedWithItsNameAndTheMistake(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("typo.yaml"), """
                id: typo
                title: {en: x, zh-CN: x}
                severity: fatal
                confidence: high
                match: [{name: e, kind: ERROR_CODE}]
                """);
        assertThatThrownBy(() -> RuleBook.standard().withDirectory(dir))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining("typo.yaml")
                .hasMessageContaining("severity");
    }

    @Test
    void keysWrittenAsNumbersBooleansOrNothingAreNamedWithTheFile(@TempDir Path dir) throws Exception {
        for (String key : new String[] {"1", "true", "null"}) {
            Files.writeString(dir.resolve("keys.yaml"), "id: keys\n" + key + ": x\n");
            assertThatThrownBy(() -> RuleBook.standard().withDirectory(dir))
                    .as("top-level key %s", key)
                    .isInstanceOf(RuleException.class)
                    .hasMessageContaining("keys.yaml");
        }
        Files.writeString(dir.resolve("keys.yaml"), """
                id: keys
                title: {en: x, zh-CN: x}
                severity: error
                confidence: high
                match: [{name: e, kind: ERROR_CODE, where: {1: x}}]
                """);
        assertThatThrownBy(() -> RuleBook.standard().withDirectory(dir))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining("keys.yaml")
                .hasMessageContaining("where.1");
    }

    @Test
    void unknownKindsFactsAndTestsAreNamedInTheError() {
        assertThatThrownBy(() -> parse("match: [{name: e, kind: ERROR_CODES}]")).hasMessageContaining("match[0].kind");
        assertThatThrownBy(() -> parse("match: [{name: e, kind: ERROR_CODE, where: {hresult: 1}}]"))
                .hasMessageContaining("where.hresult");
        assertThatThrownBy(() -> parse("match: [{name: e, kind: ERROR_CODE, where: {code: {like: x}}}]"))
                .hasMessageContaining("unknown test 'like'");
        assertThatThrownBy(() -> parse("match: [{name: e, kind: ERROR_CODE, within: 3d}]"))
                .hasMessageContaining("'within' needs 'after'");
        assertThatThrownBy(() -> parse("match: [{name: e, kind: ERROR_CODE}]\nderive: {x: \"guess({e.code})\"}"))
                .hasMessageContaining("unknown function guess");
    }

    @Test
    void afterAndWithinCorrelateAcrossFilesByTime() {
        Rule rule = parse("""
                match:
                  - {name: a, kind: UPDATE_ATTEMPT, where: {phase: download}}
                  - {name: b, kind: UPDATE_ATTEMPT, where: {phase: install, kb: "{a.kb}"}, after: a, within: 2d}
                facts: {kb: "{b.kb}"}
                """);
        EvidenceStore store = new EvidenceStore();
        store.accept(timed("WindowsUpdate.log", 9, "2023-12-28T10:00", "download", "KB1"));
        store.accept(timed("ReportingEvents.log", 1, "2023-12-29T10:00", "install", "KB1"));
        store.accept(timed("ReportingEvents.log", 2, "2024-01-15T10:00", "install", "KB2"));
        store.accept(timed("WindowsUpdate.log", 20, "2024-01-01T10:00", "download", "KB2"));
        store.accept(timed("WindowsUpdate.log", 1, "2023-12-01T10:00", "install", "KB3"));
        store.accept(timed("WindowsUpdate.log", 30, "2023-12-02T10:00", "download", "KB3"));

        assertThat(RuleEngine.run(java.util.List.of(rule), store).chain().stream()
                        .map(Finding::key))
                .containsExactly("t[kb=KB1]");
    }

    @Test
    void anOptionalClauseBindsTheMatchClosestToItsAnchorNotTheFirstOneRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("closest.yaml"), """
                id: closest
                title: {en: "install {i.kb}; download before {d.kb}; scan after {s.kb}; any {a.kb}", zh-CN: "t"}
                severity: error
                confidence: low
                match:
                  - {name: i, kind: UPDATE_ATTEMPT, where: {phase: install}}
                  - {name: d, optional: true, kind: UPDATE_ATTEMPT, where: {phase: download}, before: i}
                  - {name: s, optional: true, kind: UPDATE_ATTEMPT, where: {phase: scan}, after: i}
                  - {name: a, optional: true, kind: UPDATE_ATTEMPT, where: {phase: scan}}
                """, StandardCharsets.UTF_8);
        EvidenceStore store = new EvidenceStore();
        // Read out of time order on purpose: the first match read is never the right one.
        store.accept(timed("WU.log", 1, "2023-12-01T10:00:00", "download", "KB-OLD"));
        store.accept(timed("WU.log", 2, "2023-12-20T10:00:00", "scan", "KB-LATEST"));
        store.accept(timed("WU.log", 3, "2023-12-10T09:00:00", "download", "KB-CLOSEST"));
        store.accept(timed("WU.log", 4, "2023-12-10T12:00:00", "download", "KB-AFTER"));
        store.accept(timed("WU.log", 5, "2023-12-11T10:00:00", "scan", "KB-NEXT"));
        store.accept(timed("WU.log", 6, "2023-12-10T10:00:00", "install", "KB-I"));

        assertThat(RuleBook.standard().withDirectory(dir).diagnose(store).chain().stream()
                        .filter(f -> f.ruleId().equals("closest"))
                        .map(f -> f.title().en()))
                .containsExactly("install KB-I; download before KB-CLOSEST; scan after KB-NEXT; any KB-LATEST");
    }

    private static Event timed(String file, long line, String time, String phase, String kb) {
        return new Event(
                EventKind.UPDATE_ATTEMPT,
                new SourceLine(file, line, phase + " " + kb),
                LocalDateTime.parse(time),
                Map.of(Fact.PHASE, phase, Fact.KB, kb));
    }

    private static Event event(EventKind kind, long line, String text, Map<Fact, String> facts) {
        return new Event(kind, new SourceLine("CBS.log", line, text), null, facts);
    }

    /** The damaged components of a repairable store are listed from every match: evidence, not the cause's name. */
    @Test
    void factsThatListAnEachClausesMatchesAreKnownAsLists() {
        assertThat(RuleBook.standard().listFacts("component-store-repairable")).containsExactly("component", "file");
        assertThat(RuleBook.standard().listFacts("build-far-behind")).isEmpty();
        assertThat(RuleBook.standard().listFacts("no-such-rule")).isEmpty();
    }

    private static Rule parse(String body) {
        String yaml = "id: t\ntitle: {en: t, zh-CN: t}\nseverity: error\nconfidence: low\n" + body;
        return RuleParser.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml");
    }

    /**
     * A plan must not begin with a dangling "Otherwise" when the step before it is left out: an alternative step says
     * so with {@code otherwise: true} and is written as a plain instruction.
     */
    @Test
    void noStepTextStartsWithAConnectiveOfItsOwn() {
        for (Rule rule : RuleBook.standard().rules()) {
            for (Rule.Step step : rule.remediation()) {
                assertThat(step.en().source())
                        .as(rule.id() + " (en)")
                        .doesNotStartWith("Otherwise")
                        .doesNotStartWith("Or ");
                assertThat(step.zh().source())
                        .as(rule.id() + " (zh-CN)")
                        .doesNotStartWith("否则")
                        .doesNotStartWith("或");
            }
        }
    }
}
