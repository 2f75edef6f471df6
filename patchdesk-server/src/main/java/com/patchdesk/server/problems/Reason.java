package com.patchdesk.server.problems;

import java.io.Serializable;
import java.text.MessageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * Why a request was refused, as people read it: a key of {@code messages*.properties} ({@code problem.…}) and its
 * arguments (texts and numbers said alike in every language). The exception that carries it ({@link Explained}) has
 * the English text as its message, for the log, the tests and API callers that name no language; the console and
 * an API caller that asks for a language get it in theirs ({@link ProblemTexts}).
 */
public record Reason(String key, List<Object> args) implements Serializable {

    /** The default bundle, English, which the console's MessageSource also falls back to. */
    private static final String BUNDLE = "messages";

    public Reason {
        Objects.requireNonNull(key, "key");
        // A value as a client sent it may be null ("to": [null]): it is said as "null", never a failure of its own.
        args = args.stream().map(arg -> arg == null ? "null" : arg).toList();
        for (Object arg : args) {
            if (!(arg instanceof String || arg instanceof Number)) {
                throw new IllegalArgumentException("a reason's arguments are texts and numbers: " + arg);
            }
        }
    }

    public static Reason of(String key, Object... args) {
        return new Reason(key, Arrays.asList(args));
    }

    /**
     * The English text, formatted as Spring's MessageSource formats it (MessageFormat only when there are
     * arguments, so that an apostrophe in a message without any needs no doubling).
     */
    public String english() {
        String pattern;
        try {
            pattern = ResourceBundle.getBundle(
                            BUNDLE,
                            Locale.ROOT,
                            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES))
                    .getString(key);
        } catch (MissingResourceException missing) {
            return key;
        }
        return args.isEmpty() ? pattern : new MessageFormat(pattern, Locale.ENGLISH).format(args.toArray());
    }

    /** An exception whose reason people read in their own language. */
    public interface Explained {

        /** The reason, or null for an exception thrown with an English message only. */
        Reason reason();
    }
}
