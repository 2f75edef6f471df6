package com.patchdesk.diagnosis.bundle;

import java.util.Objects;

/**
 * A scan of a bundle read while its bytes were arriving.
 *
 * @param scan      what it read and skipped
 * @param confirmed whether the complete file confirmed it: a scan of that file would have read and skipped the same
 *                  files, from the same bytes, with the same words. When false the scan is not to be used (its events
 *                  neither): the complete file must be scanned again.
 */
public record ArrivingScan(BundleScan scan, boolean confirmed) {

    public ArrivingScan {
        Objects.requireNonNull(scan, "scan");
    }
}
