package com.patchdesk.diagnosis.knowledge;

import java.util.List;

/**
 * A servicing line and how its updates are installed by hand (resource {@code build-families.tsv}).
 *
 * @param line        the line ({@link OsBuild#line()})
 * @param builds      the builds on it (19041 to 19045)
 * @param name        Windows 10 2004-22H2 / LTSC 2021
 * @param servicing   separate servicing stack updates, SSU inside the LCU, or checkpoints as well
 * @param checkpoints the line's checkpoint cumulative updates, oldest first
 * @param source      where the servicing model is stated
 */
public record BuildFamily(
        int line, List<Integer> builds, String name, Servicing servicing, List<Checkpoint> checkpoints, String source) {

    public BuildFamily {
        builds = List.copyOf(builds);
        checkpoints = List.copyOf(checkpoints);
    }

    public enum Servicing {
        /** Servicing stack updates are separate packages, installed before the cumulative update (.cab from .msu). */
        SEPARATE_SSU,
        /** The servicing stack ships inside the cumulative update's .msu: no separate step; install the .msu. */
        COMBINED,
        /** Combined, and later updates apply only on top of the line's checkpoint cumulative updates. */
        CHECKPOINT;

        static Servicing of(String label) {
            return valueOf(label.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    /** A checkpoint cumulative update: {@code KB5043080} bringing 26100.1742. */
    public record Checkpoint(String kb, OsBuild osBuild, String released, String source) {}
}
