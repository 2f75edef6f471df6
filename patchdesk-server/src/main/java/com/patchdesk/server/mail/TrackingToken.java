package com.patchdesk.server.mail;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-case token written into mail subjects as {@code [ref:<token>]}.
 *
 * <p>80 random bits in lower-case base32 (16 characters): enough that nobody guesses another case's token to
 * slip mail into it, short enough to survive subject lines, and free of characters mail clients mangle.
 */
record TrackingToken(String value) {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int LENGTH = 16; // 16 x 5 bits = 80 bits
    private static final Pattern IN_SUBJECT = Pattern.compile("\\[ref:([a-z2-7]{16})]", Pattern.CASE_INSENSITIVE);

    TrackingToken {
        Objects.requireNonNull(value, "value");
        if (!value.matches("[a-z2-7]{16}")) {
            throw new IllegalArgumentException("not a tracking token: " + value);
        }
    }

    static TrackingToken issue(SecureRandom random) {
        char[] token = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            token[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new TrackingToken(new String(token));
    }

    /** The last token in a subject: replies pile up prefixes, the tag Patchdesk wrote stays at the end. */
    static Optional<TrackingToken> findIn(String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        Matcher m = IN_SUBJECT.matcher(subject);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return Optional.ofNullable(last).map(token -> new TrackingToken(token.toLowerCase(Locale.ROOT)));
    }

    String tag() {
        return "[ref:" + value + "]";
    }
}
