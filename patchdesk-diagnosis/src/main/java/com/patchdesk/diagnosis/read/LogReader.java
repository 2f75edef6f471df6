package com.patchdesk.diagnosis.read;

import java.io.IOException;

/**
 * Reads one log format line by line and sends what it understands to a sink. A reader keeps no
 * state between files; whatever it must remember inside one file (the last title seen, the command
 * being run) lives in the {@link #read} call.
 */
public interface LogReader {

    /** Short name of the format, e.g. {@code cbs-log}; it appears in {@code ReadFile.format}. */
    String format();

    /** Reads every line of {@code lines}; {@code path} is the file's place in the bundle, used in {@link SourceLine}. */
    void read(String path, LineSource lines, EventSink sink) throws IOException;
}
