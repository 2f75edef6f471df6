package com.patchdesk.diagnosis.report;

import com.patchdesk.diagnosis.bundle.ReadFile;
import com.patchdesk.diagnosis.bundle.SkippedFile;
import java.util.List;
import java.util.Optional;

/**
 * What was analysed: the files read and skipped (with reasons), the OS build the logs state (the highest one),
 * the update attempts in time order, and how many events were seen and how many of them the bounded evidence
 * store had to leave out, the known-benign lines set aside (most frequent shape first), the update catalog used, and
 * the machine the bundle came from.
 */
public record BundleSummary(
        String input,
        List<ReadFile> read,
        List<SkippedFile> skipped,
        Optional<String> osBuild,
        List<UpdateAttempt> updateAttempts,
        long events,
        long eventsNotKept,
        List<BenignLineCount> benignLines,
        CatalogUse catalog,
        Machine machine) {

    public BundleSummary {
        benignLines = List.copyOf(benignLines);
        read = List.copyOf(read);
        skipped = List.copyOf(skipped);
        updateAttempts = List.copyOf(updateAttempts);
    }

    /** How many known-benign lines were set aside in all. */
    public long benignLineTotal() {
        return benignLines.stream().mapToLong(BenignLineCount::lines).sum();
    }
}
