package com.patchdesk.server.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Absolute links for people outside the console (download links, password reset mail): the configured
 * {@code patchdesk.public-base-url} (e.g. {@code https://support.example.com}), else the address this request came
 * in on. Production should configure it: behind a proxy the request's address may be an internal one, and a
 * mailed link must not depend on a Host header the requester chose. The one setting of the public address: the
 * closing links' former {@code patchdesk.closing.public-base-url} is still read when the new name is not set
 * (deprecated).
 */
@Component
public class PublicUrls {

    private final String configured;

    PublicUrls(@Value("${patchdesk.public-base-url:${patchdesk.closing.public-base-url:}}") String configured) {
        this.configured = configured.strip().replaceAll("/+$", "");
    }

    /** {@code path} (starting with /) as an absolute URL. */
    public String absolute(String path, HttpServletRequest request) {
        String base = configured.isEmpty()
                ? ServletUriComponentsBuilder.fromContextPath(request).build().toUriString()
                : configured;
        return base + path;
    }

    /**
     * {@code path} (starting with /) as an absolute URL for mail sent without a request (closing confirmations and
     * surveys): the configured address, else {@code http://localhost:8080}.
     */
    public String absolute(String path) {
        return (configured.isEmpty() ? "http://localhost:8080" : configured) + path;
    }

    /**
     * {@code path} (starting with /) as an absolute URL for mail that a request of someone not signed in sets off (the
     * forgotten-password link): the configured address, else the address and port of this server that the request
     * reached. Never the request's Host header: whoever asks for a reset of another person's account writes it, and
     * the owner's click on a link to the asker's server would hand them the token.
     */
    public String absoluteForStrangersMail(String path, HttpServletRequest request) {
        if (!configured.isEmpty()) {
            return configured + path;
        }
        String address = request.getLocalAddr();
        return UriComponentsBuilder.newInstance()
                        .scheme(request.isSecure() ? "https" : "http")
                        .host(address.contains(":") ? "[" + address + "]" : address)
                        .port(request.getLocalPort())
                        .build()
                        .toUriString()
                + request.getContextPath()
                + path;
    }

    /** Whether {@code url} is an absolute link this server hands out under {@code path} (e.g. "/d/"). */
    public boolean isOurs(String url, String path, HttpServletRequest request) {
        return url != null
                && url.startsWith(absolute(path, request))
                && url.length() < 2000
                && url.chars().noneMatch(c -> c < 0x21 || c == '<' || c == '>' || c == '"');
    }
}
