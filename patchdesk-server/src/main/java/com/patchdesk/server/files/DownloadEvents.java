package com.patchdesk.server.files;

import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Notes each download made through a link on the case's timeline and in the audit trail (which file, to which
 * address, how much of it). The entry is internal: it carries the client's address, which is for the engineers, not
 * for everyone who can read the case.
 */
@Component
class DownloadEvents {

    private final CaseAccess cases;
    private final CaseTimeline timeline;
    private final AuditTrail audit;

    DownloadEvents(CaseAccess cases, CaseTimeline timeline, AuditTrail audit) {
        this.cases = cases;
        this.timeline = timeline;
        this.audit = audit;
    }

    @Transactional
    void downloaded(DownloadLinks.Grant file, String clientAddress, long bytesSent, boolean complete) {
        // A link was issued for this case by an engineer, so resolving it without a signed-in user is legitimate.
        cases.resolve(new CaseNumber(file.caseNumber())).ifPresent(ref -> {
            timeline.append(
                    ref,
                    EntryKind.DOWNLOAD,
                    null,
                    (complete ? "Downloaded " : "Download broke off: ") + file.fileName() + " via link #"
                            + file.linkId(),
                    "%s: %d of %d bytes sent to %s"
                            .formatted(complete ? "complete" : "incomplete", bytesSent, file.size(), clientAddress),
                    "download_link",
                    file.linkId(),
                    true);
            // Whoever holds the link has no account: the link and the address are all the server knows of them.
            audit.recordAnonymous(
                    "download link " + file.linkId(),
                    "download_link",
                    file.linkId(),
                    ref.id(),
                    complete ? "downloaded" : "download broke off",
                    List.of(
                            FieldChange.of("fileId", null, file.fileId()),
                            FieldChange.of("fileName", null, file.fileName()),
                            FieldChange.of("clientAddress", null, clientAddress),
                            FieldChange.of("bytesSent", null, bytesSent)));
        });
    }
}
