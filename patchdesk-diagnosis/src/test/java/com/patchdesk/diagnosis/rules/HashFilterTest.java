package com.patchdesk.diagnosis.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashFilterTest {

    @Test
    void everyHashAddedIsHeldAndFewOthersSeemToBe() {
        HashFilter filter = new HashFilter(3);
        Random random = new Random(17763);
        Set<Integer> added = new HashSet<>();
        while (added.size() < 4_096) {
            int h = random.nextInt();
            added.add(h);
            filter.add(1, h);
        }
        // Hashes of facts differ in a few low bits as often as in high ones.
        for (int h = 0; h < 512; h++) {
            added.add(h << 20);
            filter.add(1, h << 20);
        }

        Set<Integer> inSlotTwo = new HashSet<>();
        while (inSlotTwo.size() < 64) {
            int h = random.nextInt();
            if (!added.contains(h)) {
                inSlotTwo.add(h);
                filter.add(2, h);
            }
        }

        assertThat(added).allMatch(h -> filter.mayHold(1, h));
        assertThat(inSlotTwo).allMatch(h -> filter.mayHold(2, h));
        assertThat(added).as("a slot holds its own hashes only").noneMatch(h -> filter.mayHold(0, h));
        assertThat(added.stream().filter(h -> filter.mayHold(2, h)).count())
                .as("of slot 1's hashes, taken for slot 2's (64 hashes in it)")
                .isLessThan(10);
        long seemHeld = random.ints(100_000)
                .filter(h -> !added.contains(h) && filter.mayHold(1, h))
                .count();
        assertThat(seemHeld).as("taken for held, of 100,000 others").isLessThan(3_000);
    }
}
