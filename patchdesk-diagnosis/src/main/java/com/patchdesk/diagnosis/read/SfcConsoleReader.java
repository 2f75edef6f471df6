package com.patchdesk.diagnosis.read;

import java.io.IOException;

/**
 * Saved console output of {@code sfc /scannow} (or {@code /verifyonly}), English, zh-CN or Russian: its verdict (clean,
 * repaired, unable to fix some files), a run that could not be performed, and a repair left pending until a reboot
 * ({@code There is a system repair pending which requires reboot to complete}), which is a
 * {@link EventKind#REBOOT_PENDING} and a run that did not happen.
 */
final class SfcConsoleReader implements LogReader {

    private static final String OPERATION = "sfc /scannow";
    /** SFC's own name in its messages. */
    private static final String[] SFC_NAMES = {"Windows Resource Protection", "Windows 资源保护", "Защита ресурсов Windows"
    };

    private static final String[] NOT_PERFORMED = {
        "could not perform the requested operation", "无法执行请求的操作", "could not start the repair service",
        "无法启动修复服务", "не может выполнить запрошенную операцию", "не удается запустить службу восстановления",
    };
    private static final String[] REPAIR_PENDING = {
        "system repair pending which requires reboot",
        "系统修复挂起",
        "требуется перезагрузка для завершения",
        "Ожидается восстановление системы",
    };

    @Override
    public String format() {
        return "sfc-console";
    }

    /**
     * SFC's own phrases, in a text without a failure code: SFC prints none, so a text that has one is a person's notes
     * quoting SFC's verdict beside other tools' codes ({@code 0xC1900101-0x20017}), which {@link PastedTextReader}
     * reads, SFC's sentences with the rest.
     */
    @Override
    public boolean recognises(LogHead head) {
        if (head.anyLine(PastedTextReader::hasFailureCode) && new PastedTextReader().recognises(head)) {
            // SFC prints no failure code: a short text with one is a person's notes, which the pasted-text reader
            // reads (SFC's sentences in it too). Where that reader would not (a long transcript), SFC's still does.
            return false;
        }
        for (String name : SFC_NAMES) {
            if (head.contains(name)) {
                return true;
            }
        }
        return head.contains("Beginning system scan")
                || head.contains("开始系统扫描")
                || head.contains("Начато сканирование системы")
                || containsAny(head.text(), REPAIR_PENDING);
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        for (String line = lines.next(); line != null; line = lines.next()) {
            line(out, lines.number(), line, true);
        }
    }

    /** Whether the line is SFC's own sentence: it names SFC ("Windows Resource Protection found …"). */
    static boolean quotes(String line) {
        return containsAny(line, SFC_NAMES);
    }

    /** Reads one line of SFC output, also among DISM's ({@link DismConsoleReader}); true when it was SFC's. */
    static boolean line(LineEmitter out, long number, String line) {
        return line(out, number, line, false);
    }

    /**
     * @param anyVerdict whether a store verdict without SFC's name is SFC's (in a file of SFC output alone); among
     *                   DISM's lines only SFC's own sentences are.
     */
    private static boolean line(LineEmitter out, long number, String line, boolean anyVerdict) {
        boolean named = containsAny(line, SFC_NAMES);
        String health = anyVerdict || named ? StoreVerdicts.health(line) : null;
        if (health != null) {
            out.emit(
                    EventKind.STORE_HEALTH,
                    number,
                    line,
                    null,
                    StoreVerdicts.markRepaired(
                            new Facts().put(Fact.HEALTH, health).put(Fact.OPERATION, OPERATION), line));
            out.emit(
                    EventKind.TOOL_RUN,
                    number,
                    line,
                    null,
                    new Facts()
                            .put(Fact.OPERATION, OPERATION)
                            .put(Fact.RESULT, health.equals("not-repairable") ? "failure" : "success"));
            return true;
        }
        if (containsAny(line, REPAIR_PENDING)) {
            out.emit(
                    EventKind.REBOOT_PENDING,
                    number,
                    line,
                    null,
                    new Facts()
                            .put(Fact.DETAIL, "a system repair is pending until a reboot")
                            .put(Fact.OPERATION, OPERATION));
            out.emit(
                    EventKind.TOOL_RUN,
                    number,
                    line,
                    null,
                    new Facts()
                            .put(Fact.OPERATION, OPERATION)
                            .put(Fact.RESULT, "failure")
                            .put(Fact.DETAIL, line.strip()));
            return true;
        }
        if (containsAny(line, NOT_PERFORMED)) {
            out.emit(
                    EventKind.TOOL_RUN,
                    number,
                    line,
                    null,
                    new Facts()
                            .put(Fact.OPERATION, OPERATION)
                            .put(Fact.RESULT, "failure")
                            .put(Fact.DETAIL, line.strip()));
            return true;
        }
        return named;
    }

    private static boolean containsAny(String line, String[] phrases) {
        for (String p : phrases) {
            if (line.contains(p)) {
                return true;
            }
        }
        return false;
    }
}
