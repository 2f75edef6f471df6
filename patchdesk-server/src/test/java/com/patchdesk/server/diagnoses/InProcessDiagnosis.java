package com.patchdesk.server.diagnoses;

import com.patchdesk.diagnosis.AnalysisOptions;
import com.patchdesk.diagnosis.Diagnosis;
import com.patchdesk.diagnosis.bundle.BundleUnreadableException;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.report.ReportFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.json.JsonMapper;

/**
 * For tests that need hundreds of real diagnoses quickly (the 300-machine fleet): the engine runs in the server's
 * own JVM instead of a child JVM per bundle. The reports are the engine's own, made exactly as
 * {@link DiagnosisChild} makes them (the same options, every report language, the same summary); only the process
 * boundary, and with it the heap limit and the kill at the timeout, is left out. A JVM start per bundle costs about a
 * second of CPU, which on a loaded 2-core machine made 300 bundles take most of an hour.
 *
 * <p>Imported by a test; in effect only while the system property {@value #SWITCH} is {@code true}, otherwise the
 * server's child-JVM analyzer is used unchanged.
 */
@TestConfiguration(proxyBeanMethods = false)
public class InProcessDiagnosis {

    public static final String SWITCH = "patchdesk.test.in-process-analysis";

    @Bean
    @Primary
    BundleAnalyzer inProcessOrChildAnalyzer(@Qualifier("bundleAnalyzer") BundleAnalyzer child) {
        return Boolean.getBoolean(SWITCH) ? new Engine() : child;
    }

    /** The engine called directly, with the child's options and outputs. */
    static final class Engine implements BundleAnalyzer {

        private final JsonMapper json = JsonMapper.builder().build();

        @Override
        public Analysis analyze(Path bundle, Locale locale, Duration timeout)
                throws IOException, BundleRejectedException {
            DiagnosisReport report;
            try {
                report = Diagnosis.analyze(
                        bundle, AnalysisOptions.defaults().withContextLines(DiagnosisChild.CONTEXT_LINES));
            } catch (BundleUnreadableException e) {
                throw new BundleRejectedException(String.valueOf(e.getMessage()));
            }
            Map<String, String> reports = new LinkedHashMap<>();
            for (Locale language : DiagnosisChild.REPORT_LANGUAGES) {
                reports.put(language.toLanguageTag(), ReportFormat.JSON.render(report, language));
            }
            // Through the child's own file format and back, so that the server stores what it would from a child.
            Path result = Files.createTempFile("analysis-", ".json");
            try {
                DiagnosisChild.writeResult(DiagnosisChild.summarise(report, locale), result);
                ChildJvmAnalyzer.ChildResult read = json.readValue(
                        Files.readString(result, StandardCharsets.UTF_8), ChildJvmAnalyzer.ChildResult.class);
                return new Analysis(
                        reports,
                        read.outcome(),
                        read.findings(),
                        read.filesRead(),
                        read.skipped(),
                        json.writeValueAsString(read.summary()));
            } finally {
                Files.deleteIfExists(result);
            }
        }
    }
}
