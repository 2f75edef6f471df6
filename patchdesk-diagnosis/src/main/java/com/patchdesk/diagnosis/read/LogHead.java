package com.patchdesk.diagnosis.read;

import java.util.function.Predicate;

/**
 * The first lines of a file, as every reader is shown them to say whether the file is its format
 * ({@link LogReader#recognises}). What several readers ask (how many lines have the servicing columns) is worked
 * out once, when first asked.
 */
public final class LogHead {

    /** How many lines of the head the readers look at. */
    static final int LINES_LOOKED_AT = 80;

    private final String text;
    private final String[] lines;
    private int servicing = -1;
    private int sourceOnly;
    private int dismSource;
    private int bare;
    private int nonBlank;

    LogHead(String text) {
        this.text = text;
        String[] split = text.split("\r?\n", LINES_LOOKED_AT + 1);
        int n = Math.min(split.length, LINES_LOOKED_AT);
        lines = new String[n];
        System.arraycopy(split, 0, lines, 0, n);
        if (n > 0 && !lines[0].isEmpty() && lines[0].charAt(0) == '\uFEFF') {
            lines[0] = lines[0].substring(1);
        }
    }

    /** The whole head as decoded (more than the lines looked at). */
    String text() {
        return text;
    }

    /** The lines looked at, in order. */
    String[] lines() {
        return lines.clone();
    }

    boolean contains(String s) {
        return text.contains(s);
    }

    /** Whether any of the lines looked at satisfies {@code test}. */
    boolean anyLine(Predicate<String> test) {
        for (String line : lines) {
            if (test.test(line)) {
                return true;
            }
        }
        return false;
    }

    /** How many of the lines looked at satisfy {@code test}. */
    int countLines(Predicate<String> test) {
        int n = 0;
        for (String line : lines) {
            if (test.test(line)) {
                n++;
            }
        }
        return n;
    }

    /** The first line that is not blank, or null. */
    String firstText() {
        for (String line : lines) {
            if (!line.isBlank()) {
                return line;
            }
        }
        return null;
    }

    /** Lines with the level and source columns of CBS.log and DISM.log, stamped or quoted without their time. */
    int servicingLines() {
        countServicing();
        return servicing;
    }

    /**
     * Lines quoted with CBS's or CSI's source column alone ({@code CBS Failed to pin deployment ...}): not counted in
     * {@link #servicingLines()}, since other reports also print such words first (CheckSUR's "CBS MUM Missing Total
     * count: 2").
     */
    int sourceOnlyServicingLines() {
        countServicing();
        return sourceOnly;
    }

    /**
     * Whether the head is servicing lines quoted with no column at all ({@link ServicingLine#bare}): most of its
     * non-blank lines. One such line in a console transcript or a report does not make it a log.
     */
    boolean mostlyBareServicingLines() {
        countServicing();
        return bare > 0 && bare * 2 >= nonBlank;
    }

    /** Whether the head is the whole text: it has fewer lines than a reader looks at. */
    boolean wholeText() {
        return lines.length < LINES_LOOKED_AT;
    }

    /** Of {@link #servicingLines()}, those written by DISM. */
    int dismSourceLines() {
        countServicing();
        return dismSource;
    }

    private void countServicing() {
        if (servicing >= 0) {
            return;
        }
        servicing = 0;
        ServicingLine previous = null;
        for (String line : lines) {
            if (!line.isBlank()) {
                nonBlank++;
            }
            ServicingLine l = ServicingLine.parse(line, previous);
            previous = l.bare() ? l : null;
            if (l.bare() && l.columned()) {
                bare++;
            } else if (l.bare()) {
                continue; // a line among quoted ones, without a result of its own
            } else if (l.columned() && !l.stamped() && ServicingLine.fragmentLevelAt(line) < 0) {
                sourceOnly++;
            } else if (l.columned() && !l.level().isEmpty() && (!l.source().isEmpty() || l.stamped())) {
                // A stamped line with a blank source column (Setup's own lines) is a servicing line too.
                servicing++;
                if (l.source().equals("DISM")) {
                    dismSource++;
                }
            }
        }
    }
}
