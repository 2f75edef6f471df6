package com.patchdesk.server.mail;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file name written as an RFC 2231 extended parameter ({@code filename*=gb2312''%D6%EC%E9%46%BB%F9.log}, or in
 * numbered pieces {@code filename*0*=...; filename*1*=...}), decoded with {@link MailCharsets}: Jakarta Mail decodes it
 * with the charset the label names, and Java's GB2312 loses every GBK character outside GB2312 ("镕" of 朱镕基 became a
 * replacement mark), which Chinese clients write under that label.
 */
final class Rfc2231Names {

    /** One piece: its parameter name, its number (none for a single piece), whether it is encoded, its value. */
    private static final Pattern PIECE = Pattern.compile(
            "(?i)(?:^|;)\\s*(name|filename)\\*(?:(\\d{1,3})(\\*)?|)\\s*=\\s*(\"[^\"]*\"|[^;\\s]*)",
            Pattern.CASE_INSENSITIVE);

    private Rfc2231Names() {}

    /**
     * The extended parameter {@code parameter} ({@code filename} or {@code name}) of a header's value, decoded; empty
     * when the header has none or it cannot be read (the caller keeps Jakarta Mail's reading then).
     */
    static Optional<String> decode(String header, String parameter) {
        if (header == null || header.indexOf('*') < 0) {
            return Optional.empty();
        }
        header = header.replace("\r", "").replace("\n", ""); // unfolded: a fold is a line break before a blank
        TreeMap<Integer, String[]> pieces = new TreeMap<>();
        Matcher m = PIECE.matcher(header);
        while (m.find()) {
            if (!m.group(1).equalsIgnoreCase(parameter)) {
                continue;
            }
            String value = m.group(4);
            if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            boolean single = m.group(2) == null;
            boolean encoded = single || m.group(3) != null;
            pieces.putIfAbsent(single ? 0 : Integer.parseInt(m.group(2)), new String[] {value, encoded ? "*" : ""});
        }
        if (pieces.isEmpty() || pieces.firstKey() != 0 || !pieces.get(0)[1].equals("*")) {
            return Optional.empty();
        }
        String first = pieces.get(0)[0];
        int charsetEnd = first.indexOf('\'');
        int languageEnd = charsetEnd < 0 ? -1 : first.indexOf('\'', charsetEnd + 1);
        if (languageEnd < 0) {
            return Optional.empty();
        }
        String charset = first.substring(0, charsetEnd).toLowerCase(Locale.ROOT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int expected = 0;
        for (var piece : pieces.entrySet()) {
            if (piece.getKey() != expected++) {
                break; // a missing piece: the name as far as it goes
            }
            String value = piece.getKey() == 0 ? first.substring(languageEnd + 1) : piece.getValue()[0];
            if (!appendPiece(bytes, value, piece.getValue()[1].equals("*"))) {
                return Optional.empty();
            }
        }
        return Optional.of(MailCharsets.decode(bytes.toByteArray(), charset));
    }

    private static boolean appendPiece(ByteArrayOutputStream bytes, String value, boolean encoded) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (encoded && c == '%') {
                if (i + 2 >= value.length()) {
                    return false;
                }
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return false;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return false; // raw 8-bit in a parameter: Jakarta Mail's reading stands
            }
        }
        return true;
    }
}
