package com.patchdesk.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SenderAuthenticityTest {

    private final SenderAuthenticity check = new SenderAuthenticity("mx.patchdesk.cn");

    private boolean trusted(String from, String... headers) {
        return check.check(from, List.of(headers)).trusted();
    }

    @Test
    void dmarcPassOfOurServerIsTrustedWhateverItsCommentsAndSpacing() {
        assertThat(trusted(
                        "li@bank.com.cn",
                        "MX.patchdesk.cn (Postfix) 1 ; dmarc = pass (p=reject dis=none)"
                                + " header.from = \"bank.com.cn\""))
                .isTrue();
    }

    @Test
    void aDmarcVerdictForAnotherFromDomainDoesNotCount() {
        assertThat(trusted("li@bank.com.cn", "mx.patchdesk.cn; dmarc=pass header.from=attacker.cn"))
                .isFalse();
    }

    @Test
    void dmarcFailIsNotOutweighedByAnAlignedDkimPass() {
        assertThat(trusted(
                        "li@bank.com.cn",
                        "mx.patchdesk.cn; dkim=pass header.d=bank.com.cn; dmarc=fail header.from=bank.com.cn"))
                .isFalse();
    }

    @Test
    void withoutDmarcSpfOrDkimMustBeAlignedByOrganisationalDomain() {
        assertThat(trusted("li@bank.com.cn", "mx.patchdesk.cn; spf=pass smtp.mailfrom=bounce@mail.bank.com.cn"))
                .isTrue();
        assertThat(trusted("li@bank.com.cn", "mx.patchdesk.cn; dmarc=none; dkim=pass header.d=bank.com.cn"))
                .isTrue();
        assertThat(trusted("li@bank.com.cn", "mx.patchdesk.cn; spf=pass smtp.mailfrom=other.com.cn"))
                .isFalse();
        assertThat(trusted("li@bank.com.cn", "mx.patchdesk.cn; dkim=pass header.d=com.cn"))
                .isFalse();
        assertThat(trusted("li@bank.com.cn", "mx.patchdesk.cn; dkim=fail header.d=bank.com.cn"))
                .isFalse();
    }

    @Test
    void headersOfOtherServersAndForgedLookalikesAreIgnored() {
        assertThat(trusted(
                        "li@bank.com.cn",
                        "mx.attacker.cn; dmarc=pass header.from=bank.com.cn",
                        "mx.patchdesk.cn.attacker.cn; dmarc=pass header.from=bank.com.cn"))
                .isFalse();
        assertThat(check.check("li@bank.com.cn", List.of()).reason())
                .isEqualTo("no Authentication-Results from mx.patchdesk.cn for bank.com.cn");
    }

    @Test
    void withoutAConfiguredAuthservIdNothingIsTrusted() {
        assertThat(new SenderAuthenticity(" ")
                        .check("li@bank.com.cn", List.of("mx.patchdesk.cn; dmarc=pass header.from=bank.com.cn"))
                        .trusted())
                .isFalse();
    }
}
