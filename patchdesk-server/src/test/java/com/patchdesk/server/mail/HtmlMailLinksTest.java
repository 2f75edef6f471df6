package com.patchdesk.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Inbound HTML-only mail keeps where its links point, as text, and nothing active. */
class HtmlMailLinksTest {

    @Test
    void aLinkKeepsItsTargetAfterItsText() {
        assertThat(InboundMailParser.htmlToText("<p>日志在<a href=\"https://x.example/logs\">这里</a>。</p>"))
                .isEqualTo("日志在这里 (https://x.example/logs)。");
    }

    @Test
    void aLinkWhoseTextIsItsTargetIsWrittenOnceAndMailtoToo() {
        assertThat(InboundMailParser.htmlToText("<a href=\"https://x.example\">https://x.example</a> "
                        + "<a href=\"mailto:it@bank.example\">it@bank.example</a>"))
                .isEqualTo("https://x.example it@bank.example");
    }

    @Test
    void scriptAndJavascriptLinksLeaveOnlyTheirText() {
        String text = InboundMailParser.htmlToText("<script>alert(1)</script><a href=\"javascript:alert(2)\">点我</a>"
                + "<a href=\"data:text/html,<b>x</b>\">数据</a><img src=x onerror=alert(3)>");
        assertThat(text).isEqualTo("点我数据").doesNotContain("alert").doesNotContain("<");
    }
}
