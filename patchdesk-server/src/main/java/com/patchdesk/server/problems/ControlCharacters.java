package com.patchdesk.server.problems;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Refuses control characters other than tab, CR and LF in the text of every JSON request body, before bean
 * validation runs: PostgreSQL cannot store U+0000 at all (the insert failed with a 500) and pages must not emit
 * raw control characters. Walks the body's records, collections and maps, so a nested field is named by its path
 * ({@code contacts[0].name}) in the 400. Query parameters that are searched go through {@link #strip}.
 */
@ControllerAdvice
public class ControlCharacters extends RequestBodyAdviceAdapter {

    private static final int MAX_DEPTH = 8;

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object afterBodyRead(
            Object body,
            HttpInputMessage inputMessage,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        check(body, "", 0);
        return body;
    }

    /** The text without refused characters ({@link #refused}); null stays null. */
    public static String strip(String text) {
        if (text == null || text.codePoints().noneMatch(ControlCharacters::refused)) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().filter(c -> !refused(c)).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    /**
     * True for C0 and C1 control characters and DEL, except tab, LF and CR, and for the bidirectional embedding,
     * override and isolate controls (U+202A–U+202E, U+2066–U+2069), which make a title or name read differently
     * from what it is (an "exe.pdf" that is a .exe) in lists and mail subjects.
     */
    static boolean refused(int c) {
        return Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r' || isBidiControl(c);
    }

    /** The bidirectional embedding, override and isolate controls. */
    public static boolean isBidiControl(int c) {
        return c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
    }

    /** Refuses control and bidirectional-control characters in a text that did not come as JSON (a form field). */
    public static void requireClean(String field, String text) {
        int at = text == null ? -1 : indexOfRefused(text);
        if (at >= 0) {
            throw new InvalidInputException(
                    field,
                    Reason.of(
                            "problem.controlCharacters",
                            String.format("U+%04X", (int) text.charAt(at)),
                            String.valueOf(at)));
        }
    }

    private static void check(Object value, String path, int depth) {
        if (value == null || depth > MAX_DEPTH) {
            return;
        }
        if (value instanceof CharSequence text) {
            int at = indexOfRefused(text);
            if (at >= 0) {
                throw new InvalidInputException(
                        path.isEmpty() ? "body" : path,
                        String.format(
                                "must not contain control characters (U+%04X at position %d); only tab, CR and LF are allowed",
                                (int) text.charAt(at), at));
            }
        } else if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                check(item, path + "[" + i++ + "]", depth + 1);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                check(key, path, depth + 1);
                check(entry.getValue(), path.isEmpty() ? key : path + "." + key, depth + 1);
            }
        } else if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Object field;
                try {
                    component.getAccessor().setAccessible(true);
                    field = component.getAccessor().invoke(record);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                check(field, path.isEmpty() ? component.getName() : path + "." + component.getName(), depth + 1);
            }
        }
    }

    private static int indexOfRefused(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (refused(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
