package com.patchdesk.diagnosis.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The forms a report is written in. All are text: {@link #render} gives it, {@link #write} writes it as UTF-8. */
public enum ReportFormat {
    /** A readable terminal report. */
    TEXT,
    /** The versioned JSON document {@value DiagnosisReport#SCHEMA}; see {@code diagnosis-report.schema.json}. */
    JSON,
    /** Markdown for pasting into a reply to the customer. */
    MARKDOWN;

    /** The known-benign lines the report only counts, listed by shape as text (JSON lists them always). */
    public static String benignLines(DiagnosisReport report, Locale locale) {
        return new PlainTextReport(locale).benign(report);
    }

    public String render(DiagnosisReport report, Locale locale) {
        return switch (this) {
            case TEXT -> new PlainTextReport(locale).render(report);
            case JSON -> JsonReport.render(report, locale);
            case MARKDOWN -> new MarkdownReport(locale).render(report);
        };
    }

    /**
     * Writes the report as UTF-8 to {@code out}, which stays open (the caller flushes or closes it); an error of the
     * stream is thrown as it came. For a report that goes to a file, without the
     * whole document as a {@code String} and again as bytes (a typical bundle's JSON report in Chinese is about 0.5 MB).
     */
    public void write(DiagnosisReport report, Locale locale, OutputStream out) throws IOException {
        if (this == JSON) {
            JsonReport.write(report, locale, out);
        } else {
            out.write(render(report, locale).getBytes(StandardCharsets.UTF_8));
        }
    }
}
