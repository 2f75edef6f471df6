package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * ReportingEvents.log of the Windows Update agent: one tab-separated record per line,
 * {@code {record GUID}, time, version, event id [NAME], category, {update GUID}, revision, HRESULT (hex,
 * no 0x), client, Success|Failure, Content Download|Content Install|Software Synchronization, message}.
 * The message is localized (zh-CN on Chinese systems); the other columns are not. A failure's HRESULT is also an
 * {@link EventKind#ERROR_CODE} of the same line, as in CBS.log.
 */
final class ReportingEventsReader implements LogReader {

    @Override
    public String format() {
        return "reporting-events-log";
    }

    private static final Pattern RECORD =
            Pattern.compile("^\\{[0-9A-Fa-f\\-]{36}\\}\\t\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");

    /** A record: a GUID in braces, a tab and a timestamp. */
    @Override
    public boolean recognises(LogHead head) {
        return head.anyLine(l -> RECORD.matcher(l).find());
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (!line.startsWith("{") || line.indexOf('\t') < 0) {
                continue;
            }
            String[] c = line.split("\t", -1);
            if (c.length < 11) {
                continue;
            }
            String event = c[3];
            String outcome = c[9].trim().toLowerCase(Locale.ROOT);
            String code = hresult(c[7]);
            String result = outcome.startsWith("fail") || event.contains("FAIL") || code != null
                    ? "failure"
                    : outcome.startsWith("success") || event.contains("SUCCE") ? "success" : null;
            String phase = phase(c[10], event);
            if (phase == null || result == null) {
                continue;
            }
            String message = c.length > 11 ? c[11].trim() : "";
            String title = title(message);
            String kb = ServicingIdentities.kb(message);
            out.emit(
                    EventKind.UPDATE_ATTEMPT,
                    lines.number(),
                    line,
                    time(c[1]),
                    new Facts()
                            .put(Fact.PHASE, phase)
                            .put(Fact.RESULT, result)
                            .put(Fact.CODE, code)
                            .put(Fact.KB, kb)
                            .put(Fact.TITLE, title)
                            .put(Fact.CLIENT, c[8].trim())
                            .put(Fact.DETAIL, event.trim()));
            if (code != null && result.equals("failure")) {
                out.emit(EventKind.ERROR_CODE, lines.number(), line, time(c[1]), new Facts().put(Fact.CODE, code));
            }
        }
    }

    private static String phase(String category, String event) {
        String c = category.toLowerCase(Locale.ROOT);
        if (c.contains("download") || event.contains("DOWNLOAD")) {
            return "download";
        }
        if (c.contains("install") || event.contains("INSTALL")) {
            return "install";
        }
        if (c.contains("synchronization") || c.contains("detection") || event.contains("DETECTION")) {
            return "scan";
        }
        return null;
    }

    /** {@code 80070490} → {@code 0x80070490}; {@code 0} → null. */
    private static String hresult(String column) {
        String v = column.trim();
        if (v.startsWith("0x") || v.startsWith("0X")) {
            v = v.substring(2);
        }
        if (v.isEmpty() || v.length() > 8 || !v.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            return null;
        }
        long value = Long.parseLong(v, 16);
        return value == 0 ? null : ErrorCodes.hex(value);
    }

    /** The update's title: the message after its last colon, without the closing full stop. */
    private static String title(String message) {
        int colon = Math.max(message.lastIndexOf(": "), message.lastIndexOf('：'));
        String title = colon >= 0 ? message.substring(colon + 1).trim() : message;
        while (title.endsWith(".") || title.endsWith("。")) {
            title = title.substring(0, title.length() - 1).trim();
        }
        return title.isEmpty() ? null : title;
    }

    private static LocalDateTime time(String column) {
        try {
            String s = column.trim();
            return LocalDateTime.of(
                    Integer.parseInt(s, 0, 4, 10),
                    Integer.parseInt(s, 5, 7, 10),
                    Integer.parseInt(s, 8, 10, 10),
                    Integer.parseInt(s, 11, 13, 10),
                    Integer.parseInt(s, 14, 16, 10),
                    Integer.parseInt(s, 17, 19, 10));
        } catch (DateTimeException | NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }
}
