package com.patchdesk.server.files;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.web.PublicUrls;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Engineers publish files for the customer to download without an account: either a new file sent as the raw
 * request body, or a file already on the case. The answer carries the link with its token, the only time it is
 * shown, as an absolute URL on the public address ({@link PublicUrls}), as an upload link's: it is sent on as it is.
 */
@RestController
@RequestMapping("/api/cases/{number}/downloads")
class DownloadsApi {

    private final CaseAccess access;
    private final CaseFiles files;
    private final DownloadLinks links;
    private final CasePublications publications;
    private final FilesProperties settings;
    private final Clock clock;
    private final PublicUrls urls;

    DownloadsApi(
            CaseAccess access,
            CaseFiles files,
            DownloadLinks links,
            CasePublications publications,
            FilesProperties settings,
            Clock clock,
            PublicUrls urls) {
        this.urls = urls;
        this.access = access;
        this.files = files;
        this.links = links;
        this.publications = publications;
        this.settings = settings;
        this.clock = clock;
    }

    /** {@code POST ?name=fix.zip&validFor=P7D&maxDownloads=3} with the file as the body. */
    @PostMapping(consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<PublishedLink> publishUpload(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam String name,
            @RequestParam(required = false) String validFor,
            @RequestParam(required = false) Integer maxDownloads,
            HttpServletRequest request)
            throws IOException {
        CaseRef ref = require(actor, number);
        Instant expiresAt = expiry(validFor);
        checkLimit(maxDownloads);
        UploadProblems.refuseDeclaredOversize(
                request.getContentLengthLong(), settings.maxUpload().toBytes());
        files.ensureRoom(request.getContentLengthLong());
        CaseFile file;
        try (InputStream body = request.getInputStream()) {
            file = files.receive(
                            ref,
                            name,
                            CaseFile.Origin.PUBLISHED,
                            body,
                            settings.maxUpload().toBytes(),
                            actor.userId())
                    .file();
        }
        return publish(ref, actor, file, expiresAt, maxDownloads, request);
    }

    /** {@code POST {"fileId": 12, "validFor": "P7D", "maxDownloads": 3}} for a file already on the case. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PublishedLink> publishExisting(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestBody PublishRequest body,
            HttpServletRequest request) {
        CaseRef ref = require(actor, number);
        if (body.fileId() == null) {
            throw new InvalidInputException("fileId", "give the id of a file on the case as fileId");
        }
        Instant expiresAt = expiry(body.validFor());
        checkLimit(body.maxDownloads());
        CaseFile file = files.find(ref, body.fileId())
                .filter(CaseFile::stored)
                .orElseThrow(() -> new InvalidInputException(
                        "fileId", Reason.of("problem.file.notStored", String.valueOf(body.fileId()))));
        return publish(ref, actor, file, expiresAt, body.maxDownloads(), request);
    }

    @GetMapping
    List<DownloadLink> list(@CurrentActor Actor actor, @PathVariable String number) {
        return links.list(require(actor, number));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(
            @CurrentActor Actor actor, @PathVariable String number, @PathVariable("id") long linkId) {
        CaseRef ref = require(actor, number);
        if (!publications.revoke(ref, linkId, actor)) {
            throw new CaseNotFoundException(number + " link " + linkId);
        }
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<PublishedLink> publish(
            CaseRef ref,
            Actor actor,
            CaseFile file,
            Instant expiresAt,
            Integer maxDownloads,
            HttpServletRequest request) {
        DownloadLinks.Published published = publications.publish(ref, actor, file, expiresAt, maxDownloads);
        return ResponseEntity.created(URI.create("/api/cases/" + ref.number().value() + "/downloads/"
                        + published.link().id()))
                .body(new PublishedLink(published.link(), urls.absolute(published.path(), request)));
    }

    private Instant expiry(String validFor) {
        return LinkValidity.expiry(validFor, settings, clock);
    }

    private static void checkLimit(Integer maxDownloads) {
        if (maxDownloads != null && maxDownloads < 1) {
            throw new InvalidInputException("maxDownloads", "maxDownloads must be at least 1");
        }
    }

    private CaseRef require(Actor actor, String number) {
        return access.require(
                actor,
                CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)),
                CaseAction.PUBLISH_FILE);
    }

    record PublishRequest(Long fileId, String validFor, Integer maxDownloads) {}

    /** The new link; {@code url} holds the token and is shown this once. */
    record PublishedLink(DownloadLink link, String url) {}
}
