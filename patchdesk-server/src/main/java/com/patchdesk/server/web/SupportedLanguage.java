package com.patchdesk.server.web;

import java.util.Locale;
import java.util.Optional;

/**
 * The languages every page and message exists in. Anything a browser or a {@code ?lang=} parameter asks for
 * is mapped onto one of these, so that a page never mixes a half-translated locale with the fallback bundle.
 */
enum SupportedLanguage {
    EN(Locale.ENGLISH, "en"),
    ZH_CN(Locale.SIMPLIFIED_CHINESE, "zh-CN");

    static final SupportedLanguage FALLBACK = EN;

    private final Locale locale;
    private final String tag;

    SupportedLanguage(Locale locale, String tag) {
        this.locale = locale;
        this.tag = tag;
    }

    Locale locale() {
        return locale;
    }

    /** The BCP 47 tag used in {@code ?lang=}, cookies, {@code users.locale} and {@code <html lang>}. */
    String tag() {
        return tag;
    }

    /**
     * Any Chinese variant is served the simplified Chinese pages: the product's users read zh-CN, and a
     * zh-TW or bare zh browser is better served by Chinese than by English.
     */
    static Optional<SupportedLanguage> of(Locale requested) {
        if (requested == null || requested.getLanguage().isEmpty()) {
            return Optional.empty();
        }
        return switch (requested.getLanguage()) {
            case "en" -> Optional.of(EN);
            case "zh" -> Optional.of(ZH_CN);
            default -> Optional.empty();
        };
    }

    /** Accepts {@code zh-CN}, {@code zh_CN}, {@code zh-cn}, {@code en}, {@code en-US}; anything else is empty. */
    static Optional<SupportedLanguage> ofTag(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            return Optional.empty();
        }
        return of(Locale.forLanguageTag(tag.trim().replace('_', '-')));
    }

    static Optional<SupportedLanguage> firstOf(Iterable<Locale> preferred) {
        for (Locale candidate : preferred) {
            Optional<SupportedLanguage> match = of(candidate);
            if (match.isPresent()) {
                return match;
            }
        }
        return Optional.empty();
    }
}
