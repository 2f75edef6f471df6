package com.patchdesk.server.fleet;

import java.util.Locale;

/**
 * A machine's state from its last two readable bundles: {@code NEW} (one bundle, failing, or failing after a bundle
 * without failure), {@code STILL_FAILING} (failing in both), {@code FIXED} (failing before, not any more),
 * {@code HEALTHY} (no failure in its latest bundle, none before); {@code NO_LOGS} when no bundle of it could be read
 * (an empty zip, a 0-byte file, an encrypted archive): nothing is known of the machine, which is not healthy.
 */
enum FleetStatus {
    NEW,
    STILL_FAILING,
    FIXED,
    HEALTHY,
    NO_LOGS;

    String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static FleetStatus of(boolean failingNow, Boolean failingBefore) {
        if (failingNow) {
            return Boolean.TRUE.equals(failingBefore) ? STILL_FAILING : NEW;
        }
        return Boolean.TRUE.equals(failingBefore) ? FIXED : HEALTHY;
    }

    static FleetStatus parse(String key) {
        for (FleetStatus s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "status must be one of new, still-failing, fixed, healthy, no-logs, not " + key);
    }
}
