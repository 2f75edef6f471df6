package com.patchdesk.server.files;

import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.config.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tokened download links. A link is usable while it is neither expired, revoked nor exhausted. A download that
 * starts at byte 0 counts against the limit; a range request that resumes a started transfer does not, so that a
 * download manager can finish what the customer began. Resuming draws on a byte budget instead: every counted
 * download grants one copy of the file (plus a little slack for overlapping retries), every request reserves the
 * bytes it asks for and gives back what it did not send. So resumed range requests finish a download but cannot
 * fetch the file again once the limit is used.
 */
@Service
public class DownloadLinks {

    /** Compared against when the link id does not exist, so a missing link costs the same work as a wrong token. */
    private static final String NO_SUCH_LINK = DownloadToken.hash("no such link");

    private final JdbcClient jdbc;
    private final Clock clock;

    DownloadLinks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Publishes a stored file; the returned token is shown once and cannot be recovered afterwards. */
    public Published publish(CaseRef ref, CaseFile file, Instant expiresAt, Integer maxDownloads, Long createdBy) {
        if (file.caseId() != ref.id()) {
            throw new IllegalArgumentException("file " + file.id() + " is not a file of case " + ref.number());
        }
        if (!file.stored()) {
            throw new IllegalArgumentException("only a stored file can be published");
        }
        if (maxDownloads != null && maxDownloads < 1) {
            throw new IllegalArgumentException("maxDownloads must be at least 1");
        }
        String token = DownloadToken.generate();
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO download_links (case_id, case_number, file_id, token_hash, expires_at, max_downloads,
                                            created_by, created_at)
                VALUES (:case, :number, :file, :hash, :expires, :max, :by, :now)""")
                .param("case", file.caseId())
                .param("number", ref.number().value())
                .param("file", file.id())
                .param("hash", DownloadToken.hash(token))
                .param("expires", UtcTimestamps.toSql(expiresAt))
                .param("max", maxDownloads)
                .param("by", createdBy)
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        return new Published(find(file.caseId(), id).orElseThrow(), "/d/" + id + "?t=" + token);
    }

    /**
     * The file behind a link when the token is right and the link neither expired nor revoked, else empty — one
     * answer for every reason, and the same work (one lookup, one hash comparison) whatever the reason. The
     * download limit is checked by {@link #startDownload}, atomically with counting.
     */
    Optional<Grant> authorize(long linkId, String token) {
        Optional<LinkRow> row =
                jdbc.sql("""
                SELECT l.id, l.case_id, l.case_number, l.token_hash, l.expires_at, l.max_downloads, l.downloads_started,
                       l.revoked_at, f.id AS file_id, f.name, f.size, f.blob_key, f.sha256, f.status
                FROM download_links l JOIN case_files f ON f.id = l.file_id
                WHERE l.id = :id""").param("id", linkId).query(DownloadLinks::linkRow).optional();
        boolean tokenMatches =
                DownloadToken.matches(token, row.map(LinkRow::tokenHash).orElse(NO_SUCH_LINK));
        Instant now = clock.instant();
        boolean usable = row.isPresent()
                & tokenMatches
                & row.map(r -> r.expiresAt().isAfter(now)).orElse(false)
                & row.map(r -> r.revokedAt() == null).orElse(false)
                & row.map(r -> "stored".equals(r.fileStatus())).orElse(false);
        return usable ? row.map(LinkRow::grant) : Optional.empty();
    }

    /**
     * Starts a transfer of {@code range} (null: the whole file) and reserves its bytes. One that starts at byte 0
     * counts as a download; false when a concurrent download took the last one (the link is then exhausted). A
     * resuming range request does not count, but needs a counted download whose budget still holds its bytes.
     */
    boolean startDownload(Grant grant, BlobRange range) {
        long length = grant.length(range);
        if (range == null || range.first() == 0) {
            return jdbc.sql("""
                    UPDATE download_links SET downloads_started = downloads_started + 1,
                                              bytes_reserved = bytes_reserved + :length
                    WHERE id = :id AND revoked_at IS NULL AND expires_at > :now
                      AND (max_downloads IS NULL OR downloads_started < max_downloads)""")
                            .param("length", length)
                            .param("id", grant.linkId())
                            .param("now", UtcTimestamps.toSql(clock.instant()))
                            .update()
                    == 1;
        }
        return jdbc.sql("""
                UPDATE download_links SET bytes_reserved = bytes_reserved + :length
                WHERE id = :id AND revoked_at IS NULL AND expires_at > :now AND downloads_started > 0
                  AND bytes_reserved + :length <= downloads_started * :budget""")
                        .param("length", length)
                        .param("id", grant.linkId())
                        .param("now", UtcTimestamps.toSql(clock.instant()))
                        .param("budget", budgetPerDownload(grant.size()))
                        .update()
                == 1;
    }

    /**
     * One copy of the file, plus up to 1/16 (at most 1 MiB) for what a client re-requests after a broken
     * connection: the bytes a transfer counts as sent are those the container accepted, not all of which arrived.
     */
    static long budgetPerDownload(long size) {
        return size + Math.min(size / 16, 1L << 20);
    }

    /** Records a transfer and gives back the reserved bytes it did not send, for a later resume. */
    @Transactional
    void record(
            Grant grant, Instant startedAt, String clientAddress, BlobRange range, long bytesSent, boolean complete) {
        jdbc.sql("""
                INSERT INTO download_records (link_id, started_at, finished_at, client_address, range_first,
                                              range_last, bytes_sent, complete)
                VALUES (:link, :started, :finished, :client, :first, :last, :bytes, :complete)""")
                .param("link", grant.linkId())
                .param("started", UtcTimestamps.toSql(startedAt))
                .param("finished", UtcTimestamps.toSql(clock.instant()))
                .param("client", clientAddress.length() > 64 ? clientAddress.substring(0, 64) : clientAddress)
                .param("first", range == null ? null : range.first())
                .param("last", range == null ? null : range.last())
                .param("bytes", bytesSent)
                .param("complete", complete)
                .update();
        long reserved = grant.length(range);
        if (bytesSent < reserved) {
            jdbc.sql("UPDATE download_links SET bytes_reserved = bytes_reserved - :unsent WHERE id = :id")
                    .param("unsent", reserved - bytesSent)
                    .param("id", grant.linkId())
                    .update();
        }
    }

    /** Revokes a link of the case; false when the case has no such link. Revoking twice keeps the first time. */
    public boolean revoke(CaseRef ref, long linkId, Long revokedBy) {
        return revoking(ref, linkId, revokedBy) != Revocation.NO_SUCH_LINK;
    }

    /** What revoking did: the audit trail records only the revocation that took effect. */
    enum Revocation {
        NO_SUCH_LINK,
        REVOKED,
        REVOKED_BEFORE
    }

    Revocation revoking(CaseRef ref, long linkId, Long revokedBy) {
        long caseId = ref.id();
        int found = jdbc.sql("SELECT COUNT(*) FROM download_links WHERE id = :id AND case_id = :case")
                .param("id", linkId)
                .param("case", caseId)
                .query(Integer.class)
                .single();
        if (found == 0) {
            return Revocation.NO_SUCH_LINK;
        }
        int changed = jdbc.sql("""
                UPDATE download_links SET revoked_at = :now, revoked_by = :by
                WHERE id = :id AND case_id = :case AND revoked_at IS NULL""")
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .param("by", revokedBy)
                .param("id", linkId)
                .param("case", caseId)
                .update();
        return changed == 1 ? Revocation.REVOKED : Revocation.REVOKED_BEFORE;
    }

    public List<DownloadLink> list(CaseRef ref) {
        long caseId = ref.id();
        return jdbc
                .sql("SELECT id FROM download_links WHERE case_id = :case ORDER BY id")
                .param("case", caseId)
                .query(Long.class)
                .list()
                .stream()
                .map(id -> find(caseId, id).orElseThrow())
                .toList();
    }

    public Optional<DownloadLink> find(long caseId, long linkId) {
        List<DownloadLink.DownloadRecord> records = jdbc.sql("""
                SELECT started_at, finished_at, client_address, range_first, range_last, bytes_sent, complete
                FROM download_records WHERE link_id = :id ORDER BY id""")
                .param("id", linkId)
                .query((rs, n) -> new DownloadLink.DownloadRecord(
                        UtcTimestamps.read(rs, "started_at"),
                        UtcTimestamps.read(rs, "finished_at"),
                        rs.getString("client_address"),
                        nullableLong(rs, "range_first"),
                        nullableLong(rs, "range_last"),
                        rs.getLong("bytes_sent"),
                        rs.getBoolean("complete")))
                .list();
        return jdbc.sql("""
                SELECT l.*, f.name, f.size FROM download_links l JOIN case_files f ON f.id = l.file_id
                WHERE l.id = :id AND l.case_id = :case""")
                .param("id", linkId)
                .param("case", caseId)
                .query((rs, n) -> new DownloadLink(
                        rs.getLong("id"),
                        rs.getLong("case_id"),
                        rs.getLong("file_id"),
                        rs.getString("name"),
                        nullableLong(rs, "size"),
                        UtcTimestamps.read(rs, "expires_at"),
                        nullableInt(rs, "max_downloads"),
                        rs.getInt("downloads_started"),
                        UtcTimestamps.read(rs, "revoked_at"),
                        nullableLong(rs, "created_by"),
                        UtcTimestamps.read(rs, "created_at"),
                        records))
                .optional();
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static LinkRow linkRow(ResultSet rs, int n) throws SQLException {
        return new LinkRow(
                rs.getLong("id"),
                rs.getLong("case_id"),
                rs.getString("case_number"),
                rs.getString("token_hash"),
                UtcTimestamps.read(rs, "expires_at"),
                nullableInt(rs, "max_downloads"),
                rs.getInt("downloads_started"),
                UtcTimestamps.read(rs, "revoked_at"),
                rs.getLong("file_id"),
                rs.getString("name"),
                nullableLong(rs, "size"),
                rs.getString("blob_key"),
                rs.getString("sha256"),
                rs.getString("status"));
    }

    private record LinkRow(
            long id,
            long caseId,
            String caseNumber,
            String tokenHash,
            Instant expiresAt,
            Integer maxDownloads,
            int downloadsStarted,
            Instant revokedAt,
            long fileId,
            String name,
            Long size,
            String blobKey,
            String sha256,
            String fileStatus) {
        Grant grant() {
            return new Grant(id, caseId, caseNumber, fileId, name, size == null ? 0 : size, blobKey, sha256);
        }
    }

    /** What a valid link gives access to. */
    record Grant(
            long linkId,
            long caseId,
            String caseNumber,
            long fileId,
            String fileName,
            long size,
            String blobKey,
            String sha256) {

        /** The bytes a request for {@code range} (null: the whole file) transfers. */
        long length(BlobRange range) {
            return range == null ? size : range.length();
        }
    }

    /** A new link and its path with the token, e.g. {@code /d/42?t=...}; the only time the token is visible. */
    public record Published(DownloadLink link, String path) {}
}
