package com.patchdesk.server.accounts;

import java.util.List;
import java.util.Locale;

/** The two languages Patchdesk speaks, as stored in the database ({@code 'zh-CN'} or {@code 'en'}). */
public final class DeskLocale {

    public static final Locale CHINESE = Locale.forLanguageTag("zh-CN");
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final List<Locale> SUPPORTED = List.of(CHINESE, ENGLISH);

    private DeskLocale() {}

    /** Parses {@code zh-CN} or {@code en} (case-insensitive, {@code _} accepted); anything else is refused. */
    public static Locale parse(String tag) {
        if (tag != null) {
            Locale locale = Locale.forLanguageTag(tag.trim().replace('_', '-'));
            for (Locale supported : SUPPORTED) {
                if (supported.toLanguageTag().equalsIgnoreCase(locale.toLanguageTag())) {
                    return supported;
                }
            }
        }
        throw new IllegalArgumentException("unsupported language '" + tag + "', expected zh-CN or en");
    }

    public static String tag(Locale locale) {
        return parse(locale.toLanguageTag()).toLanguageTag();
    }
}
