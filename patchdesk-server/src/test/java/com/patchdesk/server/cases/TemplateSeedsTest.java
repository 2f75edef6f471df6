package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.patchdesk.server.problems.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateSeedsTest {

    @ParameterizedTest
    @CsvSource({
        "SCOPING, zh-CN",
        "SCOPING, en",
        "ANALYSIS_UPDATE, zh-CN",
        "ANALYSIS_UPDATE, en",
        "CLOSURE_SUMMARY, zh-CN",
        "CLOSURE_SUMMARY, en"
    })
    void everySeedPassesTheChecksAnAdminsEditMustPass(TemplateName name, String locale) {
        TemplateText seed = CaseTemplates.seed(name, locale);
        assertThatCode(() -> CaseTemplates.check("subject", seed.subject())).doesNotThrowAnyException();
        assertThatCode(() -> CaseTemplates.check("body", seed.body())).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{{case.secret}}",
                "{{#cases}}x{{/cases}}",
                "{{> header}}",
                "{{=<% %>=}}<% x %>",
                "{{#case}}{{/updates}}",
                "{{getClass}}"
            })
    void templatesThatReachForUnknownDataOrAreBrokenAreRefused(String template) {
        assertThatThrownBy(() -> CaseTemplates.check("body", template)).isInstanceOf(InvalidInputException.class);
    }
}
