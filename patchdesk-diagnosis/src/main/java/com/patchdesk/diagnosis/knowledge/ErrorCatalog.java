package com.patchdesk.diagnosis.knowledge;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The error codes Patchdesk can explain (resource {@code error-codes.tsv}). Immutable and shared. */
public final class ErrorCatalog {

    private static final ErrorCatalog STANDARD = load();

    private final Map<String, ErrorCode> byCode;

    private ErrorCatalog(Map<String, ErrorCode> byCode) {
        this.byCode = Map.copyOf(byCode);
    }

    public static ErrorCatalog standard() {
        return STANDARD;
    }

    /** Looks a code up in any spelling ({@code 0x80070490}, {@code 0x80070490L}, lower case). */
    public Optional<ErrorCode> lookup(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(normalise(code)));
    }

    /** The canonical spelling used in facts: {@code 0x} followed by eight upper-case hex digits. */
    public static String normalise(String code) {
        String hex = code.trim();
        if (hex.regionMatches(true, 0, "0x", 0, 2)) {
            hex = hex.substring(2);
        }
        return "0x" + hex.toUpperCase(Locale.ROOT);
    }

    private static ErrorCatalog load() {
        Map<String, ErrorCode> codes = new LinkedHashMap<>();
        for (String[] row : KnowledgeTable.rows("error-codes.tsv", 6)) {
            String code = normalise(row[0]);
            codes.put(code, new ErrorCode(code, row[1], new Localized(row[2], row[3]), new Localized(row[4], row[5])));
        }
        return new ErrorCatalog(codes);
    }
}
