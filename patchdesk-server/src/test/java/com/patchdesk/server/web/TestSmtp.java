package com.patchdesk.server.web;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A real SMTP server (GreenMail in this JVM) for browser tests whose pages send mail, and the settings to use it. */
final class TestSmtp {

    private TestSmtp() {}

    static GreenMail start() {
        GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        server.start();
        return server;
    }

    /** Points the server's outbound mail at {@code server}, sending as support@patchdesk.test. */
    static void register(DynamicPropertyRegistry registry, GreenMail server) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> server.getSmtp().getPort());
        registry.add("patchdesk.mail.domain", () -> "patchdesk.test");
        registry.add("patchdesk.mail.from", () -> "support@patchdesk.test");
    }
}
