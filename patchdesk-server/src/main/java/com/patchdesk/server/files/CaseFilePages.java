package com.patchdesk.server.files;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.config.DiskRoom;
import com.patchdesk.server.config.FreeSpaceFloorReached;
import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ProblemTexts;
import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.StorageFailures;
import com.patchdesk.server.web.PublicUrls;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Uploads from the console and the portal, and download links engineers publish. The page sends the file as the raw
 * request body (XMLHttpRequest, so the browser can show upload progress) and the body streams straight into the
 * file store; without script the same form posts multipart, which the container spools to disk. Either way the
 * upload lands on the timeline and is diagnosed, exactly like one through the API.
 */
@Controller
@ConsolePage
class CaseFilePages {

    static final int MAX_VALID_DAYS = 90;

    private final CaseAccess access;
    private final CaseFiles files;
    private final CaseUploads uploads;
    private final CasePublications publications;
    private final Clock clock;
    private final long maxUpload;
    private final PublicUrls urls;
    private final DiskRoom room;
    private final ProblemTexts texts;

    CaseFilePages(
            CaseAccess access,
            CaseFiles files,
            CaseUploads uploads,
            CasePublications publications,
            Clock clock,
            FilesProperties properties,
            PublicUrls urls,
            DiskRoom room,
            ProblemTexts texts) {
        this.texts = texts;
        this.urls = urls;
        this.room = room;
        this.access = access;
        this.files = files;
        this.uploads = uploads;
        this.publications = publications;
        this.clock = clock;
        this.maxUpload = properties.maxUpload().toBytes();
    }

    /**
     * The script's upload. It answers 204 with the page to show next in {@code X-Patchdesk-Location} instead of a
     * redirect: an XMLHttpRequest would follow a redirect itself and use up the notice meant for that page.
     */
    @PostMapping(path = "/cases/{number}/files", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<Void> uploadRaw(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam String name,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        CaseRef ref = access.require(actor, number, CaseAction.UPLOAD);
        FlashMap notices = RequestContextUtils.getOutputFlashMap(request);
        try (InputStream body = request.getInputStream()) {
            receive(actor, ref, name, body, request.getContentLengthLong(), notices);
        }
        String next = backTo(actor, ref).substring("redirect:".length());
        RequestContextUtils.saveOutputFlashMap(next, request, response);
        return ResponseEntity.noContent().header("X-Patchdesk-Location", next).build();
    }

    @PostMapping(path = "/cases/{number}/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    String uploadForm(
            @CurrentActor Actor actor,
            @PathVariable String number,
            HttpServletRequest request,
            RedirectAttributes redirect)
            throws IOException, ServletException {
        CaseRef ref = access.require(actor, number, CaseAction.UPLOAD);
        if (!roomFor(request.getContentLengthLong(), true, redirect::addFlashAttribute)) {
            // Before the container spools the part to disk, as it does when the part is first asked for.
            return backTo(actor, ref);
        }
        Part part = request.getPart("file");
        if (part == null
                || part.getSubmittedFileName() == null
                || part.getSubmittedFileName().isBlank()) {
            redirect.addFlashAttribute("problem", "files.upload.none");
            return backTo(actor, ref);
        }
        // The container deletes the spooled part when the request ends.
        try (InputStream body = part.getInputStream()) {
            Map<String, Object> notices = new HashMap<>();
            receive(actor, ref, part.getSubmittedFileName(), body, part.getSize(), notices);
            notices.forEach(redirect::addFlashAttribute);
        }
        return backTo(actor, ref);
    }

    /** A stored file of the case, for anyone who may see the case: staff, and the case's customers from the portal. */
    @GetMapping("/cases/{number}/files/{id}")
    void download(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @PathVariable("id") long fileId,
            HttpServletResponse response)
            throws IOException {
        StoredFileDownload.send(files, access.require(actor, number, CaseAction.VIEW), fileId, response);
    }

    @PostMapping("/cases/{number}/downloads")
    String publish(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestParam long fileId,
            @RequestParam(defaultValue = "7") int validDays,
            @RequestParam(required = false) Integer maxDownloads,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        CaseRef ref = access.require(actor, number, CaseAction.PUBLISH_FILE);
        if (validDays < 1 || validDays > MAX_VALID_DAYS || maxDownloads != null && maxDownloads < 1) {
            redirect.addFlashAttribute("problem", "files.publish.invalid");
            return backTo(actor, ref);
        }
        CaseFile file = files.find(ref, fileId)
                .filter(CaseFile::stored)
                .orElseThrow(() -> new InvalidInputException(
                        "fileId", Reason.of("problem.file.notStored", String.valueOf(fileId))));
        Instant expiresAt = clock.instant().plus(Duration.ofDays(validDays));
        DownloadLinks.Published published = publications.publish(ref, actor, file, expiresAt, maxDownloads);
        // The token is shown this once; only its hash is stored.
        redirect.addFlashAttribute("publishedLink", urls.absolute(published.path(), request));
        redirect.addFlashAttribute("publishedFile", file.name());
        redirect.addFlashAttribute("notice", "files.publish.done");
        return backTo(actor, ref);
    }

    /** Stores the upload and says how it went in {@code notices} (flash attributes of the next page). */
    private void receive(
            Actor actor, CaseRef ref, String name, InputStream body, long declaredLength, Map<String, Object> notices) {
        if (declaredLength > maxUpload) {
            notices.put("problem", "files.upload.tooLarge");
            return;
        }
        if (!roomFor(declaredLength, false, notices::put)) {
            return;
        }
        CaseFiles.Received received;
        try {
            received = uploads.receive(ref, actor, name, body, maxUpload, CaseUploads.UPLOADED, declaredLength);
        } catch (IOException e) {
            if (StorageFailures.full(e)) {
                notices.put("problem", "files.upload.full");
                return;
            }
            // The file row stays as a failed upload with its reason; the page says what went wrong.
            notices.put("problem", "files.upload.failed");
            notices.put("problemDetail", texts.describe(e));
            return;
        } catch (InvalidInputException e) {
            // The file row stays as a failed upload with its reason; the page says what went wrong.
            notices.put("problem", "files.upload.failed");
            notices.put("problemDetail", texts.describe(e));
            return;
        }
        notices.put("notice", received.duplicate() ? "files.upload.duplicate" : "files.upload.done");
    }

    /**
     * Whether the disks the upload is written to (the spool's, when {@code spooled}, and the store's) have room for
     * {@code declaredLength} more bytes above the free-space floor; if not, the notice that says the server's storage
     * is full (not the customer's file) is put and nothing is read.
     */
    private boolean roomFor(
            long declaredLength, boolean spooled, java.util.function.BiConsumer<String, Object> notices) {
        try {
            if (spooled) {
                room.ensure(declaredLength); // the container's spool, in the data folder
            }
            files.ensureRoom(declaredLength);
            return true;
        } catch (FreeSpaceFloorReached full) {
            notices.accept("problem", "files.upload.full");
            return false;
        } catch (IOException unreadable) {
            return true; // the store's own write then says what is wrong
        }
    }

    /** A redirect, which the browser (and the XMLHttpRequest) follows with a GET of the case page. */
    private static String backTo(Actor actor, CaseRef ref) {
        return "redirect:" + (actor.isStaff() ? "/cases/" : "/portal/cases/")
                + ref.number().value();
    }
}
