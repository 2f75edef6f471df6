package com.patchdesk.diagnosis.report;

import java.util.Locale;

/**
 * Why the scan skipped a file, in a report's language, for callers outside the reports (the server's timeline): the
 * scan and the JSON report keep the reasons in English; this says them as the text and Markdown reports do.
 */
public final class SkipReasons {

    private SkipReasons() {}

    /** {@code reason} (as {@code BundleScan.skipped()} gives it) in {@code locale}; unknown reasons as they are. */
    public static String in(String reason, Locale locale) {
        return Labels.skipReason(reason, locale);
    }
}
