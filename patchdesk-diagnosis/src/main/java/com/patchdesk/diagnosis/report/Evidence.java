package com.patchdesk.diagnosis.report;

/** A log line a finding rests on: file inside the bundle, 1-based line number, the line as read. */
public record Evidence(String file, long line, String text) {

    /** {@code CBS.log:1234}. */
    public String location() {
        return file + ":" + line;
    }
}
