package com.patchdesk.diagnosis.read;

import java.util.Objects;

/**
 * Where a fact was read: a file inside the bundle (forward slashes, relative to the bundle root,
 * nested zips as {@code outer.zip!/inner/CBS.log}), a 1-based line number and the line itself.
 * The text is cut to {@link #MAX_TEXT} characters so that one absurd line cannot bloat a report.
 */
public record SourceLine(String file, long line, String text) {

    public static final int MAX_TEXT = 2_000;

    public SourceLine {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
        if (line < 1) {
            throw new IllegalArgumentException("line numbers start at 1: " + line);
        }
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT) + "…";
        }
    }

    /** {@code CBS.log:1234}, the form findings cite. */
    public String location() {
        return file + ":" + line;
    }
}
