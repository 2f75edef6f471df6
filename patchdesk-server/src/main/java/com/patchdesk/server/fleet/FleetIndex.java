package com.patchdesk.server.fleet;

import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.diagnoses.Diagnoses;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Files every completed diagnosis under its machine, with its failure signatures, from the stored report (the
 * report's {@code machine} block and root findings). Indexing is idempotent and needs no lock: any number of
 * server instances may run it at once, the primary key keeps one row per diagnosis and the machine's unique key one
 * machine per host and case. It runs every few seconds and before any fleet view is read, so a view never misses a
 * finished diagnosis.
 */
@Service
class FleetIndex {

    private static final Logger LOG = LoggerFactory.getLogger(FleetIndex.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 2000;
    /** The engine's outcome when it explained a failure; other outcomes give a machine no failure signature. */
    private static final String FAILURE = "failure-diagnosed";
    /**
     * The key of a case's machine whose bundles name no host (no systeminfo, a file not named by the collector): one
     * machine per case, not one per upload. A case is opened for one machine as a rule, and its customer sends the
     * same PC's logs several times (eight uploads were eight "machines"); the bundles of several unnamed machines on
     * one case are listed under that machine with their file names. Its label is empty: pages and replies call it
     * the case's unnamed machine in the reader's language. No host name has a question mark.
     */
    static final String UNNAMED = "?";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Diagnoses diagnoses;

    FleetIndex(JdbcClient jdbc, TransactionTemplate transactions, Diagnoses diagnoses) {
        this.diagnoses = diagnoses;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @SchedulerLock(name = "fleet-index", lockAtMostFor = "PT10M")
    @Scheduled(fixedDelayString = "${patchdesk.fleet.index-interval:PT10S}", initialDelayString = "PT5S")
    public void sweep() {
        catchUp();
    }

    /** Indexes the completed diagnoses not indexed yet; returns how many. */
    int catchUp() {
        List<Pending> pending = jdbc.sql("""
                SELECT d.id, d.case_id, d.file_id, d.outcome, d.finished_at
                FROM diagnoses d JOIN case_files f ON f.id = d.file_id
                WHERE d.status = 'done' AND NOT EXISTS (SELECT 1 FROM fleet_bundles b WHERE b.diagnosis_id = d.id)
                ORDER BY d.id FETCH FIRST %d ROWS ONLY""".formatted(BATCH))
                .query((rs, n) -> new Pending(
                        rs.getLong("id"),
                        rs.getLong("case_id"),
                        rs.getLong("file_id"),
                        rs.getString("outcome"),
                        UtcTimestamps.read(rs, "finished_at")))
                .list();
        int done = 0;
        for (Pending p : pending) {
            try {
                if (index(p)) {
                    done++;
                }
            } catch (RuntimeException e) {
                // One report that cannot be read must not stop the others; it is tried again on the next round.
                LOG.warn("could not index diagnosis {} for the fleet view: {}", p.diagnosisId(), e.toString());
            }
        }
        return done;
    }

    private boolean index(Pending p) {
        Optional<String> report = diagnoses.reportJsonForIndexing(p.diagnosisId());
        JsonNode doc = report.map(JSON::readTree).orElse(JSON.createObjectNode());
        JsonNode machine = doc.path("machine");
        String host = text(machine, "host");
        String hostKey = host == null ? UNNAMED : host.toUpperCase(Locale.ROOT);
        long machineId = machine(p.caseId(), hostKey, host, host == null ? "" : host, p.finishedAt());
        List<String> titlesZh =
                jdbc.sql("""
                SELECT title_zh FROM diagnosis_findings WHERE diagnosis_id = :id AND depth = 0 ORDER BY position""").param("id", p.diagnosisId()).query(String.class).list();
        List<Root> roots = new ArrayList<>();
        JsonNode findings = doc.path("findings");
        for (int i = 0; i < findings.size(); i++) {
            JsonNode f = findings.get(i);
            if ("info".equals(f.path("severity").asString())) {
                // "KB… installed" and the like: a finding, not a failure, so no signature of one.
                continue;
            }
            Map<String, String> facts = new HashMap<>();
            f.path("facts")
                    .properties()
                    .forEach(e -> facts.put(e.getKey(), e.getValue().asString()));
            String en = f.path("title").asString();
            roots.add(new Root(
                    Signature.of(f.path("ruleId").asString(), facts), en, i < titlesZh.size() ? titlesZh.get(i) : en));
        }
        if (!FAILURE.equals(p.outcome())) {
            roots.clear();
        }
        try {
            transactions.executeWithoutResult(tx -> store(p, machineId, machine, roots));
            return true;
        } catch (DuplicateKeyException indexedMeanwhile) {
            return false;
        }
    }

    private void store(Pending p, long machineId, JsonNode machine, List<Root> roots) {
        jdbc.sql("""
                INSERT INTO fleet_bundles (diagnosis_id, machine_id, case_id, file_id, build, edition, outcome,
                                           signature, diagnosed_at)
                VALUES (:id, :machine, :case, :file, :build, :edition, :outcome, :signature, :at)""")
                .param("id", p.diagnosisId())
                .param("machine", machineId)
                .param("case", p.caseId())
                .param("file", p.fileId())
                .param("build", cut(text(machine, "build"), 40))
                .param("edition", cut(text(machine, "edition"), 200))
                .param("outcome", p.outcome())
                .param(
                        "signature",
                        roots.isEmpty() ? null : cut(roots.get(0).signature().key(), 1000))
                .param("at", UtcTimestamps.toSql(p.finishedAt()))
                .update();
        for (int i = 0; i < roots.size(); i++) {
            Root r = roots.get(i);
            jdbc.sql("""
                    INSERT INTO fleet_signatures (diagnosis_id, position, signature, rule_id, code, kb, component,
                                                  stepping_stone, title_en, title_zh)
                    VALUES (:id, :position, :signature, :rule, :code, :kb, :component, :stone, :en, :zh)""")
                    .param("id", p.diagnosisId())
                    .param("position", i)
                    .param("signature", cut(r.signature().key(), 1000))
                    .param("rule", cut(r.signature().ruleId(), 120))
                    .param("code", cut(r.signature().code(), 40))
                    .param("kb", cut(r.signature().kb(), 40))
                    .param("component", cut(r.signature().component(), 400))
                    .param("stone", cut(r.signature().steppingStone(), 40))
                    .param("en", cut(r.titleEn(), 2000))
                    .param("zh", cut(r.titleZh(), 2000))
                    .update();
        }
    }

    /** The machine's id, created on first sight; a concurrent creator's row wins and is used. */
    private long machine(long caseId, String hostKey, String host, String label, Instant seen) {
        Optional<Long> existing = findMachine(caseId, hostKey);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            jdbc.sql("""
                    INSERT INTO fleet_machines (case_id, host_key, host, label, first_seen_at)
                    VALUES (:case, :key, :host, :label, :seen)""")
                    .param("case", caseId)
                    .param("key", cut(hostKey, 100))
                    .param("host", cut(host, 100))
                    .param("label", cut(label, 255))
                    .param("seen", UtcTimestamps.toSql(seen))
                    .update();
        } catch (DuplicateKeyException createdMeanwhile) {
            // Another upload of the same machine got there first: both bundles belong to its row.
        }
        return findMachine(caseId, hostKey).orElseThrow();
    }

    private Optional<Long> findMachine(long caseId, String hostKey) {
        return jdbc.sql("SELECT id FROM fleet_machines WHERE case_id = :case AND host_key = :key")
                .param("case", caseId)
                .param("key", cut(hostKey, 100))
                .query(Long.class)
                .optional();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }

    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private record Pending(long diagnosisId, long caseId, long fileId, String outcome, Instant finishedAt) {}

    private record Root(Signature signature, String titleEn, String titleZh) {}
}
