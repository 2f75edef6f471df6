package com.patchdesk.server.diagnoses;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Prepares the analysis children once the server is up, on a thread of its own: the extraction of the server jar and
 * the class archive ({@link ExtractedRuntime}) were made by the first diagnosis after a start, which waited for them
 * (6 s of a 1 GiB upload's diagnosis on a busy 2-core machine; docs/performance-history.md, "The server path on the
 * real mix"). Done once per server jar: both stay in the data folder, and a later start finds them.
 */
@Component
class AnalysisWarmUp {

    private static final Logger log = LoggerFactory.getLogger(AnalysisWarmUp.class);

    private final BundleAnalyzer analyzer;
    private final DiagnosisProperties settings;

    AnalysisWarmUp(BundleAnalyzer analyzer, DiagnosisProperties settings) {
        this.analyzer = analyzer;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        if (!settings.warmUp()) {
            return;
        }
        Thread thread = new Thread(
                () -> {
                    long started = System.nanoTime();
                    try {
                        if (analyzer.prepare(Duration.ofMinutes(2))) {
                            log.info("Analysis children prepared in {} ms", (System.nanoTime() - started) / 1_000_000);
                        }
                    } catch (Exception e) {
                        // The first diagnosis prepares them as before; nothing is lost but its time.
                        log.warn(
                                "Could not prepare the analysis children ahead of the first diagnosis: {}",
                                e.toString());
                    }
                },
                "analysis-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
