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
 * <p>130 random bits in lower-case base32 (26 characters): nobody guesses another case's token to slip mail into
 * it, short enough to survive subject lines, and free of characters mail clients mangle. Threads opened before
 * 2026-12-07 keep their 80-bit tokens of 16 characters, which are still recognised: customers reply to old mail.
 *
 * <p>The token is kept as it is, not hashed: every mail of the case carries it in its subject, and the mail archive
 * keeps subjects, so a hash would hide nothing from a reader of the database. It routes mail the way a
 * Message-ID does; a sender learns nothing from how its mail is matched (intake is a poll, no answer is timed).
 */
record TrackingToken(String value) {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int LENGTH = 26; // 26 x 5 bits = 130 bits
    /** The form of a token: this length, or the 16 characters of a thread opened before tokens grew. */
    static final String FORM = "[a-z2-7]{26}|[a-z2-7]{16}";

    private static final Pattern IN_SUBJECT = Pattern.compile("\\[ref:(" + FORM + ")]", Pattern.CASE_INSENSITIVE);

    TrackingToken {
        Objects.requireNonNull(value, "value");
        if (!value.matches(FORM)) {
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
