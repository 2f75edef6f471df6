package com.patchdesk.diagnosis.report;

import java.util.List;

/**
 * A log line a finding rests on: file inside the bundle, 1-based line number, the line as read, and, when the
 * analysis was asked for context, the lines just before and after it (empty otherwise, and at a file's edges).
 */
public record Evidence(String file, long line, String text, List<NearbyLine> before, List<NearbyLine> after) {

    public Evidence {
        before = List.copyOf(before);
        after = List.copyOf(after);
    }

    /** Evidence without context, as the rules produce it. */
    public Evidence(String file, long line, String text) {
        this(file, line, text, List.of(), List.of());
    }

    /** {@code CBS.log:1234}. */
    public String location() {
        return file + ":" + line;
    }

    public Evidence withContext(List<NearbyLine> linesBefore, List<NearbyLine> linesAfter) {
        return new Evidence(file, line, text, linesBefore, linesAfter);
    }

    /** A line near the evidence line, read the same way the scan read it. */
    public record NearbyLine(long line, String text) {}
}
