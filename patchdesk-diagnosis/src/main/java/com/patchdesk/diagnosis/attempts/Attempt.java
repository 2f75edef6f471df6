package com.patchdesk.diagnosis.attempts;

import com.patchdesk.diagnosis.read.SourceLine;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * One servicing attempt, a "round": a CBS session that set out to change packages or that failed (from its
 * {@code Session: … initialized} line to its {@code finalized} line), or a servicing command run on its own (DISM from
 * the console). What the machine tried, when, with what result, and the first line that failed.
 *
 * @param file      the log the attempt was read from
 * @param firstLine its first line in that file
 * @param lastLine  its last line (the session's end, or the last line attributed to it)
 * @param kind      {@code cbs-session} or {@code command}
 * @param id        the CBS session id, or the command
 * @param client    who started it ({@code WindowsUpdateAgent}, {@code DISM Package Manager Provider}, …)
 * @param target    the update or package it set out to change, when the log names one
 * @param result    {@code success}, {@code failure} or {@code unfinished} (the log ends or moves on without an end)
 * @param code      the failure's code
 * @param failure   the first line that failed inside it
 */
public record Attempt(
        String file,
        long firstLine,
        long lastLine,
        Optional<LocalDateTime> start,
        Optional<LocalDateTime> end,
        String kind,
        String id,
        String client,
        Optional<String> target,
        String result,
        Optional<String> code,
        Optional<SourceLine> failure) {

    public boolean failed() {
        return "failure".equals(result);
    }

    /** Whether the line {@code line} of {@code file} was written during this attempt. */
    public boolean contains(String file, long line) {
        return this.file.equals(file) && line >= firstLine && line <= lastLine;
    }

    /** A short label for facts and reports: the start time, else the session id. */
    public String label() {
        return start.map(t -> t.toString().replace('T', ' ')).orElse(id);
    }
}
