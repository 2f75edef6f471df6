package com.patchdesk.server.files;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An engineer publishing a case file for download, or revoking the link, from the API or the console: the link,
 * its {@code DOWNLOAD_PUBLISHED} timeline entry and the audit rows are written together, in one place, so no way in
 * can forget them. What went to the customer is audited like the upload links ({@link UploadLinks}).
 */
@Service
public class CasePublications {

    private final DownloadLinks links;
    private final CaseTimeline timeline;
    private final AuditTrail audit;

    CasePublications(DownloadLinks links, CaseTimeline timeline, AuditTrail audit) {
        this.links = links;
        this.timeline = timeline;
        this.audit = audit;
    }

    /** The returned token is shown once and cannot be recovered afterwards. */
    @Transactional
    public DownloadLinks.Published publish(
            CaseRef ref, Actor actor, CaseFile file, Instant expiresAt, Integer maxDownloads) {
        DownloadLinks.Published published = links.publish(ref, file, expiresAt, maxDownloads, actor.userId());
        timeline.append(
                ref,
                EntryKind.DOWNLOAD_PUBLISHED,
                actor,
                "Published " + file.name() + " for download until " + expiresAt,
                maxDownloads == null ? "no download limit" : "at most " + maxDownloads + " downloads",
                "download_link",
                published.link().id(),
                false);
        audit.record(
                actor,
                "download_link",
                published.link().id(),
                ref.id(),
                "published",
                List.of(
                        FieldChange.of("fileId", null, file.id()),
                        FieldChange.of("fileName", null, file.name()),
                        FieldChange.of("expiresAt", null, expiresAt),
                        FieldChange.of("maxDownloads", null, maxDownloads)));
        return published;
    }

    /** Revokes a download link of the case; false when the case has no such link. Revoking twice keeps the first. */
    @Transactional
    public boolean revoke(CaseRef ref, long linkId, Actor actor) {
        DownloadLinks.Revocation done = links.revoking(ref, linkId, actor.userId());
        if (done == DownloadLinks.Revocation.REVOKED) {
            String fileName =
                    links.find(ref.id(), linkId).map(DownloadLink::fileName).orElse(null);
            audit.record(
                    actor,
                    "download_link",
                    linkId,
                    ref.id(),
                    "revoked",
                    List.of(FieldChange.of("fileName", null, fileName)));
        }
        return done != DownloadLinks.Revocation.NO_SUCH_LINK;
    }
}
