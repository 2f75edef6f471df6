package com.patchdesk.diagnosis.read;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The facts of an {@link Event}: an unmodifiable map in {@link Fact} order. Being immutable, one map serves every
 * event a repeated log line gives (see {@link Facts#frozen()}), and its hash is worked out once.
 *
 * <p>The values are one array indexed by the fact's ordinal: two objects per map, where an enum map behind a read-only
 * view was four. The kept events of an analysis hold tens of thousands of these maps for all of it, and what a young
 * collection of a warm worker costs is the number of small objects alive (docs/performance-history.md, "Seventh
 * pass" and "Tenth pass").
 */
final class FactMap extends AbstractMap<Fact, String> {

    private static final Fact[] FACTS = Fact.values();

    private static final FactMap EMPTY = new FactMap(new String[FACTS.length], 0);

    /** By the fact's ordinal; null where the event lacks the fact. Never changed once the map is made. */
    private final String[] values;

    private final int size;

    private int hash;

    /**
     * What one consumer of the events noted on this map (see {@link PrincipalFacts#memo}): the evidence store's group
     * of the facts, found once per map rather than by hashing and comparing the facts for every event that shares it.
     */
    private Object memo;

    private FactMap(String[] values, int size) {
        this.values = values;
        this.size = size;
    }

    /**
     * A FactMap of {@code values} (by ordinal, null where absent; {@code size} of them not null), which the caller hands
     * over: nobody may change them afterwards.
     */
    static FactMap owning(String[] values, int size) {
        return size == 0 ? EMPTY : new FactMap(values, size);
    }

    /** {@code facts} itself when it is a FactMap already, else an immutable copy. */
    static FactMap of(Map<Fact, String> facts) {
        if (facts instanceof FactMap f) {
            return f;
        }
        String[] values = new String[FACTS.length];
        int size = 0;
        for (Map.Entry<Fact, String> e : facts.entrySet()) {
            // As an enum map would: a fact is a key once, and a null value is refused by nobody but kept as absent.
            if (e.getValue() != null && values[e.getKey().ordinal()] == null) {
                size++;
            }
            values[e.getKey().ordinal()] = e.getValue();
        }
        return owning(values, size);
    }

    @Override
    public Set<Entry<Fact, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<Fact, String>> iterator() {
                return new Iterator<>() {
                    private int next = following(-1);

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<Fact, String> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<Fact, String> entry = new SimpleImmutableEntry<>(FACTS[next], values[next]);
                        next = following(next);
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The ordinal of the first fact present after {@code ordinal}, or the number of facts. */
    private int following(int ordinal) {
        int i = ordinal + 1;
        while (i < values.length && values[i] == null) {
            i++;
        }
        return i;
    }

    @Override
    public String get(Object key) {
        return key instanceof Fact fact ? values[fact.ordinal()] : null;
    }

    /** The value of {@code fact}, or null. */
    String value(Fact fact) {
        return values[fact.ordinal()];
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
        return get(key) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public void forEach(BiConsumer<? super Fact, ? super String> action) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                action.accept(FACTS[i], values[i]);
            }
        }
    }

    /** A map's hash: the sum of its entries' (key hash xor value hash), as any {@link Map} of the same facts has. */
    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    h += FACTS[i].hashCode() ^ values[i].hashCode();
                }
            }
            hash = h;
        }
        return h;
    }

    /**
     * Two FactMaps compare their hashes (each worked out once) and then their arrays: the evidence store looks groups
     * up by facts for every event, and the generic comparison walked entry by entry (a tenth of the store's thread on
     * a dense log, JFR).
     */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof FactMap f) {
            return hashCode() == f.hashCode() && Arrays.equals(values, f.values);
        }
        return super.equals(o);
    }

    /**
     * What {@code hashCode()} of a copy without {@link Fact#DETAIL} and {@link Fact#TITLE} would be (a map's hash is
     * the sum of its entries'), worked out without making the copy.
     */
    int principalHash() {
        int h = hashCode();
        String detail = values[Fact.DETAIL.ordinal()];
        if (detail != null) {
            h -= Fact.DETAIL.hashCode() ^ detail.hashCode();
        }
        String title = values[Fact.TITLE.ordinal()];
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
        String[] theirs = other.values;
        for (int i = 0; i < values.length; i++) {
            String a = values[i];
            String b = theirs[i];
            if (a != b && (a == null || !a.equals(b)) && PrincipalFacts.isPrincipal(FACTS[i])) {
                return false;
            }
        }
        return true;
    }
}
