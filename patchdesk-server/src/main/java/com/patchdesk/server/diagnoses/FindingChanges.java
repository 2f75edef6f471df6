package com.patchdesk.server.diagnoses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed since the previous diagnosis of the same case, by finding key: findings that are new, findings
 * still there, and findings of the previous diagnosis that are gone (fixed, or at least no longer in the logs).
 */
public record FindingChanges(
        Long previousDiagnosisId,
        List<StoredFinding> added,
        List<StoredFinding> stillThere,
        List<StoredFinding> fixed) {

    public FindingChanges {
        added = List.copyOf(added);
        stillThere = List.copyOf(stillThere);
        fixed = List.copyOf(fixed);
    }

    /** Compares by key; with no previous diagnosis everything is new. */
    static FindingChanges between(Long previousId, List<StoredFinding> previous, List<StoredFinding> current) {
        Map<String, StoredFinding> before = byKey(previous);
        Map<String, StoredFinding> now = byKey(current);
        return new FindingChanges(
                previousId,
                now.values().stream().filter(f -> !before.containsKey(f.key())).toList(),
                now.values().stream().filter(f -> before.containsKey(f.key())).toList(),
                before.values().stream().filter(f -> !now.containsKey(f.key())).toList());
    }

    private static Map<String, StoredFinding> byKey(List<StoredFinding> findings) {
        Map<String, StoredFinding> map = new LinkedHashMap<>();
        findings.forEach(f -> map.putIfAbsent(f.key(), f));
        return map;
    }
}
