package com.patchdesk.server.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UriComponentsBuilder;

/** Links to the page being shown with one query parameter changed, as a path relative to the server. */
public final class CurrentUrl {

    private CurrentUrl() {}

    public static String with(HttpServletRequest request, String name, Object value) {
        try {
            return UriComponentsBuilder.fromPath(request.getRequestURI())
                    .query(request.getQueryString())
                    .replaceQueryParam(name, value)
                    .build(true)
                    .toUriString();
        } catch (IllegalArgumentException malformedQuery) {
            // A query string a browser did not encode properly: the link matters more than keeping it.
            return request.getRequestURI() + "?" + name + "=" + value;
        }
    }
}
