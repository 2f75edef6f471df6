package com.patchdesk.diagnosis.bundle;

import com.patchdesk.diagnosis.read.LineGate;
import com.patchdesk.diagnosis.read.LineSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Lines of an ASCII-compatible file, decoded per line: UTF-8 when the line is valid UTF-8,
 * otherwise GB18030 (Chinese Windows writes console output in the ANSI code page, GBK). Splitting
 * on the byte '\n' is safe for both, since neither uses 0x0A inside a multi-byte character.
 * Pure-ASCII lines, the bulk of any servicing log, take a fast path with no decoder at all, and
 * {@link #next(LineGate)} decodes only the lines a reader's gate admits.
 */
final class ByteLines implements LineSource {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean endOfInput;
    private byte[] carry = new byte[256];
    private long number;
    private boolean usedGb18030;
    /** The line {@link #advance()} found: {@code lineBytes[lineStart, lineEnd)}, cut to the cap or not. */
    private byte[] lineBytes;
    private int lineStart;
    private int lineEnd;
    private boolean lineCut;

    ByteLines(InputStream in, int maxLineChars) {
        this.in = in;
        // A line is cut by bytes; three bytes per character covers UTF-8 CJK text.
        this.maxLineBytes = maxLineChars * 3;
    }

    /** True once any line had to be decoded as GB18030. */
    boolean usedGb18030() {
        return usedGb18030;
    }

    @Override
    public long number() {
        return number;
    }

    @Override
    public String next() throws IOException {
        return advance() ? decode(lineBytes, lineStart, lineEnd, lineCut) : null;
    }

    @Override
    public String next(LineGate gate) throws IOException {
        while (advance()) {
            if (gate.admits(lineBytes, lineStart, lineEnd)) {
                return decode(lineBytes, lineStart, lineEnd, lineCut);
            }
        }
        return null;
    }

    /** Finds the next line and counts it; false at the end of the input. */
    private boolean advance() throws IOException {
        int carried = 0;
        boolean cut = false;
        boolean any = false;
        while (true) {
            if (position >= limit) {
                if (endOfInput || !fill()) {
                    if (!any) {
                        return false;
                    }
                    break;
                }
            }
            any = true;
            int newline = indexOfNewline(buffer, position, limit);
            int end = newline >= 0 ? newline : limit;
            if (carried == 0 && newline >= 0) {
                // The common case: the whole line is in the buffer and is looked at in place.
                found(buffer, position, trimCr(buffer, position, end, false), false);
                position = newline + 1;
                return true;
            }
            int room = maxLineBytes - carried;
            int take = Math.min(room, end - position);
            if (take < end - position) {
                cut = true;
            }
            if (take > 0) {
                ensureCarry(carried + take);
                System.arraycopy(buffer, position, carry, carried, take);
                carried += take;
            }
            if (newline >= 0) {
                position = newline + 1;
                break;
            }
            position = limit;
        }
        found(carry, 0, trimCr(carry, 0, carried, cut), cut);
        return true;
    }

    private void found(byte[] bytes, int start, int end, boolean cut) {
        number++;
        lineBytes = bytes;
        lineStart = start;
        lineEnd = end;
        lineCut = cut;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            endOfInput = true;
            position = limit = 0;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /**
     * Eight bytes at a time: a byte of {@code w ^ 0x0A..} is zero where {@code w} has a '\n', and the lowest byte
     * flagged by the has-zero-byte test is the first such byte (borrows only spoil the bytes above a real zero).
     */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int trimCr(byte[] bytes, int start, int end, boolean cut) {
        return !cut && end > start && bytes[end - 1] == '\r' ? end - 1 : end;
    }

    private void ensureCarry(int size) {
        if (size > carry.length) {
            byte[] bigger = new byte[Math.max(size, carry.length * 2)];
            System.arraycopy(carry, 0, bigger, 0, carry.length);
            carry = bigger;
        }
    }

    private String decode(byte[] bytes, int start, int end, boolean cut) {
        int length = end - start;
        if (isAscii(bytes, start, end)) {
            return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
        }
        if (cut) {
            // A cut line may end inside a character; that must not make valid UTF-8 look invalid.
            length = withoutPartialUtf8Tail(bytes, start, length);
        }
        if (Utf8.isValid(bytes, start, start + length)) {
            return new String(bytes, start, length, StandardCharsets.UTF_8);
        }
        usedGb18030 = true;
        return new String(bytes, start, end - start, TextEncoding.GB18030);
    }

    static boolean isAscii(byte[] bytes, int start, int end) {
        int i = start;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            if (((long) LONGS.get(bytes, i) & 0x8080808080808080L) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static int withoutPartialUtf8Tail(byte[] bytes, int start, int length) {
        int i = start + length - 1;
        int back = 0;
        while (i >= start && back < 3 && (bytes[i] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i >= start && (bytes[i] & 0xC0) == 0xC0) {
            int lead = bytes[i] & 0xFF;
            int needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
            if (back < needed) {
                return i - start;
            }
        }
        return length;
    }
}
