package com.patchdesk.diagnosis.read;

import java.io.IOException;

/**
 * The decoded lines of one file, handed out one at a time so that no reader holds a whole file.
 * Line terminators ({@code \n}, {@code \r\n}) are removed; an over-long line arrives cut to the
 * source's cap but still counts as one line.
 */
public interface LineSource {

    /** The next line, or {@code null} at the end of the file. */
    String next() throws IOException;

    /** 1-based number of the line last returned by {@link #next()} or {@link #next(LineGate)}. */
    long number();

    /**
     * The next line that {@code gate} admits, or {@code null} at the end of the file; the lines in between are
     * counted but not decoded. A source that does not see bytes (UTF-16 text) shows the gate nothing and returns
     * every line, which a sound gate makes no difference to.
     */
    default String next(LineGate gate) throws IOException {
        return next();
    }

    /** How many of the lines so far were longer than the source's cap and arrived cut (the rest of each unread). */
    default long cutLines() {
        return 0;
    }

    /**
     * What {@link LineGate#admit} found on the line last returned by {@link #next(LineGate)}:
     * {@link LineGate#ADMITTED} when the source does not know.
     */
    default long found() {
        return LineGate.ADMITTED;
    }

    /** The note {@link LineGate#observe} gave for the line last returned by {@link #next(LineGate)}, or {@code null}. */
    default Object note() {
        return null;
    }

    /**
     * What {@link LineGate#prepare} gave for the line last returned by {@link #next(LineGate)}, where the source had
     * it prepared (on a thread that gated the line's part); {@code null} otherwise.
     */
    default Object prepared() {
        return null;
    }
}
