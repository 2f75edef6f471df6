package com.patchdesk.diagnosis.read;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The facts of an {@link Event}: an unmodifiable copy in {@link Fact} order. Being immutable, one copy serves every
 * event a repeated log line gives (see {@link Facts#frozen()}), and its hash is worked out once.
 */
final class FactMap extends AbstractMap<Fact, String> {

    /** Every fact but free text. */
    private static final Fact[] PRINCIPAL =
            Arrays.stream(Fact.values()).filter(PrincipalFacts::isPrincipal).toArray(Fact[]::new);

    private static final FactMap EMPTY = new FactMap(new EnumMap<>(Fact.class));

    private final Map<Fact, String> values;
    /** The map behind {@link #values}, for comparing two FactMaps array by array. */
    private final EnumMap<Fact, String> map;

    private int hash;

    /**
     * What one consumer of the events noted on this map (see {@link PrincipalFacts#memo}): the evidence store's group
     * of the facts, found once per map rather than by hashing and comparing the facts for every event that shares it.
     */
    private Object memo;

    private FactMap(EnumMap<Fact, String> values) {
        this.map = values;
        this.values = Collections.unmodifiableMap(values);
    }

    /** A FactMap of {@code values}, which the caller hands over: nobody may change them afterwards. */
    static FactMap owning(EnumMap<Fact, String> values) {
        return values.isEmpty() ? EMPTY : new FactMap(values);
    }

    /** {@code facts} itself when it is a FactMap already, else an immutable copy. */
    static FactMap of(Map<Fact, String> facts) {
        if (facts instanceof FactMap f) {
            return f;
        }
        return facts.isEmpty() ? EMPTY : new FactMap(new EnumMap<>(facts));
    }

    @Override
    public Set<Entry<Fact, String>> entrySet() {
        return values.entrySet();
    }

    @Override
    public String get(Object key) {
        // The enum map itself: the read-only view's extra call ran for every fact the consumers asked for.
        return map.get(key);
    }

    /** The value of {@code fact}, or null. */
    String value(Fact fact) {
        return map.get(fact);
    }

    Object memo() {
        return memo;
    }

    /** Notes {@code value} on this map, unless it is the empty map that all analyses, on any thread, share. */
    void memo(Object value) {
        if (this != EMPTY) {
            memo = value;
        }
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    @Override
    public int size() {
        return values.size();
    }

    @Override
    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public void forEach(BiConsumer<? super Fact, ? super String> action) {
        values.forEach(action);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = values.hashCode();
            hash = h;
        }
        return h;
    }

    /**
     * Two FactMaps compare their hashes (each worked out once) and then their enum maps directly: the evidence store
     * looks groups up by facts for every event, and the generic comparison through the unmodifiable view walked
     * entry by entry (a tenth of the store's thread on a dense log, JFR).
     */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof FactMap f) {
            return hashCode() == f.hashCode() && map.equals(f.map);
        }
        return values.equals(o);
    }

    /**
     * What {@code hashCode()} of a copy without {@link Fact#DETAIL} and {@link Fact#TITLE} would be (a map's hash is
     * the sum of its entries'), worked out without making the copy.
     */
    int principalHash() {
        int h = hashCode();
        String detail = map.get(Fact.DETAIL);
        if (detail != null) {
            h -= Fact.DETAIL.hashCode() ^ detail.hashCode();
        }
        String title = map.get(Fact.TITLE);
        if (title != null) {
            h -= Fact.TITLE.hashCode() ^ title.hashCode();
        }
        return h;
    }

    /** Whether the two have the same facts but {@link Fact#DETAIL} and {@link Fact#TITLE}. */
    boolean principalEquals(FactMap other) {
        if (other == this) {
            return true;
        }
        int free = freeText();
        int otherFree = other.freeText();
        if (map.size() - free != other.map.size() - otherFree) {
            return false;
        }
        if (free == 0 && otherFree == 0) {
            // The enum maps compare array by array.
            return map.equals(other.map);
        }
        for (Fact fact : PRINCIPAL) {
            String a = map.get(fact);
            String b = other.map.get(fact);
            if (a != b && (a == null || !a.equals(b))) {
                return false;
            }
        }
        return true;
    }

    /** How many of {@link Fact#DETAIL} and {@link Fact#TITLE} the map has. */
    private int freeText() {
        return (map.containsKey(Fact.DETAIL) ? 1 : 0) + (map.containsKey(Fact.TITLE) ? 1 : 0);
    }
}
