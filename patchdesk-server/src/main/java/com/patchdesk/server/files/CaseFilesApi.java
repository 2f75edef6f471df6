package com.patchdesk.server.files;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.config.DiskRoom;
import com.patchdesk.server.problems.InvalidInputException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.apache.commons.io.input.BoundedInputStream;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Files on a case. Uploads stream straight from the request to the blob store: as a raw body
 * ({@code application/octet-stream} with {@code ?name=}) nothing is buffered at all; as {@code multipart/form-data}
 * the servlet container spools the part to the data disk first (threshold 0), never to memory.
 */
@RestController
@RequestMapping("/api/cases/{number}/files")
class CaseFilesApi {

    private final CaseAccess access;
    private final CaseFiles files;
    private final CaseUploads uploads;
    private final FilesProperties settings;
    private final DiskRoom room;

    CaseFilesApi(CaseAccess access, CaseFiles files, CaseUploads uploads, FilesProperties settings, DiskRoom room) {
        this.access = access;
        this.files = files;
        this.uploads = uploads;
        this.settings = settings;
        this.room = room;
    }

    /**
     * The body is the file ({@code ?name=} required), or {@code multipart/form-data} with the file in a field named
     * {@code file}. Access is checked before anything of the body is read.
     */
    @PostMapping
    ResponseEntity<CaseFile> upload(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam(required = false) String name,
            HttpServletRequest request)
            throws IOException, ServletException {
        CaseRef ref = require(actor, number, CaseAction.UPLOAD);
        refuseDeclaredOversize(request.getContentLengthLong());
        MediaType type = request.getContentType() == null
                ? MediaType.APPLICATION_OCTET_STREAM
                : MediaType.parseMediaType(request.getContentType());
        if (MediaType.MULTIPART_FORM_DATA.includes(type)) {
            // Spooled to the data folder first, then stored.
            room.ensure(request.getContentLengthLong());
            files.ensureRoom(request.getContentLengthLong());
            return uploadPart(ref, actor, request);
        }
        if (MediaType.APPLICATION_FORM_URLENCODED.includes(type)) {
            // The container would decode such a body as form fields; curl --data-binary sends this by default.
            throw new InvalidInputException(
                    "Content-Type",
                    "send the file as application/octet-stream (curl -T FILE or -H 'Content-Type: application/octet-stream')");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "give the file name as ?name=");
        }
        // The declared length is reserved while the upload runs: uploads at once must not fill the disk together.
        BoundedInputStream body = BoundedInputStream.builder()
                .setInputStream(request.getInputStream())
                .get();
        try (body;
                DiskRoom.Reservation reserved = files.reserveRoom(request.getContentLengthLong(), body::getCount)) {
            return stored(
                    ref,
                    uploads.receive(
                            ref, actor, name, body, limit(), CaseUploads.UPLOADED, request.getContentLengthLong()));
        }
    }

    private ResponseEntity<CaseFile> uploadPart(CaseRef ref, Actor actor, HttpServletRequest request)
            throws IOException, ServletException {
        Part part = request.getPart("file");
        if (part == null) {
            throw new InvalidInputException("file", "send the file in a form field named \"file\"");
        }
        try (InputStream body = part.getInputStream()) {
            return stored(
                    ref,
                    uploads.receive(
                            ref,
                            actor,
                            part.getSubmittedFileName(),
                            body,
                            limit(),
                            CaseUploads.UPLOADED,
                            part.getSize()));
        } finally {
            part.delete();
        }
    }

    @GetMapping
    List<CaseFile> list(@CurrentActor Actor actor, @PathVariable String number) {
        return files.list(require(actor, number, CaseAction.VIEW));
    }

    @GetMapping("/{id}/content")
    void content(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @PathVariable("id") long fileId,
            HttpServletResponse response)
            throws IOException {
        StoredFileDownload.send(files, require(actor, number, CaseAction.VIEW), fileId, response);
    }

    private ResponseEntity<CaseFile> stored(CaseRef ref, CaseFiles.Received received) {
        CaseFile file = received.file();
        URI location = URI.create("/api/cases/" + ref.number().value() + "/files/" + file.id());
        if (received.duplicate()) {
            return ResponseEntity.ok()
                    .location(location)
                    .header("X-Patchdesk-Duplicate", "true")
                    .body(file);
        }
        return ResponseEntity.created(location).body(file);
    }

    private void refuseDeclaredOversize(long contentLength) {
        UploadProblems.refuseDeclaredOversize(contentLength, limit());
    }

    private long limit() {
        return settings.maxUpload().toBytes();
    }

    private CaseRef require(Actor actor, String number, CaseAction action) {
        return access.require(
                actor, CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)), action);
    }

    static String humanSize(long bytes) {
        return com.patchdesk.server.web.ByteSizes.human(bytes);
    }
}
