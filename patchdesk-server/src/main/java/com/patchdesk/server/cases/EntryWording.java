package com.patchdesk.server.cases;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A sentence the server writes into a timeline entry, kept as a message key and its arguments (column
 * {@code case_entries.wording}) so that each reader reads it in their own language; the entry's summary and body
 * keep the English text as before, which the API, the search and the notifications read.
 *
 * <p>An argument is a value said alike in every language (a case number, a file name, a count), a {@link Said} (a
 * text the server already has in each language, such as a finding's title), or another wording (a part of the
 * sentence that is there only sometimes, such as "3 failed"), said in the reader's language too.
 */
public record EntryWording(String key, List<Object> args) {

    /** A text as it is, in every language: a line an engineer wrote, a host name, a reason from elsewhere. */
    public static final String VERBATIM = "entry.text.verbatim";

    public EntryWording {
        Objects.requireNonNull(key, "key");
        args = List.copyOf(args);
        for (Object arg : args) {
            if (!(arg instanceof String
                    || arg instanceof Number
                    || arg instanceof Said
                    || arg instanceof EntryWording)) {
                throw new IllegalArgumentException("not an argument a wording keeps: " + arg);
            }
        }
    }

    public static EntryWording of(String key, Object... args) {
        return new EntryWording(key, Arrays.asList(args));
    }

    /** A text given as it is (see {@link #VERBATIM}). */
    public static EntryWording verbatim(String text) {
        return of(VERBATIM, text);
    }

    /** A text the server has in both of the desk's languages; the reader gets theirs. */
    public record Said(String english, String chinese) {

        public Said {
            Objects.requireNonNull(english, "english");
            Objects.requireNonNull(chinese, "chinese");
        }

        public String in(Locale locale) {
            return "zh".equals(locale.getLanguage()) ? chinese : english;
        }
    }
}
