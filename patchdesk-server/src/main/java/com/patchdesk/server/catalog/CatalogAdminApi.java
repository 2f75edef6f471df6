package com.patchdesk.server.catalog;

import com.patchdesk.diagnosis.knowledge.CatalogRejectedException;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.problems.InvalidInputException;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/catalog}: the update catalog in use; {@code POST /api/admin/catalog} with an update history
 * (JSON, the form of buildnumbers.json) as the body installs a newer one. Admins only.
 */
@RestController
@RequestMapping("/api/admin/catalog")
class CatalogAdminApi {

    private final CatalogStore store;

    CatalogAdminApi(CatalogStore store) {
        this.store = store;
    }

    @GetMapping
    CatalogStore.Status status(@CurrentActor Actor actor) {
        requireAdmin(actor);
        return store.status();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    CatalogStore.Status upload(@CurrentActor Actor actor, @RequestBody byte[] body) throws IOException {
        requireAdmin(actor);
        try {
            return store.install(body, "api");
        } catch (CatalogRejectedException refused) {
            throw new InvalidInputException(
                    "catalog",
                    refused.getMessage() + "; the catalog in use is unchanged ("
                            + store.status().date() + ")");
        }
    }

    static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("only admins install update catalogs");
        }
    }
}
