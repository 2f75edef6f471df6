package com.patchdesk.server.mail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the charset labels found in real mail into decoders that keep Chinese text intact.
 *
 * <p>Chinese mail clients label text "gb2312" but write GBK (or GB18030) characters outside GB2312, so every
 * GB-family label is read with GB18030, which is a strict superset of both. Text whose label is missing or
 * unknown is guessed: valid UTF-8 first, then GB18030, and Windows-1252 as a last resort that never fails.
 */
final class MailCharsets {

    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    /** How often text labelled UTF-8 must fail as UTF-8, at least, to be read as GBK ({@link #mislabelledGb}). */
    private static final int MISREAD_AT_LEAST = 2;

    private static final Set<String> GB_FAMILY = Set.of(
            "gb2312",
            "gbk",
            "x-gbk",
            "cp936",
            "ms936",
            "windows-936",
            "euc-cn",
            "x-euc-cn",
            "csgb2312",
            "gb_2312-80",
            "chinese",
            "gb18030");

    private MailCharsets() {}

    /** The charset to read a label with, when the label names one this JVM knows. */
    static Optional<Charset> forLabel(String label) {
        if (label == null || label.isBlank()) {
            return Optional.empty();
        }
        String name = label.strip().toLowerCase(Locale.ROOT);
        int language = name.indexOf('*'); // RFC 2231 "charset*language"
        if (language >= 0) {
            name = name.substring(0, language);
        }
        if (name.startsWith("\"") && name.endsWith("\"") && name.length() > 1) {
            name = name.substring(1, name.length() - 1);
        }
        if (GB_FAMILY.contains(name)) {
            return Optional.of(GB18030);
        }
        try {
            return Optional.of(Charset.forName(name));
        } catch (IllegalArgumentException unknownOrIllegal) {
            return Optional.empty();
        }
    }

    /** Decodes bytes with their declared label, guessing when the label is missing or unusable. */
    static String decode(byte[] bytes, String label) {
        return decode(bytes, readWith(bytes, label));
    }

    /** Decodes bytes with {@code charset} ({@link #readWith}), guessing when there is none. */
    static String decode(byte[] bytes, Optional<Charset> charset) {
        return charset.map(known -> new String(bytes, known)).orElseGet(() -> guess(bytes));
    }

    /**
     * The charset to read bytes labelled {@code label} with: the label's, but GB18030 for GBK text labelled UTF-8
     * ({@link #mislabelledGb}) and a guess for 8-bit text labelled ASCII; empty when the label is missing or unknown.
     */
    static Optional<Charset> readWith(byte[] bytes, String label) {
        return forLabel(label).map(charset -> mislabelledGb(charset, bytes).orElse(upgradeAscii(charset, bytes)));
    }

    /**
     * GB18030 for text labelled UTF-8 that is not UTF-8 but is GB18030 (a Chinese client's GBK text under its
     * account's default UTF-8 label), which as UTF-8 would lose every Chinese character to replacement marks; empty
     * when the label is right or the bytes are neither. UTF-8 with a stray byte or two (a Windows-1252 apostrophe
     * pasted in) is often GB18030 too, and read so would garble every Chinese character it has: so the bytes must
     * fail as UTF-8 at least {@value #MISREAD_AT_LEAST} times and at one in three of their 8-bit bytes, as GBK text
     * does (each of its characters is two 8-bit bytes, which UTF-8 mostly cannot read).
     */
    private static Optional<Charset> mislabelledGb(Charset declared, byte[] bytes) {
        if (declared.equals(StandardCharsets.UTF_8) && mostlyNotUtf8(bytes) && strictly(bytes, GB18030)) {
            return Optional.of(GB18030);
        }
        return Optional.empty();
    }

    private static boolean mostlyNotUtf8(byte[] bytes) {
        if (utf8ButForItsCut(bytes)) {
            return false;
        }
        int eightBit = 0;
        for (byte b : bytes) {
            eightBit += b < 0 ? 1 : 0;
        }
        long misread = new String(bytes, StandardCharsets.UTF_8)
                .chars()
                .filter(c -> c == '\uFFFD')
                .count();
        return misread >= MISREAD_AT_LEAST && misread * 3 >= eightBit;
    }

    /**
     * Old clients label 8-bit text "us-ascii"; reading it as ASCII would turn every Chinese character into
     * replacement marks, so 8-bit bytes under an ASCII label are guessed instead.
     */
    private static Charset upgradeAscii(Charset declared, byte[] bytes) {
        if (declared.equals(StandardCharsets.US_ASCII) && !isAscii(bytes)) {
            return strictly(bytes, StandardCharsets.UTF_8) ? StandardCharsets.UTF_8 : GB18030;
        }
        return declared;
    }

    static String guess(byte[] bytes) {
        if (strictly(bytes, StandardCharsets.UTF_8)) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (strictly(bytes, GB18030)) {
            return new String(bytes, GB18030);
        }
        return new String(bytes, WINDOWS_1252);
    }

    /**
     * Whether the bytes are UTF-8 but perhaps for a character cut at their end (a text part is read up to a limit):
     * such text is UTF-8 however its last bytes read.
     */
    private static boolean utf8ButForItsCut(byte[] bytes) {
        for (int cut = 0; cut <= Math.min(3, bytes.length); cut++) {
            if (cut > 0 && bytes[bytes.length - cut] >= 0) {
                return false; // an ASCII byte ends no cut character
            }
            if (strictly(Arrays.copyOf(bytes, bytes.length - cut), StandardCharsets.UTF_8)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean strictly(byte[] bytes, Charset charset) {
        try {
            charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
