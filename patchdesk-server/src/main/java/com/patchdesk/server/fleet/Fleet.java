package com.patchdesk.server.fleet;

import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.web.ConsoleSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The fleet view: the machines of one case or of one customer organisation, each with its bundles, grouped by the
 * failure signature of its latest readable bundle. Callers check access; this reads only what the scope names.
 */
@Service
class Fleet {

    private static final String NOTHING_READ = "nothing-read";
    /** The grouping key of machines of which no bundle could be read (no signature is empty or has a NUL). */
    private static final String NO_LOGS_GROUP = "\0no-logs";

    private final JdbcClient jdbc;
    private final FleetIndex index;
    private final ZoneId zone;

    /** Days of the trend are the desk's days, as its pages show times ({@code patchdesk.web.time-zone}). */
    Fleet(JdbcClient jdbc, FleetIndex index, ConsoleSettings settings) {
        this.jdbc = jdbc;
        this.index = index;
        this.zone = settings.timeZone();
    }

    /** The desk's time zone, in which exports give times. */
    ZoneId zone() {
        return zone;
    }

    /** Whose machines: one case, or every case of an organisation. */
    record Scope(Long caseId, Long organisationId) {
        static Scope ofCase(long caseId) {
            return new Scope(caseId, null);
        }

        static Scope ofOrganisation(long organisationId) {
            return new Scope(null, organisationId);
        }

        String where() {
            return caseId != null ? "m.case_id = :scope" : "c.organisation_id = :scope";
        }

        long id() {
            return caseId != null ? caseId : organisationId;
        }
    }

    FleetView view(Scope scope, FleetView.Filter filter) {
        List<FleetView.Machine> all = machines(scope);
        List<FleetView.Machine> machines =
                all.stream().filter(m -> matches(m, filter)).toList();
        // Machines without failure are one group, machines of which nothing could be read another: those are unknown.
        Map<String, List<FleetView.Machine>> bySignature = machines.stream()
                .collect(Collectors.groupingBy(
                        m -> m.signature() != null ? m.signature() : m.noLogs() ? NO_LOGS_GROUP : "",
                        LinkedHashMap::new,
                        Collectors.toList()));
        Map<String, SignatureRow> signatures = signatures(scope);
        List<FleetView.Group> groups = new ArrayList<>();
        bySignature.forEach((key, members) -> {
            SignatureRow s = signatures.get(key);
            FleetView.Machine first = members.get(0);
            groups.add(new FleetView.Group(
                    first.signature(),
                    s == null ? null : s.ruleId(),
                    s == null ? null : s.code(),
                    s == null ? null : s.kb(),
                    s == null ? null : s.component(),
                    s == null ? null : s.steppingStone(),
                    first.titleEn(),
                    first.titleZh(),
                    members.size(),
                    counts(members.stream()
                            .map(m -> m.build() == null ? "?" : m.build())
                            .toList()),
                    counts(members.stream().map(FleetView.Machine::status).toList()),
                    members.stream()
                            .map(FleetView.Machine::firstSeen)
                            .min(Comparator.naturalOrder())
                            .orElse(null),
                    members.stream()
                            .map(FleetView.Machine::lastSeen)
                            .max(Comparator.naturalOrder())
                            .orElse(null),
                    members.stream().map(FleetView.Machine::label).toList()));
        });
        groups.sort(Comparator.comparing((FleetView.Group g) -> g.signature() == null)
                .thenComparing(FleetView.Group::count, Comparator.reverseOrder())
                .thenComparing(g -> g.signature() == null ? "" : g.signature()));
        return new FleetView(
                machines.size(),
                groups,
                machines,
                counts(machines.stream()
                        .map(m -> m.build() == null ? "?" : m.build())
                        .toList()),
                trend(scope, machines),
                filter);
    }

    /** Every machine of the scope with its latest readable bundle (or its latest bundle, if none was readable). */
    List<FleetView.Machine> machines(Scope scope) {
        index.catchUp();
        List<BundleRow> rows = jdbc.sql("""
                SELECT m.id, c.number, m.host, m.label, m.first_seen_at, b.diagnosis_id, b.build, b.edition,
                       b.outcome, b.signature, b.diagnosed_at, s.title_en, s.title_zh
                FROM fleet_machines m JOIN cases c ON c.id = m.case_id
                JOIN fleet_bundles b ON b.machine_id = m.id
                LEFT JOIN fleet_signatures s ON s.diagnosis_id = b.diagnosis_id AND s.position = 0
                WHERE %s ORDER BY m.id, b.diagnosis_id""".formatted(scope.where()))
                .param("scope", scope.id())
                .query((rs, n) -> new BundleRow(
                        rs.getLong("id"),
                        rs.getString("number"),
                        rs.getString("host"),
                        rs.getString("label"),
                        UtcTimestamps.read(rs, "first_seen_at"),
                        rs.getLong("diagnosis_id"),
                        rs.getString("build"),
                        rs.getString("edition"),
                        rs.getString("outcome"),
                        rs.getString("signature"),
                        UtcTimestamps.read(rs, "diagnosed_at"),
                        rs.getString("title_en"),
                        rs.getString("title_zh")))
                .list();
        Map<Long, List<BundleRow>> byMachine = rows.stream()
                .collect(Collectors.groupingBy(BundleRow::machineId, LinkedHashMap::new, Collectors.toList()));
        List<FleetView.Machine> machines = new ArrayList<>();
        byMachine.forEach((id, bundles) -> {
            // A bundle of which nothing could be read says nothing about the machine: it is passed over.
            List<BundleRow> readable = bundles.stream()
                    .filter(b -> !NOTHING_READ.equals(b.outcome()))
                    .toList();
            List<BundleRow> telling = readable.isEmpty() ? bundles : readable;
            BundleRow latest = telling.get(telling.size() - 1);
            Boolean before =
                    telling.size() > 1 ? telling.get(telling.size() - 2).signature() != null : null;
            FleetStatus status =
                    readable.isEmpty() ? FleetStatus.NO_LOGS : FleetStatus.of(latest.signature() != null, before);
            String build = telling.stream()
                    .map(BundleRow::build)
                    .filter(Objects::nonNull)
                    .reduce((a, b) -> b)
                    .orElse(null);
            machines.add(new FleetView.Machine(
                    id,
                    latest.caseNumber(),
                    latest.host(),
                    latest.label(),
                    latest.build() != null ? latest.build() : build,
                    latest.edition(),
                    latest.signature(),
                    latest.titleEn(),
                    latest.titleZh(),
                    status.key(),
                    bundles.size(),
                    latest.diagnosisId(),
                    latest.firstSeen(),
                    bundles.get(bundles.size() - 1).diagnosedAt()));
        });
        return machines;
    }

    /** One machine's bundles, oldest first, within the scope. */
    List<MachineBundle> history(Scope scope, long machineId) {
        index.catchUp();
        return jdbc.sql("""
                SELECT b.diagnosis_id, b.file_id, f.name, b.build, b.outcome, b.signature, b.diagnosed_at
                FROM fleet_bundles b JOIN fleet_machines m ON m.id = b.machine_id JOIN cases c ON c.id = m.case_id
                JOIN case_files f ON f.id = b.file_id
                WHERE m.id = :machine AND %s ORDER BY b.diagnosis_id""".formatted(scope.where()))
                .param("machine", machineId)
                .param("scope", scope.id())
                .query((rs, n) -> new MachineBundle(
                        rs.getLong("diagnosis_id"),
                        rs.getLong("file_id"),
                        rs.getString("name"),
                        rs.getString("build"),
                        rs.getString("outcome"),
                        rs.getString("signature"),
                        UtcTimestamps.read(rs, "diagnosed_at")))
                .list();
    }

    record MachineBundle(
            long diagnosisId,
            long fileId,
            String fileName,
            String build,
            String outcome,
            String signature,
            Instant diagnosedAt) {}

    private static boolean matches(FleetView.Machine m, FleetView.Filter f) {
        if (f.build() != null
                && !Objects.equals(f.build(), m.build())
                && (m.build() == null || !m.build().startsWith(f.build() + "."))) {
            return false;
        }
        if (f.signature() != null) {
            boolean none = FleetView.Filter.NO_FAILURE.equals(f.signature());
            if (none ? m.signature() != null || m.noLogs() : !f.signature().equals(m.signature())) {
                return false;
            }
        }
        return f.status() == null || f.status().equals(m.status());
    }

    private Map<String, SignatureRow> signatures(Scope scope) {
        Map<String, SignatureRow> out = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT DISTINCT s.signature, s.rule_id, s.code, s.kb, s.component, s.stepping_stone
                FROM fleet_signatures s JOIN fleet_bundles b ON b.diagnosis_id = s.diagnosis_id
                JOIN fleet_machines m ON m.id = b.machine_id JOIN cases c ON c.id = m.case_id
                WHERE s.position = 0 AND %s""".formatted(scope.where()))
                .param("scope", scope.id())
                .query((rs, n) -> new SignatureRow(
                        rs.getString("signature"),
                        rs.getString("rule_id"),
                        rs.getString("code"),
                        rs.getString("kb"),
                        rs.getString("component"),
                        rs.getString("stepping_stone")))
                .list()
                .forEach(s -> out.putIfAbsent(s.signature(), s));
        return out;
    }

    /** Bundles diagnosed per day among the shown machines, failing or not; unreadable bundles say neither. */
    private List<FleetView.Day> trend(Scope scope, List<FleetView.Machine> shown) {
        var ids = shown.stream().map(FleetView.Machine::id).collect(Collectors.toSet());
        record Dated(long machineId, boolean failing, String outcome, Instant at) {}
        Map<LocalDate, int[]> days = new TreeMap<>();
        jdbc
                .sql("""
                SELECT b.machine_id, b.signature, b.outcome, b.diagnosed_at FROM fleet_bundles b
                JOIN fleet_machines m ON m.id = b.machine_id JOIN cases c ON c.id = m.case_id
                WHERE %s""".formatted(scope.where()))
                .param("scope", scope.id())
                .query((rs, n) -> new Dated(
                        rs.getLong("machine_id"),
                        rs.getString("signature") != null,
                        rs.getString("outcome"),
                        UtcTimestamps.read(rs, "diagnosed_at")))
                .list()
                .stream()
                .filter(d -> ids.contains(d.machineId()) && !NOTHING_READ.equals(d.outcome()))
                .forEach(d -> days.computeIfAbsent(d.at().atZone(zone).toLocalDate(), k -> new int[2])[
                        d.failing() ? 0 : 1]++);
        return days.entrySet().stream()
                .map(e -> new FleetView.Day(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .toList();
    }

    private static Map<String, Integer> counts(List<String> values) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    private record BundleRow(
            long machineId,
            String caseNumber,
            String host,
            String label,
            Instant firstSeen,
            long diagnosisId,
            String build,
            String edition,
            String outcome,
            String signature,
            Instant diagnosedAt,
            String titleEn,
            String titleZh) {}

    private record SignatureRow(
            String signature, String ruleId, String code, String kb, String component, String steppingStone) {}
}
