package com.patchdesk.diagnosis.read;

import java.time.LocalDateTime;

/** Turns what a reader found on a line into an {@link Event} for the sink, citing file and line number. */
final class LineEmitter {

    private final String path;
    private final EventSink sink;

    LineEmitter(String path, EventSink sink) {
        this.path = path;
        this.sink = sink;
    }

    void emit(EventKind kind, long number, String line, LocalDateTime time, Facts facts) {
        emit(kind, number, line, time, facts.frozen());
    }

    /** With facts already frozen: the events of a repeated line share them. */
    void emit(EventKind kind, long number, String line, LocalDateTime time, FactMap facts) {
        sink.accept(new Event(kind, new SourceLine(path, number, line), time, facts));
    }
}
