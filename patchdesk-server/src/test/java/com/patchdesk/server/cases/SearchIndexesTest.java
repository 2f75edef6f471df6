package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.patchdesk.server.DeskDatabase;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the trigram indexes do for search on PostgreSQL (lc_ctype C.UTF-8 here): pg_trgm does extract trigrams from
 * Chinese text, and with Han characters doubled ({@link SearchText}) a Chinese word of two characters or more is
 * looked up in the index; a single character has no trigram and is found by scanning. On H2 there are no such
 * indexes.
 * Plans are read with the planner's own choice on a timeline of realistic size.
 */
@DeskTest
class SearchIndexesTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    CaseSearch search;

    @Autowired
    DeskFixtures fixtures;

    @Test
    void onH2ThereAreNoTrigramIndexesAndTheMigrationStillCounts() {
        assumeTrue(!DeskDatabase.postgres());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '41' AND \"success\"")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void pgTrgmExtractsTrigramsFromChineseText() {
        assumeTrue(DeskDatabase.postgres());
        String schema = jdbc.sql("SELECT n.nspname FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace"
                        + " WHERE x.extname = 'pg_trgm'")
                .query(String.class)
                .single();
        List<String> trigrams = jdbc.sql("SELECT unnest(" + schema + ".show_trgm('银行终端'))")
                .query(String.class)
                .list();
        // Four characters make five trigrams with the padding at the word's edges ("  银", " 银行", "银行终",
        // "行终端", "终端 "); multibyte ones show as hashes. Under lc_ctype C.UTF-8 Chinese counts as word characters.
        assertThat(trigrams).hasSize(5);
    }

    @Test
    void onATimelineOfSomeSizeChineseWordsOfTwoCharactersOrMoreAreLookedUpAndSingleCharactersScannedFor() {
        assumeTrue(DeskDatabase.postgres());
        Actor engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(fixtures.organisation("索引银行"));

        List<String> plans = transactions.execute(status -> {
            // 20,000 entries, rolled back afterwards: enough that the planner weighs an index against a scan.
            jdbc.sql("""
                    INSERT INTO case_entries (case_id, kind, occurred_at, summary, body, internal)
                    SELECT :case, 'NOTE', CURRENT_TIMESTAMP, 'note ' || g, md5(g::text) || ' 终端日志第 ' || g || ' 行', FALSE
                    FROM generate_series(1, 20000) g""").param("case", ref.id()).update();
            // What autovacuum would do by then: merge GIN's pending list of fresh rows into the index proper.
            jdbc.sql("SELECT gin_clean_pending_list('case_entries_search_trgm'::regclass)")
                    .query(Long.class)
                    .single();
            jdbc.sql("ANALYZE case_entries").update();
            List<String> result = List.of(
                    plan(engineer, "下载过程"), plan(engineer, "补丁"), plan(engineer, "补"), plan(engineer, "0x80248007"));
            status.setRollbackOnly();
            return result;
        });

        assertThat(plans.get(0)).contains("Bitmap Index Scan on case_entries_search_trgm");
        // Doubled Han characters give a two-character word trigrams of its own: "补补丁", "补丁丁".
        assertThat(plans.get(1))
                .contains("Bitmap Index Scan on case_entries_search_trgm")
                .as("the doubled text is read from its stored column (migration 111), not computed per row")
                .doesNotContain("regexp_replace");
        // One character still has none: PostgreSQL reads the table instead (still correct, see CaseListingTest), and
        // then the plain text, which is ten times cheaper to scan than the doubled one.
        assertThat(plans.get(2))
                .contains("Seq Scan on case_entries")
                .doesNotContain("case_entries_search_trgm")
                .doesNotContain("regexp_replace");
        assertThat(plans.get(3)).contains("Bitmap Index Scan on case_entries_search_trgm");
    }

    @Test
    void aWordInThousandsOfEntriesIsFoundByWalkingTheCasesNewestFirstWithTheSameAnswer() {
        assumeTrue(DeskDatabase.postgres());
        Actor engineer = fixtures.engineer();
        Organisation bank = fixtures.organisation("遍历银行");
        CaseRef many = fixtures.openCase(bank);
        CaseRef other = fixtures.openCase(bank);

        List<Object> seen = transactions.execute(status -> {
            // 3,000 entries of one case hold the word, one internal note of another: the planner expects thousands.
            jdbc.sql("""
                    INSERT INTO case_entries (case_id, kind, occurred_at, summary, body, internal)
                    SELECT :case, 'NOTE', CURRENT_TIMESTAMP, 'note ' || g, '终端日志第 ' || g || ' 行', FALSE
                    FROM generate_series(1, 3000) g""").param("case", many.id()).update();
            jdbc.sql("""
                    INSERT INTO case_entries (case_id, kind, occurred_at, summary, body, internal)
                    VALUES (:case, 'NOTE', CURRENT_TIMESTAMP, 'internal', '内部终端日志', TRUE)""").param("case", other.id()).update();
            jdbc.sql("ANALYZE case_entries").update();
            List<Object> result = List.of(
                    plan(engineer, "终端日志"), numbers(engineer, "终端日志"), numbers(fixtures.customer(bank), "终端日志"));
            status.setRollbackOnly();
            return result;
        });

        assertThat((String) seen.get(0))
                .as("a test per case in the list's order that stops at the page's end, not the whole match set first")
                .contains("IS NOT NULL")
                .contains("SubPlan")
                .doesNotContain("HashAggregate");
        assertThat(seen.get(1))
                .isEqualTo(List.of(other.number().toString(), many.number().toString()));
        assertThat(seen.get(2))
                .as("a customer never matches an internal note")
                .isEqualTo(List.of(many.number().toString()));
    }

    private List<String> numbers(Actor viewer, String words) {
        return search
                .find(
                        viewer,
                        new CaseFilter(null, null, null, null, null, null, words, null),
                        CaseSearch.Order.NEWEST,
                        50,
                        0)
                .stream()
                .map(CaseView::number)
                .toList();
    }

    private String plan(Actor viewer, String words) {
        CaseSearch.Query query = search.query(
                viewer,
                new CaseFilter(null, null, null, null, null, null, words, null),
                CaseSearch.Order.NEWEST,
                50,
                0,
                Instant.now());
        return String.join(
                "\n",
                jdbc.sql("EXPLAIN " + query.sql())
                        .params(query.params())
                        .query(String.class)
                        .list());
    }
}
