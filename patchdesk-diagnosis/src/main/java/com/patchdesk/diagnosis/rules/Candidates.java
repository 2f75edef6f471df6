package com.patchdesk.diagnosis.rules;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A clause's candidate events in reading order ({@link KeptByKind#candidates}), and for a binding the few of them it
 * can match. A {@code superseded-by} or {@code absent} clause such as "the same update installed later" ({@code kb:
 * "{fail.kb}", state: Installed}) has every installed package state as a candidate, tens of thousands on a typical
 * bundle, and was tested against each of them for every binding of its rule (a tenth of a typical bundle's analysis in
 * a warm JVM, JFR, docs/performance-history.md, "Sixth pass"). Where each alternative of the clause compares a
 * principal fact with a value the binding gives, the candidates are looked up by that value instead, in an index made
 * once per fact. Read-only but for the indices, which are made once and shared by the rules' threads.
 */
final class Candidates {

    private static final int[] NONE = new int[0];

    private final List<EvidenceStore.Kept> events;
    /** Per candidate, the number of its evidence-store group ({@link EvidenceStore.Group#number()}). */
    private final int[] groupOf;
    /** How many groups there are: group numbers are below it. */
    private final int groups;
    /** Per value looked up by (a principal fact), the candidates' positions by their value, {@link #fold folded}. */
    private final Map<Binding.ValueOf, Map<String, int[]>> indices = new ConcurrentHashMap<>();

    Candidates(List<EvidenceStore.Kept> events, int[] groupOf, int groups) {
        this.events = events;
        this.groupOf = groupOf;
        this.groups = groups;
    }

    /** All candidates, in reading order. */
    List<EvidenceStore.Kept> all() {
        return events;
    }

    /**
     * The candidates that {@code clause} may accept with {@code binding}, in reading order: all of them, or, when each
     * alternative of the clause has an equality with the binding on a principal fact, those whose fact is equal
     * ignoring case. Every candidate the clause accepts is among them; the caller still tests each.
     */
    List<EvidenceStore.Kept> mayMatch(Clause clause, Binding binding) {
        int[][] hits = new int[clause.alternatives().size()][];
        int total = 0;
        for (int i = 0; i < hits.length; i++) {
            Clause.Alternative.Test lookup = lookupOf(clause.alternatives().get(i));
            if (lookup == null) {
                return events;
            }
            Condition.Equals equals = (Condition.Equals) lookup.condition();
            // An equality with no value to compare with accepts nothing (Condition.Equals.test).
            Optional<String> wanted = equals.expected().resolve(binding);
            hits[i] = wanted.isEmpty() ? NONE : index(lookup.value()).getOrDefault(fold(wanted.get()), NONE);
            total += hits[i].length;
        }
        int[] positions = hits.length == 1 ? hits[0] : union(hits, total);
        return new AbstractList<>() {
            @Override
            public EvidenceStore.Kept get(int index) {
                return events.get(positions[index]);
            }

            @Override
            public int size() {
                return positions.length;
            }
        };
    }

    /**
     * The alternative's test that the candidates can be looked up by: an equality with a value the binding gives, on
     * a value every event of an evidence-store group shares (so the index holds one entry per candidate). Null when
     * it has none.
     */
    private static Clause.Alternative.Test lookupOf(Clause.Alternative alternative) {
        for (Clause.Alternative.Test t : alternative.tests()) {
            if (t.condition() instanceof Condition.Equals e
                    && e.usesBinding()
                    && t.value().sameAcrossAGroup()) {
                return t;
            }
        }
        return null;
    }

    private Map<String, int[]> index(Binding.ValueOf value) {
        return indices.computeIfAbsent(value, this::indexOf);
    }

    /**
     * The candidates' positions by their folded value. The value is a principal fact, the same for every event of a
     * group: it is read and folded once per group (reading each event's facts was a cache miss per object).
     */
    private Map<String, int[]> indexOf(Binding.ValueOf value) {
        String[] keyOfGroup = new String[groups];
        boolean[] read = new boolean[groups];
        Map<String, Positions> positions = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            int group = groupOf[i];
            if (!read[group]) {
                keyOfGroup[group] =
                        value.in(events.get(i).event()).map(Candidates::fold).orElse(null);
                read[group] = true;
            }
            String key = keyOfGroup[group];
            if (key != null) {
                positions.computeIfAbsent(key, k -> new Positions()).add(i);
            }
        }
        Map<String, int[]> index = new HashMap<>();
        positions.forEach((key, p) -> index.put(key, Arrays.copyOf(p.at, p.size)));
        return index;
    }

    /** A growing array of positions. */
    private static final class Positions {
        private int[] at = new int[4];
        private int size;

        void add(int position) {
            if (size == at.length) {
                at = Arrays.copyOf(at, size * 2);
            }
            at[size++] = position;
        }
    }

    /** The positions in any of {@code hits} (each ascending), ascending and once each. */
    private static int[] union(int[][] hits, int total) {
        int[] all = new int[total];
        int at = 0;
        for (int[] h : hits) {
            System.arraycopy(h, 0, all, at, h.length);
            at += h.length;
        }
        Arrays.sort(all);
        int size = 0;
        for (int i = 0; i < all.length; i++) {
            if (size == 0 || all[size - 1] != all[i]) {
                all[size++] = all[i];
            }
        }
        return Arrays.copyOf(all, size);
    }

    /**
     * A key equal for two texts that {@link String#equalsIgnoreCase} finds equal: each code point's lower case of its
     * upper case (what that method compares when the characters differ). Texts with equal keys may still differ for
     * it; the caller's test decides.
     */
    static String fold(String text) {
        boolean ascii = true;
        for (int i = 0; i < text.length() && ascii; i++) {
            ascii = text.charAt(i) < 0x80;
        }
        if (ascii) {
            return text.toLowerCase(Locale.ROOT);
        }
        StringBuilder folded = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> folded.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return folded.toString();
    }
}
