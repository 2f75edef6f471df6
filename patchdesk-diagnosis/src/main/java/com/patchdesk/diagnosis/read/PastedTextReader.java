package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a customer pastes or types when no log is at hand: Windows Update's history or error text copied from Settings
 * ({@code 2023-01 Cumulative Update for Windows 10 Version 21H2 for x64-based Systems (KB5022282)} then
 * {@code Failed to install on 1/14/2023 - 0x800f081f}, in any language: {@code 無法在 2023/1/14-0x800f081f 上安装}),
 * an error dialog's code ({@code (0x80242fff)}), Setup's result with its extended code
 * ({@code 0xC1900101 - 0x20017}), the build from Settings' About page ({@code OS Build 19044.2075},
 * {@code 操作系统内部版本 19044.2075}). Read last of all, when no log reader knows the file.
 *
 * <p>A failure code (0x8…, 0xC…) is an install {@link EventKind#UPDATE_ATTEMPT} of the update named on its line or on
 * one of the two lines before it (the history puts the title above the status), else an
 * {@link EventKind#ERROR_CODE} at level Error: a person copied it because it failed. Setup's extended code tells the
 * phase it failed in (Microsoft's "Windows upgrade error codes": 1 DOWNLEVEL, 2 SAFE_OS, 3 FIRST_BOOT, 4 SECOND_BOOT,
 * 5 UNINSTALL). What Windows says without the code ("此更新不适用于你的计算机", "参数错误") stands for it, by the
 * table {@code knowledge/user-messages.tsv}. The history's successes are read too, so that a later install of the same
 * update settles its failure; an entry's date is its time (the start of that day), other lines have none.
 */
final class PastedTextReader implements LogReader {

    /**
     * A failure code: an HRESULT (0x8…) or an NTSTATUS or Setup result (0xC…); addresses and masks are other digits.
     * People also write the code without its "0x" right after the words "error code" ("系统返回错误代码800f0983",
     * "error code 800f0922"); eight hex digits anywhere else are no code. The digits are group 1 or group 2.
     */
    private static final Pattern CODE = Pattern.compile("(?<![0-9A-Za-z])0[xX]([8Cc][0-9A-Fa-f]{7})(?![0-9A-Fa-f])"
            + "|(?:错误代码|錯誤代碼|错误码|錯誤碼|(?i:error code|fehlercode))\\s*[:：]?\\s*([8Cc][0-9A-Fa-f]{7})(?![0-9A-Za-z])");
    /**
     * Words that say something failed, on a code's line or the line before it: a code in a sentence about something
     * else ("only benign noise: 0x800f0805") is no failure.
     */
    private static final Pattern FAILURE_WORDS = Pattern.compile(
            "(?i)\\b(?:fail\\w*|errors?|unable|cannot|can't|couldn't|could not|denied|problem|not applicable)\\b"
                    // German, as de-DE Windows and its admins write it ("Fehler bei der Installation", "Fehlercode",
                    // "konnte nicht installiert werden", "nicht möglich"); not "fehlerfrei" (without errors).
                    + "|\\b(?:fehler(?!frei)\\w*|fehlgeschlagen)\\b|\\bkonnte\\b.{0,60}\\bnicht\\b|\\bnicht m(?:ö|oe)glich\\b"
                    + "|错误|錯誤|失败|失敗|无法|無法|不适用|不適用|问题|問題|遇到|拒绝|出错|报错|報錯");
    /** A heading of a pasted template: "**预期结果：**", "### Expected behavior", "Actual result:". */
    private static final Pattern HEADING = Pattern.compile(
            "^\\s*(?:#{1,6}\\s*\\S.{0,40}|\\*\\*[^*]{1,40}\\*\\*\\s*|[^\\s:：]{1,20}(?:\\s\\S{1,12}){0,3}\\s*[:：]\\s*)$");
    /** The heading of what the writer expected to happen. */
    private static final Pattern EXPECTED_HEADING =
            Pattern.compile("(?i)^[\\s#*>_]*(?:预期|期望|預期)|(?<![Uu]n)\\bexpected (?:results?|behaviou?r|outcome)\\b");

    /** Setup's result and extended code: {@code 0xC1900101-0x20017}, {@code 0xC1900101 - 0x4000D}. */
    private static final Pattern SETUP_EXTENDED =
            Pattern.compile("(?i)0x(C19[0-9A-F]{5})\\s*-\\s*0x([0-5])([0-9A-F]{4})\\b");
    /** The build as Settings' About page states it (the other shapes are {@link OsBuilds}'). */
    private static final Pattern ABOUT_BUILD =
            Pattern.compile("(?:OS [Bb]uild|操作系统内部版本|作業系統組建)\\s*[:：]?\\s*(\\d{5}\\.\\d{1,5})\\b");

    /**
     * The phases of Setup's extended codes, as Setup's messages name them ("failed in the SAFE_OS phase"); Microsoft's
     * table of extended codes calls the fourth SP_EXECUTION_OOBE_BOOT.
     */
    private static final String[] PHASES = {
        "UNKNOWN", "DOWNLEVEL", "SAFE_OS", "FIRST_BOOT", "SECOND_BOOT (OOBE_BOOT)", "UNINSTALL"
    };
    /**
     * Windows Update's own words that an installed update waits for a restart, as a note quotes its log ("The volatile
     * RebootRequired key exists", x07 in eval/real-excerpts-team): a restart is pending.
     */
    private static final Pattern REBOOT_REQUIRED = Pattern.compile("(?i)\\bRebootRequired key exists\\b");
    /** The history's success of an update: a later one settles an earlier failure of the same update. */
    private static final Pattern SUCCESS = Pattern.compile("(?i)Successfully installed on|已成功安装|已成功安裝|安装成功|安裝成功");
    /** The date a history entry states: {@code 2023/1/14}, {@code 2023-01-14} or (en-US) {@code 1/14/2023}. */
    private static final Pattern YMD = Pattern.compile("(?<!\\d)(20\\d{2})[/-](\\d{1,2})[/-](\\d{1,2})(?!\\d)");

    private static final Pattern MDY = Pattern.compile("(?<!\\d)(\\d{1,2})/(\\d{1,2})/(20\\d{2})(?!\\d)");

    @Override
    public String format() {
        return "pasted-text";
    }

    /** A line that starts as a log's lines do, with a date or a time: the file is a log of a kind not known here. */
    private static final Pattern STAMPED = Pattern.compile("^\\s*[\\[(]?\\d{1,4}[-/.:]\\d{1,2}[-/.:]\\d{1,4}");

    /**
     * A failure code anywhere, in a short text (all of it in the head) whose lines do not start with a time: other
     * readers come first, this one reads what none of them knows, and not the logs or outputs of other programs (an
     * installer's log names codes on every line; setupapi's device log is sections of untimed lines; XML is a
     * program's, such as Setup's diagerr.xml).
     */
    @Override
    public boolean recognises(LogHead head) {
        if (!head.wholeText()
                || head.contains("[Device Install Log]")
                || isXml(head.text())
                || !head.anyLine(l -> CODE.matcher(l).find() || messageCode(l) != null)) {
            return false;
        }
        return head.countLines(l -> STAMPED.matcher(l).find()) < 3;
    }

    /** Below every log and console reader; above the bare build text, which it reads as well. */
    @Override
    public int priority() {
        return 11;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        Deque<String> before = new ArrayDeque<>(2);
        // The text is short (all of it in the head): its events are given at its end, when it is known whether it
        // names one update only; a code no line near names an update for is then that update's (a note about one
        // update names it in its commands after the message as often as before it).
        List<Runnable> events = new ArrayList<>();
        java.util.Set<String> kbs = new java.util.LinkedHashSet<>();
        String[] onlyKb = {null};
        boolean expected = false;
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (line.isBlank()) {
                expected = false;
                continue;
            }
            // An issue template's "Expected result" says what should have happened, not what did: its lines are
            // skipped up to the next heading ("可以安装成功" under "预期结果" is no success; s04 in
            // eval/real-excerpts-team).
            if (HEADING.matcher(line).find()) {
                expected = EXPECTED_HEADING.matcher(line).find();
                if (expected) {
                    continue;
                }
            } else if (expected) {
                // The section is a sentence or two: it ends at a blank line, and a line with a code or an update is
                // what happened, wherever it stands.
                if (CODE.matcher(line).find() || ServicingIdentities.kb(line.toUpperCase(Locale.ROOT)) != null) {
                    expected = false;
                } else {
                    continue;
                }
            }
            long number = lines.number();
            String said = line;
            // A note quotes SFC's verdict as SFC printed it ("Windows 资源保护未找到任何完整性违规。").
            if (SfcConsoleReader.quotes(said)) {
                events.add(() -> SfcConsoleReader.line(out, number, said));
                if (!CODE.matcher(line).find()) {
                    remember(before, line);
                    continue;
                }
                // A line that quotes SFC and states a code ("Windows Resource Protection could not … 0x800f081f")
                // is read for its code as well.
            }
            String named = ServicingIdentities.kb(line.toUpperCase(Locale.ROOT));
            if (named != null) {
                kbs.add(named);
            }
            Matcher about = ABOUT_BUILD.matcher(line);
            String build = about.find() ? about.group(1) : OsBuilds.find(line);
            if (build == null) {
                build = OsBuilds.inNote(line);
            }
            if (build != null) {
                String stated = build;
                events.add(
                        () -> out.emit(EventKind.OS_BUILD, number, said, null, new Facts().put(Fact.OS_BUILD, stated)));
            }
            if (REBOOT_REQUIRED.matcher(line).find()) {
                events.add(() -> out.emit(
                        EventKind.REBOOT_PENDING,
                        number,
                        said,
                        null,
                        new Facts()
                                .put(Fact.DETAIL, "Windows Update's RebootRequired key: an update waits for a restart")
                                .put(Fact.SOURCE, "text")));
            }
            Matcher setup = SETUP_EXTENDED.matcher(line);
            if (setup.find()) {
                int phase = Integer.parseInt(setup.group(2));
                String code = "0x" + setup.group(1).toUpperCase(Locale.ROOT);
                String detail = "phase " + PHASES[phase] + ", extended code 0x" + setup.group(2)
                        + setup.group(3).toUpperCase(Locale.ROOT);
                events.add(() -> out.emit(
                        EventKind.ERROR_CODE,
                        number,
                        said,
                        null,
                        new Facts()
                                .put(Fact.CODE, code)
                                .put(Fact.LEVEL, "Error")
                                .put(Fact.SOURCE, "text")
                                .put(Fact.DETAIL, detail)));
            } else if (CODE.matcher(line).find()) {
                String kb = kbNear(line, before);
                if (kb == null && !failureSaid(line, before)) {
                    remember(before, line);
                    continue;
                }
                Matcher m = CODE.matcher(line);
                String previous = null;
                while (m.find()) {
                    String code = "0x" + (m.group(1) != null ? m.group(1) : m.group(2)).toUpperCase(Locale.ROOT);
                    if (!code.equals(previous)) {
                        events.add(() -> emit(out, number, said, code, kb != null ? kb : onlyKb[0]));
                    }
                    previous = code;
                }
            } else if (SUCCESS.matcher(line).find()) {
                String kb = kbNear(line, before);
                if (kb != null) {
                    events.add(() -> out.emit(
                            EventKind.UPDATE_ATTEMPT,
                            number,
                            said,
                            dateOf(said),
                            new Facts()
                                    .put(Fact.PHASE, "install")
                                    .put(Fact.RESULT, "success")
                                    .put(Fact.KB, kb)
                                    .put(Fact.SOURCE, "text")));
                }
            } else {
                String code = messageCode(line);
                String kb = code == null ? null : kbNear(line, before);
                if (code != null) {
                    String stated = code.isEmpty() ? null : code;
                    events.add(() -> {
                        String update = kb != null ? kb : onlyKb[0];
                        if (update != null || stated != null) {
                            emit(out, number, said, stated, update);
                        }
                    });
                }
            }
            remember(before, line);
        }
        onlyKb[0] = kbs.size() == 1 ? kbs.iterator().next() : null;
        events.forEach(Runnable::run);
    }

    /** Whether the line states a failure code (0x8…, 0xC…). */
    static boolean hasFailureCode(String line) {
        return CODE.matcher(line).find();
    }

    private static void remember(Deque<String> before, String line) {
        if (before.size() == 2) {
            before.removeFirst();
        }
        before.addLast(line);
    }

    /** XML a program wrote (Setup's diagerr.xml): a declaration, or a first element that is closed in the text. */
    private static boolean isXml(String text) {
        String t = text.stripLeading();
        return t.startsWith("<?xml") || (t.startsWith("<") && (t.contains("</") || t.contains("/>")));
    }

    /** Whether the line, or the one before it, says that something failed. */
    private static boolean failureSaid(String line, Deque<String> before) {
        return FAILURE_WORDS.matcher(line).find()
                || (!before.isEmpty()
                        && FAILURE_WORDS.matcher(before.peekLast()).find());
    }

    /** A failed install of the update named near the line, else the code at level Error. */
    private static void emit(LineEmitter out, long number, String line, String code, String kb) {
        out.emit(
                kb != null ? EventKind.UPDATE_ATTEMPT : EventKind.ERROR_CODE,
                number,
                line,
                dateOf(line),
                kb != null
                        ? new Facts()
                                .put(Fact.PHASE, "install")
                                .put(Fact.RESULT, "failure")
                                .put(Fact.CODE, code)
                                .put(Fact.KB, kb)
                                .put(Fact.SOURCE, "text")
                        : new Facts()
                                .put(Fact.CODE, code)
                                .put(Fact.LEVEL, "Error")
                                .put(Fact.SOURCE, "text"));
    }

    /** What Windows says when an update fails, as people copy it without the code (knowledge/user-messages.tsv). */
    private static final String MESSAGE_TABLE = "/com/patchdesk/diagnosis/knowledge/user-messages.tsv";

    private static final List<String[]> MESSAGES = messages();

    private static List<String[]> messages() {
        try (InputStream in = PastedTextReader.class.getResourceAsStream(MESSAGE_TABLE)) {
            if (in == null) {
                throw new IllegalStateException(MESSAGE_TABLE + " is missing");
            }
            List<String[]> rows = new ArrayList<>();
            for (String row : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (row.isBlank() || row.startsWith("#")) {
                    continue;
                }
                String[] cells = row.split("\t");
                if (cells.length < 3 || cells[0].isBlank() || !cells[1].matches("-|0x[0-9A-F]{8}")) {
                    throw new IllegalStateException(MESSAGE_TABLE + ": bad row " + row);
                }
                rows.add(new String[] {cells[0], cells[1].equals("-") ? null : cells[1]});
            }
            return List.copyOf(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message of the table the line quotes: its code, or "" for a failure without a code; null for none. */
    private static String messageCode(String line) {
        for (String[] m : MESSAGES) {
            if (line.contains(m[0])) {
                return m[1] == null ? "" : m[1];
            }
        }
        return null;
    }

    /** The day a history entry states, as its time (the start of the day); null when it states none. */
    private static LocalDateTime dateOf(String line) {
        try {
            Matcher ymd = YMD.matcher(line);
            if (ymd.find()) {
                return day(ymd.group(1), ymd.group(2), ymd.group(3));
            }
            Matcher mdy = MDY.matcher(line);
            if (mdy.find()) {
                return day(mdy.group(3), mdy.group(1), mdy.group(2));
            }
        } catch (DateTimeException notADate) {
            // "13/1/2023" (a day-first locale) or another number: the entry keeps no time.
        }
        return null;
    }

    private static LocalDateTime day(String year, String month, String dayOfMonth) {
        return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(dayOfMonth))
                .atStartOfDay();
    }

    /** The update the line names, or one of the two lines before it. */
    private static String kbNear(String line, Deque<String> before) {
        String kb = ServicingIdentities.kb(line.toUpperCase(Locale.ROOT));
        var back = before.descendingIterator();
        while (kb == null && back.hasNext()) {
            kb = ServicingIdentities.kb(back.next().toUpperCase(Locale.ROOT));
        }
        return kb;
    }
}
