package com.patchdesk.server.diagnoses;

import com.patchdesk.diagnosis.AnalysisOptions;
import com.patchdesk.diagnosis.Diagnosis;
import com.patchdesk.diagnosis.bundle.BundleUnreadableException;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.report.Evidence;
import com.patchdesk.diagnosis.report.Finding;
import com.patchdesk.diagnosis.report.RemediationStep;
import com.patchdesk.diagnosis.report.ReportFormat;
import com.patchdesk.diagnosis.report.SkipReasons;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The main class {@link ChildJvmAnalyzer} starts in a child JVM: {@code DiagnosisChild BUNDLE OUT_DIR LANGUAGE}, or
 * {@code DiagnosisChild --arriving SIZE_FILE IDLE_SECONDS BUNDLE OUT_DIR LANGUAGE} for an upload still arriving, whose file is
 * its standard input ({@link ArrivingAnalysis}).
 * Runs the engine once and writes the engine's JSON report in every language a viewer may choose, plus a summary the server stores without parsing the
 * report. Never loads Spring; everything it needs is the engine and Jackson.
 */
public final class DiagnosisChild {

    private static final int EVIDENCE_PER_FINDING = 3;
    /** Lines shown around each evidence line on the diagnosis page. */
    static final int CONTEXT_LINES = 3;
    /** Every language a viewer may choose; the one analysis is rendered in each. */
    static final List<Locale> REPORT_LANGUAGES = List.of(Locale.ENGLISH, Locale.forLanguageTag("zh-CN"));

    private DiagnosisChild() {}

    /** The first argument of a child that reads an upload while it arrives. */
    static final String ARRIVING = "--arriving";
    /** Written into the output folder by such a child: whether the upload was read as it arrived or again after. */
    static final String ARRIVED = "arrived.txt";

    static final String READ_WHILE_ARRIVING = "read while arriving";

    public static void main(String[] args) throws IOException {
        ParentProcessWatch.start();
        boolean read = ARRIVING.equals(args[0])
                ? analyseArriving(
                        Path.of(args[1]),
                        Duration.ofSeconds(Long.parseLong(args[2])),
                        Path.of(args[3]),
                        Path.of(args[4]),
                        Locale.forLanguageTag(args[5]))
                : analyseInto(Path.of(args[0]), Path.of(args[1]), Locale.forLanguageTag(args[2]));
        System.exit(read ? 0 : ChildJvmAnalyzer.EXIT_REJECTED);
    }

    /**
     * Analyses an upload while the server writes it to the file given as this JVM's standard input; {@code bundle}
     * is where the server puts the complete upload before it writes the upload's size into {@code sizeFile}. The
     * report is the one {@link #analyseInto} gives for {@code bundle}. A server that gives the upload up kills the
     * child: nothing it read is of use; an upload of which nothing arrives for {@code idle} ends it too (the analysis
     * fails with the upload's error).
     */
    static boolean analyseArriving(Path sizeFile, Duration idle, Path bundle, Path out, Locale locale)
            throws IOException {
        Diagnosis.Arrived arrived;
        try (GrowingFile arriving =
                new GrowingFile(new FileInputStream(FileDescriptor.in).getChannel(), sizeFile, idle)) {
            arrived = Diagnosis.arrived(bundle, arriving, options());
        } catch (BundleUnreadableException e) {
            return rejected(out, e);
        }
        Files.writeString(
                out.resolve(ARRIVED),
                arrived.readWhileArriving() ? READ_WHILE_ARRIVING : "read again once complete",
                StandardCharsets.UTF_8);
        write(arrived.report(), out, locale);
        return true;
    }

    private static AnalysisOptions options() {
        return AnalysisOptions.defaults().withContextLines(CONTEXT_LINES);
    }

    /**
     * Analyses {@code bundle} and writes the reports and {@code analysis.json} into {@code out}; false, with
     * {@code rejected.txt} written instead, when the bundle as a whole cannot be read. Used once per JVM by
     * {@link #main} and once per request by {@link AnalysisWorker}.
     */
    static boolean analyseInto(Path bundle, Path out, Locale locale) throws IOException {
        DiagnosisReport report;
        try {
            report = Diagnosis.analyze(bundle, options());
        } catch (BundleUnreadableException e) {
            return rejected(out, e);
        }
        write(report, out, locale);
        return true;
    }

    /** Why the bundle as a whole cannot be read, for the server ({@link ChildJvmAnalyzer#rejected}); false. */
    private static boolean rejected(Path out, BundleUnreadableException e) throws IOException {
        Files.writeString(out.resolve("rejected.txt"), String.valueOf(e.getMessage()), StandardCharsets.UTF_8);
        return false;
    }

    /** The report in every language a viewer may choose, and the summary the server stores. */
    private static void write(DiagnosisReport report, Path out, Locale locale) throws IOException {
        for (Locale language : REPORT_LANGUAGES) {
            try (OutputStream file =
                    new BufferedOutputStream(Files.newOutputStream(out.resolve(reportFile(language))), 1 << 16)) {
                ReportFormat.JSON.write(report, language, file);
            }
        }
        writeResult(summarise(report, locale), out.resolve("analysis.json"));
    }

    /**
     * Writes {@code analysis.json} with Jackson's streaming generator: building an object mapper and introspecting
     * the records cost the child JVM 0.3 s, a quarter of the analysis of a small bundle. The
     * server reads the file back into {@link ChildJvmAnalyzer.ChildResult} with a mapper (a test pins the round trip).
     */
    static void writeResult(ChildJvmAnalyzer.ChildResult result, Path file) throws IOException {
        try (OutputStream stream = Files.newOutputStream(file);
                JsonGenerator json = new JsonFactory().createGenerator(ObjectWriteContext.empty(), stream)) {
            json.writeStartObject();
            json.writeStringProperty("outcome", result.outcome());
            json.writeNumberProperty("filesRead", result.filesRead());
            json.writeName("skipped");
            writeStrings(json, result.skipped());
            json.writeArrayPropertyStart("findings");
            for (StoredFinding f : result.findings()) {
                json.writeStartObject();
                json.writeNumberProperty("position", f.position());
                json.writeNumberProperty("depth", f.depth());
                json.writeStringProperty("key", f.key());
                json.writeStringProperty("ruleId", f.ruleId());
                json.writeStringProperty("severity", f.severity());
                json.writeStringProperty("titleEn", f.titleEn());
                json.writeStringProperty("titleZh", f.titleZh());
                json.writeEndObject();
            }
            json.writeEndArray();
            ChildJvmAnalyzer.Summary summary = result.summary();
            json.writeObjectPropertyStart("summary");
            json.writeStringProperty("headline", summary.headline());
            json.writeName("findings");
            writeStrings(json, summary.findings());
            json.writeName("plan");
            writeStrings(json, summary.plan());
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    private static void writeStrings(JsonGenerator json, List<String> values) {
        json.writeStartArray();
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    static String reportFile(Locale language) {
        return "report-" + language.toLanguageTag() + ".json";
    }

    static ChildJvmAnalyzer.ChildResult summarise(DiagnosisReport report, Locale locale) {
        List<StoredFinding> findings = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        Set<String> plan = new LinkedHashSet<>();
        for (Finding root : report.findings()) {
            flatten(root, 0, locale, findings, lines, plan);
        }
        List<String> skipped = report.bundle().skipped().stream()
                // Said in the case's language: the timeline's sentence around them is (DiagnosisText.nothingRead).
                .map(s -> s.path() + ": " + SkipReasons.in(s.reason(), locale))
                .toList();
        String headline =
                report.findings().isEmpty() ? null : report.findings().get(0).title(locale);
        return new ChildJvmAnalyzer.ChildResult(
                report.outcome().key(),
                report.bundle().read().size(),
                skipped,
                findings,
                new ChildJvmAnalyzer.Summary(headline, lines, List.copyOf(plan)));
    }

    private static void flatten(
            Finding finding, int depth, Locale locale, List<StoredFinding> into, List<String> lines, Set<String> plan) {
        into.add(new StoredFinding(
                into.size(),
                depth,
                finding.key(),
                finding.ruleId(),
                finding.severity().key(),
                finding.title(Locale.ENGLISH),
                finding.title(Locale.SIMPLIFIED_CHINESE)));
        List<String> where = finding.evidence().stream()
                .limit(EVIDENCE_PER_FINDING)
                .map(Evidence::location)
                .toList();
        lines.add(finding.title(locale) + (where.isEmpty() ? "" : " (" + String.join(", ", where) + ")"));
        for (RemediationStep step : finding.remediation()) {
            plan.add(PlanLine.of(step.text().in(locale), step.command().orElse(null)));
        }
        finding.children().forEach(child -> flatten(child, depth + 1, locale, into, lines, plan));
    }
}
