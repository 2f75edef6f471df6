package com.patchdesk.server.mail;

import java.util.regex.Pattern;

/** Subjects of case mail: {@code [CAS-12345-ABC123] <title> [ref:<token>]}. */
final class CaseMailSubject {

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]+");
    private static final int MAX_TITLE = 200;

    private CaseMailSubject() {}

    /**
     * Builds the subject. Line breaks and other control characters in the title are flattened: a title typed
     * by anyone must never be able to start a new header line.
     */
    static String of(String caseNumber, String title, TrackingToken token) {
        String clean =
                CONTROL.matcher(title == null ? "" : title).replaceAll(" ").strip();
        // Any tag the title already carries (an engineer re-using a reply's subject) is replaced, not repeated.
        clean = clean.replace("[" + caseNumber + "]", "")
                .replaceAll("(?i)\\[ref:(?:" + TrackingToken.FORM + ")]", "")
                .strip();
        if (clean.length() > MAX_TITLE) {
            clean = clean.substring(0, MAX_TITLE);
        }
        return "[" + caseNumber + "] " + clean + " " + token.tag();
    }
}
