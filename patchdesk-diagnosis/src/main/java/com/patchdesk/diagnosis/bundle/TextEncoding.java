package com.patchdesk.diagnosis.bundle;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How the bytes of a file are to be decoded, decided from its first bytes. Windows tools write
 * UTF-8 (with or without BOM), UTF-16 (PowerShell and regedit, usually with a BOM; {@code cmd >}
 * redirection of some tools without one) and, on Chinese systems, GB18030/GBK console output.
 *
 * @param family    which decoder reads the file
 * @param bomLength bytes of byte-order mark to skip
 * @param problem   why the file cannot be read as text, when {@link Family#BINARY} or {@link Family#UNKNOWN}
 */
record TextEncoding(Family family, int bomLength, String problem) {

    enum Family {
        /** UTF-8 where a line is valid UTF-8, GB18030 where it is not: both keep ASCII and '\n' as single bytes. */
        UTF8_OR_GB18030,
        UTF16LE,
        UTF16BE,
        BINARY,
        UNKNOWN
    }

    static final Charset GB18030 = Charset.forName("GB18030");

    static TextEncoding sniff(byte[] head, int length) {
        if (startsWith(head, length, 0xFF, 0xFE, 0x00, 0x00) || startsWith(head, length, 0x00, 0x00, 0xFE, 0xFF)) {
            return new TextEncoding(Family.UNKNOWN, 0, "UTF-32 text is not supported");
        }
        if (startsWith(head, length, 0xEF, 0xBB, 0xBF)) {
            return new TextEncoding(Family.UTF8_OR_GB18030, 3, null);
        }
        if (startsWith(head, length, 0xFF, 0xFE)) {
            return new TextEncoding(Family.UTF16LE, 2, null);
        }
        if (startsWith(head, length, 0xFE, 0xFF)) {
            return new TextEncoding(Family.UTF16BE, 2, null);
        }
        Family utf16 = utf16ByZeroPattern(head, length);
        if (utf16 != null) {
            return new TextEncoding(utf16, 0, null);
        }
        if (looksBinary(head, length)) {
            return new TextEncoding(Family.BINARY, 0, "binary content");
        }
        if (!decodesStrictly(StandardCharsets.UTF_8, head, length) && !decodesStrictly(GB18030, head, length)) {
            return new TextEncoding(Family.UNKNOWN, 0, "unknown text encoding (neither UTF-8, UTF-16 nor GB18030)");
        }
        return new TextEncoding(Family.UTF8_OR_GB18030, 0, null);
    }

    boolean readable() {
        return family != Family.BINARY && family != Family.UNKNOWN;
    }

    /** The head as text, for recognising the format; a character cut by the end of the head is dropped. */
    String decodeHead(byte[] head, int length) {
        int from = bomLength;
        return switch (family) {
            case UTF16LE -> new String(head, from, (length - from) & ~1, StandardCharsets.UTF_16LE);
            case UTF16BE -> new String(head, from, (length - from) & ~1, StandardCharsets.UTF_16BE);
            default ->
                decodesStrictly(StandardCharsets.UTF_8, head, length)
                        ? new String(head, from, length - from, StandardCharsets.UTF_8)
                        : new String(head, from, length - from, GB18030);
        };
    }

    /**
     * UTF-16 text of Latin script has a zero in every other byte. Counted over the head: most odd
     * bytes zero and almost no even ones means little-endian, and the reverse big-endian.
     */
    private static Family utf16ByZeroPattern(byte[] head, int length) {
        int pairs = Math.min(length, 4096) / 2;
        if (pairs < 8) {
            return null;
        }
        int evenZeros = 0;
        int oddZeros = 0;
        for (int i = 0; i < pairs * 2; i += 2) {
            if (head[i] == 0) {
                evenZeros++;
            }
            if (head[i + 1] == 0) {
                oddZeros++;
            }
        }
        if (oddZeros * 10 >= pairs * 3 && evenZeros * 20 <= pairs) {
            return Family.UTF16LE;
        }
        if (evenZeros * 10 >= pairs * 3 && oddZeros * 20 <= pairs) {
            return Family.UTF16BE;
        }
        return null;
    }

    /** NUL bytes, or more than 1 in 50 control characters that text files do not contain. */
    private static boolean looksBinary(byte[] head, int length) {
        int controls = 0;
        for (int i = 0; i < length; i++) {
            int b = head[i] & 0xFF;
            if (b == 0) {
                return true;
            }
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x1B) {
                controls++;
            }
        }
        return controls * 50 > length;
    }

    /** True when the bytes decode without error, allowing a character cut off at the end of the head. */
    private static boolean decodesStrictly(Charset charset, byte[] head, int length) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(head, 0, length);
        CharBuffer out = CharBuffer.allocate(length + 16);
        CoderResult result = decoder.decode(in, out, false);
        return !result.isError();
    }

    private static boolean startsWith(byte[] head, int length, int... prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
