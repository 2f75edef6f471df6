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
 *
 * <p>Articles, forum posts and tickets quote the client's messages without CMTrace's layout, one message a line
 * ({@code Failed to Add Update Source for WUAgent of type (2) and id ({…}). Error = 0x87d00692.}, as CMTrace shows them
 * and people copy them): a short text most of whose lines are the client's messages ({@link #STEPS} and
 * {@link #QUOTED}) is read as such, each line a message of the component that writes it, without a time or a type; a
 * line that says it failed with a code is an {@link EventKind#ERROR_CODE} without a level, as a type-3 entry is
 * (v04 to v08 in eval/real-excerpts-team).
 */
final class CmTraceLogReader implements LogReader {

    /** How ConfigMgr's scans and installs are named as the client of an update attempt. */
    static final String CLIENT = "ConfigMgr";

    /**
     * One message shape: the phase, whether it failed (its code in group 1) or succeeded, and the component that writes
     * it (the source of a message quoted without the layout; in the layout, the entry's own component is).
     */
    private record Step(Pattern pattern, String phase, boolean failed, String component) {}

    private static final List<Step> STEPS = List.of(
            // WUAHandler: the scan against the software update point ended.
            new Step(Pattern.compile("^Successfully completed scan\\.?\\s*$"), "scan", false, "WUAHandler"),
            new Step(Pattern.compile("\\bScan failed with error = 0x([0-9A-Fa-f]{8})\\b"), "scan", true, "WUAHandler"),
            new Step(
                    Pattern.compile("\\bOnSearchComplete - Failed to end search job\\. Error = 0x([0-9A-Fa-f]{8})\\b"),
                    "scan",
                    true,
                    "WUAHandler"),
            // WUAHandler and ScanAgent: the scan could not start, as the client could not make the software update
            // point Windows Update's source (a domain policy that names another server gives 0x87D00692).
            new Step(
                    Pattern.compile("\\bFailed to Add Update Source for WUAgent\\b.*?\\bError = 0x([0-9A-Fa-f]{8})\\b"),
                    "scan",
                    true,
                    "WUAHandler"),
            new Step(
                    Pattern.compile("\\bCScanJob::Execute- Failed at AddUpdateSource, Error = 0x([0-9A-Fa-f]{8})\\b"),
                    "scan",
                    true,
                    "ScanAgent"),
            // WUAHandler: the content the client downloaded from the distribution point is handed to Windows Update's
            // datastore as the first step of its install; Windows Update checks its signature and hash there, so a
            // certificate or hash failure of the update's files is told here.
            new Step(
                    Pattern.compile(
                            "\\bFailed to download updates to the WUAgent datastore\\. Error = 0x([0-9A-Fa-f]{8})\\b"),
                    "install",
                    true,
                    "WUAHandler"),
            // UpdatesHandler: the batch install through Windows Update did not start (the same failure, told by each
            // layer of the handler).
            new Step(
                    Pattern.compile("\\bFailed to initiate install of WSUS updates, error = 0x([0-9A-Fa-f]{8})\\b"),
                    "install",
                    true,
                    "UpdatesHandler"),
            new Step(
                    Pattern.compile(
                            "\\bFailed to start batch install through WSUS Install handler\\s*, error = 0x([0-9A-Fa-f]{8})\\b"),
                    "install",
                    true,
                    "UpdatesHandler"),
            new Step(
                    Pattern.compile("\\bInstallUpdatesInBatch failed with error 0x([0-9A-Fa-f]{8})\\b"),
                    "install",
                    true,
                    "UpdatesHandler"),
            // UpdatesDeployment: a deployed update's install ended in its error state with the code it returned.
            new Step(
                    Pattern.compile("\\bProgress: Status = ciStateError\\b.*?\\bResult = 0x([0-9A-Fa-f]{8})\\b"),
                    "install",
                    true,
                    "UpdatesDeployment"));

    /**
     * The client's other messages, as quoted without the layout: they tell no outcome of their own, but make a text of
     * such lines the client's (with the component that writes each). A code on such a line that says it failed is an
     * error code, as for any quoted line.
     */
    private record Quoted(Pattern pattern, String component) {}

    private static final List<Quoted> QUOTED = List.of(
            // WUAHandler, when a domain policy names another update server than the software update point (Microsoft:
            // "Troubleshoot software update scan failures", Group Policy overrides the correct WSUS configuration).
            new Quoted(
                    Pattern.compile("^Group policy settings were overwritten by a higher authority \\("), "WUAHandler"),
            // UpdatesDeployment: a deployment's job failed, and what that means for its updates.
            new Quoted(
                    Pattern.compile("^Job error \\(0x[0-9A-Fa-f]{8}\\) received for assignment \\("),
                    "UpdatesDeployment"),
            new Quoted(Pattern.compile("^Updates will not be made available\\b"), "UpdatesDeployment"));

    /** A quoted line that says it failed: its code is an error code, as a type-3 entry's is. */
    private static final Pattern FAILURE_WORD = Pattern.compile("(?i)\\b(?:fail\\w*|error)\\b");

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
        return (head.contains("<![LOG[") && head.contains("]LOG]!><time=\"")) || quotedMessages(head);
    }

    /**
     * A short text (all of it in the head) whose non-blank lines are mostly the client's messages quoted without the
     * layout, one of them a step or a message with a code: one such line in a person's note does not make the note the
     * client's log.
     */
    private static boolean quotedMessages(LogHead head) {
        if (!head.wholeText() || !head.anyLine(l -> stepOrCode(message(l)))) {
            return false;
        }
        int nonBlank = head.countLines(l -> !l.isBlank());
        int messages = head.countLines(l -> component(message(l)) != null);
        return messages * 2 >= nonBlank;
    }

    /**
     * A quoted line's message: without the blanks around it and the backslash a Markdown page ends a line with (a
     * hard line break, kept when the message is copied from the page's source).
     */
    private static String message(String line) {
        String m = line.strip();
        return m.endsWith("\\") ? m.substring(0, m.length() - 1).stripTrailing() : m;
    }

    /** Whether the message is a step, or another of the client's messages with a code. */
    private static boolean stepOrCode(String message) {
        return step(message) != null
                || (component(message) != null && CODE.matcher(message).find());
    }

    /** The step the message is, or null. */
    private static Step step(String message) {
        for (Step step : STEPS) {
            if (step.pattern().matcher(message).find()) {
                return step;
            }
        }
        return null;
    }

    /** The component that writes the message, when it is one of the client's messages quoted here; else null. */
    private static String component(String message) {
        Step step = step(message);
        if (step != null) {
            return step.component();
        }
        for (Quoted q : QUOTED) {
            if (q.pattern().matcher(message).find()) {
                return q.component();
            }
        }
        return null;
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
        boolean layout = false;
        for (String line = lines.next(); line != null; line = lines.next()) {
            int start = line.indexOf("<![LOG[");
            if (start >= 0) {
                layout = true;
                message = new StringBuilder(line.substring(start + 7));
                first = lines.number();
                entryLines = 1;
            } else if (!layout) {
                quoted(out, lines.number(), line);
                continue;
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
        if (!attempt(out, number, shown, time, text, component, type == 3) && type == 3) {
            errorCode(out, number, shown, time, text, component);
        }
    }

    /**
     * A message quoted without the layout: a step, else a code on a line that says it failed. It has no time and no
     * type; a step's failure has no level (its line's type is not known), as the routine look-ups' codes have none.
     */
    private static void quoted(LineEmitter out, long number, String line) {
        String text = message(line);
        if (text.isEmpty()) {
            return;
        }
        String component = component(text);
        if (!attempt(out, number, line, null, text, component, false)
                && FAILURE_WORD.matcher(text).find()) {
            errorCode(out, number, line, null, text, component);
        }
    }

    /** The step the message is, as an update attempt of ConfigMgr; false when it is none. */
    private static boolean attempt(
            LineEmitter out,
            long number,
            String shown,
            LocalDateTime time,
            String text,
            String component,
            boolean errorType) {
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
                                .put(Fact.LEVEL, step.failed() && errorType ? "Error" : null));
                return true;
            }
        }
        return false;
    }

    private static void errorCode(
            LineEmitter out, long number, String shown, LocalDateTime time, String text, String component) {
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
