package com.patchdesk.server.diagnoses;

import com.patchdesk.server.cases.DiagnosisSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a mail to the customer says about a diagnosis (issue 22: "root causes and their plan only, short file names,
 * in the mail's language"): the root causes of the report (its top-level findings that are failures; all top-level
 * findings when none is), each with up to two evidence places as {@code CBS.log:1234} rather than the bundle path,
 * and the remediation steps of those causes only, each once. Symptoms, unknown codes and history stay on the
 * diagnosis page.
 */
final class RootCauseSummary {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FAILURES = Set.of("critical", "error");
    private static final Set<String> NOT_A_CAUSE = Set.of("error-code-unknown");
    private static final int PLACES = 2;

    private RootCauseSummary() {}

    static Optional<DiagnosisSummary> of(String reportJson, Instant diagnosedAt) {
        JsonNode root;
        try {
            root = JSON.readTree(reportJson);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
        List<JsonNode> top = new ArrayList<>();
        root.path("findings").forEach(top::add);
        List<JsonNode> causes = top.stream()
                .filter(f -> FAILURES.contains(f.path("severity").asString("")))
                .filter(f -> !NOT_A_CAUSE.contains(f.path("ruleId").asString("")))
                .toList();
        if (causes.isEmpty()) {
            causes = top.stream()
                    .filter(f -> !NOT_A_CAUSE.contains(f.path("ruleId").asString("")))
                    .toList();
        }
        List<String> findings = new ArrayList<>();
        Set<String> plan = new LinkedHashSet<>();
        for (JsonNode cause : causes) {
            List<String> places = new ArrayList<>();
            for (JsonNode evidence : cause.path("evidence")) {
                String place = shortName(evidence.path("file").asString("")) + ":"
                        + evidence.path("line").asLong(0);
                if (!places.contains(place) && places.size() < PLACES) {
                    places.add(place);
                }
            }
            findings.add(cause.path("title").asString("")
                    + (places.isEmpty() ? "" : " (" + String.join(", ", places) + ")"));
            for (JsonNode step : cause.path("remediation")) {
                String command =
                        step.path("command").isString() ? step.path("command").asString() : null;
                String text = shortPaths(step.path("text").asString(""));
                plan.add(PlanLine.of(text, command));
            }
        }
        String headline = causes.isEmpty() ? "" : causes.get(0).path("title").asString("");
        return Optional.of(new DiagnosisSummary(headline, findings, List.copyOf(plan), diagnosedAt));
    }

    /** Bundle paths the engine wrote into a step's text ({@code Windows/Logs/CBS/CBS.log:2}) become {@code CBS.log:2}. */
    static String shortPaths(String text) {
        return BUNDLE_PATH.matcher(text).replaceAll("$1");
    }

    private static final java.util.regex.Pattern BUNDLE_PATH = java.util.regex.Pattern.compile(
            "(?<![\\w:/\\\\])(?![A-Za-z]:)[^\\s(]*[/\\\\!]([^/\\\\!\\s():]+\\.(?:log|txt|etl|evtx|reg)(?::\\d+)?)");

    /** {@code Logs/CBS/CBS.log} and {@code bundle.zip!/Logs/CbsPersist_1.cab!/CbsPersist_1.log}: the file's own name. */
    static String shortName(String path) {
        int cut = Math.max(path.lastIndexOf('/'), Math.max(path.lastIndexOf('\\'), path.lastIndexOf('!')));
        return path.substring(cut + 1);
    }
}
