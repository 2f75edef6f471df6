package com.patchdesk.server.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RFC 2047 encoded words in header text ("=?GBK?B?...?=").
 *
 * <p>Written here rather than taken from {@code MimeUtility.decodeText} for two reasons seen in Chinese mail:
 * clients split one multi-byte character across two adjacent encoded words, so the bytes of adjacent words in
 * the same charset must be joined before decoding; and GB2312 labels must be read as GB18030 (see
 * {@link MailCharsets}). A malformed word is kept as literal text rather than failing the whole header.
 */
final class EncodedWords {

    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{2}");

    private EncodedWords() {}

    static String decode(String header) {
        if (header == null || !header.contains("=?")) {
            return header;
        }
        StringBuilder out = new StringBuilder(header.length());
        Matcher m = WORD.matcher(header);
        int plainStart = 0;
        String pendingCharset = null;
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        while (m.find()) {
            String between = header.substring(plainStart, m.start());
            boolean adjacent = pendingCharset != null && between.isBlank();
            byte[] bytes = wordBytes(m.group(2), m.group(3));
            if (bytes == null) { // not decodable: keep the text as it came
                flush(out, pendingCharset, pending);
                pendingCharset = null;
                out.append(between).append(m.group());
                plainStart = m.end();
                continue;
            }
            if (!adjacent) {
                flush(out, pendingCharset, pending);
                pendingCharset = null;
                out.append(between);
            } else if (!sameCharset(pendingCharset, m.group(1))) {
                // Whitespace between encoded words is dropped (RFC 2047 section 6.2) even when charsets differ.
                flush(out, pendingCharset, pending);
            }
            pendingCharset = m.group(1);
            pending.writeBytes(bytes);
            plainStart = m.end();
        }
        flush(out, pendingCharset, pending);
        out.append(header.substring(plainStart));
        return out.toString();
    }

    private static boolean sameCharset(String a, String b) {
        return Objects.equals(MailCharsets.forLabel(a), MailCharsets.forLabel(b))
                && MailCharsets.forLabel(a).isPresent();
    }

    private static void flush(StringBuilder out, String charset, ByteArrayOutputStream pending) {
        if (pending.size() > 0) {
            out.append(MailCharsets.decode(pending.toByteArray(), charset));
            pending.reset();
        }
    }

    private static byte[] wordBytes(String encoding, String text) {
        if (encoding.equalsIgnoreCase("B")) {
            try {
                return Base64.getMimeDecoder().decode(text);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                bytes.write(' ');
            } else if (c == '='
                    && i + 3 <= text.length()
                    && HEX.matcher(text.substring(i + 1, i + 3)).matches()) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '=') {
                return null;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return bytes.toByteArray();
    }
}
