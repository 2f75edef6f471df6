package com.patchdesk.server.accounts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a browser session whose account was disabled or whose password changed since sign-in. A session keeps the
 * principal it was signed in with, so without this check a disabled user, or whoever signed in before the
 * password was changed because of them, would keep working until the session expired. One primary-key lookup per
 * page request; the API signs in on every request anyway.
 */
final class SignedInAccountCheck extends OncePerRequestFilter {

    private final UserAccounts accounts;

    SignedInAccountCheck(UserAccounts accounts) {
        this.accounts = accounts;
    }

    /** Static resources and tokened downloads carry no account's work; they need no lookup per fetch. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/css/")
                || path.startsWith("/js/")
                || path.startsWith("/webjars/")
                || path.startsWith("/d/")
                || path.startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null
                && authentication.getPrincipal() instanceof DeskPrincipal principal
                && !stillValid(principal)) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
        }
        chain.doFilter(request, response);
    }

    private boolean stillValid(DeskPrincipal principal) {
        return accounts.activePasswordHash(principal.actor().userId())
                .map(hash -> MessageDigest.isEqual(
                        hash.getBytes(StandardCharsets.UTF_8),
                        principal.passwordHash().getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
    }
}
