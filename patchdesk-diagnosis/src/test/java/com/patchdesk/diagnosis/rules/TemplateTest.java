package com.patchdesk.diagnosis.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Templates of titles and commands; a command takes no value that could make the shell run something else. */
class TemplateTest {

    private static final Template REMOVE =
            Template.parse("powershell -NoProfile -Command \"Remove-AppxPackage -Package '{app}' -AllUsers\"");

    @Test
    void aCommandTakesAValueOfPlainCharacters() {
        Binding b = Binding.EMPTY.withDerived(
                "app", "Microsoft.LanguageExperiencePackzh-CN_19041.3.8.0_neutral__8wekyb3d8bbwe");

        assertThat(REMOVE.resolveCommand(b))
                .hasValue("powershell -NoProfile -Command \"Remove-AppxPackage -Package"
                        + " 'Microsoft.LanguageExperiencePackzh-CN_19041.3.8.0_neutral__8wekyb3d8bbwe' -AllUsers\"");
    }

    /** A name a hostile log made up: the command is left out, the step's text (render) still shows it. */
    @Test
    void aCommandIsLeftOutWhenALogsValueHoldsShellCharacters() {
        for (String hostile : new String[] {
            "x'; Remove-Item C:\\ -Recurse; '", "a\" & del /q C:\\*", "a|b", "a^b", "$(calc)", "a`b", "a\r\nb"
        }) {
            Binding b = Binding.EMPTY.withDerived("app", hostile);

            assertThat(REMOVE.resolveCommand(b)).as(hostile).isEmpty();
            assertThat(REMOVE.resolve(b)).as(hostile).isPresent();
        }
    }

    /** An admin share or an environment variable is an ordinary path for cmd.exe. */
    @Test
    void aCmdCommandTakesAPathWithADollarOrAPercentSign() {
        Template t = Template.parse("DISM /Online /Enable-Feature /FeatureName:NetFx3 /Source:{source} /LimitAccess");

        assertThat(t.resolveCommand(Binding.EMPTY.withDerived("source", "\\\\fs01\\d$\\sxs")))
                .hasValue("DISM /Online /Enable-Feature /FeatureName:NetFx3 /Source:\\\\fs01\\d$\\sxs /LimitAccess");
        assertThat(t.resolveCommand(Binding.EMPTY.withDerived("source", "%windir%\\sxs")))
                .isPresent();
    }

    @Test
    void literalTextOfTheRuleMayUseThoseCharacters() {
        Template t = Template.parse("dir %windir%\\WinSxS\\{component} & echo done");

        assertThat(t.resolveCommand(Binding.EMPTY.withDerived("component", "amd64_x_31bf3856ad364e35_10.0.1.1_none_*")))
                .hasValue("dir %windir%\\WinSxS\\amd64_x_31bf3856ad364e35_10.0.1.1_none_* & echo done");
    }
}
