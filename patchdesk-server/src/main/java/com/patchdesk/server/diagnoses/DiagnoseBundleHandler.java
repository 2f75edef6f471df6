package com.patchdesk.server.diagnoses;

import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.EntryWording;
import com.patchdesk.server.cases.EntryWordings;
import com.patchdesk.server.files.CaseFile;
import com.patchdesk.server.files.CaseFiles;
import com.patchdesk.server.jobs.Job;
import com.patchdesk.server.jobs.JobHandler;
import com.patchdesk.server.jobs.PermanentJobFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code diagnose-bundle} job: copies the uploaded content from the blob store to a scratch file (the engine
 * wants a path; the blob may be in S3), analyses it in a child JVM, stores report and findings and notes the result
 * on the case. A bundle the engine cannot diagnose is a result too — recorded with the reason, not retried; the
 * upload itself stays on the case for engineers.
 */
@Component
class DiagnoseBundleHandler implements JobHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(DiagnoseBundleHandler.class);

    private final Diagnoses diagnoses;
    private final CaseAccess cases;
    private final CaseFiles files;
    private final CaseTimeline timeline;
    private final BundleAnalyzer analyzer;
    private final DiagnosisProperties settings;
    private final ArrivingDiagnoses arriving;
    private final EntryWordings wordings;

    DiagnoseBundleHandler(
            Diagnoses diagnoses,
            CaseAccess cases,
            CaseFiles files,
            CaseTimeline timeline,
            BundleAnalyzer analyzer,
            DiagnosisProperties settings,
            ArrivingDiagnoses arriving,
            EntryWordings wordings) {
        this.diagnoses = diagnoses;
        this.cases = cases;
        this.files = files;
        this.timeline = timeline;
        this.analyzer = analyzer;
        this.settings = settings;
        this.arriving = arriving;
        this.wordings = wordings;
    }

    @Override
    public String type() {
        return Diagnoses.JOB_TYPE;
    }

    /** The child is killed at the analysis timeout; this only covers copying the bundle and storing results. */
    @Override
    public Duration timeout() {
        return settings.timeout().plusMinutes(10);
    }

    @Override
    public void handle(Job job) throws Exception {
        long id = JSON.readTree(job.payload()).path("diagnosisId").asLong();
        Diagnoses.Request request =
                diagnoses.requestOf(id).orElseThrow(() -> new PermanentJobFailure("no diagnosis " + id));
        if (request.status().equals("done") || request.status().equals("failed")) {
            return;
        }
        // The diagnosis was requested by someone allowed to upload to this case; the job acts on their behalf.
        CaseRef ref = cases.resolve(new CaseNumber(request.caseNumber()))
                .orElseThrow(() -> new PermanentJobFailure("case " + request.caseNumber() + " no longer exists"));
        CaseFile file = files.find(ref, request.fileId())
                .filter(CaseFile::stored)
                .orElseThrow(() -> new PermanentJobFailure("file " + request.fileId() + " is not stored"));
        diagnoses.started(id);
        Files.createDirectories(settings.scratch());
        // The upload's own name (shortened if too long for the disk), in a folder of its own: the report then names
        // what the customer sent.
        Path folder = Files.createTempDirectory(settings.scratch(), "diagnosis-" + id + "-");
        Path bundle = folder.resolve(ScratchName.of(file.name()));
        try {
            Analysis analysis = analysedWhileArriving(file, request.language());
            if (analysis == null) {
                BundlePlacement.place(files, file, bundle);
                analysis = analyzer.analyze(bundle, request.language(), settings.timeout());
            }
            EntryWording message = message(analysis, file.name());
            // The result and its entry in one transaction (a kill between them lost the entry for good), stored only
            // while this attempt still holds the job. The diagnosis keeps its message in the case's language (the
            // API's); the entry says it in each reader's.
            String said = message == null ? null : wordings.say(message, request.language());
            diagnoses.completed(id, job.attempt(), analysis, said, () -> {
                DiagnosisView view = diagnoses.view(ref.id(), id).orElseThrow();
                timeline.append(
                        ref,
                        EntryKind.DIAGNOSIS,
                        null,
                        DiagnosisText.summary(file.name(), view),
                        DiagnosisText.body(message, view),
                        "diagnosis",
                        id,
                        false,
                        request.language());
            });
        } catch (Diagnoses.AttemptSupersededException e) {
            log.warn("{}", e.getMessage());
        } catch (BundleAnalyzer.BundleRejectedException e) {
            // Why the engine could not read the bundle (not a zip, encrypted, a zip bomb): the customer's to know.
            recordFailure(
                    ref, id, job.attempt(), request.language(), DiagnosisText.failed(file.name(), e.getMessage()));
        } catch (IOException | RuntimeException e) {
            // Interrupted: the server is stopping (the job goes back to the queue, this attempt not counted) or the
            // handler ran out of time (the job fails and AbandonedDiagnoses fails the diagnosis). Neither is the
            // bundle's failure: a deploy must not fail a diagnosis on its last attempt for good.
            if (job.attempt() >= job.maxAttempts() && !Thread.currentThread().isInterrupted()) {
                // The reason is the server's (a path of its scratch folder, a crashed child's log): it goes to the
                // server log; the case, which the customer reads, is told that the server failed.
                log.error(
                        "diagnosis {} of upload {} on case {} failed on its last attempt", id, file.id(), ref.id(), e);
                recordFailure(ref, id, job.attempt(), request.language(), DiagnosisText.failedOnTheServer(file.name()));
            }
            throw e;
        } finally {
            Files.deleteIfExists(bundle);
            Files.deleteIfExists(folder);
        }
    }

    /**
     * What the case is told beside the findings: that nothing could be read, or that only part of the bundle could
     * (a damaged zip whose entries were read up to the damage: no file read whole, yet lines, and findings, from
     * them); nothing when the bundle's files were read.
     */
    private static EntryWording message(Analysis analysis, String fileName) {
        if (Diagnoses.NOTHING_READ.equals(analysis.outcome())) {
            return DiagnosisText.nothingRead(fileName, analysis.skipped());
        }
        return analysis.filesRead() == 0 ? DiagnosisText.partlyRead(fileName, analysis.skipped()) : null;
    }

    /**
     * The analysis of the child that followed the upload as it arrived ({@link ArrivingDiagnoses}), or null when
     * there was none or it failed for a reason of its own (then the stored file is analysed as any other). A bundle
     * it rejects is rejected: a child given the stored file would have said the same.
     */
    private Analysis analysedWhileArriving(CaseFile file, Locale language)
            throws BundleAnalyzer.BundleRejectedException {
        ArrivingAnalysis child = arriving.claim(file.id(), language).orElse(null);
        if (child == null) {
            return null;
        }
        try {
            Analysis analysis = child.result(settings.timeout());
            arriving.count(child.readWhileArriving() ? "used" : "read-again");
            log.info(
                    "diagnosis of upload {}: the analysis that followed it as it arrived {}",
                    file.id(),
                    child.readWhileArriving() ? "is used" : "read the stored file again");
            return analysis;
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "the analysis that followed upload {} as it arrived failed; analysing the stored file",
                    file.id(),
                    e);
            arriving.count("failed");
            return null;
        }
    }

    private void recordFailure(CaseRef ref, long id, int attempt, Locale language, EntryWording message) {
        try {
            diagnoses.failed(
                    id,
                    attempt,
                    wordings.say(message, language),
                    () -> timeline.append(
                            ref, EntryKind.DIAGNOSIS, null, message, null, "diagnosis", id, false, language));
        } catch (Diagnoses.AttemptSupersededException e) {
            log.warn("{}", e.getMessage());
        }
    }
}
