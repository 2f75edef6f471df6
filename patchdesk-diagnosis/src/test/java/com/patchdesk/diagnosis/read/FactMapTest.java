package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An event's facts are a map like any other to everyone who reads them (the rules, the reports, the server): the same
 * hash, equality both ways, entries and order as an enum map of the same facts, and unmodifiable.
 */
class FactMapTest {

    @Test
    void isTheMapAnEnumMapOfTheSameFactsWouldBe() {
        Random random = new Random(17763);
        Fact[] all = Fact.values();
        for (int round = 0; round < 2_000; round++) {
            Facts facts = new Facts();
            EnumMap<Fact, String> expected = new EnumMap<>(Fact.class);
            for (int i = 0, n = random.nextInt(8); i < n; i++) {
                Fact fact = all[random.nextInt(all.length)];
                String value = random.nextInt(4) == 0 ? " " : "v" + random.nextInt(5);
                facts.put(fact, value);
                if (!value.isBlank()) {
                    expected.put(fact, value);
                }
            }
            Map<Fact, String> map = facts.frozen();

            assertThat(map).isEqualTo(expected);
            assertThat(expected).isEqualTo(map);
            assertThat(new HashMap<>(expected)).isEqualTo(map);
            assertThat(map.hashCode()).isEqualTo(expected.hashCode());
            assertThat(map.size()).isEqualTo(expected.size());
            assertThat(map.isEmpty()).isEqualTo(expected.isEmpty());
            assertThat(new ArrayList<>(map.entrySet())).containsExactlyElementsOf(new ArrayList<>(expected.entrySet()));
            assertThat(map.toString()).isEqualTo(expected.toString());
            List<Fact> seen = new ArrayList<>();
            map.forEach((fact, value) -> seen.add(fact));
            assertThat(seen).containsExactlyElementsOf(expected.keySet());
            for (Fact fact : all) {
                assertThat(map.get(fact)).isEqualTo(expected.get(fact));
                assertThat(map.containsKey(fact)).isEqualTo(expected.containsKey(fact));
            }
            assertThat(FactMap.of(expected)).isEqualTo(map);
            assertThat(FactMap.of(expected).hashCode()).isEqualTo(map.hashCode());
        }
    }

    @Test
    void aKeyThatIsNoFactIsAbsentAndNothingChangesTheMap() {
        Facts facts = new Facts().put(Fact.KB, "KB5032196").put(Fact.STATE, "Installed");
        Map<Fact, String> map = facts.frozen();

        assertThat(map.get("KB")).isNull();
        assertThat(map.containsKey(null)).isFalse();
        assertThatThrownBy(() -> map.put(Fact.KB, "KB1")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().next().setValue("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
        // A change after the map was handed out makes a new one; the first is as it was.
        facts.put(Fact.KB, "KB5031361");
        assertThat(map.get(Fact.KB)).isEqualTo("KB5032196");
        assertThat(facts.frozen().get(Fact.KB)).isEqualTo("KB5031361");
        assertThat(facts.frozen()).hasSize(2);
    }
}
