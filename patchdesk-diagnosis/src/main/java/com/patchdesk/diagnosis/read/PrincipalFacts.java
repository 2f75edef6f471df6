package com.patchdesk.diagnosis.read;

import java.util.EnumMap;
import java.util.Map;

/**
 * An event's principal facts: all of its facts but free text ({@link Fact#DETAIL}, {@link Fact#TITLE}), by which the
 * evidence store groups events. Hash and comparison work on the event's own facts, without a copy: making a map of
 * the principal facts for every event read was a tenth of a dense log's samples (JFR,
 * docs/performance-history.md, "Second pass").
 */
public final class PrincipalFacts {

    private PrincipalFacts() {}

    /**
     * Whether {@code fact} is a principal one: every fact but free text ({@link Fact#DETAIL}, {@link Fact#TITLE}). The
     * evidence store groups events by their principal facts, so a test on a principal fact gives every event of a group
     * the same answer.
     */
    public static boolean isPrincipal(Fact fact) {
        return fact != Fact.DETAIL && fact != Fact.TITLE;
    }

    /** What {@code hashCode()} of a map of the principal facts would be. */
    public static int hash(Map<Fact, String> facts) {
        if (facts instanceof FactMap f) {
            return f.principalHash();
        }
        return copy(facts).hashCode();
    }

    /** Whether the two have the same principal facts. */
    public static boolean equal(Map<Fact, String> a, Map<Fact, String> b) {
        if (a instanceof FactMap fa && b instanceof FactMap fb) {
            return fa.principalEquals(fb);
        }
        return copy(a).equals(copy(b));
    }

    /**
     * What {@link #memo(Map, Object)} last noted on {@code facts}, or null. A reader gives the events of a repeated line
     * one shared (immutable) facts map: a consumer that notes its finding on the map finds it again by the map alone.
     * The note is a plain field, neither synchronized nor volatile: a consumer reads the maps of one analysis on one
     * thread, and must check that a note is its own (a map could reach two consumers: the note is overwritten, and a
     * note read across threads must be an object whose identifying fields are final, so seen whole or not at all).
     */
    public static Object memo(Map<Fact, String> facts) {
        return facts instanceof FactMap f ? f.memo() : null;
    }

    /** Notes {@code value} on {@code facts} (see {@link #memo(Map)}); nothing if it is not a map a reader made. */
    public static void memo(Map<Fact, String> facts, Object value) {
        if (facts instanceof FactMap f) {
            f.memo(value);
        }
    }

    private static Map<Fact, String> copy(Map<Fact, String> facts) {
        Map<Fact, String> principal = new EnumMap<>(Fact.class);
        facts.forEach((fact, value) -> {
            if (isPrincipal(fact)) {
                principal.put(fact, value);
            }
        });
        return principal;
    }
}
