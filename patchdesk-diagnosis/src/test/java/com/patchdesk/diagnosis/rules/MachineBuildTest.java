package com.patchdesk.diagnosis.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.patchdesk.diagnosis.knowledge.OsBuild;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code {machine.build}} in templates, {@code without-restorehealth}, and {@code unless} on fix steps. */
class MachineBuildTest {

    private static final Derivation OLD_WINDOWS =
            new Derivation("without-restorehealth", List.of(Template.parse("{machine.build}")));

    @Test
    void templatesReadTheMachineBuildWhenItIsKnown() {
        Template t = Template.parse("build {machine.build|'unknown'}");
        assertThat(t.resolve(Binding.ofMachine(OsBuild.parse("7601.23505")))).contains("build 7601.23505");
        assertThat(t.resolve(Binding.ofMachine(Optional.empty()))).contains("build unknown");
        assertThat(Binding.EMPTY.lookup("machine.build")).isEmpty();
    }

    @Test
    void windowsBeforeBuild9200HasNoRestoreHealth() {
        assertThat(oldWindows("7601.23505")).contains("Windows 7 / Windows Server 2008 R2");
        assertThat(oldWindows("7600.16385")).contains("Windows 7 / Windows Server 2008 R2");
        assertThat(oldWindows("6002.18005")).contains("Windows Vista / Windows Server 2008");
        assertThat(oldWindows("9200.16384")).isEmpty();
        assertThat(oldWindows("9600.20000")).isEmpty();
        assertThat(oldWindows("17763.5020")).isEmpty();
        assertThat(OLD_WINDOWS.apply(Binding.EMPTY)).as("no build known").isEmpty();
        Binding garbage = new Binding(
                java.util.Map.of(), java.util.Map.of(), java.util.Map.of(), java.util.Map.of("build", "seven"));
        assertThat(OLD_WINDOWS.apply(garbage)).as("a build that does not parse").isEmpty();
    }

    @Test
    void aStepWithUnlessIsParsedAndABadOneIsNamedInTheError() {
        Rule rule = parse("""
                match: [{name: e, kind: ERROR_CODE}]
                derive: {old: "without-restorehealth({machine.build})"}
                remediation:
                  - {en: a, zh-CN: a, command: x, unless: "{old}"}
                """);
        assertThat(rule.remediation().get(0).unless().map(Template::source)).contains("{old}");
        assertThatThrownBy(() -> parse("""
                        match: [{name: e, kind: ERROR_CODE}]
                        remediation:
                          - {en: a, zh-CN: a, unless: "{Old Windows}"}
                        """))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining("t.yaml")
                .hasMessageContaining("remediation[0].unless")
                .hasMessageContaining("bad placeholder");
    }

    /** A misspelt placeholder would resolve to nothing, silently: the rule is refused when it is read instead. */
    @Test
    void aPlaceholderThatNamesNothingTheRuleHasIsRefused() {
        assertThatThrownBy(() -> parse("""
                        match: [{name: e, kind: ERROR_CODE}]
                        derive: {old_windows: "without-restorehealth({machine.build})"}
                        remediation:
                          - {en: a, zh-CN: a, command: x, unless: "{old_windos}"}
                        """))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining("remediation[0].unless: {old_windos} names no clause, derived value");
        assertThatThrownBy(() -> parse("""
                        match: [{name: e, kind: ERROR_CODE}]
                        facts: {code: "{f.code}"}
                        """)).hasMessageContaining("facts.code: {f.code}");
        assertThatThrownBy(() -> parse("""
                        match: [{name: e, kind: ERROR_CODE}]
                        derive: {old: "without-restorehealth({machine.bulid})"}
                        """)).hasMessageContaining("derive.old[0]: {machine.bulid}");
        // What the rule has is accepted: a clause's fact, a derived value, the machine's build and stack.
        parse("""
                match: [{name: e, kind: ERROR_CODE}]
                derive: {old: "without-restorehealth({machine.build|machine.stack})"}
                facts: {code: "{e.code}"}
                remediation:
                  - {en: "{e.code} {old|'-'}", zh-CN: a, when: "{old}"}
                """);
    }

    @Test
    void aClauseCannotBeNamedMachine() {
        assertThatThrownBy(() -> parse("match: [{name: machine, kind: ERROR_CODE}]"))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining("t.yaml")
                .hasMessageContaining("clause name 'machine' is reserved");
    }

    /** A use cannot put its own guard on a shared step that has one: it would replace that guard, not add to it. */
    @Test
    void aGuardedSharedStepTakesNoOtherGuard() {
        assertThatThrownBy(() -> parse("""
                        match: [{name: e, kind: ERROR_CODE}]
                        remediation:
                          - {use: store-repair-before-windows-8, when: "{e.code}"}
                        """))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining("store-repair-before-windows-8")
                .hasMessageContaining("has its own when/unless");
    }

    @Test
    void aSharedStepIsUsedByName() {
        Rule rule = parse("""
                match: [{name: e, kind: ERROR_CODE}]
                derive: {old_windows: "without-restorehealth({machine.build|machine.stack})"}
                remediation:
                  - {use: store-repair-before-windows-8}
                """);
        Rule.Step step = rule.remediation().get(0);
        assertThat(step.command().map(Template::source))
                .contains("findstr /c:\"(f)\" %windir%\\Logs\\CBS\\CheckSUR.log");
        assertThat(step.when().map(Template::source)).contains("{old_windows}");
        assertThatThrownBy(() -> parse("""
                        match: [{name: e, kind: ERROR_CODE}]
                        remediation: [{use: no-such-step}]
                        """))
                .hasMessageContaining("remediation")
                .hasMessageContaining("no shared set 'no-such-step'");
    }

    private static Optional<String> oldWindows(String build) {
        return OLD_WINDOWS.apply(Binding.ofMachine(OsBuild.parse(build)));
    }

    private static Rule parse(String body) {
        String yaml = "id: t\ntitle: {en: t, zh-CN: t}\nseverity: error\nconfidence: low\n" + body;
        return RuleParser.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml");
    }
}
