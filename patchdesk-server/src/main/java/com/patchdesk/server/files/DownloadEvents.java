package com.patchdesk.server.files;

import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import org.springframework.stereotype.Component;

/**
 * Notes each download made through a link on the case's timeline. The entry is internal: it carries the client's
 * address, which is for the engineers, not for everyone who can read the case.
 */
@Component
class DownloadEvents {

    private final CaseAccess cases;
    private final CaseTimeline timeline;

    DownloadEvents(CaseAccess cases, CaseTimeline timeline) {
        this.cases = cases;
        this.timeline = timeline;
    }

    void downloaded(DownloadLinks.Grant file, String clientAddress, long bytesSent, boolean complete) {
        // A link was issued for this case by an engineer, so resolving it without a signed-in user is legitimate.
        cases.resolve(new CaseNumber(file.caseNumber()))
                .ifPresent(ref -> timeline.append(
                        ref,
                        EntryKind.DOWNLOAD,
                        null,
                        (complete ? "Downloaded " : "Download broke off: ") + file.fileName() + " via link #"
                                + file.linkId(),
                        "%s: %d of %d bytes sent to %s"
                                .formatted(complete ? "complete" : "incomplete", bytesSent, file.size(), clientAddress),
                        "download_link",
                        file.linkId(),
                        true));
    }
}
