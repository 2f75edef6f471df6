package com.patchdesk.diagnosis.repair;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The components a diagnosis (its JSON report, schema {@code patchdesk.diagnosis/1}) names as damaged or missing:
 * the component identities in the facts and evidence of the findings whose repair is a healthy copy of the component
 * (store repairable or corrupt, payload or manifest missing, forward delta failed, a file not found). In report
 * order, each once.
 */
public final class DamagedComponents {

    /** Rules whose remedy is a healthy copy of the component they name. */
    static final Set<String> REPAIRED_BY_A_COPY = Set.of(
            "component-store-repairable",
            "component-store-corrupt",
            "forward-delta-failed",
            "file-or-path-not-found",
            "source-missing");

    private DamagedComponents() {}

    public static List<ComponentIdentity> inReport(String reportJson) throws IOException {
        Map<String, ComponentIdentity> found = new LinkedHashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(ObjectReadContext.empty(), reportJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a Patchdesk JSON report");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("findings")) {
                    findings(parser, found);
                } else {
                    parser.skipChildren();
                }
            }
        }
        return List.copyOf(found.values());
    }

    private static void findings(JsonParser parser, Map<String, ComponentIdentity> found) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            String rule = null;
            List<String> texts = new ArrayList<>();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "ruleId" -> rule = parser.getString();
                    case "facts" -> factValues(parser, texts);
                    case "evidence" -> evidenceTexts(parser, texts);
                    case "children" -> findings(parser, found);
                    default -> parser.skipChildren();
                }
            }
            if (rule != null && REPAIRED_BY_A_COPY.contains(rule)) {
                for (String text : texts) {
                    Matcher m = ComponentIdentity.IN_TEXT.matcher(text);
                    while (m.find()) {
                        ComponentIdentity.parse(m.group()).ifPresent(id -> found.putIfAbsent(id.folder(), id));
                    }
                }
            }
        }
    }

    /** The facts' values ({"component": "amd64_..., amd64_...", "file": ...}). */
    private static void factValues(JsonParser parser, List<String> into) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            if (parser.nextToken() == JsonToken.VALUE_STRING) {
                into.add(parser.getString());
            } else {
                parser.skipChildren();
            }
        }
    }

    /** Each evidence line's own text; the context lines around it are not what the finding names. */
    private static void evidenceTexts(JsonParser parser, List<String> into) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                if (parser.nextToken() == JsonToken.VALUE_STRING && field.equals("text")) {
                    into.add(parser.getString());
                } else {
                    parser.skipChildren();
                }
            }
        }
    }
}
