package com.patchdesk.server.mail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code Authentication-Results} header (RFC 8601): who wrote it ({@code authservId}, its first token) and what
 * each method found, e.g. {@code mx.example.cn; spf=pass smtp.mailfrom=bank.example; dkim=pass header.d=bank.example;
 * dmarc=pass header.from=bank.example}.
 */
record AuthenticationResults(String authservId, List<Result> results) {

    AuthenticationResults {
        results = List.copyOf(results);
    }

    /**
     * One method's result. Method, result and property names are lower case; property values keep their case.
     *
     * @param properties {@code ptype.property} to value, e.g. {@code header.d -> bank.example}
     */
    record Result(String method, String result, Map<String, String> properties) {

        Result {
            properties = Map.copyOf(properties);
        }

        Optional<String> property(String name) {
            return Optional.ofNullable(properties.get(name));
        }

        boolean passed() {
            return result.equals("pass");
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(method).append('=').append(result);
            properties.forEach(
                    (name, value) -> text.append(' ').append(name).append('=').append(value));
            return text.toString();
        }
    }

    /** Reads a header's (unfolded) value; empty when it has no authserv-id at all. */
    static Optional<AuthenticationResults> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        List<String> parts = split(withoutComments(header));
        List<String> first = tokens(parts.get(0));
        if (first.isEmpty()) {
            return Optional.empty();
        }
        List<Result> results = new ArrayList<>();
        for (String part : parts.subList(1, parts.size())) {
            List<String> tokens = tokens(part);
            if (tokens.isEmpty() || !tokens.get(0).contains("=")) {
                continue; // "none", or nothing this reader understands
            }
            String[] methodSpec = tokens.get(0).split("=", 2);
            String method = methodSpec[0].replaceAll("/.*", "").toLowerCase(Locale.ROOT);
            Map<String, String> properties = new LinkedHashMap<>();
            for (String token : tokens.subList(1, tokens.size())) {
                int equals = token.indexOf('=');
                if (equals > 0 && token.substring(0, equals).contains(".")) {
                    properties.put(token.substring(0, equals).toLowerCase(Locale.ROOT), token.substring(equals + 1));
                }
            }
            results.add(new Result(method, methodSpec[1].toLowerCase(Locale.ROOT), properties));
        }
        return Optional.of(new AuthenticationResults(first.get(0).toLowerCase(Locale.ROOT), results));
    }

    /** The header without its (possibly nested) comments; quoted strings are kept as they are. */
    private static String withoutComments(String header) {
        StringBuilder text = new StringBuilder(header.length());
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '\\' && i + 1 < header.length() && (quoted || depth > 0)) {
                if (depth == 0) {
                    text.append(c).append(header.charAt(i + 1));
                }
                i++;
            } else if (depth == 0 && c == '"') {
                quoted = !quoted;
                text.append(c);
            } else if (!quoted && c == '(') {
                depth++;
                text.append(' ');
            } else if (!quoted && c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                text.append(c);
            }
        }
        return text.toString();
    }

    /** Splits at the semicolons outside quoted strings. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** Whitespace-separated tokens, with the spaces RFC 8601 allows around "=", "." and "/" removed first. */
    private static List<String> tokens(String part) {
        String joined = part.strip().replaceAll("\\s*([=./])\\s*", "$1");
        List<String> tokens = new ArrayList<>();
        for (String token : joined.split("\\s+")) {
            if (!token.isEmpty()) {
                tokens.add(unquoted(token));
            }
        }
        return tokens;
    }

    private static String unquoted(String token) {
        return token.replace("\"", "");
    }
}
