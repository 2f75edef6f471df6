package com.patchdesk.server.cases;

import java.time.Instant;
import java.util.Objects;

/**
 * An upload link as a template shows it ({@code uploadLink.url}, {@code uploadLink.command},
 * {@code uploadLink.expiresAt}, {@code uploadLink.maxFiles}, {@code uploadLink.maxSize}). The URL holds the link's
 * token, which is kept nowhere: the files feature hands it over only while it sends the mail.
 *
 * @param collectorCommand the PowerShell line that runs the log collector for this link
 * @param maxSize the largest file, already written for people ("4.0 GiB")
 */
public record TemplateUploadLink(String url, String collectorCommand, Instant expiresAt, int maxFiles, String maxSize) {

    public TemplateUploadLink {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(collectorCommand, "collectorCommand");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(maxSize, "maxSize");
    }
}
