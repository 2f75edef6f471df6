package com.patchdesk.diagnosis.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a correct JSON diagnosis of one case must say, as an {@code expect.txt} states it: one string per line that
 * must occur (case-insensitive), {@code a|b} when any of the alternatives will do, {@code !text} for a string that
 * must not occur, {@code #} for comments. The same form as {@code real-excerpts/check.sh}, so both give one verdict.
 */
public record Expectations(List<List<String>> required, List<String> forbidden) {

    public Expectations {
        required = List.copyOf(required);
        forbidden = List.copyOf(forbidden);
    }

    public static Expectations read(Path file) throws IOException {
        List<List<String>> required = new ArrayList<>();
        List<String> forbidden = new ArrayList<>();
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("!")) {
                forbidden.add(line.substring(1));
            } else {
                List<String> alternatives = new ArrayList<>();
                for (String a : line.split("\\|")) {
                    if (!a.isEmpty()) {
                        alternatives.add(a);
                    }
                }
                required.add(alternatives);
            }
        }
        return new Expectations(required, forbidden);
    }

    /** A case whose expectations forbid a diagnosed failure is a healthy machine's. */
    public boolean healthy() {
        return forbidden.stream().anyMatch(f -> f.equalsIgnoreCase("failure-diagnosed"));
    }

    /** What {@code json} lacks or says wrongly; empty when it meets every expectation. */
    public List<String> problems(String json) {
        String low = json.toLowerCase(Locale.ROOT);
        List<String> problems = new ArrayList<>();
        for (List<String> alternatives : required) {
            if (alternatives.stream().noneMatch(a -> low.contains(a.toLowerCase(Locale.ROOT)))) {
                problems.add("missing " + String.join("|", alternatives));
            }
        }
        for (String f : forbidden) {
            if (low.contains(f.toLowerCase(Locale.ROOT))) {
                problems.add("must not contain " + f);
            }
        }
        return problems;
    }
}
