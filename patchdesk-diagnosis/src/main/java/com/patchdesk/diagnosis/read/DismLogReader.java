package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DISM.log. Its lines have the CBS layout and it repeats CBS/CSI lines of DISM's sessions, so the
 * servicing analysis applies; on top, the command DISM was run with becomes a {@link EventKind#TOOL_RUN}.
 */
final class DismLogReader implements LogReader {

    private static final Pattern COMMAND = Pattern.compile("Executing command line: (.*)$");

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
        ServicingLogAnalysis analysis = new ServicingLogAnalysis(new LineEmitter(path, sink));
        ServicingGate gate = new ServicingGate();
        for (String line = lines.next(gate); line != null; line = lines.next(gate)) {
            ServicingLine l = analysis.line(line, lines.number(), lines.note());
            if (l.text().indexOf("Executing command line: ") >= 0) {
                Matcher m = COMMAND.matcher(l.text());
                if (m.find()) {
                    String command = m.group(1).trim();
                    analysis.emit(EventKind.TOOL_RUN, l, lines.number(), new Facts()
                            .put(Fact.OPERATION, DismCommands.operation(command))
                            .put(Fact.RESULT, "started").put(Fact.DETAIL, command));
                }
            }
        }
    }
}
