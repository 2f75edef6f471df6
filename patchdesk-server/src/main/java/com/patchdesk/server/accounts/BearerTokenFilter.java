package com.patchdesk.server.accounts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs an API request in with {@code Authorization: Bearer <token>} ({@link ApiTokens}). A read-only token may
 * only make safe requests. Requests without a bearer token pass on to HTTP Basic.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    /** Set on requests signed in by a token, so that e.g. a token cannot mint further tokens. */
    static final String TOKEN_ATTRIBUTE = BearerTokenFilter.class.getName() + ".token";

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    interface Refusal {
        void write(HttpServletResponse response, int status, String title, String detail, boolean challenge)
                throws IOException;
    }

    private final ApiTokens tokens;
    private final Refusal refusal;

    BearerTokenFilter(ApiTokens tokens, Refusal refusal) {
        this.tokens = tokens;
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        var use = tokens.use(header.substring(7).strip());
        if (use.isEmpty()) {
            refusal.write(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "Unauthorized",
                    "The API token is unknown, expired or revoked.",
                    false);
            return;
        }
        if (use.get().scope() == ApiTokens.Scope.READ && !SAFE.contains(request.getMethod())) {
            refusal.write(
                    response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", "This API token may only read.", false);
            return;
        }
        DeskPrincipal principal = use.get().principal();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
        SecurityContextHolder.setContext(context);
        request.setAttribute(TOKEN_ATTRIBUTE, use.get().tokenId());
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
