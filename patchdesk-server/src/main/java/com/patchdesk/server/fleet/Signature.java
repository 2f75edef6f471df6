package com.patchdesk.server.fleet;

import com.patchdesk.diagnosis.rules.RuleBook;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A failure signature: what names the root cause — its rule and the facts that name the cause: error code, KB,
 * the one component servicing failed on, stepping-stone KB. Machines with the same signature need the same fix, so
 * facts that differ between them are left out: the OS build, a file, the package's version, and every fact that lists
 * evidence (the values of all matches of a rule's {@code each} clause, such as the damaged components of a repairable
 * store, "a, b, c (+12)": a machine with one damaged component fewer has the same cause).
 * {@link #key()} reads as {@code build-far-behind[component=…,stepping_stone=KB5001342]}, or
 * {@code component-store-repairable[]} when no fact names the cause beyond the rule.
 */
record Signature(String ruleId, String code, String kb, String component, String steppingStone) {

    /** A fact's value that lists several values ("a, b", "a, b, c (+12)") rather than naming one. */
    private static final Pattern LISTED = Pattern.compile(".*(, .*| \\(\\+\\d+\\))");

    /** The facts of a root finding that make up a signature, by the names the rules give them. */
    static Signature of(String ruleId, Map<String, String> facts) {
        Set<String> lists = RuleBook.standard().listFacts(ruleId);
        return new Signature(
                ruleId,
                naming(facts, "code", lists),
                naming(facts, "kb", lists),
                naming(facts, "component", lists),
                naming(facts, "stepping_stone", lists));
    }

    /** The fact when it names one value of the cause; null when absent or a list of evidence. */
    private static String naming(Map<String, String> facts, String name, Set<String> lists) {
        String value = blankToNull(facts.get(name));
        return value == null || lists.contains(name) || LISTED.matcher(value).matches() ? null : value;
    }

    String key() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("code", code);
        facts.put("kb", kb);
        facts.put("component", component);
        facts.put("stepping_stone", steppingStone);
        return ruleId
                + facts.entrySet().stream()
                        .filter(e -> e.getValue() != null)
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",", "[", "]"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
