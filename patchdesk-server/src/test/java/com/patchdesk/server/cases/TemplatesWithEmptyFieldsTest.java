package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.DeskLocale;
import com.patchdesk.server.accounts.Organisation;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every template in every language, for a case whose optional fields are all empty (mail-in cases look like this):
 * no sentence is left with a hole such as "case X (, error ) stands", and status names are words.
 */
@DeskTest
class TemplatesWithEmptyFieldsTest {

    /** Brackets with nothing or only a separator in them, a separator before a closing bracket, a bare label. */
    private static final List<Pattern> HOLES = List.of(
            Pattern.compile("\\(\\s*\\)"),
            Pattern.compile("（\\s*）"),
            Pattern.compile("[(（]\\s*[,，、]"),
            Pattern.compile("[,，、]\\s*[)）]"),
            Pattern.compile("(?i)(error|build|错误|内部版本)\\s*[)）]"),
            Pattern.compile("(?m)^- [^\\n:：]+[:：][ \\t]*$"),
            Pattern.compile("(?m)^(Problem description|Problem definition|问题描述|问题定义)[:：]\\n\\s*\\n"),
            Pattern.compile("\\S {2,}\\S"),
            Pattern.compile("\\b(NEW|SCOPING|INVESTIGATING|WAITING_FOR_CUSTOMER|RESOLVED|CLOSED)\\b"));

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    CaseDesk desk;

    @Autowired
    CaseTemplates templates;

    @Autowired
    CaseLifecycle lifecycle;

    @Test
    void noTemplateLeavesAHoleWhereAFieldIsEmpty() {
        Organisation bank = fixtures.organisation("Empty fields bank");
        Actor engineer = fixtures.engineer();
        for (Locale caseLanguage : DeskLocale.SUPPORTED) {
            CaseRef ref = desk.open(
                    engineer,
                    new NewCase(
                            "Update fails",
                            Priority.P3,
                            bank.id(),
                            null,
                            null,
                            null,
                            null,
                            null,
                            DeskLocale.tag(caseLanguage)));
            lifecycle.transition(engineer, ref, CaseStatus.SCOPING, null, null);
            for (TemplateName name : TemplateName.values()) {
                for (Locale language : DeskLocale.SUPPORTED) {
                    RenderedText text = templates.render(ref, name, DeskLocale.tag(language), engineer);
                    String all = text.subject() + "\n" + text.body();
                    for (Pattern hole : HOLES) {
                        assertThat(hole.matcher(all).find())
                                .as(
                                        "%s %s of a %s case has %s:%n%s",
                                        name, DeskLocale.tag(language), DeskLocale.tag(caseLanguage), hole, all)
                                .isFalse();
                    }
                }
            }
        }
    }

    @Test
    void givenFieldsReadAsAPhraseInTheTemplatesLanguage() {
        CaseRef ref = fixtures.openCase(fixtures.organisation("Full fields bank"));
        Actor engineer = fixtures.engineer();
        assertThat(templates
                        .render(ref, TemplateName.ANALYSIS_UPDATE, "en", engineer)
                        .body())
                .contains("case " + ref.number().value() + " (KB5032196, error 0x800F0986) stands");
        assertThat(templates
                        .render(ref, TemplateName.ANALYSIS_UPDATE, "zh-CN", engineer)
                        .body())
                .contains("案例 " + ref.number().value() + "（KB5032196，错误 0x800F0986），目前");
        assertThat(templates.render(ref, TemplateName.SCOPING, "en", engineer).body())
                .contains("- Product / version: Windows 10 Enterprise LTSC V2020-L 1809 (build 17763)");
    }
}
