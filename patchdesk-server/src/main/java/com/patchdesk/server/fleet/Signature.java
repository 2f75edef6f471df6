package com.patchdesk.server.fleet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A failure signature: the root cause's rule and its key facts — error code, KB, damaged component, stepping-stone
 * KB. Facts that differ between machines with the same problem (the OS build, a file, the package's version) are
 * left out, so machines that need the same fix share one signature.
 * {@link #key()} reads as {@code build-far-behind[component=…,stepping_stone=KB5001342]}.
 */
record Signature(String ruleId, String code, String kb, String component, String steppingStone) {

    /** The facts of a root finding that make up a signature, by the names the rules give them. */
    static Signature of(String ruleId, Map<String, String> facts) {
        return new Signature(
                ruleId,
                blankToNull(facts.get("code")),
                blankToNull(facts.get("kb")),
                blankToNull(facts.get("component")),
                blankToNull(facts.get("stepping_stone")));
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
