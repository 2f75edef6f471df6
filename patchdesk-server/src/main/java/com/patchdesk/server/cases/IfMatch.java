package com.patchdesk.server.cases;

import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.PreconditionRequiredException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the version out of an {@code If-Match} header; our ETags are the version in quotes, e.g. {@code "3"}. */
final class IfMatch {

    private static final Pattern ETAG = Pattern.compile("\\s*(?:W/)?\"?(\\d{1,9})\"?\\s*");

    private IfMatch() {}

    static long required(String header) {
        if (header == null || header.isBlank()) {
            throw new PreconditionRequiredException(
                    "send If-Match with the ETag you read (GET the resource first) so no change is overwritten");
        }
        return parse(header);
    }

    static Long optional(String header) {
        return header == null || header.isBlank() ? null : parse(header);
    }

    private static long parse(String header) {
        Matcher matcher = ETAG.matcher(header);
        if (!matcher.matches()) {
            throw new InvalidInputException("If-Match", "If-Match must be one ETag such as \"3\"");
        }
        return Long.parseLong(matcher.group(1));
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
