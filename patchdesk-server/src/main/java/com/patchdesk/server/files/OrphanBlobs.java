package com.patchdesk.server.files;

import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes blobs that no row names and that were last written before a grace period: the content of a transaction
 * that rolled back after its put (a received mail whose case could not be stored, a donor zip refused half-way), or of
 * a process killed between the put and its row's commit. Such a blob is shared by content, so a new upload of the same
 * content may be about to name it: a put or adopt of a content already stored makes its blob written now, and the
 * store looks at that time again as it deletes ({@link BlobStore#deleteIfWrittenBefore}), so such a blob is young and
 * kept. Uploads still arriving are no blobs yet (tus parts, the multipart spool, the store's incoming folder; those
 * are {@link AbandonedUploads}'s).
 *
 * <p>Runs on one server at a time (ShedLock, as the other sweeps: {@code docs/several-servers.md}). What it removed
 * is in the audit log ({@code blob_store} 0, {@code orphans-removed}: count, bytes and keys), one record per batch, so
 * that a sweep stopped half-way has recorded what it had removed.
 */
@Component
class OrphanBlobs {

    private static final Logger log = LoggerFactory.getLogger(OrphanBlobs.class);
    static final String AUDIT_TYPE = "blob_store";
    static final String AUDIT_ACTION = "orphans-removed";
    /** Keys looked up in the database at once (one {@code IN} list per blob column). */
    private static final int BATCH = 500;

    private final BlobStore blobs;
    private final BlobColumns columns;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    private final Duration grace;

    OrphanBlobs(
            BlobStore blobs,
            BlobColumns columns,
            AuditTrail audit,
            TransactionTemplate transactions,
            OrphanBlobSettings settings) {
        this.blobs = blobs;
        this.columns = columns;
        this.audit = audit;
        this.transactions = transactions;
        this.grace = settings.grace();
    }

    /** What a sweep removed. */
    record Swept(int removed, long bytes, List<String> keys) {}

    @SchedulerLock(name = "orphan-blob-sweep", lockAtMostFor = "PT2H", lockAtLeastFor = "PT5M")
    @Scheduled(
            fixedDelayString = "${patchdesk.storage.orphans.interval:PT6H}",
            initialDelayString = "${patchdesk.storage.orphans.interval:PT6H}")
    void scheduled() {
        try {
            // The blobs' times are the file system's or S3's, not the (testable) clock's.
            sweep(Instant.now().minus(grace));
        } catch (IOException | RuntimeException e) {
            log.warn("the sweep of orphan blobs failed; it runs again at its next interval", e);
        }
    }

    /** Removes the blobs last written before {@code writtenBefore} that no row names. */
    Swept sweep(Instant writtenBefore) throws IOException {
        List<BlobColumns.Column> naming = columns.all();
        if (naming.isEmpty()) {
            // A schema where nothing names blobs is not this server's: removing every blob would be the answer.
            throw new IllegalStateException("no column naming blobs (…blob_key) found; nothing removed");
        }
        Run run = new Run(naming, writtenBefore);
        blobs.listWrittenBefore(writtenBefore, run::consider);
        run.flush();
        if (run.removed.isEmpty()) {
            log.info("Orphan blobs: none written before {} without a row", writtenBefore);
        } else {
            log.info(
                    "Orphan blobs: removed {} written before {} that no row named, {} bytes",
                    run.removed.size(),
                    writtenBefore,
                    run.bytes);
        }
        return new Swept(run.removed.size(), run.bytes, List.copyOf(run.removed));
    }

    /** One sweep's candidates, checked and removed a batch at a time. */
    private final class Run {
        private final List<BlobColumns.Column> naming;
        private final Instant writtenBefore;
        private final List<BlobStore.Listed> batch = new ArrayList<>();
        private final List<String> removed = new ArrayList<>();
        private long bytes;

        Run(List<BlobColumns.Column> naming, Instant writtenBefore) {
            this.naming = naming;
            this.writtenBefore = writtenBefore;
        }

        void consider(BlobStore.Listed blob) {
            batch.add(blob);
            if (batch.size() == BATCH) {
                flush();
            }
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            Set<String> named = columns.named(
                    naming, batch.stream().map(BlobStore.Listed::key).toList());
            List<String> keys = new ArrayList<>();
            long batchBytes = 0;
            for (BlobStore.Listed blob : batch) {
                if (!named.contains(blob.key()) && delete(blob)) {
                    keys.add(blob.key());
                    batchBytes += blob.size();
                }
            }
            batch.clear();
            if (!keys.isEmpty()) {
                record(keys, batchBytes);
                removed.addAll(keys);
                bytes += batchBytes;
            }
        }

        /** A blob that cannot be deleted now (a store fault) stays for the next sweep; the others go on. */
        private boolean delete(BlobStore.Listed blob) {
            try {
                return blobs.deleteIfWrittenBefore(blob.key(), writtenBefore);
            } catch (IOException | RuntimeException e) {
                log.warn("could not remove orphan blob {}: {}", blob.key(), e.toString());
                return false;
            }
        }

        private void record(List<String> keys, long batchBytes) {
            log.info("Orphan blobs removed ({} bytes): {}", batchBytes, String.join(" ", keys));
            transactions.executeWithoutResult(status -> audit.record(
                    null,
                    AUDIT_TYPE,
                    0,
                    null,
                    AUDIT_ACTION,
                    List.of(
                            FieldChange.of("count", null, keys.size()),
                            FieldChange.of("bytes", null, batchBytes),
                            FieldChange.of("keys", null, String.join("\n", keys)))));
        }
    }
}
