package com.patchdesk.diagnosis.read;

/** Collects the facts of one event; a missing (null or blank) value is simply not recorded. */
final class Facts {

    private static final int FACTS = Fact.values().length;

    /** By the fact's ordinal, as {@link FactMap} keeps them. */
    private String[] values = new String[FACTS];

    private int size;
    /**
     * The immutable map last handed out, until the next change. It wraps {@link #values} itself, without a copy (one
     * array per event, not two): a change after it was handed out works on a copy.
     */
    private FactMap frozen;

    Facts put(Fact fact, String value) {
        if (value != null && !value.isBlank()) {
            if (frozen != null) {
                values = values.clone();
                frozen = null;
            }
            if (values[fact.ordinal()] == null) {
                size++;
            }
            values[fact.ordinal()] = value;
        }
        return this;
    }

    Facts putIfAbsent(Fact fact, String value) {
        if (!has(fact)) {
            put(fact, value);
        }
        return this;
    }

    String get(Fact fact) {
        return values[fact.ordinal()];
    }

    boolean has(Fact fact) {
        return values[fact.ordinal()] != null;
    }

    /** An immutable copy, the same one until the facts change: the events of a repeated line share it. */
    FactMap frozen() {
        if (frozen == null) {
            frozen = FactMap.owning(values, size);
        }
        return frozen;
    }
}
