package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrincipalFactsTest {

    /** The evidence store's groups, and the order of its hash map, stay those a copy without free text gave. */
    @Test
    void hashAndEqualityAreThoseOfACopyWithoutFreeText() {
        Map<Fact, String> session = facts(Fact.SESSION, "31078557_123", Fact.DETAIL, "initialized");
        Map<Fact, String> again = facts(Fact.SESSION, "31078557_123", Fact.DETAIL, "finalized", Fact.TITLE, "x");
        Map<Fact, String> other = facts(Fact.SESSION, "31078557_124", Fact.DETAIL, "initialized");
        Map<Fact, String> plain = facts(Fact.SESSION, "31078557_123");

        assertThat(PrincipalFacts.hash(session)).isEqualTo(plain.hashCode());
        assertThat(PrincipalFacts.hash(again)).isEqualTo(plain.hashCode());
        assertThat(PrincipalFacts.hash(new EnumMap<>(session))).isEqualTo(plain.hashCode());
        assertThat(PrincipalFacts.hash(facts(Fact.DETAIL, "only text"))).isZero();
        assertThat(PrincipalFacts.equal(session, again)).isTrue();
        assertThat(PrincipalFacts.equal(session, plain)).isTrue();
        assertThat(PrincipalFacts.equal(session, other)).isFalse();
        assertThat(PrincipalFacts.equal(session, facts(Fact.SESSION, "31078557_123", Fact.CLIENT, "WU")))
                .isFalse();
        assertThat(PrincipalFacts.equal(new EnumMap<>(session), new EnumMap<>(again)))
                .isTrue();
    }

    private static Map<Fact, String> facts(Object... pairs) {
        Facts f = new Facts();
        for (int i = 0; i < pairs.length; i += 2) {
            f.put((Fact) pairs[i], (String) pairs[i + 1]);
        }
        return f.frozen();
    }
}
