package com.patchdesk.diagnosis.read;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The facts of an {@link Event}: an unmodifiable copy in {@link Fact} order. Being immutable, one copy serves every
 * event a repeated log line gives (see {@link Facts#frozen()}), and its hash is worked out once.
 */
final class FactMap extends AbstractMap<Fact, String> {

    private static final Fact[] FACTS = Fact.values();

    private static final FactMap EMPTY = new FactMap(new EnumMap<>(Fact.class));

    private final Map<Fact, String> values;
    /** The map behind {@link #values}, for comparing two FactMaps array by array. */
    private final EnumMap<Fact, String> map;

    private int hash;

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
        return values.get(key);
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
        for (Fact fact : FACTS) {
            if (fact != Fact.DETAIL && fact != Fact.TITLE && !Objects.equals(map.get(fact), other.map.get(fact))) {
                return false;
            }
        }
        return true;
    }
}
