package com.patchdesk.diagnosis.read;

import java.time.DateTimeException;
import java.time.LocalDateTime;

/**
 * One line of CBS.log, CbsPersist_*.log or DISM.log:
 * {@code 2023-11-20 10:21:33, Error                 CBS    Failed to resolve package ...}.
 * A line without the timestamp (a continuation, e.g. the "Expected:" line after a hash mismatch)
 * keeps the level and source of the line before it.
 *
 * @param text the part after the source column (the whole line for a continuation)
 */
record ServicingLine(String raw, boolean stamped, String level, String source, String text) {

    /** {@code 2023-11-20 10:21:33}. */
    static final int TIMESTAMP_LENGTH = 19;

    static boolean isStamped(String l) {
        return l.length() >= 21 && l.charAt(4) == '-' && l.charAt(7) == '-' && l.charAt(10) == ' '
                && l.charAt(13) == ':' && l.charAt(16) == ':' && l.charAt(19) == ','
                && isDigit(l.charAt(0)) && isDigit(l.charAt(3)) && isDigit(l.charAt(5)) && isDigit(l.charAt(18));
    }

    /** Only what a continuation line takes over: the level and source of a line that was not read. */
    static ServicingLine carrier(String level, String source) {
        return new ServicingLine("", false, level, source, "");
    }

    static ServicingLine parse(String raw, ServicingLine previous) {
        if (!isStamped(raw)) {
            return new ServicingLine(raw, false,
                    previous == null ? "" : previous.level, previous == null ? "" : previous.source, raw);
        }
        int i = skipSpaces(raw, 20);
        int levelEnd = word(raw, i);
        String level = constant(raw, i, levelEnd);
        int s = skipSpaces(raw, levelEnd);
        int sourceEnd = word(raw, s);
        String source = constant(raw, s, sourceEnd);
        int t = skipSpaces(raw, sourceEnd);
        return new ServicingLine(raw, true, level, source, raw.substring(t));
    }

    /** Whether the line has its own level and source columns (else it continues the line before it). */
    boolean columned() {
        return stamped;
    }

    boolean isError() {
        return "Error".equals(level);
    }

    /** The timestamp, or null for a continuation line or an impossible date. */
    LocalDateTime time() {
        if (!stamped) {
            return null;
        }
        try {
            return LocalDateTime.of(num(0, 4), num(5, 7), num(8, 10), num(11, 13), num(14, 16), num(17, 19));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private int num(int from, int to) {
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
