package com.patchdesk.diagnosis.read;

import java.util.EnumMap;
import java.util.Map;

/** Collects the facts of one event; a missing (null or blank) value is simply not recorded. */
final class Facts {

    private final Map<Fact, String> values = new EnumMap<>(Fact.class);
    /** The immutable copy last made, until the next change. */
    private FactMap frozen;

    Facts put(Fact fact, String value) {
        if (value != null && !value.isBlank()) {
            values.put(fact, value);
            frozen = null;
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

    /** An immutable copy, the same one until the facts change: the events of a repeated line share it. */
    FactMap frozen() {
        if (frozen == null) {
            frozen = FactMap.of(values);
        }
        return frozen;
    }
}
