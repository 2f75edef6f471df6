package com.patchdesk.diagnosis.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.report.Finding;
import com.patchdesk.diagnosis.report.RemediationStep;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every standard rule file has a fixture folder {@code fixtures/<rule-id>/} with {@code events.yaml} (input) and
 * {@code expected.yaml} (findings that must come out), so a new rule without a fixture fails the build.
 */
class RuleFixturesTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    static List<String> ruleFiles() {
        return RuleBook.index();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleFiles")
    void ruleProducesTheFindingsOfItsFixture(String ruleFile) throws Exception {
        String id = ruleFile.replaceFirst("\\.ya?ml$", "");
        assertThat(RuleBook.standard().ids()).as("rule file name is its id").contains(id);
        Path dir = fixtures().resolve(id);
        assertThat(dir.resolve("events.yaml"))
                .as("fixture input for rule " + id)
                .exists();
        assertThat(dir.resolve("expected.yaml"))
                .as("fixture expectation for rule " + id)
                .exists();

        assertFixture(id, dir);
    }

    /** Further situations of a rule: sub-folders {@code fixtures/<rule-id>/<situation>/}, each named after it. */
    static List<String> situations() throws IOException, URISyntaxException {
        List<String> all = new ArrayList<>();
        for (String file : RuleBook.index()) {
            Path dir = fixtures().resolve(file.replaceFirst("\\.ya?ml$", ""));
            if (Files.isDirectory(dir)) {
                try (var list = Files.list(dir)) {
                    list.filter(p -> Files.exists(p.resolve("events.yaml")))
                            .map(p -> dir.getFileName() + "/" + p.getFileName())
                            .sorted()
                            .forEach(all::add);
                }
            }
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void ruleProducesTheFindingsOfEachSituation(String situation) throws Exception {
        assertFixture(situation.substring(0, situation.indexOf('/')), fixtures().resolve(situation));
    }

    private static void assertFixture(String id, Path dir) throws Exception {
        Verdict verdict = diagnose(dir.resolve("events.yaml"));
        Map<String, Object> expected = yaml(dir.resolve("expected.yaml"));
        List<Map<String, Object>> findings = list(expected.get("findings"));
        List<Map<String, Object>> history = list(expected.get("history"));
        assertThat(concat(findings, history).stream().map(f -> f.get("rule")))
                .as("the fixture of " + id + " must expect a finding of " + id)
                .contains(id);

        Map<Finding, Finding> parents = parents(verdict.chain());
        for (Map<String, Object> want : findings) {
            Finding found = find(flatten(verdict.chain()), want)
                    .orElseGet(() -> fail("no finding " + want + " in " + describe(verdict)));
            assertEvidenceAndCommands(found, want);
            if (want.containsKey("parent")) {
                Finding parent = parents.get(found);
                Object wantParent = want.get("parent");
                assertThat(parent == null ? null : parent.ruleId())
                        .as("parent of " + found.key())
                        .isEqualTo(wantParent);
            }
        }
        for (Map<String, Object> want : history) {
            Finding found = find(verdict.history(), want)
                    .orElseGet(() -> fail("no history " + want + " in " + describe(verdict)));
            assertEvidenceAndCommands(found, want);
            assertThat(flatten(verdict.chain()))
                    .as("superseded failures are not active findings")
                    .noneMatch(f -> f.key().equals(found.key()));
        }
        for (Object absentRule : (List<?>) expected.getOrDefault("not", List.of())) {
            assertThat(flatten(verdict.chain()).stream().map(Finding::ruleId))
                    .as(describe(verdict))
                    .doesNotContain(String.valueOf(absentRule));
        }
        if (expected.containsKey("outcome")) {
            assertThat(verdict.outcome().key()).isEqualTo(expected.get("outcome"));
        }
        if (expected.containsKey("roots")) {
            assertThat(verdict.chain().stream().map(Finding::ruleId).toList())
                    .as("root causes in order")
                    .containsExactlyElementsOf(((List<?>) expected.get("roots"))
                            .stream().map(String::valueOf).toList());
        }
    }

    static Verdict diagnose(Path events) throws IOException {
        EvidenceStore store = new EvidenceStore();
        for (Event e : EventFixtures.load(events)) {
            store.accept(e);
        }
        return RuleBook.standard().diagnose(store);
    }

    static Path fixtures() throws URISyntaxException {
        return Path.of(RuleFixturesTest.class.getResource("fixtures").toURI());
    }

    private static void assertEvidenceAndCommands(Finding found, Map<String, Object> want) {
        for (Object location : (List<?>) want.getOrDefault("evidence", List.of())) {
            assertThat(found.evidence().stream().map(e -> e.location()))
                    .as("evidence of " + found.key())
                    .contains(String.valueOf(location));
        }
        List<String> commands = found.remediation().stream()
                .map(RemediationStep::command)
                .flatMap(Optional::stream)
                .toList();
        for (Object command : (List<?>) want.getOrDefault("commands", List.of())) {
            assertThat(commands).as("commands of " + found.key()).contains(String.valueOf(command));
        }
        if (want.containsKey("command-count")) {
            assertThat(commands)
                    .as("commands of " + found.key())
                    .hasSize(Integer.parseInt(String.valueOf(want.get("command-count"))));
        }
        String texts = String.join(
                "\n", found.remediation().stream().map(s -> s.text().en()).toList());
        for (Object text : (List<?>) want.getOrDefault("texts", List.of())) {
            assertThat(texts).as("fix steps of " + found.key()).contains(String.valueOf(text));
        }
        for (Object text : (List<?>) want.getOrDefault("no-texts", List.of())) {
            assertThat(texts).as("fix steps of " + found.key()).doesNotContain(String.valueOf(text));
        }
        if (want.containsKey("evidence-count")) {
            assertThat(found.evidenceCount())
                    .as("evidence count of " + found.key())
                    .isEqualTo(Long.parseLong(String.valueOf(want.get("evidence-count"))));
        }
        if (want.containsKey("title")) {
            assertThat(found.title().en()).contains(String.valueOf(want.get("title")));
        }
    }

    private static Optional<Finding> find(List<Finding> findings, Map<String, Object> want) {
        Map<String, Object> facts = want.containsKey("facts") ? map(want.get("facts")) : Map.of();
        return findings.stream()
                .filter(f -> f.ruleId().equals(want.get("rule")))
                .filter(f -> facts.entrySet().stream()
                        .allMatch(e -> String.valueOf(e.getValue())
                                .equalsIgnoreCase(f.facts().get(e.getKey()))))
                .findFirst();
    }

    static List<Finding> flatten(List<Finding> roots) {
        List<Finding> all = new ArrayList<>();
        for (Finding f : roots) {
            all.add(f);
            all.addAll(flatten(f.children()));
        }
        return all;
    }

    private static Map<Finding, Finding> parents(List<Finding> roots) {
        Map<Finding, Finding> parents = new IdentityHashMap<>();
        for (Finding f : flatten(roots)) {
            f.children().forEach(c -> parents.put(c, f));
        }
        return parents;
    }

    private static String describe(Verdict verdict) {
        StringBuilder out = new StringBuilder("\n");
        describe(verdict.chain(), "  ", out);
        out.append("history:\n");
        describe(verdict.history(), "  ", out);
        return out.toString();
    }

    private static void describe(List<Finding> findings, String indent, StringBuilder out) {
        for (Finding f : findings) {
            out.append(indent)
                    .append(f.key())
                    .append(' ')
                    .append(f.evidence().stream().map(e -> e.location()).toList())
                    .append('\n');
            describe(f.children(), indent + "  ", out);
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return map(YAML.readValue(in, Map.class));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return o == null ? List.of() : (List<Map<String, Object>>) o;
    }
}
