package com.patchdesk.server.diagnoses;

import com.patchdesk.server.jobs.JobQueue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Diagnoses of uploaded files: requesting one (a queued job), recording its result, and reading them back. */
@Service
public class Diagnoses {

    static final String JOB_TYPE = "diagnose-bundle";
    /**
     * The engine's outcome for a bundle of which no file could be read ({@code Outcome.NOTHING_READ}, written out:
     * only the analysis child touches the engine).
     */
    static final String NOTHING_READ = "nothing-read";

    private final JdbcClient jdbc;
    private final JobQueue jobs;
    private final Clock clock;

    Diagnoses(JdbcClient jdbc, JobQueue jobs, Clock clock) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Queues the diagnosis of a stored file; the row and its job are written together. */
    @Transactional
    public long request(long caseId, String caseNumber, Locale language, long fileId) {
        return request(caseId, caseNumber, language, fileId, Duration.ZERO);
    }

    /**
     * As {@link #request(long, String, Locale, long)}; with a positive {@code here}, only this server's workers may take
     * the job for that long ({@link JobQueue#enqueueHere}): it holds the analysis child that read the upload.
     */
    @Transactional
    long request(long caseId, String caseNumber, Locale language, long fileId, Duration here) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO diagnoses (case_id, case_number, language, file_id, status, created_at)
                VALUES (:case, :number, :language, :file, 'queued', :now)""")
                .param("case", caseId)
                .param("number", caseNumber)
                .param("language", language.toLanguageTag())
                .param("file", fileId)
                .param("now", utc(clock.instant()))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        String payload = "{\"diagnosisId\":" + id + "}";
        long job = !here.isZero() && !here.isNegative()
                ? jobs.enqueueHere(JOB_TYPE, payload, here)
                : jobs.enqueue(JOB_TYPE, payload);
        jdbc.sql("UPDATE diagnoses SET job_id = :job WHERE id = :id")
                .param("job", job)
                .param("id", id)
                .update();
        return id;
    }

    /**
     * As {@link #pendingFor}, deciding for the caller's transaction: the file's diagnoses are locked until it ends, so
     * that two requests at once (two engineers asking for the same re-run) cannot both find none and both queue one.
     */
    boolean pendingForUpdate(long fileId) {
        jdbc.sql("SELECT id FROM diagnoses WHERE file_id = :file FOR UPDATE")
                .param("file", fileId)
                .query(Long.class)
                .list();
        return pendingFor(fileId);
    }

    /** Whether a diagnosis of this file is still queued or running. */
    public boolean pendingFor(long fileId) {
        return jdbc.sql("SELECT COUNT(*) FROM diagnoses WHERE file_id = :file AND status IN ('queued', 'running')")
                        .param("file", fileId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    Optional<Request> requestOf(long diagnosisId) {
        return jdbc.sql("""
                SELECT d.id, d.case_id, d.case_number, d.language, d.file_id, d.status
                FROM diagnoses d WHERE d.id = :id""")
                .param("id", diagnosisId)
                .query((rs, n) -> new Request(
                        rs.getLong("id"),
                        rs.getLong("case_id"),
                        rs.getString("case_number"),
                        Locale.forLanguageTag(rs.getString("language")),
                        rs.getLong("file_id"),
                        rs.getString("status")))
                .optional();
    }

    void started(long diagnosisId) {
        jdbc.sql("UPDATE diagnoses SET status = 'running', started_at = :now WHERE id = :id")
                .param("now", utc(clock.instant()))
                .param("id", diagnosisId)
                .update();
    }

    /**
     * Thrown when the attempt that made a result no longer holds its job: its lease expired (a database outage longer
     * than the lease, a worker too busy to renew it) and another attempt took the job. That attempt's result counts;
     * this one's is dropped, so that a late first run neither overwrites the second's report nor posts a second entry.
     */
    static final class AttemptSupersededException extends RuntimeException {
        AttemptSupersededException(long diagnosisId, int attempt) {
            super("attempt " + attempt + " of diagnosis " + diagnosisId + " no longer holds its job; result dropped");
        }
    }

    /**
     * Checks, in the caller's transaction, that attempt {@code attempt} still holds the diagnosis's job, and locks the
     * job's row until the transaction ends, so that no other attempt claims it meanwhile (a claim counts the attempt
     * up in an update of the same row, which waits). Throws {@link AttemptSupersededException} otherwise.
     */
    private void requireHeld(long diagnosisId, int attempt) {
        int held =
                jdbc.sql("""
                UPDATE jobs SET attempts = attempts
                WHERE id = (SELECT job_id FROM diagnoses WHERE id = :id) AND status = 'running' AND attempts = :attempt""").param("id", diagnosisId).param("attempt", attempt).update();
        if (held != 1) {
            throw new AttemptSupersededException(diagnosisId, attempt);
        }
    }

    /**
     * Stores a completed analysis made by attempt {@code attempt} of the diagnosis's job, with {@code then} (its
     * timeline entry) in the same transaction; a re-run of the same diagnosis (a retried job) replaces its findings.
     */
    @Transactional
    public void completed(long diagnosisId, int attempt, Analysis analysis, String message, Runnable then) {
        requireHeld(diagnosisId, attempt);
        completed(diagnosisId, analysis, message);
        then.run();
    }

    /** Stores a completed analysis; a re-run of the same diagnosis (a retried job) replaces its findings. */
    @Transactional
    public void completed(long diagnosisId, Analysis analysis, String message) {
        jdbc.sql("DELETE FROM diagnosis_findings WHERE diagnosis_id = :id")
                .param("id", diagnosisId)
                .update();
        jdbc.sql("DELETE FROM diagnosis_reports WHERE diagnosis_id = :id")
                .param("id", diagnosisId)
                .update();
        // Packed in the transaction: some 10 ms for a typical bundle's two reports.
        analysis.reports()
                .forEach((language, json) -> jdbc.sql("""
                INSERT INTO diagnosis_reports (diagnosis_id, language, report_gzip) VALUES (:id, :language, :gzip)""")
                        .param("id", diagnosisId)
                        .param("language", language)
                        .param("gzip", ReportCompression.pack(json))
                        .update());
        for (StoredFinding finding : analysis.findings()) {
            jdbc.sql("""
                    INSERT INTO diagnosis_findings (diagnosis_id, position, depth, finding_key, rule_id, severity,
                                                    title_en, title_zh)
                    VALUES (:id, :position, :depth, :key, :rule, :severity, :en, :zh)""")
                    .param("id", diagnosisId)
                    .param("position", finding.position())
                    .param("depth", finding.depth())
                    .param("key", cut(finding.key(), 1000))
                    .param("rule", cut(finding.ruleId(), 120))
                    .param("severity", finding.severity())
                    .param("en", cut(finding.titleEn(), 2000))
                    .param("zh", cut(finding.titleZh(), 2000))
                    .update();
        }
        jdbc.sql("""
                UPDATE diagnoses SET status = 'done', outcome = :outcome, files_read = :read, message = :message,
                       summary_json = :summary, finished_at = :now
                WHERE id = :id""")
                .param("outcome", analysis.outcome())
                .param("read", analysis.filesRead())
                .param("message", message == null ? null : cut(message, 2000))
                .param("summary", analysis.summaryJson())
                .param("now", utc(clock.instant()))
                .param("id", diagnosisId)
                .update();
    }

    /** As {@link #failed(long, String)}, by attempt {@code attempt} of the job, with {@code then} in the transaction. */
    @Transactional
    public void failed(long diagnosisId, int attempt, String message, Runnable then) {
        requireHeld(diagnosisId, attempt);
        failed(diagnosisId, message);
        then.run();
    }

    /**
     * Fails a diagnosis that has not ended (queued or running); false when it had (a worker that came back meanwhile
     * finished it).
     */
    boolean failedUnlessEnded(long diagnosisId, String message) {
        return jdbc.sql("""
                        UPDATE diagnoses SET status = 'failed', message = :message, finished_at = :now
                        WHERE id = :id AND status IN ('queued', 'running')""")
                        .param("message", cut(message, 2000))
                        .param("now", utc(clock.instant()))
                        .param("id", diagnosisId)
                        .update()
                == 1;
    }

    public void failed(long diagnosisId, String message) {
        jdbc.sql("UPDATE diagnoses SET status = 'failed', message = :message, finished_at = :now WHERE id = :id")
                .param("message", cut(message, 2000))
                .param("now", utc(clock.instant()))
                .param("id", diagnosisId)
                .update();
    }

    /** The case's diagnoses, newest first, each with what changed since the completed one before it. */
    public List<DiagnosisView> list(long caseId) {
        return jdbc
                .sql("SELECT id FROM diagnoses WHERE case_id = :case ORDER BY id DESC")
                .param("case", caseId)
                .query(Long.class)
                .list()
                .stream()
                .map(id -> view(caseId, id).orElseThrow())
                .toList();
    }

    public Optional<DiagnosisView> latestCompleted(long caseId) {
        return jdbc.sql("""
                SELECT id FROM diagnoses WHERE case_id = :case AND status = 'done'
                ORDER BY id DESC FETCH FIRST 1 ROWS ONLY""").param("case", caseId).query(Long.class).optional().flatMap(id -> view(caseId, id));
    }

    public Optional<DiagnosisView> view(long caseId, long diagnosisId) {
        return jdbc.sql("""
                SELECT d.*, f.name AS file_name FROM diagnoses d JOIN case_files f ON f.id = d.file_id
                WHERE d.id = :id AND d.case_id = :case""")
                .param("id", diagnosisId)
                .param("case", caseId)
                .query((rs, n) -> row(rs))
                .optional()
                .map(this::withFindings);
    }

    /**
     * The summary of the latest completed diagnosis with findings, and when it finished; a bundle of which nothing
     * could be read says nothing about the machine, so it is passed over.
     */
    Optional<StoredSummary> latestSummary(long caseId) {
        return jdbc.sql("""
                SELECT id, summary_json, finished_at FROM diagnoses
                WHERE case_id = :case AND status = 'done' AND summary_json IS NOT NULL
                  AND COALESCE(outcome, '') <> :nothingRead
                ORDER BY id DESC FETCH FIRST 1 ROWS ONLY""")
                .param("case", caseId)
                .param("nothingRead", NOTHING_READ)
                .query((rs, n) ->
                        new StoredSummary(rs.getLong("id"), rs.getString("summary_json"), instant(rs, "finished_at")))
                .optional();
    }

    record StoredSummary(long id, String json, Instant finishedAt) {}

    /** The report in the case's language. */
    public Optional<String> reportJson(long caseId, long diagnosisId) {
        return reportJson(caseId, diagnosisId, null);
    }

    /**
     * The report in {@code language} (en or zh-CN; {@code null} for the case's language). Reports stored before
     * both languages were kept exist only in the case's language and are returned as they are.
     */
    public Optional<String> reportJson(long caseId, long diagnosisId, Locale language) {
        String wanted = language == null ? null : "zh".equals(language.getLanguage()) ? "zh-CN" : "en";
        return jdbc.sql("""
                SELECT r.report_json, r.report_gzip FROM diagnosis_reports r JOIN diagnoses d ON d.id = r.diagnosis_id
                WHERE d.id = :id AND d.case_id = :case
                ORDER BY CASE WHEN r.language = COALESCE(CAST(:wanted AS VARCHAR(10)), d.language) THEN 0 ELSE 1 END
                FETCH FIRST 1 ROWS ONLY""")
                .param("id", diagnosisId)
                .param("case", caseId)
                .param("wanted", wanted)
                .query(Diagnoses::storedReport)
                .optional();
    }

    /**
     * A diagnosis's report for indexing, not for a viewer (no case is checked): the English one where there is one,
     * else the one stored.
     */
    public Optional<String> reportJsonForIndexing(long diagnosisId) {
        return jdbc.sql("""
                SELECT report_json, report_gzip FROM diagnosis_reports WHERE diagnosis_id = :id
                ORDER BY CASE WHEN language = 'en' THEN 0 ELSE 1 END FETCH FIRST 1 ROWS ONLY""")
                .param("id", diagnosisId)
                .query(Diagnoses::storedReport)
                .optional();
    }

    /** A report row: compressed since V131, text before. */
    private static String storedReport(ResultSet rs, int row) throws SQLException {
        byte[] gzip = rs.getBytes("report_gzip");
        return gzip != null ? ReportCompression.unpack(gzip) : rs.getString("report_json");
    }

    private DiagnosisView withFindings(DiagnosisView bare) {
        List<StoredFinding> findings = findings(bare.id());
        FindingChanges changes = null;
        // A bundle of which nothing could be read neither fixes nor finds anything: it is compared with nothing,
        // and the next readable bundle is compared with the last readable one before it.
        if ("done".equals(bare.status()) && !NOTHING_READ.equals(bare.outcome())) {
            Optional<Long> previous = jdbc.sql("""
                    SELECT id FROM diagnoses WHERE case_id = :case AND status = 'done' AND id < :id
                      AND COALESCE(outcome, '') <> :nothingRead
                    ORDER BY id DESC FETCH FIRST 1 ROWS ONLY""")
                    .param("case", bare.caseId())
                    .param("id", bare.id())
                    .param("nothingRead", NOTHING_READ)
                    .query(Long.class)
                    .optional();
            changes = FindingChanges.between(
                    previous.orElse(null), previous.map(this::findings).orElse(List.of()), findings);
        }
        return new DiagnosisView(
                bare.id(),
                bare.caseId(),
                bare.fileId(),
                bare.fileName(),
                bare.status(),
                bare.outcome(),
                bare.filesRead(),
                bare.message(),
                bare.createdAt(),
                bare.finishedAt(),
                findings,
                changes);
    }

    private List<StoredFinding> findings(long diagnosisId) {
        return jdbc.sql("""
                SELECT position, depth, finding_key, rule_id, severity, title_en, title_zh
                FROM diagnosis_findings WHERE diagnosis_id = :id ORDER BY position""")
                .param("id", diagnosisId)
                .query((rs, n) -> new StoredFinding(
                        rs.getInt("position"),
                        rs.getInt("depth"),
                        rs.getString("finding_key"),
                        rs.getString("rule_id"),
                        rs.getString("severity"),
                        rs.getString("title_en"),
                        rs.getString("title_zh")))
                .list();
    }

    private static DiagnosisView row(ResultSet rs) throws SQLException {
        int read = rs.getInt("files_read");
        Integer filesRead = rs.wasNull() ? null : read;
        return new DiagnosisView(
                rs.getLong("id"),
                rs.getLong("case_id"),
                rs.getLong("file_id"),
                rs.getString("file_name"),
                rs.getString("status"),
                rs.getString("outcome"),
                filesRead,
                rs.getString("message"),
                instant(rs, "created_at"),
                instant(rs, "finished_at"),
                List.of(),
                null);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** What the job needs to know about a requested diagnosis. */
    record Request(long id, long caseId, String caseNumber, Locale language, long fileId, String status) {}
}
