package com.patchdesk.server.cases;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Says {@link EntryWording}s in a language, and keeps them in {@code case_entries.wording} as JSON:
 * {@code {"summary":[line],"body":[line, …]}}, a line {@code {"key":…,"args":[…]}}, an argument a string, a number,
 * {@code {"en":…,"zh-CN":…}} or a line.
 */
@Component
public class EntryWordings {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MessageSource messages;

    EntryWordings(MessageSource messages) {
        this.messages = messages;
    }

    /** What an entry says, a summary line and the body's lines (none for no body). */
    public record Stored(EntryWording summary, List<EntryWording> body) {

        public Stored {
            body = body == null ? null : List.copyOf(body);
        }
    }

    /** The wording in {@code locale}; a key without a message shows as its English (the default bundle's) text. */
    public String say(EntryWording wording, Locale locale) {
        Object[] args =
                wording.args().stream().map(arg -> argument(arg, locale)).toArray();
        return messages.getMessage(wording.key(), args, locale);
    }

    /**
     * Whether this release has a message for the wording and each wording inside it: a row a newer release wrote may
     * name a key this one lacks, and is then shown by its stored text.
     */
    public boolean known(EntryWording wording, Locale locale) {
        return messages.getMessage(wording.key(), null, null, locale) != null
                && wording.args().stream().allMatch(arg -> !(arg instanceof EntryWording part) || known(part, locale));
    }

    /** Whether every line is {@link #known(EntryWording, Locale)}. */
    public boolean known(List<EntryWording> lines, Locale locale) {
        return lines.stream().allMatch(line -> known(line, locale));
    }

    /** The lines, one a line. */
    public String say(List<EntryWording> lines, Locale locale) {
        return lines.stream().map(line -> say(line, locale)).collect(Collectors.joining("\n"));
    }

    private Object argument(Object arg, Locale locale) {
        if (arg instanceof EntryWording part) {
            return say(part, locale);
        }
        if (arg instanceof EntryWording.Said said) {
            return said.in(locale);
        }
        return arg;
    }

    static String json(Stored stored) {
        ObjectNode root = JSON.createObjectNode();
        root.set("summary", line(stored.summary()));
        if (stored.body() != null) {
            ArrayNode body = root.putArray("body");
            stored.body().forEach(line -> body.add(line(line)));
        }
        return JSON.writeValueAsString(root);
    }

    /** The stored wording, or null when there is none or it cannot be read (the entry's text is shown then). */
    static Stored parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(json);
            List<EntryWording> body = null;
            if (root.has("body")) {
                body = new ArrayList<>();
                for (JsonNode line : root.get("body")) {
                    body.add(wording(line));
                }
            }
            return new Stored(wording(root.get("summary")), body);
        } catch (RuntimeException unreadable) {
            // A wording this release cannot read (a newer release's, a damaged row; Jackson's errors are unchecked):
            // the entry's stored text is shown.
            return null;
        }
    }

    private static ObjectNode line(EntryWording wording) {
        ObjectNode line = JSON.createObjectNode();
        line.put("key", wording.key());
        ArrayNode args = line.putArray("args");
        for (Object arg : wording.args()) {
            if (arg instanceof String text) {
                args.add(text);
            } else if (arg instanceof Long || arg instanceof Integer) {
                args.add(((Number) arg).longValue());
            } else if (arg instanceof Number number) {
                args.add(number.doubleValue());
            } else if (arg instanceof EntryWording.Said said) {
                ObjectNode both = args.addObject();
                both.put("en", said.english());
                both.put("zh-CN", said.chinese());
            } else {
                args.add(line((EntryWording) arg));
            }
        }
        return line;
    }

    private static EntryWording wording(JsonNode line) {
        List<Object> args = new ArrayList<>();
        for (JsonNode arg : line.get("args")) {
            if (arg.isString()) {
                args.add(arg.asString());
            } else if (arg.isIntegralNumber()) {
                args.add(arg.asLong());
            } else if (arg.isNumber()) {
                args.add(arg.asDouble());
            } else if (arg.has("key")) {
                args.add(wording(arg));
            } else {
                args.add(new EntryWording.Said(
                        arg.get("en").asString(), arg.get("zh-CN").asString()));
            }
        }
        return new EntryWording(line.get("key").asString(), args);
    }
}
