package com.patchdesk.diagnosis.read;

import java.io.IOException;

/** Saved console output of {@code sfc /scannow} (or {@code /verifyonly}), English or zh-CN. */
final class SfcConsoleReader implements LogReader {

    @Override
    public String format() {
        return "sfc-console";
    }

    /** SFC's own phrases. */
    @Override
    public boolean recognises(LogHead head) {
        return head.contains("Windows Resource Protection") || head.contains("Windows 资源保护")
                || head.contains("Beginning system scan") || head.contains("开始系统扫描");
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        for (String line = lines.next(); line != null; line = lines.next()) {
            String health = StoreVerdicts.health(line);
            if (health != null) {
                out.emit(EventKind.STORE_HEALTH, lines.number(), line, null,
                        new Facts().put(Fact.HEALTH, health).put(Fact.OPERATION, "sfc /scannow"));
                out.emit(EventKind.TOOL_RUN, lines.number(), line, null, new Facts().put(Fact.OPERATION, "sfc /scannow")
                        .put(Fact.RESULT, health.equals("not-repairable") ? "failure" : "success"));
            } else if (line.contains("could not perform the requested operation") || line.contains("无法执行请求的操作")) {
                out.emit(EventKind.TOOL_RUN, lines.number(), line, null, new Facts().put(Fact.OPERATION, "sfc /scannow")
                        .put(Fact.RESULT, "failure").put(Fact.DETAIL, line.strip()));
            }
        }
    }
}
