package com.patchdesk.server.files;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.Reason;
import java.time.Clock;
import org.springframework.stereotype.Service;

/**
 * An engineer's request for an upload link, from the API or the console, checked in one place: validity as for
 * download links, a size cap up to the server's upload limit (default: that limit), 1 to 20 files (default 3).
 */
@Service
public class UploadLinkRequests {

    static final int MAX_FILES = 20;
    static final int DEFAULT_FILES = 3;

    private final UploadLinks links;
    private final FilesProperties settings;
    private final Clock clock;

    UploadLinkRequests(UploadLinks links, FilesProperties settings, Clock clock) {
        this.links = links;
        this.settings = settings;
        this.clock = clock;
    }

    public UploadLinks.Created create(CaseRef ref, Actor actor, String validFor, Long maxBytes, Integer maxFiles) {
        long limit = settings.maxUpload().toBytes();
        long bytes = maxBytes == null ? limit : maxBytes;
        if (bytes < 1 || bytes > limit) {
            throw new InvalidInputException("maxBytes", Reason.of("problem.uploadLink.maxBytes", limit));
        }
        int files = maxFiles == null ? DEFAULT_FILES : maxFiles;
        if (files < 1 || files > MAX_FILES) {
            throw new InvalidInputException("maxFiles", Reason.of("problem.uploadLink.maxFiles", MAX_FILES));
        }
        return links.create(ref, actor, LinkValidity.expiry(validFor, settings, clock), bytes, files);
    }
}
