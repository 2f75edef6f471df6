package com.patchdesk.server.diagnoses;

import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.EntryWording;
import com.patchdesk.server.cases.EntryWordings;
import com.patchdesk.server.config.ScratchSweep;
import com.patchdesk.server.config.UtcTimestamps;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Cleans up after diagnoses a dead process was running. The job queue hands such a job to another worker once its
 * lease expires, but until then the diagnosis said "running" although nobody ran it: a diagnosis whose worker is
 * gone (its job is queued again, its lease expired, or it was held by a process of this host that no longer
 * exists) is shown as queued again. The dead attempt's scratch folder (bundle copy, child output) is removed on
 * start, and leftovers older than the diagnosis timeout on a schedule. A diagnosis whose worker died on its last
 * allowed attempt (the job queue then fails the job, {@code JobStore.failAbandoned}) is failed too, with a timeline
 * entry that says so: it would otherwise say "running" or "queued" for good, and a rerun would be refused as one
 * already pending.
 */
@Component
class AbandonedDiagnoses {

    private static final Logger log = LoggerFactory.getLogger(AbandonedDiagnoses.class);
    /** The analysis children's folder in the scratch folder ({@link DiagnosesConfiguration}). */
    static final String ANALYSES = "analyses";
    /** The folders of one diagnosis attempt: the bundle's, and the analysis child's output. */
    private static final List<String> DEAD_ATTEMPTS = List.of("diagnosis-", "analysis-");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Path scratch;
    private final Duration timeout;
    private final Diagnoses diagnoses;
    private final CaseAccess cases;
    private final CaseTimeline timeline;
    private final EntryWordings wordings;
    private final Instant startedOnDisk = Instant.now();

    AbandonedDiagnoses(
            JdbcClient jdbc,
            Clock clock,
            DiagnosisProperties settings,
            Diagnoses diagnoses,
            CaseAccess cases,
            CaseTimeline timeline,
            EntryWordings wordings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.scratch = settings.scratch();
        this.timeout = settings.timeout();
        this.diagnoses = diagnoses;
        this.cases = cases;
        this.timeline = timeline;
        this.wordings = wordings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void afterStart() {
        failOrphaned();
        requeue();
        removeScratch(startedOnDisk);
        // Not on the schedule: a child may follow a slow upload for longer than any timeout (ArrivingAnalysis).
        removeScratch(scratch.resolve(ANALYSES), startedOnDisk, List.of(ArrivingAnalysis.FOLDER_PREFIX));
    }

    @Scheduled(
            fixedDelayString = "${patchdesk.recovery.diagnosis-interval:PT15S}",
            initialDelayString = "${patchdesk.recovery.diagnosis-interval:PT15S}")
    void scheduled() {
        failOrphaned();
        requeue();
        removeScratch(Instant.now().minus(timeout.multipliedBy(2)));
    }

    /**
     * Queued or running diagnoses whose job failed without them (its worker died on the last allowed attempt, or was
     * stopped at the handler's timeout) become failed, each with a timeline entry; how many.
     */
    int failOrphaned() {
        List<Long> orphans = jdbc.sql("""
                SELECT d.id FROM diagnoses d JOIN jobs j ON j.id = d.job_id
                WHERE d.status IN ('queued', 'running') AND j.status = 'failed'""").query(Long.class).list();
        int failed = 0;
        for (long id : orphans) {
            Diagnoses.Request request = diagnoses.requestOf(id).orElse(null);
            CaseRef ref = request == null
                    ? null
                    : cases.resolve(new CaseNumber(request.caseNumber())).orElse(null);
            if (ref == null) {
                continue;
            }
            String fileName =
                    diagnoses.view(ref.id(), id).map(DiagnosisView::fileName).orElse("?");
            EntryWording message = DiagnosisText.workerStopped(fileName);
            // Only if still not ended: a worker that came back (a database outage, not a death) may have finished it.
            if (diagnoses.failedUnlessEnded(id, wordings.say(message, request.language()))) {
                timeline.append(
                        ref, EntryKind.DIAGNOSIS, null, message, null, "diagnosis", id, false, request.language());
                failed++;
            }
        }
        if (failed > 0) {
            log.warn("Crash recovery: {} diagnosis(es) whose last allowed attempt died marked failed", failed);
        }
        return failed;
    }

    /** Running diagnoses whose worker is gone become queued; how many. */
    int requeue() {
        List<Running> running = jdbc.sql("""
                SELECT d.id, j.status AS job_status, j.locked_by, j.locked_until
                FROM diagnoses d JOIN jobs j ON j.id = d.job_id WHERE d.status = 'running'""")
                .query((rs, n) -> new Running(
                        rs.getLong("id"),
                        rs.getString("job_status"),
                        rs.getString("locked_by"),
                        UtcTimestamps.read(rs, "locked_until")))
                .list();
        Instant now = clock.instant();
        int requeued = 0;
        for (Running diagnosis : running) {
            if (diagnosis.workerGone(now)) {
                requeued += jdbc.sql("UPDATE diagnoses SET status = 'queued', started_at = NULL "
                                + "WHERE id = :id AND status = 'running'")
                        .param("id", diagnosis.id())
                        .update();
            }
        }
        if (requeued > 0) {
            log.warn("Crash recovery: {} diagnosis(es) whose worker is gone shown as queued again", requeued);
        }
        return requeued;
    }

    /**
     * Removes dead attempts' folders last changed before {@code before}: the bundle's folders ({@code diagnosis-*})
     * in the scratch folder and the analysis children's output ({@code analysis-*}) in its {@code analyses} folder,
     * where {@link DiagnosesConfiguration} has the analyzer write it; how many.
     */
    int removeScratch(Instant before) {
        return removeScratch(scratch, before, DEAD_ATTEMPTS)
                + removeScratch(scratch.resolve(ANALYSES), before, DEAD_ATTEMPTS);
    }

    /** Removes the entries of {@code folder} named with one of {@code prefixes}, last changed before {@code before}. */
    private int removeScratch(Path folder, Instant before, List<String> prefixes) {
        int removed = ScratchSweep.remove(folder, prefixes, before);
        if (removed > 0) {
            log.warn("Crash recovery: removed {} scratch folder(s) of dead diagnosis attempts", removed);
        }
        return removed;
    }

    private record Running(long id, String jobStatus, String lockedBy, Instant lockedUntil) {

        boolean workerGone(Instant now) {
            if (!"running".equals(jobStatus)) {
                return "queued".equals(jobStatus);
            }
            if (lockedUntil != null && lockedUntil.isBefore(now)) {
                return true;
            }
            return lockedBy != null && deadProcessOfThisHost(lockedBy);
        }

        /** Workers are named {@code pid@host/random} (JobWorkers). */
        private static boolean deadProcessOfThisHost(String worker) {
            int at = worker.indexOf('@');
            int slash = worker.indexOf('/', at + 1);
            if (at <= 0 || slash < 0) {
                return false;
            }
            try {
                long pid = Long.parseLong(worker.substring(0, at));
                String host = worker.substring(at + 1, slash);
                return host.equals(InetAddress.getLocalHost().getHostName())
                        && pid != ProcessHandle.current().pid()
                        && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
            } catch (NumberFormatException | IOException e) {
                return false;
            }
        }
    }
}
