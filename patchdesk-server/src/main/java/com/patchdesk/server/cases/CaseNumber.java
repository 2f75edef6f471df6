package com.patchdesk.server.cases;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A case number such as {@code CAS-12345-ABC123}: five digits and six upper-case letters or digits. The random
 * part makes numbers unguessable, so a number seen in one mail thread says nothing about other cases.
 */
public record CaseNumber(String value) {

    private static final String SHAPE = "CAS-\\d{5}-[A-Z0-9]{6}";
    private static final Pattern EXACT = Pattern.compile(SHAPE);
    // Not glued to other letters or digits, so "XCAS-..." or a longer token is not mistaken for a number.
    private static final Pattern IN_TEXT = Pattern.compile("(?<![A-Za-z0-9])" + SHAPE + "(?![A-Za-z0-9])");
    private static final String ALPHANUMERICS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final RandomGenerator RANDOM = new SecureRandom();

    public CaseNumber {
        Objects.requireNonNull(value, "value");
        if (!EXACT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a case number: '" + value + "' (expected CAS-12345-ABC123)");
        }
    }

    /** Parses a number exactly as written (surrounding blanks ignored). */
    public static CaseNumber parse(String text) {
        return new CaseNumber(text == null ? "" : text.strip());
    }

    /** The number if {@code text} is one, empty otherwise; for path variables, where bad input means "not found". */
    public static Optional<CaseNumber> tryParse(String text) {
        if (text == null || !EXACT.matcher(text.strip()).matches()) {
            return Optional.empty();
        }
        return Optional.of(new CaseNumber(text.strip()));
    }

    /** The first case number mentioned in free text, e.g. a mail subject {@code "回复: [CAS-12345-ABC123] ..."}. */
    public static Optional<CaseNumber> findIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = IN_TEXT.matcher(text);
        return matcher.find() ? Optional.of(new CaseNumber(matcher.group())) : Optional.empty();
    }

    /** A fresh random number; uniqueness is enforced by the database, callers retry on collision. */
    static CaseNumber random() {
        StringBuilder number = new StringBuilder("CAS-");
        for (int i = 0; i < 5; i++) {
            number.append((char) ('0' + RANDOM.nextInt(10)));
        }
        number.append('-');
        for (int i = 0; i < 6; i++) {
            number.append(ALPHANUMERICS.charAt(RANDOM.nextInt(ALPHANUMERICS.length())));
        }
        return new CaseNumber(number.toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
