package com.patchdesk.server.diagnoses;

import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.files.CaseFile;
import com.patchdesk.server.files.CaseFiles;
import com.patchdesk.server.jobs.Job;
import com.patchdesk.server.jobs.JobHandler;
import com.patchdesk.server.jobs.PermanentJobFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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

    private final Diagnoses diagnoses;
    private final CaseAccess cases;
    private final CaseFiles files;
    private final CaseTimeline timeline;
    private final BundleAnalyzer analyzer;
    private final DiagnosisProperties settings;

    DiagnoseBundleHandler(
            Diagnoses diagnoses,
            CaseAccess cases,
            CaseFiles files,
            CaseTimeline timeline,
            BundleAnalyzer analyzer,
            DiagnosisProperties settings) {
        this.diagnoses = diagnoses;
        this.cases = cases;
        this.files = files;
        this.timeline = timeline;
        this.analyzer = analyzer;
        this.settings = settings;
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
        DiagnosisText text = new DiagnosisText(request.language());
        diagnoses.started(id);
        Files.createDirectories(settings.scratch());
        // The upload's own (sanitised) name, in a folder of its own: the report then names what the customer sent.
        Path folder = Files.createTempDirectory(settings.scratch(), "diagnosis-" + id + "-");
        Path bundle = folder.resolve(file.name());
        try {
            place(file, bundle);
            Analysis analysis = analyzer.analyze(bundle, request.language(), settings.timeout());
            String message = analysis.filesRead() == 0 ? text.nothingRead(file.name(), analysis.skipped()) : null;
            diagnoses.completed(id, analysis, message);
            DiagnosisView view = diagnoses.view(ref.id(), id).orElseThrow();
            timeline.append(
                    ref,
                    EntryKind.DIAGNOSIS,
                    null,
                    text.summary(file.name(), view),
                    text.body(view),
                    "diagnosis",
                    id,
                    false);
        } catch (BundleAnalyzer.BundleRejectedException e) {
            recordFailure(ref, id, text, file, e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (job.attempt() >= job.maxAttempts()) {
                recordFailure(ref, id, text, file, e.getMessage());
            }
            throw e;
        } finally {
            Files.deleteIfExists(bundle);
            Files.deleteIfExists(folder);
        }
    }

    /**
     * Puts the upload at {@code bundle}: a symbolic link to the blob when it is a local file (no copy of a 1 GiB
     * bundle), otherwise a streamed copy (S3).
     */
    private void place(CaseFile file, Path bundle) throws IOException {
        var local = files.localFile(file);
        if (local.isPresent()) {
            try {
                Files.createSymbolicLink(bundle, local.get().toAbsolutePath());
                return;
            } catch (UnsupportedOperationException | IOException noLinks) {
                // A file system without symbolic links: fall back to copying.
            }
        }
        try (InputStream in = files.open(file, null)) {
            Files.copy(in, bundle, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void recordFailure(CaseRef ref, long id, DiagnosisText text, CaseFile file, String reason) {
        String message = text.failed(file.name(), reason);
        diagnoses.failed(id, message);
        timeline.append(ref, EntryKind.DIAGNOSIS, null, message, null, "diagnosis", id, false);
    }
}
