package com.patchdesk.server.diagnoses;

import com.patchdesk.server.cases.EntryWording;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The timeline wording of a diagnosis ({@code entry.text.diagnosis…} messages): each reader reads it in their own
 * language, the findings' titles included (the child renders them in both). What the engine says about a bundle it
 * could not read (the skipped files' reasons, a rejection) is said in the case's language, in which it was asked.
 */
final class DiagnosisText {

    private DiagnosisText() {}

    static EntryWording summary(String fileName, DiagnosisView view) {
        int total = view.findings().size();
        FindingChanges changes = view.changes();
        if (changes == null || changes.previousDiagnosisId() == null) {
            return EntryWording.of("entry.text.diagnosis", fileName, total);
        }
        return EntryWording.of(
                "entry.text.diagnosisSince",
                fileName,
                total,
                changes.added().size(),
                changes.stillThere().size(),
                changes.fixed().size());
    }

    /** The message (nothing or part read), a line per finding indented by its depth, then those no longer found. */
    static List<EntryWording> body(EntryWording message, DiagnosisView view) {
        List<EntryWording> lines = new ArrayList<>();
        if (message != null) {
            lines.add(message);
        }
        for (StoredFinding finding : view.findings()) {
            lines.add(EntryWording.of(
                    "entry.text.finding",
                    "  ".repeat(finding.depth()),
                    EntryWording.of("severity." + finding.severity()),
                    title(finding)));
        }
        FindingChanges changes = view.changes();
        if (changes != null && !changes.fixed().isEmpty()) {
            lines.add(EntryWording.of(
                    "entry.text.findingsGone",
                    new EntryWording.Said(
                            titles(changes.fixed(), Locale.ENGLISH),
                            titles(changes.fixed(), Locale.SIMPLIFIED_CHINESE))));
        }
        return lines;
    }

    /** Why a diagnosis whose worker died on its last allowed attempt failed ({@link AbandonedDiagnoses}). */
    static EntryWording workerStopped(String fileName) {
        return EntryWording.of(
                "entry.text.diagnosisFailed", fileName, EntryWording.of("entry.text.diagnosisWorkerStopped"));
    }

    /** The engine could not read the bundle, for the reason it gives. */
    static EntryWording failed(String fileName, String reason) {
        return EntryWording.of("entry.text.diagnosisFailed", fileName, reason);
    }

    /**
     * A diagnosis the server failed to run (not the bundle's fault): shown to the customer, so it names no server
     * detail; the reason is in the server's log.
     */
    static EntryWording failedOnTheServer(String fileName) {
        return EntryWording.of("entry.text.diagnosisFailedOnTheServer", fileName);
    }

    static EntryWording nothingRead(String fileName, List<String> skipped) {
        return EntryWording.of(
                "entry.text.nothingRead",
                fileName,
                skipped.isEmpty() ? EntryWording.of("entry.text.bundleEmpty") : reasons(skipped));
    }

    /** Lines were read from the bundle, but no file of it whole: the rest of it was damaged or left aside. */
    static EntryWording partlyRead(String fileName, List<String> skipped) {
        return EntryWording.of("entry.text.partlyRead", fileName, reasons(skipped));
    }

    private static String reasons(List<String> skipped) {
        return skipped.stream().limit(5).collect(Collectors.joining("; "));
    }

    private static EntryWording.Said title(StoredFinding finding) {
        return new EntryWording.Said(finding.title(Locale.ENGLISH), finding.title(Locale.SIMPLIFIED_CHINESE));
    }

    private static String titles(List<StoredFinding> findings, Locale locale) {
        return findings.stream().map(f -> f.title(locale)).collect(Collectors.joining("; "));
    }
}
