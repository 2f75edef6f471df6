package com.patchdesk.diagnosis.knowledge;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The error codes Patchdesk can explain (resource {@code error-codes.tsv}). Immutable and shared. */
public final class ErrorCatalog {

    private static final ErrorCatalog STANDARD = load();

    private final Map<String, ErrorCode> byCode;
    /**
     * The full public reference (830 codes of winerror.h, wuerror.h and Microsoft's servicing articles, resource
     * {@code error-codes-reference.tsv}, copied from the project's shared reference with its source column): names
     * and families of codes that Patchdesk has no explanation of its own for, in English and, from the team's
     * translation {@code error-codes-reference.zh-CN.tsv}, in Chinese; and the download codes of Delivery Optimization
     * and BITS ({@code download-error-codes.tsv}).
     */
    private final Map<String, ErrorCode> reference;

    /** Codes whose meaning and fix differ with the servicing of the machine's line ({@code error-codes-by-servicing.tsv}). */
    private final Map<String, Map<BuildFamily.Servicing, ErrorCode>> byServicing;

    private ErrorCatalog(
            Map<String, ErrorCode> byCode,
            Map<String, ErrorCode> reference,
            Map<String, Map<BuildFamily.Servicing, ErrorCode>> byServicing) {
        this.byCode = Map.copyOf(byCode);
        this.reference = Map.copyOf(reference);
        this.byServicing = Map.copyOf(byServicing);
    }

    /**
     * As {@link #describe(String)}, told for the machine at {@code osBuild}: where the code's meaning differs with
     * how its line is serviced (a separate SSU, or one inside the LCU's .msu), the line's telling.
     */
    public Optional<ErrorCode> describe(String code, Optional<String> osBuild) {
        Optional<ErrorCode> general = describe(code);
        Optional<BuildFamily.Servicing> servicing = osBuild.flatMap(OsBuild::parse)
                .map(b -> BuildFamilies.standard().servicing(b.line()));
        if (general.isEmpty() || servicing.isEmpty()) {
            return general;
        }
        return Optional.ofNullable(
                        byServicing.getOrDefault(general.get().code(), Map.of()).get(servicing.get()))
                .or(() -> general);
    }

    public static ErrorCatalog standard() {
        return STANDARD;
    }

    /** Looks a code up in any spelling ({@code 0x80070490}, {@code 0x80070490L}, lower case). */
    public Optional<ErrorCode> lookup(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(normalise(code)));
    }

    /**
     * What is known of a code: Patchdesk's own explanation if it has one, else the name, family and meaning the public
     * reference gives (so an unknown code is still named).
     */
    public Optional<ErrorCode> describe(String code) {
        Optional<ErrorCode> own = lookup(code);
        if (own.isPresent() || code == null) {
            return own;
        }
        String canonical = normalise(code);
        ErrorCode known = reference.get(canonical);
        return known != null ? Optional.of(known) : asLastError(canonical);
    }

    /**
     * A small value ({@code 0x00000002}) is a Win32 error as GetLastError gives it, which Setup and CSI append to their
     * lines ({@code [gle=0x00000002]}): it is explained by its HRESULT's row (0x80070002 ERROR_FILE_NOT_FOUND) but keeps
     * its own spelling, so no rule of the HRESULT takes a thread's stale last error for the failure.
     */
    private Optional<ErrorCode> asLastError(String canonical) {
        long value = Long.parseLong(canonical.substring(2), 16);
        if (value <= 0 || value >= 0x10000) {
            return Optional.empty();
        }
        return describe(String.format(Locale.ROOT, "0x8007%04X", value))
                .map(h -> new ErrorCode(
                        canonical,
                        h.symbol(),
                        new Localized(
                                "Win32 error " + value + ", a thread's last error: "
                                        + h.meaning().en(),
                                "Win32 错误 " + value + "，即线程的最后一个错误："
                                        + h.meaning().zh()),
                        h.remedy()));
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
        // The reference is English only and mirrors the shared reference, so its Chinese is a table of its own
        // (error-codes-reference.zh-CN.tsv, the team's translation): a Chinese report then explains all 830 codes in
        // Chinese. A code without a Chinese row stays English, so a missing row never breaks a report.
        Map<String, String[]> chinese = new LinkedHashMap<>();
        for (String[] row : KnowledgeTable.rows("error-codes-reference.zh-CN.tsv", 3)) {
            if (row[0].regionMatches(true, 0, "0x", 0, 2)) {
                chinese.put(normalise(row[0]), row);
            }
        }
        Map<String, ErrorCode> reference = new LinkedHashMap<>();
        for (String[] row : KnowledgeTable.rows("error-codes-reference.tsv", 7)) {
            if (!row[0].regionMatches(true, 0, "0x", 0, 2)) {
                continue; // the header row
            }
            String code = normalise(row[0]);
            String family = " (" + row[3] + ")";
            String[] zh = chinese.get(code);
            Localized meaning =
                    zh == null ? Localized.same(row[4] + family) : new Localized(row[4] + family, zh[1] + family);
            Localized remedy = zh == null ? Localized.same(row[5]) : new Localized(row[5], zh[2]);
            reference.put(code, new ErrorCode(code, row[1], meaning, remedy));
        }
        // Downloads end with Delivery Optimization and BITS codes that the reference names only a few of; the team's
        // table tells each for a failed update download, in both languages, so it replaces a reference row it shares.
        for (String[] row : KnowledgeTable.rows("download-error-codes.tsv", 7)) {
            String code = normalise(row[0]);
            reference.put(
                    code, new ErrorCode(code, row[1], new Localized(row[2], row[3]), new Localized(row[4], row[5])));
        }
        Map<String, Map<BuildFamily.Servicing, ErrorCode>> byServicing = new LinkedHashMap<>();
        for (String[] row : KnowledgeTable.rows("error-codes-by-servicing.tsv", 7)) {
            String code = normalise(row[0]);
            String symbol = codes.containsKey(code) ? codes.get(code).symbol() : "";
            byServicing
                    .computeIfAbsent(code, c -> new java.util.EnumMap<>(BuildFamily.Servicing.class))
                    .put(
                            BuildFamily.Servicing.of(row[1]),
                            new ErrorCode(code, symbol, new Localized(row[2], row[3]), new Localized(row[4], row[5])));
        }
        return new ErrorCatalog(codes, reference, byServicing);
    }
}
