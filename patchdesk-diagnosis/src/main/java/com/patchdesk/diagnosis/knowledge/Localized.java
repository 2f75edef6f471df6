package com.patchdesk.diagnosis.knowledge;

import java.util.Locale;
import java.util.Objects;

/**
 * A text in the two languages Patchdesk speaks. Chinese is chosen for any {@code zh} locale; everything else gets
 * English, so a report never comes out in a language nobody wrote.
 */
public record Localized(String en, String zh) {

    public static final Locale ZH_CN = Locale.SIMPLIFIED_CHINESE;

    public Localized {
        Objects.requireNonNull(en, "en");
        Objects.requireNonNull(zh, "zh");
    }

    public static Localized same(String text) {
        return new Localized(text, text);
    }

    public String in(Locale locale) {
        return isChinese(locale) ? zh : en;
    }

    public static boolean isChinese(Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage());
    }
}
