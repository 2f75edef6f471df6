package com.patchdesk.diagnosis.bundle;

import java.util.List;

/**
 * What a scan of one bundle read and what it left aside. The events themselves went to the
 * {@link com.patchdesk.diagnosis.read.EventSink} given to the scan, so that nothing holds a whole log in memory.
 */
public record BundleScan(String input, List<ReadFile> read, List<SkippedFile> skipped) {

    public BundleScan {
        read = List.copyOf(read);
        skipped = List.copyOf(skipped);
    }
}
