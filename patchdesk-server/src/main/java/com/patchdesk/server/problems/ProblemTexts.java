package com.patchdesk.server.problems;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * A refusal as its reader reads it. The console says it in the page's language. The API says a problem's
 * {@code detail} in the language the request asks for with {@code Accept-Language} (zh-CN or en), else in English:
 * not by the account's language, so that a script run with a Chinese engineer's token reads the same English
 * whoever runs it; {@code title} and {@code type} stay English either way (docs/api.md).
 */
@Component
public class ProblemTexts {

    private final MessageSource messages;

    ProblemTexts(MessageSource messages) {
        this.messages = messages;
    }

    /** The failure's reason in the page's language; an exception without a {@link Reason} gives its message. */
    public String describe(Throwable failure) {
        return describe(failure, LocaleContextHolder.getLocale());
    }

    public String describe(Throwable failure, Locale locale) {
        if (failure instanceof Reason.Explained explained && explained.reason() != null) {
            return say(explained.reason(), locale);
        }
        return failure.getMessage();
    }

    /** The reason in the page's language. */
    public String say(Reason reason) {
        return say(reason, LocaleContextHolder.getLocale());
    }

    public String say(Reason reason, Locale locale) {
        return messages.getMessage(reason.key(), reason.args().toArray(), reason.english(), locale);
    }

    /** The language an API request asks for: its first zh or en in Accept-Language; English when it names none. */
    static Locale apiLanguage(HttpServletRequest request) {
        if (request == null || request.getHeader(HttpHeaders.ACCEPT_LANGUAGE) == null) {
            return Locale.ENGLISH;
        }
        for (Locale asked : Collections.list(request.getLocales())) {
            if ("zh".equals(asked.getLanguage())) {
                return Locale.SIMPLIFIED_CHINESE;
            }
            if ("en".equals(asked.getLanguage())) {
                return Locale.ENGLISH;
            }
        }
        return Locale.ENGLISH;
    }
}
