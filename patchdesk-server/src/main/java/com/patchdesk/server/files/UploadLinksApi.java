package com.patchdesk.server.files;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.web.PublicUrls;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Upload links of a case, for engineers: {@code POST {"validFor":"P7D","maxBytes":4294967296,"maxFiles":3}} creates
 * one and answers its URL and collector command (the only time the token is shown), {@code GET} lists them,
 * {@code DELETE /{id}} revokes one.
 */
@RestController
@RequestMapping("/api/cases/{number}/upload-links")
class UploadLinksApi {

    private final CaseAccess access;
    private final UploadLinks links;
    private final UploadLinkRequests requests;
    private final PublicUrls urls;

    UploadLinksApi(CaseAccess access, UploadLinks links, UploadLinkRequests requests, PublicUrls urls) {
        this.urls = urls;
        this.access = access;
        this.links = links;
        this.requests = requests;
    }

    @PostMapping
    ResponseEntity<NewLink> create(
            @CurrentActor Actor actor,
            @PathVariable String number,
            @RequestBody(required = false) CreateRequest body,
            HttpServletRequest request) {
        CaseRef ref = require(actor, number);
        CreateRequest asked = body == null ? new CreateRequest(null, null, null) : body;
        UploadLinks.Created created = requests.create(ref, actor, asked.validFor(), asked.maxBytes(), asked.maxFiles());
        // On the configured public address, as download links are: the request's may be a proxy's internal one.
        String url = urls.absolute(created.path(), request);
        return ResponseEntity.created(URI.create("/api/cases/" + ref.number().value() + "/upload-links/"
                        + created.link().id()))
                .body(new NewLink(created.link(), url, CollectorScript.command(url)));
    }

    @GetMapping
    List<UploadLink> list(@CurrentActor Actor actor, @PathVariable String number) {
        return links.list(require(actor, number));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@CurrentActor Actor actor, @PathVariable String number, @PathVariable("id") long id) {
        CaseRef ref = require(actor, number);
        if (!links.revoke(ref, id, actor)) {
            throw new CaseNotFoundException(number + " upload link " + id);
        }
        return ResponseEntity.noContent().build();
    }

    private CaseRef require(Actor actor, String number) {
        return access.require(
                actor,
                CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)),
                CaseAction.PUBLISH_FILE);
    }

    record CreateRequest(String validFor, Long maxBytes, Integer maxFiles) {}

    /** The new link; {@code url} and {@code collectorCommand} hold the token and are shown this once. */
    record NewLink(UploadLink link, String url, String collectorCommand) {}
}
