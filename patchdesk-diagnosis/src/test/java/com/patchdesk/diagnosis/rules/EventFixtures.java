package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.read.SourceLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Reads events written as YAML, the form rule fixtures use until readers produce them from real logs:
 * <pre>
 * - kind: UPDATE_ATTEMPT
 *   at: WindowsUpdate.log:120
 *   time: 2023-12-28T10:00:00
 *   facts: {phase: download, kb: KB5032196, code: "0x80248007", result: failure}
 *   text: optional line text (default: the facts)
 * </pre>
 */
public final class EventFixtures {

    private static final LoadSettings YAML = LoadSettings.builder().build();

    private EventFixtures() {}

    public static List<Event> load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse((List<?>) new Load(YAML).loadFromInputStream(in));
        }
    }

    @SuppressWarnings("unchecked")
    static List<Event> parse(List<?> items) {
        List<Event> events = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> e = (Map<String, Object>) item;
            String at = String.valueOf(e.get("at"));
            int colon = at.lastIndexOf(':');
            Map<Fact, String> facts = new EnumMap<>(Fact.class);
            ((Map<String, Object>) e.getOrDefault("facts", Map.of()))
                    .forEach((k, v) -> facts.put(
                            Fact.ofKey(k),
                            v instanceof Number n && k.equals("code")
                                    ? String.format(Locale.ROOT, "0x%08X", n.longValue())
                                    : String.valueOf(v)));
            String text = e.containsKey("text")
                    ? String.valueOf(e.get("text"))
                    : facts.entrySet().stream()
                            .map(f -> f.getKey().key() + "=" + f.getValue())
                            .collect(Collectors.joining(" ", e.get("kind") + " ", ""));
            Object time = e.get("time");
            events.add(new Event(
                    EventKind.valueOf(String.valueOf(e.get("kind"))),
                    new SourceLine(at.substring(0, colon), Long.parseLong(at.substring(colon + 1)), text),
                    time == null ? null : LocalDateTime.parse(String.valueOf(time)),
                    facts));
        }
        return events;
    }
}
