package com.patchdesk.server.files;

import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.config.DiskRoom;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.problems.StorageFailures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

/**
 * Stores files on cases. The row is written first ('receiving') and its content streamed to the blob store, so
 * that an upload that breaks off is visible as a failed entry with its reason instead of vanishing.
 */
@Service
public class CaseFiles {

    private final JdbcClient jdbc;
    private final BlobStore blobs;
    private final Clock clock;
    private final DiskRoom room;

    CaseFiles(JdbcClient jdbc, BlobStore blobs, Clock clock, DiskRoom room) {
        this.jdbc = jdbc;
        this.blobs = blobs;
        this.clock = clock;
        this.room = room;
    }

    /**
     * Refuses ({@link com.patchdesk.server.config.FreeSpaceFloorReached}) a content of {@code bytes} (negative: not
     * known) that would take the free-space floor of the disk the store writes it to; a store that writes nowhere on
     * this machine (S3) refuses nothing here.
     */
    void ensureRoom(long bytes) throws IOException {
        java.util.Optional<java.nio.file.Path> root = blobs.localRoot();
        if (root.isPresent()) {
            room.ensure(root.get(), bytes);
        }
    }

    /**
     * As {@link #ensureRoom}, for a complete {@code file} of {@code bytes} the store is to take ({@link #receiveFile}):
     * moved where the store is on the same file system, which takes no room (only the floor is asked then), written
     * again otherwise.
     */
    void ensureRoomToAdopt(Path file, long bytes) throws IOException {
        java.util.Optional<java.nio.file.Path> root = blobs.localRoot();
        if (root.isPresent()) {
            boolean moved = java.nio.file.Files.isRegularFile(file)
                    && java.nio.file.Files.getFileStore(file).equals(java.nio.file.Files.getFileStore(root.get()));
            room.ensure(root.get(), moved ? 0 : bytes);
        }
    }

    /**
     * Reserves room for a content of {@code bytes} (negative: not known, nothing reserved) on the disk the store writes
     * it to, as {@link #ensureRoom} admits it, until the reservation is closed; {@code written} tells how much of it is
     * written already. A store that writes nowhere on this machine (S3) reserves nothing.
     */
    DiskRoom.Reservation reserveRoom(long bytes, java.util.function.LongSupplier written) throws IOException {
        java.util.Optional<java.nio.file.Path> root = blobs.localRoot();
        return root.isPresent() ? room.reserve(root.get(), bytes, written) : room.unreserved();
    }

    /**
     * Receives one file. When the same content is already stored on the case, the new attempt is dropped and the
     * existing file returned with {@code duplicate} set.
     */
    public Received receive(
            CaseRef ref, String rawName, CaseFile.Origin origin, InputStream body, long maxBytes, Long uploadedBy)
            throws UploadFailedException {
        return receive(ref, rawName, origin, body, maxBytes, uploadedBy, BlobStore.Growth.NONE);
    }

    /** As above, telling {@code growth} where the content is being written while it arrives (a local store only). */
    Received receive(
            CaseRef ref,
            String rawName,
            CaseFile.Origin origin,
            InputStream body,
            long maxBytes,
            Long uploadedBy,
            BlobStore.Growth growth)
            throws UploadFailedException {
        return receive(ref, rawName, origin, uploadedBy, () -> blobs.put(body, maxBytes, growth));
    }

    /**
     * As above, for a complete file on this machine that the store may take as it is ({@link BlobStore#adopt}): a
     * resumable upload's assembled parts, with the digest taken as they arrived ({@code known}, or null). What is left
     * at {@code file} afterwards is the caller's to delete.
     */
    Received receiveFile(
            CaseRef ref,
            String rawName,
            CaseFile.Origin origin,
            Path file,
            BlobStore.Content known,
            long maxBytes,
            Long uploadedBy)
            throws UploadFailedException {
        return receive(ref, rawName, origin, uploadedBy, () -> blobs.adopt(file, maxBytes, known));
    }

    /** How a received content goes into the store. */
    @FunctionalInterface
    private interface Storing {
        StoredBlob store() throws IOException;
    }

    private Received receive(CaseRef ref, String rawName, CaseFile.Origin origin, Long uploadedBy, Storing storing)
            throws UploadFailedException {
        long caseId = ref.id();
        FileName name = FileName.of(rawName);
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO case_files (case_id, name, origin, status, uploaded_by, uploaded_at)
                VALUES (:case, :name, :origin, 'receiving', :by, :now)""")
                .param("case", caseId)
                .param("name", name.value())
                .param("origin", origin.name().toLowerCase(Locale.ROOT))
                .param("by", uploadedBy)
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        StoredBlob blob;
        try {
            blob = storing.store();
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof BlobTooLargeException tooLarge
                    ? "the upload is larger than the limit of " + tooLarge.limit() + " bytes; nothing was kept"
                    : StorageFailures.full(e)
                            ? "the server's storage is full; it was not stored"
                            : "the upload broke off before it was complete; nothing was kept (" + e.getMessage() + ")";
            markFailed(id, reason);
            throw new UploadFailedException(id, reason, e);
        }
        Optional<CaseFile> existing = findStored(caseId, blob.sha256(), origin);
        if (existing.isPresent()) {
            jdbc.sql("DELETE FROM case_files WHERE id = :id").param("id", id).update();
            return new Received(existing.get(), true);
        }
        jdbc.sql("""
                UPDATE case_files SET status = 'stored', size = :size, sha256 = :sha, blob_key = :key, stored_at = :now
                WHERE id = :id""")
                .param("size", blob.size())
                .param("sha", blob.sha256())
                .param("key", blob.key())
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .param("id", id)
                .update();
        return new Received(find(caseId, id).orElseThrow(), false);
    }

    /** Records a failure found after storing (e.g. a bundle that cannot be read); the content stays for engineers. */
    void markFailed(long fileId, String reason) {
        jdbc.sql("UPDATE case_files SET status = 'failed', failure = :reason WHERE id = :id")
                .param("reason", reason.length() > 1000 ? reason.substring(0, 1000) : reason)
                .param("id", fileId)
                .update();
    }

    public List<CaseFile> list(CaseRef ref) {
        return jdbc.sql("SELECT * FROM case_files WHERE case_id = :case ORDER BY id")
                .param("case", ref.id())
                .query(CaseFiles::row)
                .list();
    }

    public Optional<CaseFile> find(CaseRef ref, long fileId) {
        return find(ref.id(), fileId);
    }

    Optional<CaseFile> find(long caseId, long fileId) {
        return jdbc.sql("SELECT * FROM case_files WHERE case_id = :case AND id = :id")
                .param("case", caseId)
                .param("id", fileId)
                .query(CaseFiles::row)
                .optional();
    }

    public InputStream open(CaseFile file, BlobRange range) throws IOException {
        if (!file.stored()) {
            throw new IllegalArgumentException("file " + file.id() + " has no stored content");
        }
        return blobs.open(file.blobKey(), range);
    }

    /** The stored content as a local file, when the blob store keeps one (see {@link BlobStore#localFile}). */
    public Optional<java.nio.file.Path> localFile(CaseFile file) {
        return file.stored() ? blobs.localFile(file.blobKey()) : Optional.empty();
    }

    private Optional<CaseFile> findStored(long caseId, String sha256, CaseFile.Origin origin) {
        return jdbc.sql("""
                SELECT * FROM case_files
                WHERE case_id = :case AND sha256 = :sha AND origin = :origin AND status = 'stored'
                ORDER BY id FETCH FIRST 1 ROWS ONLY""")
                .param("case", caseId)
                .param("sha", sha256)
                .param("origin", origin.name().toLowerCase(Locale.ROOT))
                .query(CaseFiles::row)
                .optional();
    }

    static CaseFile row(ResultSet rs, int row) throws SQLException {
        long size = rs.getLong("size");
        Long sizeOrNull = rs.wasNull() ? null : size;
        long by = rs.getLong("uploaded_by");
        Long byOrNull = rs.wasNull() ? null : by;
        return new CaseFile(
                rs.getLong("id"),
                rs.getLong("case_id"),
                rs.getString("name"),
                CaseFile.Origin.valueOf(rs.getString("origin").toUpperCase(Locale.ROOT)),
                CaseFile.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                sizeOrNull,
                rs.getString("sha256"),
                rs.getString("blob_key"),
                rs.getString("failure"),
                byOrNull,
                UtcTimestamps.read(rs, "uploaded_at"),
                UtcTimestamps.read(rs, "stored_at"));
    }

    /** A received file; {@code duplicate} when the case already had this content and the existing file is returned. */
    public record Received(CaseFile file, boolean duplicate) {}
}
