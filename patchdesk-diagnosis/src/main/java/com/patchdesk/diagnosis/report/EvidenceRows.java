package com.patchdesk.diagnosis.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The evidence of one finding as lines to print, each log line once: neighbouring evidence lines share their
 * context, and a context line that is itself evidence is printed as evidence, in its own place.
 */
record EvidenceRows(List<Row> rows) {

    /**
     * One printed line.
     *
     * @param cited true for an evidence line (labelled {@code file:line}), false for a context line (labelled with
     *              its number only)
     */
    record Row(boolean cited, String label, String text) {}

    static EvidenceRows of(List<Evidence> evidence) {
        Set<String> cited = new HashSet<>();
        evidence.forEach(e -> cited.add(e.location()));
        Set<String> printed = new HashSet<>();
        List<Row> rows = new ArrayList<>();
        for (Evidence e : evidence) {
            e.before().forEach(n -> context(e.file(), n, cited, printed, rows));
            if (printed.add(e.location())) {
                rows.add(new Row(true, e.location(), e.text().strip()));
            }
            e.after().forEach(n -> context(e.file(), n, cited, printed, rows));
        }
        return new EvidenceRows(List.copyOf(rows));
    }

    private static void context(
            String file, Evidence.NearbyLine nearby, Set<String> cited, Set<String> printed, List<Row> rows) {
        String location = file + ":" + nearby.line();
        if (!cited.contains(location) && printed.add(location)) {
            rows.add(new Row(false, Long.toString(nearby.line()), nearby.text().strip()));
        }
    }
}
