package com.patchdesk.diagnosis.knowledge;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The updates that service the Windows Recovery Environment on its own partition (resource {@code winre-updates.tsv}):
 * they fail with 0x80070643 where the partition lacks room, which the cumulative updates never do. Immutable.
 */
public final class RecoveryUpdates {

    private static final RecoveryUpdates STANDARD =
            new RecoveryUpdates(KnowledgeTable.rows("winre-updates.tsv", 4).stream()
                    .map(row -> row[0].toUpperCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet()));

    private final Set<String> kbs;

    private RecoveryUpdates(Set<String> kbs) {
        this.kbs = kbs;
    }

    public static RecoveryUpdates standard() {
        return STANDARD;
    }

    /** Whether {@code kb} ({@code KB5034441}) is an update of the recovery environment. */
    public boolean contains(String kb) {
        return kbs.contains(kb.toUpperCase(Locale.ROOT));
    }
}
