package com.patchdesk.server.mail;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/** The domain Patchdesk's Message-IDs live in, and the generator of those ids. */
record MailDomain(String name) {

    MailDomain {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9.-]{1,200}")) {
            throw new IllegalArgumentException("patchdesk.mail.domain is not a domain name: " + name);
        }
    }

    /** A fresh globally unique Message-ID: 128 random bits, so ids never collide across installations. */
    String newMessageId(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "<" + HexFormat.of().formatHex(bytes) + "@" + name + ">";
    }
}
