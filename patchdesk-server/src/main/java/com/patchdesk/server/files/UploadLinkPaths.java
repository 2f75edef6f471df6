package com.patchdesk.server.files;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The public paths of upload links, {@code /u/{id}/{token}...}: the id as given and the one plain refusal. */
final class UploadLinkPaths {

    private static final byte[] NOT_FOUND = "Not found\n".getBytes(StandardCharsets.UTF_8);

    private UploadLinkPaths() {}

    static Optional<Long> linkId(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(raw));
    }

    /** The same answer for a missing, wrong, expired, revoked or used-up link. */
    static void notFound(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(NOT_FOUND);
    }
}
