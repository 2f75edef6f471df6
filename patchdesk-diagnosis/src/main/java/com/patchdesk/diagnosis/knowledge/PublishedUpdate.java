package com.patchdesk.diagnosis.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * One cumulative update as Microsoft's update-history pages list it, in the machine-readable form of
 * {@code buildnumbers.json} (github.com/altrhombus/DataForGeeks: {@code {"DataForGeeks": {"LastUpdatedUTC": ...},
 * "Data": [{"Version": "17763.8880", "ReleaseDate": "2026-06-09", "Article": "KB5094123", "Comment": ""}, ...]}}).
 */
public record PublishedUpdate(String kb, OsBuild osBuild, LocalDate released, String comment) {

    /** A KB number; trailing punctuation copied from a page's title ({@code KB5071959:}) is cleaned off. */
    private static final Pattern KB = Pattern.compile("(KB\\d{6,7})[:.,;]?");

    /** The rows of a published history and the date it was read from Microsoft. */
    public record History(List<PublishedUpdate> updates, LocalDate date, String source) {}

    /**
     * Reads a {@code buildnumbers.json}; every row must name a KB, a build and a release date.
     *
     * @throws CatalogRejectedException naming the first row that does not, or when the file is not that JSON form
     */
    public static History read(InputStream json, String source) throws CatalogRejectedException, IOException {
        // JSON is YAML 1.2: the engine's YAML parser reads it, and the engine carries no JSON object mapper (see pom).
        Object root;
        try {
            root = new Load(LoadSettings.builder()
                            .setCodePointLimit(64 * 1024 * 1024)
                            .build())
                    .loadFromInputStream(json);
        } catch (YamlEngineException e) {
            throw new CatalogRejectedException(
                    "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("Data") instanceof List<?> data)) {
            throw new CatalogRejectedException("not an update history: no \"Data\" array of updates "
                    + "(expected the form of buildnumbers.json)");
        }
        List<PublishedUpdate> rows = new ArrayList<>();
        LocalDate newest = null;
        int index = 0;
        for (Object item : data) {
            String at = "Data[" + index++ + "]";
            if (!(item instanceof Map<?, ?> row)) {
                throw new CatalogRejectedException(at + " is not an object");
            }
            String article = text(row, "Article", at);
            java.util.regex.Matcher number = KB.matcher(article.toUpperCase(java.util.Locale.ROOT));
            if (!number.matches()) {
                throw new CatalogRejectedException(at + ": Article '" + article + "' is not a KB number (KB5094123)");
            }
            String kb = number.group(1);
            String version = text(row, "Version", at);
            OsBuild build = OsBuild.parse(version)
                    .orElseThrow(() -> new CatalogRejectedException(
                            at + ": Version '" + version + "' is not an OS build (17763.8880)"));
            String date = text(row, "ReleaseDate", at);
            LocalDate released;
            try {
                released = LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                throw new CatalogRejectedException(at + ": ReleaseDate '" + date + "' is not a date (2026-06-09)");
            }
            Object comment = row.get("Comment");
            rows.add(new PublishedUpdate(kb, build, released, comment instanceof String c ? c : ""));
            newest = newest == null || released.isAfter(newest) ? released : newest;
        }
        if (rows.isEmpty()) {
            throw new CatalogRejectedException("the update history lists no update");
        }
        Object header = top.get("DataForGeeks");
        Object updated = header instanceof Map<?, ?> h ? h.get("LastUpdatedUTC") : null;
        return new History(List.copyOf(rows), readDate(updated instanceof String u ? u : "", newest), source);
    }

    /** The date the history was read from Microsoft (LastUpdatedUTC), else its newest release. */
    private static LocalDate readDate(String updated, LocalDate newest) throws CatalogRejectedException {
        if (updated.length() < 10) {
            return newest;
        }
        try {
            return LocalDate.parse(updated.substring(0, 10));
        } catch (DateTimeParseException e) {
            throw new CatalogRejectedException("LastUpdatedUTC '" + updated + "' is not a date");
        }
    }

    private static String text(Map<?, ?> row, String field, String at) throws CatalogRejectedException {
        if (!(row.get(field) instanceof String value) || value.isBlank()) {
            throw new CatalogRejectedException(at + ": \"" + field + "\" is missing");
        }
        return value.trim();
    }
}
