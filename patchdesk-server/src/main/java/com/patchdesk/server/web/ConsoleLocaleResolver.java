package com.patchdesk.server.web;

import com.patchdesk.server.accounts.Actor;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Chooses the page language, first match wins:
 * <ol>
 *   <li>a choice made with {@code ?lang=} during this session;</li>
 *   <li>the signed-in user's stored language ({@code users.locale});</li>
 *   <li>a choice remembered in a cookie (the sign-in page, before anyone is known);</li>
 *   <li>the browser's {@code Accept-Language};</li>
 *   <li>English.</li>
 * </ol>
 * The session choice comes first because the signed-in {@link Actor} is read once at sign-in and would otherwise
 * hold the old language until the next sign-in. The user's stored language beats the cookie so that on a shared PC
 * the next person to sign in gets their own language, not the previous user's. The result is always one of
 * {@link SupportedLanguage}.
 */
class ConsoleLocaleResolver implements LocaleResolver {

    static final String COOKIE = "patchdesk-lang";
    static final String SESSION_CHOICE = ConsoleLocaleResolver.class.getName() + ".choice";
    private static final String RESOLVED = ConsoleLocaleResolver.class.getName() + ".resolved";
    private static final Duration REMEMBER_FOR = Duration.ofDays(365);

    private final LanguagePreferences preferences;

    ConsoleLocaleResolver(LanguagePreferences preferences) {
        this.preferences = preferences;
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        if (request.getAttribute(RESOLVED) instanceof SupportedLanguage chosen) {
            return chosen.locale();
        }
        SupportedLanguage language = fromSession(request)
                .or(ConsoleLocaleResolver::fromSignedInUser)
                .or(() -> fromCookie(request))
                .or(() -> SupportedLanguage.firstOf(Collections.list(request.getLocales())))
                .orElse(SupportedLanguage.FALLBACK);
        request.setAttribute(RESOLVED, language);
        return language.locale();
    }

    /** Called by the {@code ?lang=} interceptor; a language we do not offer is ignored, not an error. */
    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        Optional<SupportedLanguage> chosen = SupportedLanguage.of(locale);
        if (chosen.isEmpty() || response == null) {
            return;
        }
        SupportedLanguage language = chosen.get();
        request.setAttribute(RESOLVED, language);
        if (fromAnotherSite(request)) {
            // A link or an image on another site: this page in that language, nothing remembered. Remembering would
            // let any site change a signed-in user's language (and the language of their mail) with a GET.
            return;
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.setAttribute(SESSION_CHOICE, language);
        }
        signedInActor().ifPresent(actor -> {
            if (!actor.locale().equals(language.locale())) {
                preferences.remember(actor, language);
            }
        });
        ResponseCookie cookie = ResponseCookie.from(COOKIE, language.tag())
                .path("/")
                .maxAge(REMEMBER_FOR)
                .httpOnly(true)
                .sameSite("Lax")
                .secure(request.isSecure())
                .build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }

    /**
     * Whether the browser says the request came from another site ({@code Sec-Fetch-Site}: {@code cross-site} or
     * {@code same-site}); a request typed in or sent by a page of ours ({@code none}, {@code same-origin}) or by a
     * browser that does not say is taken as the user's choice.
     */
    private static boolean fromAnotherSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        return "cross-site".equalsIgnoreCase(site) || "same-site".equalsIgnoreCase(site);
    }

    private static Optional<SupportedLanguage> fromSession(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(SESSION_CHOICE) instanceof SupportedLanguage chosen
                ? Optional.of(chosen)
                : Optional.empty();
    }

    private static Optional<SupportedLanguage> fromSignedInUser() {
        return signedInActor().flatMap(actor -> SupportedLanguage.of(actor.locale()));
    }

    private static Optional<Actor> signedInActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        try {
            return Optional.of(Actor.from(authentication));
        } catch (AuthenticationException notAPatchdeskUser) {
            return Optional.empty();
        }
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
