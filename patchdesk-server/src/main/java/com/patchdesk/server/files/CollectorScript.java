package com.patchdesk.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The log collector (PowerShell 5.1, {@code collector/PatchdeskCollector.ps1}) as served for one upload link, and the
 * one line a customer pastes into an administrator PowerShell to run it. The script is ASCII, so however Windows
 * PowerShell decodes the download (the one-liner asks for UTF-8 anyway) it reads the same.
 */
public final class CollectorScript {

    static final String RESOURCE = "/collector/PatchdeskCollector.ps1";
    private static final String URL_PLACEHOLDER = "__PATCHDESK_UPLOAD_URL__";

    private CollectorScript() {}

    /** The script with the link's tus endpoint filled in. */
    static String forEndpoint(String tusEndpoint) {
        if (!tusEndpoint.matches("https?://[A-Za-z0-9.:\\[\\]-]+(/[A-Za-z0-9_./-]*)?")) {
            throw new IllegalArgumentException("not an upload endpoint: " + tusEndpoint);
        }
        return template().replace(URL_PLACEHOLDER, tusEndpoint);
    }

    static String template() {
        try (InputStream in = CollectorScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The command for {@code linkUrl} (the absolute URL of the link, {@code https://host/u/7/TOKEN}): TLS 1.2 on
     * (Windows PowerShell 5.1 on 1809 offers TLS 1.0 by default), the script fetched as UTF-8 and run.
     */
    public static String command(String linkUrl) {
        return "powershell -NoProfile -ExecutionPolicy Bypass -Command \"[Net.ServicePointManager]::SecurityProtocol="
                + "[Net.SecurityProtocolType]::Tls12; $w=New-Object Net.WebClient; $w.Encoding=[Text.Encoding]::UTF8; "
                + "iex $w.DownloadString('" + linkUrl + "/collector.ps1')\"";
    }
}
