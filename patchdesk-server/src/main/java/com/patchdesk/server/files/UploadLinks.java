package com.patchdesk.server.files;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.TemplateUploadLink;
import com.patchdesk.server.config.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Upload links: the token is 256 bits from {@code SecureRandom} ({@link DownloadToken}), kept only as its SHA-256 and
 * compared in constant time, like a download link's. Creating and revoking are audited and noted (internally) on the
 * case's timeline; the files that arrive go through {@link CaseUploads} like any other upload.
 */
@Service
public class UploadLinks {

    /** A link's path at the end of its URL: {@code /u/{id}/{token}}. */
    private static final Pattern LINK_PATH = Pattern.compile("/u/([0-9]{1,18})/([A-Za-z0-9_-]{1,200})$");

    /** Compared against when the link id does not exist, so a missing link costs the same work as a wrong token. */
    private static final String NO_SUCH_LINK = DownloadToken.hash("no such upload link");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditTrail audit;
    private final CaseTimeline timeline;

    UploadLinks(JdbcClient jdbc, Clock clock, AuditTrail audit, CaseTimeline timeline) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.timeline = timeline;
    }

    /** The returned path ({@code /u/{id}/{token}}) holds the token; it is shown once and cannot be recovered. */
    @Transactional
    public Created create(CaseRef ref, Actor actor, Instant expiresAt, long maxBytes, int maxFiles) {
        if (maxBytes < 1 || maxFiles < 1) {
            throw new IllegalArgumentException("an upload link needs a size cap and a file count of at least 1");
        }
        String token = DownloadToken.generate();
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO upload_links (case_id, case_number, token_hash, expires_at, max_bytes, max_files,
                                          created_by, created_at)
                VALUES (:case, :number, :hash, :expires, :bytes, :files, :by, :now)""")
                .param("case", ref.id())
                .param("number", ref.number().value())
                .param("hash", DownloadToken.hash(token))
                .param("expires", UtcTimestamps.toSql(expiresAt))
                .param("bytes", maxBytes)
                .param("files", maxFiles)
                .param("by", actor.userId())
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        audit.record(
                actor,
                "upload_link",
                id,
                ref.id(),
                "created",
                List.of(
                        FieldChange.of("expiresAt", null, expiresAt.toString()),
                        FieldChange.of("maxBytes", null, Long.toString(maxBytes)),
                        FieldChange.of("maxFiles", null, Integer.toString(maxFiles))));
        timeline.append(
                ref,
                EntryKind.NOTE,
                actor,
                "Upload link " + id + " created until " + expiresAt,
                "at most " + maxFiles + " file(s) of " + CaseFilesApi.humanSize(maxBytes) + " each",
                "upload_link",
                id,
                true);
        return new Created(find(ref.id(), id).orElseThrow(), "/u/" + id + "/" + token);
    }

    /**
     * The link when the token is right and the link still takes files, else empty — one answer for every reason, and
     * the same work (one lookup, one hash comparison) whatever the reason.
     */
    Optional<Grant> authorize(long linkId, String token) {
        Optional<Row> row = jdbc.sql("SELECT * FROM upload_links WHERE id = :id")
                .param("id", linkId)
                .query((rs, n) -> new Row(link(rs), rs.getString("case_number"), rs.getString("token_hash")))
                .optional();
        boolean tokenMatches =
                DownloadToken.matches(token, row.map(Row::tokenHash).orElse(NO_SUCH_LINK));
        Instant now = clock.instant();
        boolean usable = tokenMatches & row.map(r -> r.link().usableAt(now)).orElse(false);
        return usable ? row.map(r -> new Grant(r.link(), r.caseNumber())) : Optional.empty();
    }

    /**
     * The case's link whose path {@code /u/{id}/{token}} an engineer hands back to mail it to the customer: only
     * when the token is the link's, the link is of this case and still takes files. The token is checked against its
     * hash, so the server needs to keep nothing but the hash to mail the link right after making it.
     */
    public Optional<TemplateUploadLink> forMail(CaseRef ref, String url) {
        Matcher path = LINK_PATH.matcher(url);
        if (!path.find()) {
            return Optional.empty();
        }
        return UploadLinkPaths.linkId(path.group(1))
                .flatMap(linkId -> authorize(linkId, path.group(2)))
                .map(Grant::link)
                .filter(link -> link.caseId() == ref.id())
                .map(link -> new TemplateUploadLink(
                        url,
                        CollectorScript.command(url),
                        link.expiresAt(),
                        link.filesLeft(),
                        CaseFilesApi.humanSize(link.maxBytes())));
    }

    /**
     * Counts one completed upload against the link, once per tus upload id; false when the link has no file left
     * (or was revoked or expired meanwhile) or the upload was counted before.
     */
    @Transactional
    boolean claim(long linkId, String uploadId) {
        // tus locks an upload while a request works on it, so nobody else completes this upload id meanwhile.
        boolean counted = jdbc.sql("SELECT COUNT(*) FROM upload_link_files WHERE upload_id = :upload")
                        .param("upload", uploadId)
                        .query(Integer.class)
                        .single()
                > 0;
        if (counted) {
            return false;
        }
        int taken = jdbc.sql("""
                UPDATE upload_links SET files_received = files_received + 1
                WHERE id = :id AND revoked_at IS NULL AND expires_at > :now AND files_received < max_files""")
                .param("id", linkId)
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .update();
        if (taken != 1) {
            return false;
        }
        jdbc.sql("INSERT INTO upload_link_files (link_id, upload_id, received_at) VALUES (:link, :upload, :now)")
                .param("link", linkId)
                .param("upload", uploadId)
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .update();
        return true;
    }

    /**
     * The size of the file that upload {@code uploadId} through link {@code linkId} was stored as; empty when it was
     * not (yet). The upload's scratch copy is gone by then, and this is what tells a client that resumes it that it is
     * complete.
     */
    OptionalLong storedSize(long linkId, String uploadId) {
        return jdbc.sql("""
                SELECT cf.size FROM upload_link_files f JOIN case_files cf ON cf.id = f.case_file_id
                WHERE f.link_id = :link AND f.upload_id = :upload AND cf.status = 'stored'""")
                .param("link", linkId)
                .param("upload", uploadId)
                .query(Long.class)
                .optional()
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    /**
     * Gives back the link's file that upload {@code uploadId} {@linkplain #claim claimed} but that was not stored (the
     * store failed): the link takes another in its place, and the upload id may be claimed again.
     */
    @Transactional
    void unclaim(long linkId, String uploadId) {
        int released =
                jdbc.sql("""
                DELETE FROM upload_link_files WHERE link_id = :link AND upload_id = :upload AND case_file_id IS NULL""").param("link", linkId).param("upload", uploadId).update();
        if (released == 1) {
            jdbc.sql(
                            "UPDATE upload_links SET files_received = files_received - 1 WHERE id = :id AND files_received > 0")
                    .param("id", linkId)
                    .update();
        }
    }

    void stored(String uploadId, long caseFileId) {
        jdbc.sql("UPDATE upload_link_files SET case_file_id = :file WHERE upload_id = :upload")
                .param("file", caseFileId)
                .param("upload", uploadId)
                .update();
    }

    /**
     * Moves every link of a case merged into another to that case, with the files they brought: a link the customer
     * still holds then delivers into the case the work goes on in (each upload reads its link's case afresh), not
     * into the closed duplicate. Part of the merge's transaction; returns how many links moved.
     */
    public int moveAll(CaseRef from, CaseRef to) {
        return jdbc.sql("UPDATE upload_links SET case_id = :to, case_number = :number WHERE case_id = :from")
                .param("to", to.id())
                .param("number", to.number().value())
                .param("from", from.id())
                .update();
    }

    /** Revokes a link of the case; false when the case has no such link. Revoking twice keeps the first time. */
    @Transactional
    public boolean revoke(CaseRef ref, long linkId, Actor actor) {
        Optional<UploadLink> link = find(ref.id(), linkId);
        if (link.isEmpty()) {
            return false;
        }
        int changed = jdbc.sql("""
                UPDATE upload_links SET revoked_at = :now, revoked_by = :by
                WHERE id = :id AND case_id = :case AND revoked_at IS NULL""")
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .param("by", actor.userId())
                .param("id", linkId)
                .param("case", ref.id())
                .update();
        if (changed == 1) {
            audit.record(actor, "upload_link", linkId, ref.id(), "revoked", List.of());
            timeline.append(
                    ref, EntryKind.NOTE, actor, "Upload link " + linkId + " revoked", "", "upload_link", linkId, true);
        }
        return true;
    }

    public List<UploadLink> list(CaseRef ref) {
        return listForCase(ref.id());
    }

    /** For pages whose controller has checked access to the case already (the case page's fragment). */
    public List<UploadLink> listForCase(long caseId) {
        return jdbc.sql("SELECT * FROM upload_links WHERE case_id = :case ORDER BY id")
                .param("case", caseId)
                .query((rs, n) -> link(rs))
                .list();
    }

    public Optional<UploadLink> find(long caseId, long linkId) {
        return jdbc.sql("SELECT * FROM upload_links WHERE id = :id AND case_id = :case")
                .param("id", linkId)
                .param("case", caseId)
                .query((rs, n) -> link(rs))
                .optional();
    }

    private static UploadLink link(ResultSet rs) throws SQLException {
        long createdBy = rs.getLong("created_by");
        Long by = rs.wasNull() ? null : createdBy;
        return new UploadLink(
                rs.getLong("id"),
                rs.getLong("case_id"),
                UtcTimestamps.read(rs, "expires_at"),
                rs.getLong("max_bytes"),
                rs.getInt("max_files"),
                rs.getInt("files_received"),
                UtcTimestamps.read(rs, "revoked_at"),
                by,
                UtcTimestamps.read(rs, "created_at"));
    }

    private record Row(UploadLink link, String caseNumber, String tokenHash) {}

    /** What a valid link allows; the case number is for the server only and never shown through the link. */
    record Grant(UploadLink link, String caseNumber) {}

    /** A new link and its path with the token, e.g. {@code /u/7/...}; the only time the token is visible. */
    public record Created(UploadLink link, String path) {}
}
