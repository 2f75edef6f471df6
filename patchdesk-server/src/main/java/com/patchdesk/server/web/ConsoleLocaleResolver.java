package com.patchdesk.server.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Chooses the page language: an explicit choice remembered in a cookie, else the browser's
 * {@code Accept-Language}, else English. The result is always one of {@link SupportedLanguage}.
 */
class ConsoleLocaleResolver implements LocaleResolver {

    static final String COOKIE = "patchdesk-lang";
    private static final String RESOLVED = ConsoleLocaleResolver.class.getName() + ".resolved";
    private static final Duration REMEMBER_FOR = Duration.ofDays(365);

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        if (request.getAttribute(RESOLVED) instanceof SupportedLanguage chosen) {
            return chosen.locale();
        }
        SupportedLanguage language = fromCookie(request)
                .or(() -> SupportedLanguage.firstOf(Collections.list(request.getLocales())))
                .orElse(SupportedLanguage.FALLBACK);
        request.setAttribute(RESOLVED, language);
        return language.locale();
    }

    /** Called by the {@code ?lang=} interceptor; a language we do not offer is ignored, not an error. */
    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        Optional<SupportedLanguage> language = SupportedLanguage.of(locale);
        if (language.isEmpty() || response == null) {
            return;
        }
        request.setAttribute(RESOLVED, language.get());
        ResponseCookie cookie = ResponseCookie.from(COOKIE, language.get().tag())
                .path("/")
                .maxAge(REMEMBER_FOR)
                .httpOnly(true)
                .sameSite("Lax")
                .secure(request.isSecure())
                .build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }

    private static Optional<SupportedLanguage> fromCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName())) {
                return SupportedLanguage.ofTag(cookie.getValue());
            }
        }
        return Optional.empty();
    }
}
