package com.patchdesk.diagnosis.read;

import java.util.EnumMap;
import java.util.Map;

/**
 * An event's principal facts: all of its facts but free text ({@link Fact#DETAIL}, {@link Fact#TITLE}), by which the
 * evidence store groups events. Hash and comparison work on the event's own facts, without a copy: making a map of
 * the principal facts for every event read was a tenth of a dense log's samples (JFR, docs/performance.md).
 */
public final class PrincipalFacts {

    private PrincipalFacts() {}

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

    private static Map<Fact, String> copy(Map<Fact, String> facts) {
        Map<Fact, String> principal = new EnumMap<>(Fact.class);
        facts.forEach((fact, value) -> {
            if (fact != Fact.DETAIL && fact != Fact.TITLE) {
                principal.put(fact, value);
            }
        });
        return principal;
    }
}
