package com.patchdesk.diagnosis.read;

import java.io.IOException;

/**
 * Reads one log format line by line and sends what it understands to a sink. A reader keeps no
 * state between files; whatever it must remember inside one file (the last title seen, the command
 * being run) lives in the {@link #read} call.
 *
 * <p>A reader says itself which files it reads ({@link #recognises}) and how sure that is ({@link #priority}):
 * {@link LogFormats} asks every registered reader and the recognising one of highest priority reads the file.
 * Adding a reader is one class, one entry in {@link LogFormats#READERS} and a fixture.
 */
public interface LogReader {

    /** Short name of the format, e.g. {@code cbs-log}; it appears in {@code ReadFile.format}. */
    String format();

    /**
     * Whether a file whose first lines are {@code head} is of this format, by its content alone (never its name).
     * Cheap: it runs on the head of every file of a bundle.
     */
    boolean recognises(LogHead head);

    /**
     * Of the readers that recognise a head, the one with the highest priority reads the file: a format whose lines
     * cannot be mistaken (a record layout) ranks above one recognised by a phrase that other text may quote.
     */
    int priority();

    /** Reads every line of {@code lines}; {@code path} is the file's place in the bundle, used in {@link SourceLine}. */
    void read(String path, LineSource lines, EventSink sink) throws IOException;
}
