package com.patchdesk.server.files;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An engineer publishing a case file for download, from the API or the console: the link and its
 * {@code DOWNLOAD_PUBLISHED} timeline entry are written together, in one place, so no way in can forget the entry.
 */
@Service
public class CasePublications {

    private final DownloadLinks links;
    private final CaseTimeline timeline;

    CasePublications(DownloadLinks links, CaseTimeline timeline) {
        this.links = links;
        this.timeline = timeline;
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
        return published;
    }
}
