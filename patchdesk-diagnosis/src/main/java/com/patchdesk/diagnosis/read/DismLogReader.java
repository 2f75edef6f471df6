package com.patchdesk.diagnosis.read;

import java.io.IOException;

/**
 * DISM.log. Its lines have the CBS layout and it repeats CBS/CSI lines of DISM's sessions, so the
 * servicing analysis applies; on top, the command DISM was run with becomes a {@link EventKind#TOOL_RUN}.
 */
final class DismLogReader implements LogReader {

    @Override
    public String format() {
        return "dism-log";
    }

    /** Lines with the servicing columns, most of them written by DISM (CBS.log has some DISM lines among its own). */
    @Override
    public boolean recognises(LogHead head) {
        return head.servicingLines() > 0 && head.dismSourceLines() * 2 > head.servicingLines();
    }

    @Override
    public int priority() {
        return 81;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        // The command line is one of the checks (ServicingChecks.DISM_RUN), so it is gated and remembered like the
        // rest.
        ServicingLogAnalysis analysis = new ServicingLogAnalysis(new LineEmitter(path, sink), ServicingChecks.DISM_RUN);
        ServicingGate gate = analysis.gate();
        for (String line = lines.next(gate); line != null; line = lines.next(gate)) {
            analysis.line(line, lines.number(), lines.note(), lines.found(), lines.prepared());
        }
    }
}
