package com.patchdesk.server.files;

import com.patchdesk.server.web.ConsoleSettings;
import com.patchdesk.server.web.PublicUrls;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code GET /u/{id}/{token}}: the page behind an upload link (zh-CN/en, a progress bar, the collector command) and
 * {@code GET /u/{id}/{token}/collector.ps1}, the collector for this link. Neither names the case: whoever sees the
 * link learns only what it accepts. The link they name is at the configured public address when there is one
 * ({@link PublicUrls}), not at the Host the request named: behind a proxy that is an internal name, and a cache
 * between must not keep a page pointing elsewhere.
 */
@Controller
class UploadLinkPage {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final UploadLinks links;
    private final ZoneId zone;
    private final PublicUrls urls;

    UploadLinkPage(UploadLinks links, ConsoleSettings settings, PublicUrls urls) {
        this.links = links;
        this.urls = urls;
        this.zone = settings.timeZone();
    }

    @GetMapping("/u/{id}/{token}")
    String page(
            @PathVariable String id,
            @PathVariable String token,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Optional<UploadLinks.Grant> grant = grant(id, token);
        if (grant.isEmpty()) {
            UploadLinkPaths.notFound(response);
            return null;
        }
        UploadLink link = grant.get().link();
        String linkUrl = linkUrl(id, token, request);
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("endpoint", "/u/" + id + "/" + token + "/files");
        model.addAttribute("maxBytes", link.maxBytes());
        model.addAttribute("maxSize", CaseFilesApi.humanSize(link.maxBytes()));
        model.addAttribute("filesLeft", link.filesLeft());
        model.addAttribute("expires", SHOWN.format(link.expiresAt().atZone(zone)) + " (" + zone.getId() + ")");
        model.addAttribute("collectorCommand", CollectorScript.command(linkUrl));
        return "upload/link";
    }

    @GetMapping("/u/{id}/{token}/collector.ps1")
    void collector(
            @PathVariable String id,
            @PathVariable String token,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        if (grant(id, token).isEmpty()) {
            UploadLinkPaths.notFound(response);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream()
                .write(CollectorScript.forEndpoint(linkUrl(id, token, request) + "/files")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private Optional<UploadLinks.Grant> grant(String id, String token) {
        return UploadLinkPaths.linkId(id).flatMap(linkId -> links.authorize(linkId, token));
    }

    private String linkUrl(String id, String token, HttpServletRequest request) {
        return urls.absolute("/u/" + id + "/" + token, request);
    }
}
