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

    /** 1-based number of the line last returned by {@link #next()}. */
    long number();
}
