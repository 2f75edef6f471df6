package com.patchdesk.server.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrackingTokenTest {

    @Test
    void aNewTokenHoldsAtLeast128RandomBitsInCharactersSubjectsKeep() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String value = TrackingToken.issue(random).value();
            assertThat(value).matches("[a-z2-7]{26}");
            seen.add(value);
        }
        // 26 characters of a 32-letter alphabet: 130 bits.
        assertThat(seen).hasSize(1000);
    }

    @Test
    void aReplyToMailOfAThreadOpenedBeforeTokensGrewStillNamesItsThread() {
        assertThat(TrackingToken.findIn("答复: [CAS-10610-F5B0M9] KB5032196 安装失败 [ref:abcdefgh23456723]"))
                .contains(new TrackingToken("abcdefgh23456723"));
    }

    @Test
    void theLastTagOfASubjectCountsAndCaseDoesNot() {
        String quoted = "[ref:" + "a".repeat(26) + "]";
        String ours = "[REF:" + "B".repeat(26) + "]";
        assertThat(TrackingToken.findIn("RE: FW: " + quoted + " about " + ours))
                .contains(new TrackingToken("b".repeat(26)));
    }

    @Test
    void tagsOfOtherLengthsOrLettersAreNoTokens() {
        assertThat(TrackingToken.findIn("[ref:" + "a".repeat(20) + "]")).isEmpty();
        assertThat(TrackingToken.findIn("[ref:" + "a".repeat(25) + "1]")).isEmpty();
        assertThat(TrackingToken.findIn(null)).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> new TrackingToken("a".repeat(27)));
    }

    @Test
    void aSubjectLosesBothFormsOfTagWhenItBecomesACaseTitle() {
        assertThat(CaseMailSubject.of("CAS-1", "标题 [ref:abcdefgh23456723]", new TrackingToken("c".repeat(26))))
                .doesNotContain("abcdefgh23456723")
                .endsWith("[ref:" + "c".repeat(26) + "]");
    }
}
