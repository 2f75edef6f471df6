package com.patchdesk.diagnosis.read;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * One line of CBS.log, CbsPersist_*.log or DISM.log:
 * {@code 2023-11-20 10:21:33, Error                 CBS    Failed to resolve package ...}.
 * A line without the timestamp (a continuation, e.g. the "Expected:" line after a hash mismatch)
 * keeps the level and source of the line before it.
 *
 * <p>Articles, forum posts and tickets quote servicing lines without their time: {@code Info CBS Failed to ...},
 * {@code Error                 CSI    0000000a (F) ...}, or with a placeholder or another date layout before the
 * columns ({@code <DateTime>, Info  CBS ...}). Such a <em>fragment</em> has its own level and source columns (a
 * level word, then a source word that servicing logs use) and an unknown time; see {@link #fragmentLevelAt}. The
 * same test on bytes is {@link ServicingGate}'s, so that both see the same lines as columned.
 *
 * @param stamped  whether the line starts with the log's own timestamp
 * @param columned whether the line has its own level and source (stamped, or a fragment quoted without its time)
 * @param text     the part after the source column (the whole line for a continuation)
 * @param bare     whether the line was quoted with no column at all ({@link #bare(String)})
 */
record ServicingLine(
        String raw, boolean stamped, boolean columned, String level, String source, String text, boolean bare) {

    /** A line as the log wrote it or a fragment quoted with its columns (not {@link #bare}). */
    ServicingLine(String raw, boolean stamped, boolean columned, String level, String source, String text) {
        this(raw, stamped, columned, level, source, text, false);
    }

    /** {@code 2023-11-20 10:21:33}. */
    static final int TIMESTAMP_LENGTH = 19;

    /**
     * Where a stamped line's text starts when its source column is blank: after the timestamp (21), the level column
     * (22) and the source column (7). A source word starts at 43; one that starts this far in is the text.
     */
    static final int TEXT_COLUMN = 50;

    /** {@code 2023-11-20}. */
    static final int DATE_LENGTH = 10;

    /** How far into a fragment the ", " before its level may be: a placeholder or a date and time of another layout. */
    static final int FRAGMENT_PREFIX = 40;

    /** The longest error id between level and source: {@code [0x01803e]}, with room for a longer one. */
    static final int ERROR_ID_LENGTH = 16;

    /** The levels a fragment may start with. */
    static final String[] FRAGMENT_LEVELS = {"Info", "Error", "Warning"};
    /** The sources a fragment's second column may name. */
    static final String[] FRAGMENT_SOURCES = {
        "CBS", "CSI", "DISM", "DPX", "SR", "TI", "CMIADAPTER", "SP", "MIG", "MOUPG", "CONX", "PANTHR", "SYSPRP"
    };

    /**
     * The sources a line quoted with its source column alone may name ({@code CBS Failed to pin deployment ...}, as
     * articles quote it): CBS and CSI only, as DISM's and the others' words also start console and prose lines.
     */
    static final String[] SOURCE_ONLY_SOURCES = {"CBS", "CSI"};
    /** The level of such a line: the quote left it out, and a line that says "Failed" or a code is read the same. */
    static final String SOURCE_ONLY_LEVEL = "Info";

    /**
     * Where the source column of a line quoted without time and level starts, or -1: after blanks, a source of
     * {@link #SOURCE_ONLY_SOURCES}, blanks, then an upper-case letter or a digit (CBS's text, CSI's hex id).
     */
    static int sourceOnlyAt(String l) {
        int i = skipSpaces(l, 0);
        int end = word(l, i);
        if (!oneOf(l, i, end, SOURCE_ONLY_SOURCES)) {
            return -1;
        }
        int t = skipSpaces(l, end);
        if (t == end || t >= l.length()) {
            return -1;
        }
        char c = l.charAt(t);
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? i : -1;
    }

    static boolean isStamped(String l) {
        return l.length() >= 21
                && l.charAt(4) == '-'
                && l.charAt(7) == '-'
                && l.charAt(10) == ' '
                && l.charAt(13) == ':'
                && l.charAt(16) == ':'
                && l.charAt(19) == ','
                && isDigit(l.charAt(0))
                && isDigit(l.charAt(3))
                && isDigit(l.charAt(5))
                && isDigit(l.charAt(18));
    }

    /** Only what a continuation line takes over: the level and source of a line that was not read. */
    static ServicingLine carrier(String level, String source) {
        return new ServicingLine("", false, true, level, source, "");
    }

    static ServicingLine parse(String raw, ServicingLine previous) {
        if (!isStamped(raw)) {
            int fragment = fragmentLevelAt(raw);
            if (fragment >= 0) {
                return columns(raw, false, fragment);
            }
            int source = sourceOnlyAt(raw);
            if (source >= 0) {
                int sourceEnd = word(raw, source);
                return new ServicingLine(
                        raw,
                        false,
                        true,
                        SOURCE_ONLY_LEVEL,
                        constant(raw, source, sourceEnd),
                        raw.substring(skipSpaces(raw, sourceEnd)));
            }
            // Only at the start of a text or after lines of the same kind: after a stamped line (or its carrier, as
            // the gate passes it) such a line continues the stamped one.
            if (previous == null || previous.bare) {
                ServicingLine bare = bare(raw);
                if (bare != null) {
                    return bare;
                }
            }
            // A line among quoted ones stays among them (bare), read or not: so the gate, which turns lines down, and a
            // reading of every line agree on which lines are quoted.
            return new ServicingLine(
                    raw,
                    false,
                    false,
                    previous == null ? "" : previous.level,
                    previous == null ? "" : previous.source,
                    raw,
                    previous != null && previous.bare);
        }
        return columns(raw, true, skipSpaces(raw, 20));
    }

    /**
     * How CBS's own lines begin, whatever the result: the prefixes of its subsystems ({@code SQM: Reporting package
     * change completion …}, {@code TI: CBS has queried …}, {@code Exec: Processing complete.}, …) and its reports of a
     * package's or a feature's change. Microsoft Learn's articles quote CBS.log so, without columns (u09 in
     * eval/real-excerpts-team): such lines are servicing lines too, and their texts are read as the log's.
     */
    static final String[] CBS_TEXT_PREFIXES = {
        "SQM: ",
        "TI: ",
        "Exec: ",
        "Perf: ",
        "Appl: ",
        "Plan: ",
        "Startup: ",
        "Shtd: ",
        "Doqe: ",
        "DWLD: ",
        "Repr: ",
        "Winlogon: ",
        "FinalCommitPackagesState: ",
        "Reporting package change ",
        "Reporting selectable update change "
    };

    private static boolean startsWithOneOf(String raw, int i, String[] prefixes) {
        for (String prefix : prefixes) {
            if (raw.startsWith(prefix, i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A servicing line quoted with no column at all, its text alone (with at most a placeholder such as
     * {@code <timestamp>} before it), told by servicing's own way of stating a result: CBS's
     * {@code Failed to resolve package '…' [HRESULT = 0x800f0831 - CBS_E_STORE_CORRUPTION]}, DISM's
     * {@code Failed finalizing changes. - CDISMPackageManager::Internal_Finalize(hr:0x800f0806)} and
     * {@code … - GetCbsErrorMsg}. Only at the start of a text or after other such lines: in a log, such a line
     * continues the stamped one before it. DISM writes its {@code (hr:0x8…)} results at level Error; CBS writes failure HRESULTs at Info as
     * often as not, so its lines are taken as Info, as the quoted ones of {@link #SOURCE_ONLY_LEVEL}.
     */
    static ServicingLine bare(String raw) {
        int i = skipSpaces(raw, 0);
        if (i < raw.length() && raw.charAt(i) == '<') {
            int close = raw.indexOf('>', i);
            if (close < 0 || close - i > FRAGMENT_PREFIX) {
                return null;
            }
            i = skipSpaces(raw, close + 1);
        }
        if (i >= raw.length() || !Character.isLetter(raw.charAt(i))) {
            return null;
        }
        boolean dism = raw.indexOf("(hr:0x", i) >= 0 || raw.endsWith(" - GetCbsErrorMsg");
        boolean cbs = !dism && (raw.indexOf("[HRESULT = 0x", i) >= 0 || startsWithOneOf(raw, i, CBS_TEXT_PREFIXES));
        if (!dism && !cbs) {
            return null;
        }
        String level = dism && (raw.indexOf("(hr:0x8", i) >= 0 || raw.endsWith(" - GetCbsErrorMsg"))
                ? "Error"
                : SOURCE_ONLY_LEVEL;
        return new ServicingLine(raw, false, true, level, dism ? "DISM" : "CBS", raw.substring(i), true);
    }

    private static ServicingLine columns(String raw, boolean stamped, int i) {
        int levelEnd = word(raw, i);
        String level = constant(raw, i, levelEnd);
        int padded = skipSpaces(raw, levelEnd);
        int s = afterErrorId(raw, padded);
        // A stamped line whose source column is blank (Setup's own lines: "Error" and 24 blanks, then "Failed to
        // delete ..."): the first word is the text's, not a source.
        int sourceEnd = stamped && s == padded && padded >= TEXT_COLUMN ? s : word(raw, s);
        String source = constant(raw, s, sourceEnd);
        int t = skipSpaces(raw, sourceEnd);
        return new ServicingLine(raw, stamped, true, level, source, raw.substring(t));
    }

    /**
     * Where the level column of a fragment starts, or -1 when the (unstamped) line is none: after blanks, a level of
     * {@link #FRAGMENT_LEVELS}, or one that follows the first ", " within {@link #FRAGMENT_PREFIX} ASCII characters,
     * or up to three words of a date and time ({@link #isStampWord}) and blanks; then blanks and a source of {@link #FRAGMENT_SOURCES}, followed by a blank or the end of the line.
     */
    static int fragmentLevelAt(String l) {
        int n = l.length();
        int i = 0;
        while (i < n && (l.charAt(i) == ' ' || l.charAt(i) == '\t')) {
            i++;
        }
        if (i >= n) {
            return -1;
        }
        if (fragmentColumnsAt(l, i)) {
            return i;
        }
        int limit = Math.min(n - 1, i + FRAGMENT_PREFIX);
        for (int j = i; j < limit; j++) {
            char c = l.charAt(j);
            if (c >= 0x80) {
                // Not ASCII: the bytes differ from here on, so the gate's test on bytes stops here too.
                break;
            }
            if (c == ',' && l.charAt(j + 1) == ' ') {
                int at = skipSpaces(l, j + 1);
                return fragmentColumnsAt(l, at) ? at : -1;
            }
        }
        // No ", ": a date and time of another layout, words of digits and "/:.-[]T" (or AM, PM), then the columns.
        int j = i;
        for (int token = 0; token < 3; token++) {
            int end = word(l, j);
            if (end - i > FRAGMENT_PREFIX || !isStampWord(l, j, end)) {
                return -1;
            }
            j = skipSpaces(l, end);
            if (fragmentColumnsAt(l, j)) {
                return j;
            }
        }
        return -1;
    }

    /** A word of a date or time: digits and {@code /:.-[]T} with at least one digit, or AM or PM. */
    static boolean isStampWord(String l, int from, int to) {
        if (to - from == 2 && (l.startsWith("AM", from) || l.startsWith("PM", from))) {
            return true;
        }
        boolean digit = false;
        for (int k = from; k < to; k++) {
            char c = l.charAt(k);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if ("/:.-[]T".indexOf(c) < 0) {
                return false;
            }
        }
        return digit;
    }

    /** A level of {@link #FRAGMENT_LEVELS} at {@code i}, blanks, and a source of {@link #FRAGMENT_SOURCES} ending in a blank or the line's end. */
    private static boolean fragmentColumnsAt(String l, int i) {
        int levelEnd = word(l, i);
        if (levelEnd == l.length() || !oneOf(l, i, levelEnd, FRAGMENT_LEVELS)) {
            return false;
        }
        int s = afterErrorId(l, skipSpaces(l, levelEnd));
        int sourceEnd = word(l, s);
        return oneOf(l, s, sourceEnd, FRAGMENT_SOURCES);
    }

    /**
     * Past the error id that Windows 10 and later put between the level and the source of an Error line
     * ({@code Error      [0x01803e] CSI    00000e64 (F) Failed execution of queue item ...}), or {@code i} itself.
     */
    private static int afterErrorId(String l, int i) {
        if (!l.startsWith("[0x", i)) {
            return i;
        }
        int close = l.indexOf(']', i);
        return close < 0 || close - i > ERROR_ID_LENGTH ? i : skipSpaces(l, close + 1);
    }

    private static boolean oneOf(String l, int from, int to, String[] words) {
        for (String w : words) {
            if (w.length() == to - from && l.startsWith(w, from)) {
                return true;
            }
        }
        return false;
    }

    boolean isError() {
        return "Error".equals(level);
    }

    /**
     * The timestamp, or null for a continuation line or an impossible date. A fragment has one only where an ISO date
     * and time ({@code 2020-02-06 18:53:04}, {@code 2020-02-06T18:53:04}) stands before its columns; placeholders and
     * dates in a locale's order are unknown times.
     */
    LocalDateTime time() {
        if (!stamped) {
            return columned ? fragmentTime() : null;
        }
        return stampTime(raw);
    }

    /** The timestamp of a stamped line ({@link #isStamped}), or null for an impossible date. */
    static LocalDateTime stampTime(String raw) {
        try {
            return LocalDateTime.of(
                    num(raw, 0, 4),
                    num(raw, 5, 7),
                    num(raw, 8, 10),
                    num(raw, 11, 13),
                    num(raw, 14, 16),
                    num(raw, 17, 19));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * The timestamp of a stamped line whose date is {@code day} (its first {@link #DATE_LENGTH} characters are those
     * of a line that gave {@code day}), or null for an impossible time: as {@link #stampTime}, without checking the
     * date again.
     */
    static LocalDateTime stampTimeOn(String raw, LocalDate day) {
        try {
            return LocalDateTime.of(day, LocalTime.of(num(raw, 11, 13), num(raw, 14, 16), num(raw, 17, 19)));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private LocalDateTime fragmentTime() {
        int columns = raw.length() - text.length();
        for (int i = 0; i + TIMESTAMP_LENGTH <= columns; i++) {
            if (isDigit(raw.charAt(i))
                    && raw.charAt(i + 4) == '-'
                    && raw.charAt(i + 7) == '-'
                    && (raw.charAt(i + 10) == ' ' || raw.charAt(i + 10) == 'T')
                    && raw.charAt(i + 13) == ':'
                    && raw.charAt(i + 16) == ':'
                    && (i == 0 || !isDigit(raw.charAt(i - 1)))) {
                try {
                    return LocalDateTime.of(
                            num(raw, i, i + 4),
                            num(raw, i + 5, i + 7),
                            num(raw, i + 8, i + 10),
                            num(raw, i + 11, i + 13),
                            num(raw, i + 14, i + 16),
                            num(raw, i + 17, i + 19));
                } catch (DateTimeException | NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static int num(String raw, int from, int to) {
        return Integer.parseInt(raw, from, to, 10);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int word(String s, int i) {
        while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
            i++;
        }
        return i;
    }

    /** The levels and sources that fill every line are shared constants, not a new String per line. */
    private static String constant(String s, int from, int to) {
        for (String known : KNOWN) {
            if (known.length() == to - from && s.regionMatches(from, known, 0, known.length())) {
                return known;
            }
        }
        return s.substring(from, to);
    }

    private static final String[] KNOWN = {"Info", "Error", "Warning", "Perf", "CBS", "CSI", "DISM", "DPX", "SR", "TI"};
}
