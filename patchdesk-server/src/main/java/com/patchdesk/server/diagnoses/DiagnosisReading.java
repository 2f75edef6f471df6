package com.patchdesk.server.diagnoses;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stored diagnosis report (JSON, schema {@code patchdesk.diagnosis/1}) read into what the diagnosis page shows.
 * The page depends on the published JSON contract rather than on the engine's classes, so a report stored by an
 * older engine still renders. Findings come flattened in chain order with their depth: each root cause, then the
 * symptoms it explains.
 */
record DiagnosisReading(
        String language,
        String outcome,
        String osBuild,
        long events,
        long eventsNotKept,
        List<FileRead> filesRead,
        List<FileSkipped> filesSkipped,
        List<Attempt> attempts,
        List<FindingItem> findings,
        List<FindingItem> history,
        String catalogDate,
        boolean buildNewerThanCatalog) {

    record FileRead(String path, String format, String encoding, long bytes, long lines) {}

    record FileSkipped(String path, String reason) {}

    record Line(String file, long line, String text) {
        public String location() {
            return file + ":" + line;
        }
    }

    /** A line the evidence was read next to; {@code cited} marks the evidence line itself. */
    record Nearby(long line, String text, boolean cited) {}

    /**
     * An evidence line with the lines around it when the report has them ({@code before}/{@code after}, written
     * by newer engines); a report without them gives just the cited line.
     */
    record EvidenceLine(String file, long line, String text, List<Nearby> surroundings) {
        public String location() {
            return file + ":" + line;
        }

        public boolean hasContext() {
            return surroundings.size() > 1;
        }
    }

    record Attempt(String kb, String phase, String outcome, String code, LocalDateTime time, Line source) {}

    record ErrorMeaning(String code, String symbol, String meaning, String remedy) {}

    record Step(String text, String command) {}

    record FindingItem(
            int depth,
            String key,
            String ruleId,
            String title,
            String severity,
            String confidence,
            Map<String, String> facts,
            ErrorMeaning error,
            List<EvidenceLine> evidence,
            long evidenceCount,
            List<Step> remediation) {

        /** Evidence lines the report counted but, to stay small, did not list. */
        public long evidenceNotListed() {
            return Math.max(0, evidenceCount - evidence.size());
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Reads a report; a report that is not JSON of schema version 1 is refused with a reason. */
    static DiagnosisReading of(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the stored report is not valid JSON", e);
        }
        if (!"patchdesk.diagnosis/1".equals(text(root, "schema"))) {
            throw new IllegalArgumentException("unsupported report schema " + text(root, "schema"));
        }
        JsonNode bundle = root.path("bundle");
        List<FileRead> read = new ArrayList<>();
        for (JsonNode f : bundle.path("filesRead")) {
            read.add(new FileRead(
                    text(f, "path"),
                    text(f, "format"),
                    text(f, "encoding"),
                    f.path("bytes").asLong(0),
                    f.path("lines").asLong(0)));
        }
        List<FileSkipped> skipped = new ArrayList<>();
        for (JsonNode f : bundle.path("filesSkipped")) {
            skipped.add(new FileSkipped(text(f, "path"), text(f, "reason")));
        }
        List<Attempt> attempts = new ArrayList<>();
        for (JsonNode a : bundle.path("updateAttempts")) {
            attempts.add(new Attempt(
                    text(a, "kb"),
                    text(a, "phase"),
                    text(a, "outcome"),
                    text(a, "code"),
                    time(text(a, "time")),
                    line(a.path("source"))));
        }
        List<FindingItem> findings = new ArrayList<>();
        root.path("findings").forEach(f -> flatten(f, 0, findings));
        List<FindingItem> history = new ArrayList<>();
        root.path("history").forEach(f -> flatten(f, 0, history));
        return new DiagnosisReading(
                text(root, "language"),
                text(root, "outcome"),
                text(bundle, "osBuild"),
                bundle.path("events").asLong(0),
                bundle.path("eventsNotKept").asLong(0),
                List.copyOf(read),
                List.copyOf(skipped),
                List.copyOf(attempts),
                List.copyOf(findings),
                List.copyOf(history),
                // The update catalog the report was made with; absent from reports stored before it was recorded.
                text(bundle.path("catalog"), "date"),
                bundle.path("catalog").path("buildNewerThanCatalog").asBoolean(false));
    }

    /** Download and install attempts with a time, for the per-day chart. */
    public List<ChartedAttempt> chartAttempts() {
        List<ChartedAttempt> chart = new ArrayList<>();
        for (Attempt attempt : attempts) {
            if (attempt.time() != null) {
                ChartedAttempt.of(attempt.time(), attempt.phase(), attempt.outcome())
                        .ifPresent(chart::add);
            }
        }
        return chart;
    }

    private static void flatten(JsonNode node, int depth, List<FindingItem> into) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> fact : node.path("facts").properties()) {
            facts.put(fact.getKey(), fact.getValue().asString());
        }
        JsonNode error = node.path("error");
        ErrorMeaning meaning = error.isObject()
                ? new ErrorMeaning(
                        text(error, "code"), text(error, "symbol"), text(error, "meaning"), text(error, "remedy"))
                : null;
        List<EvidenceLine> evidence = new ArrayList<>();
        node.path("evidence").forEach(e -> evidence.add(evidenceLine(e)));
        List<Step> steps = new ArrayList<>();
        node.path("remediation").forEach(s -> steps.add(new Step(text(s, "text"), text(s, "command"))));
        into.add(new FindingItem(
                depth,
                text(node, "key"),
                text(node, "ruleId"),
                text(node, "title"),
                text(node, "severity"),
                text(node, "confidence"),
                Collections.unmodifiableMap(facts),
                meaning,
                List.copyOf(evidence),
                node.path("evidenceCount").asLong(evidence.size()),
                List.copyOf(steps)));
        node.path("children").forEach(child -> flatten(child, depth + 1, into));
    }

    private static EvidenceLine evidenceLine(JsonNode node) {
        Line cited = line(node);
        List<Nearby> surroundings = new ArrayList<>();
        node.path("before").forEach(n -> surroundings.add(nearby(n)));
        surroundings.add(new Nearby(cited.line(), cited.text(), true));
        node.path("after").forEach(n -> surroundings.add(nearby(n)));
        return new EvidenceLine(cited.file(), cited.line(), cited.text(), List.copyOf(surroundings));
    }

    private static Nearby nearby(JsonNode node) {
        return new Nearby(
                node.path("line").asLong(0),
                Optional.ofNullable(text(node, "text")).orElse(""),
                false);
    }

    private static Line line(JsonNode node) {
        return new Line(
                Optional.ofNullable(text(node, "file")).orElse("?"),
                node.path("line").asLong(0),
                Optional.ofNullable(text(node, "text")).orElse(""));
    }

    private static LocalDateTime time(String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }
}
