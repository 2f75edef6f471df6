package com.patchdesk.server.web;

import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.Priority;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The case list's filters as the query string carries them ({@code /cases?status=INVESTIGATING&kb=KB5032196}).
 * Blank fields mean "any". {@code owner} is a user id, or {@code 0} for cases nobody owns.
 */
record CaseFilter(String q, CaseStatus status, Priority priority, SlaState sla, Long customer, Long owner,
                  String kb, String error, Integer page) {

    static final int MAX_TERMS = 8;

    /** The words of {@code q}, lower-cased; every one must occur (Chinese text has no spaces, a word is a substring). */
    List<String> terms() {
        if (q == null || q.isBlank()) {
            return List.of();
        }
        return Arrays.stream(q.strip().toLowerCase(Locale.ROOT).split("\\s+")).distinct().limit(MAX_TERMS).toList();
    }

    /** {@code kb5032196} and {@code 5032196} both mean {@code KB5032196}. */
    String normalisedKb() {
        if (kb == null || kb.isBlank()) {
            return null;
        }
        String value = kb.strip().toUpperCase(Locale.ROOT);
        return value.startsWith("KB") ? value : "KB" + value;
    }

    /** {@code 800f0986} and {@code 0x800F0986} are the same code; the case desk stores {@code 0x800F0986}. */
    String normalisedError() {
        if (error == null || error.isBlank()) {
            return null;
        }
        String value = error.strip().toLowerCase(Locale.ROOT);
        return "0x" + (value.startsWith("0x") ? value.substring(2) : value).toUpperCase(Locale.ROOT);
    }

    int pageIndex() {
        return page == null || page < 0 ? 0 : page;
    }
}
