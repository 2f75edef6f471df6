package com.patchdesk.diagnosis.bundle;

import com.patchdesk.diagnosis.read.LineSource;
import java.io.IOException;
import java.io.Reader;

/** Lines of a UTF-16 file (or any text behind a {@link Reader}), cut at a maximum length. */
final class CharLines implements LineSource {

    private final Reader in;
    private final int maxLineChars;
    private final char[] buffer = new char[1 << 15];
    private final StringBuilder carry = new StringBuilder();
    private int position;
    private int limit;
    private boolean endOfInput;
    private long number;

    private long cutLines;

    CharLines(Reader in, int maxLineChars) {
        this.in = in;
        this.maxLineChars = maxLineChars;
    }

    @Override
    public long number() {
        return number;
    }

    @Override
    public long cutLines() {
        return cutLines;
    }

    @Override
    public String next() throws IOException {
        carry.setLength(0);
        boolean any = false;
        boolean cut = false;
        while (true) {
            if (position >= limit) {
                if (endOfInput || !fill()) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int newline = -1;
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline >= 0 ? newline : limit;
            int take = Math.min(maxLineChars - carry.length(), end - position);
            if (take < end - position) {
                cut = true;
            }
            if (take > 0) {
                carry.append(buffer, position, take);
            }
            if (newline >= 0) {
                position = newline + 1;
                break;
            }
            position = limit;
        }
        number++;
        if (cut) {
            cutLines++;
        }
        int length = carry.length();
        if (length > 0 && carry.charAt(length - 1) == '\r') {
            length--;
        }
        return carry.substring(0, length);
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
}
