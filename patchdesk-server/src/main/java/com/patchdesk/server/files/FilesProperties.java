package com.patchdesk.server.files;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code patchdesk.files.*}.
 *
 * @param maxUpload        largest accepted upload; larger ones get 413 and nothing is kept
 * @param defaultLinkValid how long a download link stays valid when the engineer gives no expiry
 * @param maxLinkValid     the longest validity an engineer may give a link
 */
@ConfigurationProperties("patchdesk.files")
public record FilesProperties(
        DataSize maxUpload, java.time.Duration defaultLinkValid, java.time.Duration maxLinkValid) {

    public FilesProperties {
        maxUpload = maxUpload == null ? DataSize.ofGigabytes(4) : maxUpload;
        defaultLinkValid = defaultLinkValid == null ? java.time.Duration.ofDays(7) : defaultLinkValid;
        maxLinkValid = maxLinkValid == null ? java.time.Duration.ofDays(90) : maxLinkValid;
    }
}
