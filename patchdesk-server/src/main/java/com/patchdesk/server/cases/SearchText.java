package com.patchdesk.server.cases;

import java.sql.DatabaseMetaData;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * How the searched text is written for the database at hand. PostgreSQL's trigram index cannot narrow a search for
 * a one- or two-character word, and many Chinese words have two characters; so there every Han character is
 * written twice, in the indexed text and in the searched word alike ("补丁" → "补补丁丁"), which gives a two-character
 * word two trigrams and makes the trigram index work as a bigram index for Chinese. A doubled character always
 * pairs with its twin, so the doubled word occurs in the doubled text exactly where the word occurs in the text.
 * <p>
 * Doubling costs: scanning the doubled text is about ten times slower than scanning the plain one (1.9 s against
 * 0.17 s for 200,000 entries here), so it is used only where the index serves: on PostgreSQL with the indexes of
 * migration 41 in place, for words that come to three characters or more once doubled. Since migration 111
 * ({@link StoredSearchText}) the doubled text is a stored column, {@code search_text}, computed once when a row is
 * written: the index's recheck and any scan the planner prefers no longer run the regular expression per row
 * (a search over 10,000 cases: 630 ms → 10 ms under load, bench/load-test.sh).
 */
enum SearchText {

    /** H2: the lower-cased text as it is. */
    PLAIN,
    /** PostgreSQL: Han characters doubled, computed in the query (migration 41 without 111). */
    HAN_DOUBLED,
    /** PostgreSQL: Han characters doubled, read from the stored column {@code search_text} (migration 111). */
    HAN_DOUBLED_STORED;

    /** The stored doubled text's column on {@code cases} and {@code case_entries}. */
    static final String COLUMN = "search_text";

    /** CJK Unified Ideographs and Extension A, the characters of Chinese text in the BMP. */
    private static final String HAN = "\u3400-\u4dbf\u4e00-\u9fff";

    private static final Pattern HAN_CHARACTER = Pattern.compile("([" + HAN + "])");

    /** {@link #HAN_DOUBLED} where the trigram indexes of migration 41 exist, else {@link #PLAIN}. */
    static SearchText of(DataSource dataSource, JdbcClient jdbc) {
        String product;
        try {
            product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database holds the cases", e);
        }
        if (!product.toLowerCase(Locale.ROOT).contains("postgres")) {
            return PLAIN;
        }
        long indexes = jdbc.sql("""
                SELECT COUNT(*) FROM pg_indexes
                WHERE schemaname = current_schema() AND indexname = 'case_entries_search_trgm'""").query(Long.class).single();
        if (indexes == 0) {
            return PLAIN;
        }
        long stored = jdbc.sql("""
                SELECT COUNT(*) FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'case_entries' AND column_name = 'search_text'""").query(Long.class).single();
        return stored > 0 ? HAN_DOUBLED_STORED : HAN_DOUBLED;
    }

    /** How to search for {@code word}: doubled only where that gives the index a trigram to look up. */
    SearchText forWord(String lowerCased) {
        return this != PLAIN
                        && word(lowerCased).codePointCount(0, word(lowerCased).length()) >= 3
                ? this
                : PLAIN;
    }

    /** The SQL of the searched text computed from the SQL of the lower-cased text (never the stored column). */
    String sql(String lowerCased) {
        return this == PLAIN ? lowerCased : "REGEXP_REPLACE(" + lowerCased + ", '([" + HAN + "])', '\\1\\1', 'g')";
    }

    /**
     * The SQL of the searched text of a row: {@code text} is {@link CaseSearch#CASE_TEXT} or
     * {@link CaseSearch#ENTRY_TEXT}, {@code alias} the table's alias with its dot.
     */
    String sql(String text, String alias) {
        return this == HAN_DOUBLED_STORED ? alias + COLUMN : sql(text.formatted(alias));
    }

    /** A lower-cased search word written the same way. */
    String word(String lowerCased) {
        return this == PLAIN ? lowerCased : HAN_CHARACTER.matcher(lowerCased).replaceAll("$1$1");
    }
}
