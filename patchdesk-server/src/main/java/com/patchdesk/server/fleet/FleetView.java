package com.patchdesk.server.fleet;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The machines of a case or of a customer, grouped by the failure signature of their latest bundle.
 *
 * @param machines how many machines match the filter
 * @param groups   largest first; the group of machines without a failure has a null signature
 * @param builds   OS build → machines, most frequent first
 * @param trend    per day (the desk's time zone) the bundles diagnosed, failing or not
 */
record FleetView(
        int machines,
        List<Group> groups,
        List<Machine> machineList,
        Map<String, Integer> builds,
        List<Day> trend,
        Filter filter) {

    /** Machines that share a signature. */
    record Group(
            String signature,
            String ruleId,
            String code,
            String kb,
            String component,
            String steppingStone,
            String titleEn,
            String titleZh,
            int count,
            Map<String, Integer> builds,
            Map<String, Integer> statuses,
            Instant firstSeen,
            Instant lastSeen,
            List<String> hosts) {}

    /** One machine and where it stands. */
    record Machine(
            long id,
            String caseNumber,
            String host,
            String label,
            String build,
            String edition,
            String signature,
            String titleEn,
            String titleZh,
            String status,
            int bundles,
            long latestDiagnosisId,
            Instant firstSeen,
            Instant lastSeen) {}

    record Day(LocalDate day, int failing, int passing) {}

    /** What the view is narrowed to; null fields do not filter. {@code signature} "none": machines without failure. */
    record Filter(String build, String signature, String status) {
        static final String NO_FAILURE = "none";
    }
}
