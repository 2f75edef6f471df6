package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Configuration Manager's client logs in CMTrace's layout ({@code <![LOG[message]LOG]!><time="08:53:44.534+240"
 * date="07-14-2021" component="WUAHandler" context="" type="3" thread="7308" file="…">}): WUAHandler.log (the scans
 * against the software update point), UpdatesDeployment.log, UpdatesHandler.log, UpdatesStore.log. An entry's
 * message may run over several lines. Its type is its level (3 error, 2 warning, 1 information).
 *
 * <p>The steps that tell how a scan or an install ended are {@link #STEPS}, one entry a shape. Other entries of type 3
 * with a code are {@link EventKind#ERROR_CODE} without a level: the client writes them for its routine look-ups too
 * ("GetUpdateInfo - failed to get targeted update, error = 0x87d00215", "Failed to refresh Resync state message. Error =
 * 0x87d00310", each followed by its success; v01 in eval/real-excerpts-team), so they are listed, not failures.
 */
final class CmTraceLogReader implements LogReader {

    /** How ConfigMgr's scans and installs are named as the client of an update attempt. */
    static final String CLIENT = "ConfigMgr";

    /** One message shape: the phase, and whether it failed (its code in group 1) or succeeded. */
    private record Step(Pattern pattern, String phase, boolean failed) {}

    private static final List<Step> STEPS = List.of(
            // WUAHandler: the scan against the software update point ended.
            new Step(Pattern.compile("^Successfully completed scan\\.?\\s*$"), "scan", false),
            new Step(Pattern.compile("\\bScan failed with error = 0x([0-9A-Fa-f]{8})\\b"), "scan", true),
            new Step(
                    Pattern.compile("\\bOnSearchComplete - Failed to end search job\\. Error = 0x([0-9A-Fa-f]{8})\\b"),
                    "scan",
                    true),
            // UpdatesDeployment: a deployed update's install ended in its error state with the code it returned.
            new Step(
                    Pattern.compile("\\bProgress: Status = ciStateError\\b.*?\\bResult = 0x([0-9A-Fa-f]{8})\\b"),
                    "install",
                    true));

    private static final Pattern CODE = Pattern.compile("\\b0x([89A-Fa-f][0-9A-Fa-f]{7})\\b");
    private static final Pattern ATTRIBUTES = Pattern.compile(
            "\\]LOG\\]!><time=\"(\\d{1,2}):(\\d{2}):(\\d{2})[^\"]*\" date=\"(\\d{1,2})-(\\d{1,2})-(\\d{4})\""
                    + " component=\"([^\"]{0,80})\" context=\"[^\"]{0,200}\" type=\"(\\d)\"");
    /** An entry's message longer than this many lines is not CMTrace's: it is read up to there. */
    private static final int ENTRY_LINES = 64;

    @Override
    public String format() {
        return "cmtrace-log";
    }

    @Override
    public boolean recognises(LogHead head) {
        return head.contains("<![LOG[") && head.contains("]LOG]!><time=\"");
    }

    /** Above the servicing logs' readers: a message may quote a servicing line, the file is still ConfigMgr's. */
    @Override
    public int priority() {
        return 88;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        StringBuilder message = null;
        long first = 0;
        int entryLines = 0;
        for (String line = lines.next(); line != null; line = lines.next()) {
            int start = line.indexOf("<![LOG[");
            if (start >= 0) {
                message = new StringBuilder(line.substring(start + 7));
                first = lines.number();
                entryLines = 1;
            } else if (message != null && entryLines < ENTRY_LINES) {
                message.append('\n').append(line);
                entryLines++;
            } else {
                continue;
            }
            int end = message.indexOf("]LOG]!>");
            if (end < 0) {
                continue;
            }
            Matcher a = ATTRIBUTES.matcher(message);
            if (a.find(end)) {
                entry(out, first, message.substring(0, end), a);
            }
            message = null;
        }
    }

    private static void entry(LineEmitter out, long number, String text, Matcher a) {
        LocalDateTime time = time(a);
        String component = a.group(7);
        int type = a.group(8).charAt(0) - '0';
        String shown = "[" + component + "] " + text;
        for (Step step : STEPS) {
            Matcher m = step.pattern().matcher(text);
            if (m.find()) {
                out.emit(
                        EventKind.UPDATE_ATTEMPT,
                        number,
                        shown,
                        time,
                        new Facts()
                                .put(Fact.PHASE, step.phase())
                                .put(Fact.RESULT, step.failed() ? "failure" : "success")
                                .put(Fact.CODE, step.failed() ? hex(m.group(1)) : null)
                                .put(Fact.CLIENT, CLIENT)
                                .put(Fact.SOURCE, component)
                                .put(Fact.LEVEL, step.failed() && type == 3 ? "Error" : null));
                return;
            }
        }
        if (type == 3) {
            Matcher c = CODE.matcher(text);
            if (c.find()) {
                out.emit(
                        EventKind.ERROR_CODE,
                        number,
                        shown,
                        time,
                        new Facts().put(Fact.CODE, hex(c.group(1))).put(Fact.SOURCE, component));
            }
        }
    }

    private static String hex(String digits) {
        return ErrorCodes.hex(Long.parseLong(digits, 16));
    }

    private static int n(Matcher a, int group) {
        return Integer.parseInt(a.group(group));
    }

    /** {@code date="07-14-2021"} (month first) and the time of day; the offset to UTC is left as other logs do. */
    private static LocalDateTime time(Matcher a) {
        try {
            return LocalDateTime.of(n(a, 6), n(a, 4), n(a, 5), n(a, 1), n(a, 2), n(a, 3));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }
}
