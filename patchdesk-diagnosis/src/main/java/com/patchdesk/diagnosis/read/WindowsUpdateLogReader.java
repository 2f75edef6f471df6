package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WindowsUpdate.log, as {@code Get-WindowsUpdateLog} writes it on Windows 10
 * ({@code 2023/11/20 10:21:33.1234567 1234  5678  Agent  text}) and in the older tab-separated form
 * ({@code 2016-09-28<TAB>04:30:31:123<TAB> 996<TAB> c4c<TAB>Agent<TAB>text}). Steps that end with an
 * outcome become {@link EventKind#UPDATE_ATTEMPT}s; the update they concern is taken from the line, or
 * else from the last {@code Title = ...} line of the same thread. Every failure code a line states
 * ({@code hr=0x80070005}, {@code error 0x800F0922}) is also an {@link EventKind#ERROR_CODE}, as in CBS.log, so the
 * rules about common codes work on a bundle that has only Windows Update logs.
 */
final class WindowsUpdateLogReader implements LogReader {

    private static final Pattern CODE = Pattern.compile("0[xX]([0-9A-Fa-f]{8})\\b");
    private static final Pattern TITLE = Pattern.compile("\\bTitle\\s*=\\s*(.+?)\\s*$");
    private static final int REMEMBERED_THREADS = 64;

    @Override
    public String format() {
        return "windows-update-log";
    }

    private static final Pattern ENTRY = Pattern.compile(
            "^\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d+\\s+\\d+\\s+\\d+\\s+\\S+"
                    + "|^\\d{4}-\\d{2}-\\d{2}\\t\\d{2}:\\d{2}:\\d{2}:\\d{3}\\s+[0-9a-fA-F]+\\s+[0-9a-fA-F]+\\s+\\S+");

    /** An entry of either layout: date, time, process, thread and component. */
    @Override
    public boolean recognises(LogHead head) {
        return head.anyLine(l -> ENTRY.matcher(l).find());
    }

    @Override
    public int priority() {
        return 90;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        Titles titles = new Titles();
        for (String line = lines.next(); line != null; line = lines.next()) {
            Parsed p = parse(line);
            if (p == null) {
                continue;
            }
            String t = p.text;
            if (t.indexOf("Title") >= 0) {
                Matcher m = TITLE.matcher(t);
                if (m.find()) {
                    titles.remember(p.thread, m.group(1));
                    continue;
                }
            }
            if (t.indexOf("0x") >= 0 || t.indexOf("0X") >= 0) {
                errorCodes(out, p, lines.number(), line);
            }
            boolean candidate = t.indexOf("Exit code") >= 0 || t.indexOf("hr=") >= 0 || t.indexOf("hr =") >= 0
                    || t.indexOf("ail") >= 0 || t.indexOf("rror") >= 0 || t.indexOf("ucceeded") >= 0
                    || t.indexOf("complete") >= 0;
            if (!candidate) {
                continue;
            }
            attempt(out, p, lines.number(), line, titles);
        }
    }

    /**
     * The agent prints HRESULTs as {@code 0x} and eight digits after many words ({@code Download failed 0x80248007},
     * {@code hr=}, {@code error =}) and prints no addresses, so every such failure value is a code here.
     */
    private static void errorCodes(LineEmitter out, Parsed p, long number, String line) {
        Matcher m = CODE.matcher(p.text);
        String previous = null;
        while (m.find()) {
            long value = Long.parseLong(m.group(1), 16);
            String code = ErrorCodes.hex(value);
            if (value >= 0x80000000L && !code.equals(previous)) {
                out.emit(EventKind.ERROR_CODE, number, line, p.time,
                        new Facts().put(Fact.CODE, code).put(Fact.SOURCE, p.component));
                previous = code;
            }
        }
    }

    private static void attempt(LineEmitter out, Parsed p, long number, String line, Titles titles) {
        String t = p.text;
        String lower = t.toLowerCase(Locale.ROOT);
        String code = null;
        boolean sawZero = false;
        Matcher m = CODE.matcher(t);
        while (m.find()) {
            long value = Long.parseLong(m.group(1), 16);
            if (value == 0) {
                sawZero = true;
            } else if (value >= 0x80000000L && code == null) {
                code = ErrorCodes.hex(value);
            }
        }
        String result;
        if (code != null) {
            result = "failure";
        } else if ((sawZero && (lower.contains("exit code") || lower.contains("hr=")))
                || lower.contains("succeeded") || lower.contains("completed successfully")) {
            result = "success";
        } else {
            return;
        }
        String phase = phase(lower, p.component);
        if (phase == null) {
            return;
        }
        String kb = ServicingIdentities.kb(t);
        String title = null;
        if (kb == null) {
            title = titles.of(p.thread);
            kb = title == null ? null : ServicingIdentities.kb(title);
        }
        out.emit(EventKind.UPDATE_ATTEMPT, number, line, p.time, new Facts()
                .put(Fact.PHASE, phase).put(Fact.RESULT, result).put(Fact.CODE, code)
                .put(Fact.KB, kb).put(Fact.TITLE, title).put(Fact.SOURCE, p.component));
    }

    /** The phase the text names, else the one the writing component stands for. */
    static String phase(String lower, String component) {
        if (lower.contains("finding updates") || lower.contains("search") || lower.contains("scan")
                || lower.contains("detect")) {
            return "scan";
        }
        if (lower.contains("download")) {
            return "download";
        }
        if (lower.contains("install") || lower.contains("commit")) {
            return "install";
        }
        return switch (component) {
            case "DownloadManager" -> "download";
            case "Handler", "Deployment" -> "install";
            default -> null;
        };
    }

    private record Parsed(LocalDateTime time, String thread, String component, String text) {
    }

    /** Date, time, process, thread, component, text; null for a line that is not an entry. */
    private static Parsed parse(String line) {
        if (line.length() < 24 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(3))) {
            return null;
        }
        char sep = line.charAt(4);
        if ((sep != '/' && sep != '-') || line.charAt(7) != sep) {
            return null;
        }
        int[] bounds = new int[8];
        int from = 0;
        for (int field = 0; field < 4; field++) {
            int start = skipBlank(line, from);
            int end = toBlank(line, start);
            bounds[field * 2] = start;
            bounds[field * 2 + 1] = end;
            from = end;
        }
        int componentStart = skipBlank(line, from);
        int componentEnd = toBlank(line, componentStart);
        if (componentEnd <= componentStart) {
            return null;
        }
        int textStart = skipBlank(line, componentEnd);
        String thread = line.substring(bounds[6], bounds[7]);
        return new Parsed(time(line, bounds[3]), thread, line.substring(componentStart, componentEnd),
                line.substring(textStart));
    }

    private static LocalDateTime time(String line, int timeEnd) {
        try {
            return LocalDateTime.of(Integer.parseInt(line, 0, 4, 10), Integer.parseInt(line, 5, 7, 10),
                    Integer.parseInt(line, 8, 10, 10), Integer.parseInt(line, 11, 13, 10),
                    Integer.parseInt(line, 14, 16, 10), Integer.parseInt(line, 17, 19, 10));
        } catch (DateTimeException | NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static int skipBlank(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int toBlank(String s, int i) {
        while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
            i++;
        }
        return i;
    }

    /** Last update title per thread, for a few dozen threads; a title any thread saw if only one was seen. */
    private static final class Titles {
        private final Map<String, String> byThread = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > REMEMBERED_THREADS;
            }
        };
        private String only;
        private boolean several;

        void remember(String thread, String title) {
            byThread.put(thread, title);
            if (only == null) {
                only = title;
            } else if (!only.equals(title)) {
                several = true;
            }
        }

        String of(String thread) {
            String title = byThread.get(thread);
            return title != null ? title : several ? null : only;
        }
    }
}
