package com.patchdesk.server.fleet;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The machines of a case or of a customer, grouped by the failure signature of their latest bundle.
 *
 * @param machines how many machines match the filter
 * @param groups   largest first; the group of machines without a failure has a null signature, and so has the
 *                 group of machines of which nothing could be read (status {@code no-logs})
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
            List<String> hosts) {

        /**
         * The group of machines of which no bundle could be read: no failure signature, and no health either. Public,
         * as the record's accessors are, for the fleet page's expressions.
         */
        public boolean noLogs() {
            return signature == null && statuses.containsKey(FleetStatus.NO_LOGS.key());
        }
    }

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
            Instant lastSeen) {

        /** No bundle of this machine could be read ({@link FleetStatus#NO_LOGS}); public for the fleet page. */
        public boolean noLogs() {
            return FleetStatus.NO_LOGS.key().equals(status);
        }
    }

    /**
     * A machine's label as a reader sees it: its host name, or for the case's machine whose bundles name no host
     * (stored with an empty label, {@link FleetIndex#UNNAMED}) words that say so in the reader's language.
     */
    static String machineName(String label, boolean zh) {
        if (label != null && !label.isEmpty()) {
            return label;
        }
        return zh ? "未具名的计算机（日志中没有主机名）" : "unnamed machine (no host name in its logs)";
    }

    record Day(LocalDate day, int failing, int passing) {}

    /** What the view is narrowed to; null fields do not filter. {@code signature} "none": machines without failure. */
    record Filter(String build, String signature, String status) {
        static final String NO_FAILURE = "none";
    }
}
