package com.patchdesk.diagnosis.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Clauses and explains links that many rules share, written once in {@code shared-clauses.yaml} and named: a rule says
 * {@code - {use: later-cumulative-install, after: e}} where it would otherwise copy them. The other keys of the
 * {@code use} item ({@code after}, {@code before}, {@code within}) are added to every clause of the set. Immutable.
 */
final class SharedClauses {

    static final String RESOURCE = "/com/patchdesk/diagnosis/rules/shared-clauses.yaml";
    private static final SharedClauses STANDARD = load();

    private final Map<String, List<Map<String, Object>>> sets;

    private SharedClauses(Map<String, List<Map<String, Object>>> sets) {
        this.sets = Map.copyOf(sets);
    }

    static SharedClauses standard() {
        return STANDARD;
    }

    /**
     * The items of {@code items} with every {@code use} item replaced by its set, each clause carrying the use item's
     * other keys.
     *
     * @throws RuleException naming {@code where} when a set is unknown
     */
    List<Object> expand(List<?> items, String where, String origin) {
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Map<?, ?> m && m.containsKey("use")) {
                String name = String.valueOf(m.get("use"));
                List<Map<String, Object>> set = sets.get(name);
                if (set == null) {
                    throw new RuleException(origin + ": " + where + ": no shared set '" + name + "'; known: "
                            + sets.keySet().stream().sorted().toList());
                }
                if ((m.containsKey("when") || m.containsKey("unless"))
                        && set.stream()
                                .anyMatch(shared -> shared.containsKey("when") || shared.containsKey("unless"))) {
                    // A shared step's own guard would be replaced, not combined: say so rather than show it everywhere.
                    throw new RuleException(origin + ": " + where + ": '" + name
                            + "' has its own when/unless; a use of it cannot add another");
                }
                for (Map<String, Object> shared : set) {
                    Map<String, Object> copy = new LinkedHashMap<>(shared);
                    m.forEach((k, v) -> {
                        if (!"use".equals(k)) {
                            copy.put(String.valueOf(k), v);
                        }
                    });
                    out.add(copy);
                }
            } else {
                out.add(item);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static SharedClauses load() {
        try (InputStream in = SharedClauses.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            Object tree =
                    new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromInputStream(in);
            Map<String, List<Map<String, Object>>> sets = new LinkedHashMap<>();
            ((Map<String, Object>) tree).forEach((name, list) -> sets.put(name, (List<Map<String, Object>>) list));
            return new SharedClauses(sets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (YamlEngineException | ClassCastException e) {
            throw new IllegalStateException(RESOURCE + ": each key must name a list of clauses: " + e.getMessage(), e);
        }
    }
}
