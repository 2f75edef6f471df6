package com.patchdesk.diagnosis.read;

import java.util.EnumMap;
import java.util.Map;

/** Collects the facts of one event; a missing (null or blank) value is simply not recorded. */
final class Facts {

    private final Map<Fact, String> values = new EnumMap<>(Fact.class);

    Facts put(Fact fact, String value) {
        if (value != null && !value.isBlank()) {
            values.put(fact, value);
        }
        return this;
    }

    Facts putIfAbsent(Fact fact, String value) {
        if (!values.containsKey(fact)) {
            put(fact, value);
        }
        return this;
    }

    String get(Fact fact) {
        return values.get(fact);
    }

    boolean has(Fact fact) {
        return values.containsKey(fact);
    }

    Map<Fact, String> asMap() {
        return values;
    }
}
