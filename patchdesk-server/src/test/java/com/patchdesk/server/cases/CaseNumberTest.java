package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaseNumberTest {

    @Test
    void randomNumbersHaveTheDocumentedShapeAndDoNotRepeat() {
        Set<CaseNumber> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            CaseNumber number = CaseNumber.random();
            assertThat(number.value()).matches("CAS-\\d{5}-[A-Z0-9]{6}");
            seen.add(number);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void parseAcceptsOnlyTheExactShape() {
        assertThat(CaseNumber.parse(" CAS-10610-F5B0M9 ").value()).isEqualTo("CAS-10610-F5B0M9");
        assertThatThrownBy(() -> CaseNumber.parse("CAS-1061-F5B0M9")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CaseNumber.parse("cas-10610-f5b0m9")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CaseNumber.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(CaseNumber.tryParse("CAS-10610-F5B0M9;drop")).isEmpty();
    }

    @Test
    void findsTheNumberInAChineseReplySubject() {
        assertThat(CaseNumber.findIn("回复: [CAS-10610-F5B0M9] KB5032196 安装失败"))
                .contains(new CaseNumber("CAS-10610-F5B0M9"));
        assertThat(CaseNumber.findIn("RE: 关于案例CAS-10610-F5B0M9的进展")).contains(new CaseNumber("CAS-10610-F5B0M9"));
    }

    @Test
    void ignoresNumbersGluedToOtherTextOrMalformed() {
        assertThat(CaseNumber.findIn("XCAS-10610-F5B0M9")).isEmpty();
        assertThat(CaseNumber.findIn("CAS-10610-F5B0M9A")).isEmpty();
        assertThat(CaseNumber.findIn("CAS-1061-F5B0M9 KB5032196")).isEmpty();
        assertThat(CaseNumber.findIn(null)).isEmpty();
    }
}
