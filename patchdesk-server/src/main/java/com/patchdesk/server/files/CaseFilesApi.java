package com.patchdesk.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.problems.InvalidInputException;

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
    private final CaseTimeline timeline;
    private final ApplicationEventPublisher events;
    private final FilesProperties settings;

    CaseFilesApi(CaseAccess access, CaseFiles files, CaseTimeline timeline, ApplicationEventPublisher events,
                 FilesProperties settings) {
        this.access = access;
        this.files = files;
        this.timeline = timeline;
        this.events = events;
        this.settings = settings;
    }

    @PostMapping(consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<CaseFile> uploadRaw(@CurrentActor Actor actor, @PathVariable String number,
                                       @RequestParam String name, HttpServletRequest request)
            throws IOException {
        CaseRef ref = require(actor, number, CaseAction.UPLOAD);
        refuseDeclaredOversize(request.getContentLengthLong());
        try (InputStream body = request.getInputStream()) {
            return stored(ref, actor, files.receive(ref, name, CaseFile.Origin.UPLOAD, body, limit(),
                    actor.userId()));
        }
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<CaseFile> uploadMultipart(@CurrentActor Actor actor, @PathVariable String number,
                                             HttpServletRequest request) throws IOException, ServletException {
        CaseRef ref = require(actor, number, CaseAction.UPLOAD);
        refuseDeclaredOversize(request.getContentLengthLong());
        Part part = request.getPart("file");
        if (part == null) {
            throw new InvalidInputException("file", "send the file in a form field named \"file\"");
        }
        try (InputStream body = part.getInputStream()) {
            return stored(ref, actor, files.receive(ref, part.getSubmittedFileName(), CaseFile.Origin.UPLOAD, body,
                    limit(), actor.userId()));
        } finally {
            part.delete();
        }
    }

    @GetMapping
    List<CaseFile> list(@CurrentActor Actor actor, @PathVariable String number) {
        return files.list(require(actor, number, CaseAction.VIEW));
    }

    @GetMapping("/{fileId}/content")
    void content(@CurrentActor Actor actor, @PathVariable String number, @PathVariable long fileId,
                 HttpServletResponse response) throws IOException {
        CaseRef ref = require(actor, number, CaseAction.VIEW);
        CaseFile file = files.find(ref, fileId).filter(CaseFile::stored)
                .orElseThrow(() -> new CaseNotFoundException(number + " file " + fileId));
        response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(file.name(), StandardCharsets.UTF_8).build().toString());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLengthLong(file.size());
        try (InputStream in = files.open(file, null)) {
            OutputStream out = response.getOutputStream();
            in.transferTo(out);
        }
    }

    private ResponseEntity<CaseFile> stored(CaseRef ref, Actor actor, CaseFiles.Received received) {
        CaseFile file = received.file();
        URI location = URI.create("/api/cases/" + ref.number().value() + "/files/" + file.id());
        if (received.duplicate()) {
            return ResponseEntity.ok().location(location).header("X-Patchdesk-Duplicate", "true").body(file);
        }
        timeline.append(ref, EntryKind.UPLOAD, actor, "Uploaded " + file.name() + " (" + humanSize(file.size()) + ")",
                "SHA-256 " + file.sha256(), "case_file", file.id(), false);
        events.publishEvent(new FileUploaded(ref, file));
        return ResponseEntity.created(location).body(file);
    }

    private void refuseDeclaredOversize(long contentLength) {
        UploadProblems.refuseDeclaredOversize(contentLength, limit());
    }

    private long limit() {
        return settings.maxUpload().toBytes();
    }

    private CaseRef require(Actor actor, String number, CaseAction action) {
        return access.require(actor,
                CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)), action);
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
