package com.patchdesk.server.files;

import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.EntryWording;
import com.patchdesk.server.config.DataFolder;
import com.patchdesk.server.config.ScratchSweep;
import com.patchdesk.server.config.UtcTimestamps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cleans up after uploads that a dead process left behind (kill -9, power cut): their rows stay 'receiving' for
 * good and their half-written {@code .part} files stay on disk. On start, every upload still receiving from
 * before this process started is FAILED, with an entry on its case's timeline, and older part files are removed;
 * on a schedule, uploads receiving for longer than {@code patchdesk.recovery.receiving-timeout} and part files not
 * written to for that long are, too (an upload in progress writes its part file all the time).
 *
 * <p>An upload stored by a process that died before it put the upload on its case's timeline and announced it
 * ({@link FileUploaded}: its diagnosis, its machines) is announced on start: its sender, answered nothing, sent it
 * again and was answered "duplicate", so nothing else would ever diagnose it.
 *
 * <p>With several instances on one database set {@code patchdesk.recovery.fail-receiving-on-start=false}: another
 * instance may be receiving at that moment, and the scheduled sweep by age is then the only one (stored uploads are
 * then not announced again: two instances could both announce one).
 */
@Component
class AbandonedUploads {

    private static final Logger log = LoggerFactory.getLogger(AbandonedUploads.class);
    /**
     * How far back a start looks for stored uploads never announced: a server is started again within days of dying,
     * and an upgrade from a release whose entries named files otherwise must not diagnose every old upload again.
     */
    static final Duration ANNOUNCED_WITHIN = Duration.ofDays(7);

    static final String REASON = "the server stopped while the upload was arriving; nothing was kept, send it again";

    private final JdbcClient jdbc;
    private final BlobStore blobs;
    private final CaseFiles files;
    private final ApplicationEventPublisher events;
    private final CaseTimeline timeline;
    private final CaseAccess cases;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration timeout;
    private final boolean onStart;
    private final Instant started;
    /** Part files carry the file system's time, not the (testable) clock's. */
    private final Instant startedOnDisk = Instant.now();
    /** The container's spool of multipart uploads. */
    private final Path spool;

    AbandonedUploads(
            JdbcClient jdbc,
            BlobStore blobs,
            CaseFiles files,
            ApplicationEventPublisher events,
            CaseTimeline timeline,
            CaseAccess cases,
            TransactionTemplate transactions,
            Clock clock,
            RecoverySettings settings,
            DataFolder data) {
        this.spool = StorageConfiguration.multipartSpool(data);
        this.jdbc = jdbc;
        this.blobs = blobs;
        this.files = files;
        this.events = events;
        this.timeline = timeline;
        this.cases = cases;
        this.transactions = transactions;
        this.clock = clock;
        this.timeout = settings.receivingTimeout();
        this.onStart = settings.failReceivingOnStart();
        this.started = clock.instant();
    }

    @EventListener(ApplicationReadyEvent.class)
    void afterStart() {
        if (onStart) {
            sweep(started, startedOnDisk);
            announceStored(started);
        }
    }

    /**
     * Uploads stored before {@code storedBefore} that are on no timeline entry (the process stored them and died
     * before the entry and the announcement, which follow the store in transactions of their own): each gets its
     * entry and is announced; how many.
     */
    int announceStored(Instant storedBefore) {
        List<Abandoned> unannounced = jdbc.sql("""
                SELECT f.id, f.name, c.number FROM case_files f JOIN cases c ON c.id = f.case_id
                WHERE f.status = 'stored' AND f.origin = 'upload' AND f.stored_at < :before AND f.stored_at >= :since
                  AND NOT EXISTS (SELECT 1 FROM case_entries e WHERE e.ref_type = 'case_file' AND e.ref_id = f.id)""")
                .param("before", UtcTimestamps.toSql(storedBefore))
                .param("since", UtcTimestamps.toSql(storedBefore.minus(ANNOUNCED_WITHIN)))
                .query((rs, n) -> new Abandoned(rs.getLong("id"), rs.getString("name"), rs.getString("number")))
                .list();
        int announced = 0;
        for (Abandoned upload : unannounced) {
            Optional<CaseRef> ref = cases.resolve(new CaseNumber(upload.caseNumber()));
            Optional<CaseFile> file = ref.flatMap(r -> files.find(r, upload.id()));
            if (file.isEmpty()) {
                continue;
            }
            timeline.append(
                    ref.get(),
                    EntryKind.UPLOAD,
                    null,
                    EntryWording.of(
                            "entry.text.uploadTakenIn",
                            file.get().name(),
                            CaseFilesApi.humanSize(file.get().size())),
                    List.of(EntryWording.verbatim("SHA-256 " + file.get().sha256())),
                    "case_file",
                    file.get().id(),
                    false);
            events.publishEvent(new FileUploaded(ref.get(), file.get()));
            announced++;
        }
        if (announced > 0) {
            log.warn("Crash recovery: {} stored upload(s) the server had not announced announced now", announced);
        }
        return announced;
    }

    @Scheduled(
            fixedDelayString = "${patchdesk.recovery.interval:PT5M}",
            initialDelayString = "${patchdesk.recovery.interval:PT5M}")
    void scheduled() {
        sweep(clock.instant().minus(timeout), Instant.now().minus(timeout));
    }

    /** Fails uploads receiving since before {@code rowsBefore}; removes part files last written before {@code partsBefore}. */
    int sweep(Instant rowsBefore, Instant partsBefore) {
        List<Abandoned> abandoned = jdbc.sql("""
                SELECT f.id, f.name, c.number FROM case_files f JOIN cases c ON c.id = f.case_id
                WHERE f.status = 'receiving' AND f.uploaded_at < :before""")
                .param("before", UtcTimestamps.toSql(rowsBefore))
                .query((rs, n) -> new Abandoned(rs.getLong("id"), rs.getString("name"), rs.getString("number")))
                .list();
        int failed = 0;
        for (Abandoned upload : abandoned) {
            Boolean changed = transactions.execute(status -> fail(upload));
            if (Boolean.TRUE.equals(changed)) {
                failed++;
            }
        }
        int parts = 0;
        try {
            parts = blobs.removeAbandoned(partsBefore);
        } catch (IOException | RuntimeException e) {
            log.warn("could not remove abandoned upload parts: {}", e.toString());
        }
        parts += removeSpooled(partsBefore);
        if (failed > 0 || parts > 0) {
            log.warn(
                    "Crash recovery: {} upload(s) left receiving marked failed, {} part file(s) removed",
                    failed,
                    parts);
        }
        return failed;
    }

    /**
     * The container's spool files of multipart uploads (the console's form) that a killed process left in the data
     * folder ({@code StorageConfiguration}): it deletes them when a request ends, a kill does not. One being written
     * is newer than {@code before}.
     */
    private int removeSpooled(Instant before) {
        return ScratchSweep.remove(spool, List.of("upload_"), before);
    }

    private boolean fail(Abandoned upload) {
        int updated = jdbc.sql("UPDATE case_files SET status = 'failed', failure = :reason WHERE id = :id "
                        + "AND status = 'receiving'")
                .param("reason", REASON)
                .param("id", upload.id())
                .update();
        if (updated == 0) {
            return false;
        }
        cases.resolve(new CaseNumber(upload.caseNumber()))
                .ifPresent(ref -> timeline.append(
                        ref,
                        EntryKind.UPLOAD,
                        null,
                        EntryWording.of("entry.text.uploadLost", upload.name()),
                        null,
                        "case_file",
                        upload.id(),
                        false));
        return true;
    }

    private record Abandoned(long id, String name, String caseNumber) {}
}
