package com.patchdesk.server.problems;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;

/**
 * Writes an RFC 9457 problem ({@code application/problem+json}) straight to a servlet response, for the places that
 * answer before Spring MVC's message converters run: the security filter chain, the body limit, the rate limits and
 * errors the container sends. One writer, so that every such problem has the same shape and escaping.
 */
public final class ProblemResponses {

    private ProblemResponses() {}

    /**
     * {@code {"type":"about:blank","title":…,"status":…[,"detail":…]}}. Strings are escaped as JSON, yet callers
     * should pass fixed texts: a container's or client's message can echo request data back to the client.
     *
     * @param detail null for none
     */
    public static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        StringBuilder json = new StringBuilder("{\"type\":\"about:blank\",\"title\":");
        quote(title, json).append(",\"status\":").append(status);
        if (detail != null) {
            quote(detail, json.append(",\"detail\":"));
        }
        response.getWriter().write(json.append('}').toString());
    }

    private static StringBuilder quote(String text, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
