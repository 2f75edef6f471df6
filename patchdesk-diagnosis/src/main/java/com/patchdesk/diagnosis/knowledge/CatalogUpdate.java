package com.patchdesk.diagnosis.knowledge;

import java.util.Optional;

/**
 * One update of the catalog.
 *
 * @param kb              {@code KB5001342}
 * @param line            the servicing line it belongs to ({@link OsBuild#line()}: 19041 for 19044/19045 updates)
 * @param release         {@link Release#LCU_B monthly}, preview, out-of-band or servicing stack
 * @param released        {@code 2021-04-13}, or {@code 2023-11} when only the month is known
 * @param osBuild         the build an LCU brings the machine to (for an SSU, its file version when known)
 * @param ssuPrerequisite the servicing stack update to install first, if any (lines with separate SSUs only)
 * @param confirmed       false when the KB's role or its prerequisite is not confirmed by a Microsoft article
 */
public record CatalogUpdate(
        String kb,
        int line,
        Release release,
        String released,
        Optional<OsBuild> osBuild,
        Optional<String> ssuPrerequisite,
        boolean confirmed) {

    public enum Release {
        /** Monthly security cumulative update (second Tuesday). */
        LCU_B,
        /** Optional preview cumulative update. */
        LCU_C,
        /** Out-of-band cumulative update. */
        OOB,
        /** Servicing stack update. */
        SSU;

        public boolean isCumulative() {
            return this != SSU;
        }

        /** The spelling of the catalog tables: {@code LCU-B}. */
        public String label() {
            return name().replace('_', '-');
        }
    }

    /** The status column of the catalog tables. */
    String status() {
        if (confirmed) {
            return "confirmed";
        }
        return release == Release.SSU || ssuPrerequisite.isEmpty() ? "unconfirmed" : "prerequisite-unconfirmed";
    }
}
