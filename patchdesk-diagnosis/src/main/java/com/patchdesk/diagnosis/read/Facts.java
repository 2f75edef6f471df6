package com.patchdesk.diagnosis.read;

import java.util.EnumMap;

/** Collects the facts of one event; a missing (null or blank) value is simply not recorded. */
final class Facts {

    private EnumMap<Fact, String> values = new EnumMap<>(Fact.class);
    /**
     * The immutable map last handed out, until the next change. It wraps {@link #values} itself, without a copy (one
     * map per event, not two): a change after it was handed out works on a copy.
     */
    private FactMap frozen;

    Facts put(Fact fact, String value) {
        if (value != null && !value.isBlank()) {
            if (frozen != null) {
                values = new EnumMap<>(values);
                frozen = null;
            }
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

    /** An immutable copy, the same one until the facts change: the events of a repeated line share it. */
    FactMap frozen() {
        if (frozen == null) {
            frozen = FactMap.owning(values);
        }
        return frozen;
    }
}
