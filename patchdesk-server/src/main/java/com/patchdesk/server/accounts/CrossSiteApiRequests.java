package com.patchdesk.server.accounts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an API request that changes something when the browser that sent it says another site made it. The API
 * keeps no session, but a browser keeps the HTTP Basic credentials it was challenged for and sends them with every
 * request to the server, also with a form another site posts there (a file as multipart, an empty POST: no preflight
 * asks first). Such a request is told by {@code Sec-Fetch-Site} ({@code cross-site} or {@code same-site}: a sibling
 * host is another site too), and where a browser does not send that header, by an {@code Origin} other than the
 * server's own. Scripts send neither and are not affected; nor are reads (GET, HEAD, OPTIONS), which change nothing.
 * Checked before any sign-in, so a refused request costs no password check and counts no failure.
 */
final class CrossSiteApiRequests extends OncePerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OTHER_SITES = Set.of("cross-site", "same-site");

    private final BearerTokenFilter.Refusal refusal;

    CrossSiteApiRequests(BearerTokenFilter.Refusal refusal) {
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SAFE.contains(request.getMethod()) && fromAnotherSite(request)) {
            refusal.write(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "Cross-site request refused",
                    "The browser says another site sent this request; the API takes changes only from scripts and"
                            + " from this server's own pages.",
                    false);
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean fromAnotherSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return OTHER_SITES.contains(site.strip().toLowerCase(Locale.ROOT));
        }
        String origin = request.getHeader("Origin");
        return origin != null && !sameOrigin(origin.strip(), request);
    }

    /**
     * Whether {@code origin} is the address the request reached (scheme, host, port, as the server sees them: behind a
     * trusted proxy with forwarded headers, the public one). {@code null}, sent by sandboxed frames and after
     * cross-site redirects, is no origin of ours.
     */
    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        try {
            URI uri = new URI(origin);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return false;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals(request.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost().equalsIgnoreCase(request.getServerName())
                    && port(scheme, uri.getPort()) == port(scheme, request.getServerPort());
        } catch (URISyntaxException notAnOrigin) {
            return false;
        }
    }

    private static int port(String scheme, int port) {
        if (port > 0) {
            return port;
        }
        return scheme.equals("https") ? 443 : 80;
    }
}
