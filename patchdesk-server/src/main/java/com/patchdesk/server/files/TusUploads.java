package com.patchdesk.server.files;

import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.config.DataFolder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.upload.UploadInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * The resumable end of an upload link: tus 1.0 (core, creation, termination, checksum, expiration) at
 * {@code /u/{id}/{token}/files}, served by the tus-java-server library. Parts of an upload wait in a scratch folder
 * owned by the link ({@code ownerKey}), so one link cannot touch another's uploads; a completed upload is streamed
 * into the blob store through {@link CaseUploads} (timeline entry, diagnosis) and its scratch copy deleted.
 * Every refusal of the link itself is the same plain 404, and no answer names the case.
 */
@Controller
class TusUploads {

    private static final Logger log = LoggerFactory.getLogger(TusUploads.class);
    static final String ARRIVAL = "Uploaded through an upload link: ";

    private final UploadLinks links;
    private final CaseUploads uploads;
    private final CaseAccess access;
    private final TusFileUploadService tus;

    TusUploads(UploadLinks links, CaseUploads uploads, CaseAccess access, FilesProperties settings, DataFolder data) {
        this.links = links;
        this.uploads = uploads;
        this.access = access;
        this.tus = new TusFileUploadService()
                .withStoragePath(data.dataDir()
                        .resolve("tmp")
                        .resolve("tus")
                        .toAbsolutePath()
                        .toString())
                .withUploadUri("/u/[0-9]+/[A-Za-z0-9_-]+/files")
                .withMaxUploadSize(settings.maxUpload().toBytes())
                // A broken upload may be resumed for a day; after that its parts are removed.
                .withUploadExpirationPeriod(Duration.ofDays(1).toMillis())
                .disableTusExtension("concatenation");
    }

    @RequestMapping(
            path = {"/u/{id}/{token}/files", "/u/{id}/{token}/files/{upload}"},
            method = {
                RequestMethod.POST,
                RequestMethod.PATCH,
                RequestMethod.HEAD,
                RequestMethod.DELETE,
                RequestMethod.OPTIONS
            })
    void tus(
            @PathVariable String id,
            @PathVariable String token,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Optional<UploadLinks.Grant> grant =
                UploadLinkPaths.linkId(id).flatMap(linkId -> links.authorize(linkId, token));
        if (grant.isEmpty()) {
            UploadLinkPaths.notFound(response);
            return;
        }
        UploadLink link = grant.get().link();
        if ("POST".equals(request.getMethod()) && !acceptableCreation(request, response, link)) {
            return;
        }
        String owner = "link-" + link.id();
        tus.process(request, response, owner);
        if ("PATCH".equals(request.getMethod()) && response.getStatus() == HttpServletResponse.SC_NO_CONTENT) {
            completeIfDone(grant.get(), request.getRequestURI(), owner, response);
        }
    }

    /** A new upload must state its length, within the link's cap; deferred lengths are not offered. */
    private static boolean acceptableCreation(HttpServletRequest request, HttpServletResponse response, UploadLink link)
            throws IOException {
        String length = request.getHeader("Upload-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared < 0) {
            plain(response, HttpServletResponse.SC_BAD_REQUEST, "Upload-Length is required\n");
            return false;
        }
        if (declared > link.maxBytes()) {
            response.setHeader("Tus-Max-Size", Long.toString(link.maxBytes()));
            plain(
                    response,
                    HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "The file is larger than this link accepts (" + link.maxBytes() + " bytes)\n");
            return false;
        }
        return true;
    }

    private void completeIfDone(UploadLinks.Grant grant, String uri, String owner, HttpServletResponse response)
            throws IOException {
        UploadInfo info;
        try {
            info = tus.getUploadInfo(uri, owner);
        } catch (TusException e) {
            return;
        }
        if (info == null || info.isUploadInProgress()) {
            return;
        }
        String uploadId = info.getId().toString();
        if (!links.claim(grant.link().id(), uploadId)) {
            // The link's last file was taken by another upload meanwhile (or it was revoked): keep nothing.
            deleteQuietly(uri, owner);
            if (!response.isCommitted()) {
                plain(response, HttpServletResponse.SC_GONE, "This upload link takes no more files\n");
            }
            return;
        }
        CaseRef ref = access.resolve(CaseNumber.parse(grant.caseNumber())).orElseThrow();
        String name = info.getFileName() == null || info.getFileName().isBlank() ? "upload.bin" : info.getFileName();
        try (InputStream content = tus.getUploadedBytes(uri, owner)) {
            CaseFiles.Received received =
                    uploads.receive(ref, null, name, content, grant.link().maxBytes(), ARRIVAL, info.getLength());
            links.stored(uploadId, received.file().id());
        } catch (TusException e) {
            throw new IOException("the completed upload could not be read back: " + e.getMessage(), e);
        } catch (UploadFailedException e) {
            log.warn(
                    "Upload {} through link {} could not be stored: {}",
                    uploadId,
                    grant.link().id(),
                    e.getMessage());
        } finally {
            deleteQuietly(uri, owner);
        }
    }

    private void deleteQuietly(String uri, String owner) {
        try {
            tus.deleteUpload(uri, owner);
        } catch (IOException | TusException e) {
            log.warn("Could not remove the scratch copy of {}: {}", uri, e.getMessage());
        }
    }

    /** Removes the parts of uploads nobody resumed within a day. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void removeAbandonedUploads() {
        try {
            tus.cleanup();
        } catch (IOException e) {
            log.warn("Could not remove abandoned uploads: {}", e.getMessage());
        }
    }

    private static void plain(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setHeader("Tus-Resumable", "1.0.0");
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }
}
