package com.patchdesk.diagnosis.read;

import java.io.IOException;

/** CBS.log and CbsPersist_*.log: the component-based servicing log of Windows (and its rotated copies). */
final class CbsLogReader implements LogReader {

    @Override
    public String format() {
        return "cbs-log";
    }

    /**
     * Lines with the servicing columns ({@code Info  CBS  ...}), most of them not DISM's ({@link DismLogReader}), or
     * a text of servicing lines quoted without any.
     */
    @Override
    public boolean recognises(LogHead head) {
        return head.servicingLines() > 0 || head.sourceOnlyServicingLines() > 0 || head.mostlyBareServicingLines();
    }

    @Override
    public int priority() {
        return 80;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        ServicingLogAnalysis analysis = new ServicingLogAnalysis(new LineEmitter(path, sink));
        ServicingGate gate = analysis.gate();
        for (String line = lines.next(gate); line != null; line = lines.next(gate)) {
            analysis.line(line, lines.number(), lines.note(), lines.found(), lines.prepared());
        }
    }
}
