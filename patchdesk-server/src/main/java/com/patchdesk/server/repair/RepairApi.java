package com.patchdesk.server.repair;

import com.google.common.io.ByteStreams;
import com.patchdesk.diagnosis.repair.ComponentIdentity;
import com.patchdesk.diagnosis.repair.DonorMaterialException;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.problems.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The component library and repair kits, for staff: {@code POST /api/library/donors} (a donor zip as the body) adds
 * components, refused whole with the reason (400) when any of it fails a check; {@code GET /api/library/components};
 * {@code POST /api/cases/{number}/diagnoses/{id}/repair-kit} builds and publishes a kit.
 */
@RestController
class RepairApi {

    /** Donor zips are spooled to disk at most this large before they are checked. */
    static final long MAX_DONOR_ZIP = 2L << 30;

    private final ComponentStore library;
    private final RepairKits kits;
    private final CaseAccess access;

    RepairApi(ComponentStore library, RepairKits kits, CaseAccess access) {
        this.library = library;
        this.kits = kits;
        this.access = access;
    }

    @PostMapping(path = "/api/library/donors", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<ComponentStore.Added> addDonor(
            @CurrentActor Actor actor, @RequestParam(required = false) String donor, HttpServletRequest request)
            throws IOException {
        requireStaff(actor);
        if (request.getContentLengthLong() > MAX_DONOR_ZIP) {
            throw new InvalidInputException("body", "a donor zip may hold at most " + MAX_DONOR_ZIP + " bytes");
        }
        Path zip = Files.createTempFile("patchdesk-donor", ".zip");
        try {
            long copied;
            // Bounded as it is read too: a chunked body states no length.
            try (InputStream body = ByteStreams.limit(request.getInputStream(), MAX_DONOR_ZIP + 1)) {
                copied = Files.copy(body, zip, StandardCopyOption.REPLACE_EXISTING);
            }
            if (copied > MAX_DONOR_ZIP) {
                throw new InvalidInputException("body", "a donor zip may hold at most " + MAX_DONOR_ZIP + " bytes");
            }
            return ResponseEntity.status(201).body(library.add(zip, donor, actor));
        } catch (DonorMaterialException refused) {
            throw new InvalidInputException("donor zip", refused.getMessage() + "; the library is unchanged");
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    @GetMapping("/api/library/components")
    List<String> components(@CurrentActor Actor actor) {
        requireStaff(actor);
        return library.identities();
    }

    @PostMapping("/api/cases/{number}/diagnoses/{id}/repair-kit")
    ResponseEntity<KitAnswer> build(@CurrentActor Actor actor, @PathVariable String number, @PathVariable long id)
            throws IOException {
        CaseRef ref = access.require(
                actor,
                CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)),
                CaseAction.PUBLISH_FILE);
        RepairKits.Built built = kits.build(ref, actor, id);
        // The path carries "?t=": appended as it is, not as a path segment (which would encode the "?").
        String url =
                ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString()
                        + built.link().path();
        return ResponseEntity.status(201)
                .body(new KitAnswer(
                        built.contents().included().stream()
                                .map(ComponentIdentity::folder)
                                .toList(),
                        built.contents().missing().stream()
                                .map(ComponentIdentity::folder)
                                .toList(),
                        built.file().id(),
                        url,
                        KitReply.body(ref.language(), built.contents(), url)));
    }

    private static void requireStaff(Actor actor) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("the component library is for staff");
        }
    }

    /** The kit's components, those missing, the case file and the download link (its token shown this once). */
    record KitAnswer(List<String> included, List<String> missing, long fileId, String url, String draftReply) {}
}
