package com.patchdesk.diagnosis.knowledge;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a published update history into the engine's catalog: one row per KB, classified (monthly, preview,
 * out-of-band), with the servicing stack knowledge the history lacks added from the engine's own tables
 * ({@code kb-17763.tsv}, curated, wins over the history for 17763; {@code servicing-stacks.tsv} for other lines
 * with separate SSUs). The same code makes the shipped resource ({@code catalog generate}) and an imported one.
 */
public final class CatalogCompiler {

    /**
     * Rows of a line at or above this revision are the hotpatch line of 24H2 / Server 2025 (26100.32230 in
     * January 2026 beside 26100.7623): the main line never reaches it, so it is no stepping stone for anyone.
     */
    private static final int HOTPATCH_REVISION = 30_000;
    /** A build may go back by a re-release within this many days (14393.189 then .187 in 2016), never later. */
    private static final int REVISION_TOLERANCE_DAYS = 14;

    private CatalogCompiler() {}

    /**
     * The catalog of {@code history} with the updates released up to {@code until} (all when empty).
     *
     * @throws CatalogRejectedException when a line's builds go back in time
     */
    public static UpdateCatalog compile(PublishedUpdate.History history, Optional<LocalDate> until)
            throws CatalogRejectedException {
        LocalDate date = until.filter(u -> u.isBefore(history.date())).orElse(history.date());
        BuildFamilies families = BuildFamilies.standard();
        Map<String, CatalogUpdate> curated = curated17763();
        Map<String, PublishedUpdate> byKb = new LinkedHashMap<>();
        for (PublishedUpdate u : history.updates()) {
            if (u.released().isAfter(date)
                    || u.comment().toLowerCase(Locale.ROOT).contains("hotpatch")
                    || u.osBuild().revision() >= HOTPATCH_REVISION) {
                continue;
            }
            byKb.merge(u.kb(), u, (a, b) -> preferred(a, b, families));
        }
        checkMonotonic(byKb.values());
        List<Dated> rows = new ArrayList<>();
        curated.values().forEach(c -> rows.add(new Dated(effectiveDate(c.released()), c)));
        List<String[]> stacks = KnowledgeTable.rows("servicing-stacks.tsv", 5);
        for (String[] s : stacks) {
            rows.add(new Dated(
                    LocalDate.parse(s[2]),
                    new CatalogUpdate(
                            s[1],
                            Integer.parseInt(s[0]),
                            CatalogUpdate.Release.SSU,
                            s[2],
                            Optional.empty(),
                            Optional.empty(),
                            "confirmed".equals(s[3]))));
        }
        for (PublishedUpdate u : byKb.values()) {
            if (curated.containsKey(u.kb())) {
                continue;
            }
            int line = u.osBuild().line();
            Optional<String> ssu = families.servicing(line) == BuildFamily.Servicing.SEPARATE_SSU
                    ? newestSsuBefore(rows, line, u.released())
                    : Optional.empty();
            rows.add(new Dated(
                    u.released(),
                    new CatalogUpdate(
                            u.kb(),
                            line,
                            release(u),
                            u.released().toString(),
                            Optional.of(u.osBuild()),
                            ssu,
                            ssu.isEmpty())));
        }
        // Stable: the curated 17763 rows keep their order among themselves where dates tie.
        rows.sort(Comparator.comparing(Dated::date));
        return new UpdateCatalog(rows.stream().map(Dated::update).toList(), date, history.source());
    }

    private record Dated(LocalDate date, CatalogUpdate update) {}

    /**
     * {@code base} with the updates of {@code addition} it lacks, dated {@code addition}'s date: a file holding only
     * the newer rows (June 2026) adds them to the catalog in use. Rows {@code base} has are kept as they are (the
     * curated 17763 rows stay curated).
     *
     * @throws CatalogRejectedException when an added update brings an older build than one released weeks before it
     */
    public static UpdateCatalog merge(UpdateCatalog base, UpdateCatalog addition) throws CatalogRejectedException {
        List<Dated> rows = new ArrayList<>();
        base.updates().forEach(u -> rows.add(new Dated(effectiveDate(u.released()), u)));
        for (CatalogUpdate u : addition.updates()) {
            if (base.byKb(u.kb()).isPresent()) {
                continue;
            }
            LocalDate released = effectiveDate(u.released());
            for (Dated earlier : rows) {
                if (u.osBuild().isPresent()
                        && earlier.update().osBuild().isPresent()
                        && earlier.update().line() == u.line()
                        && earlier.date().plusDays(REVISION_TOLERANCE_DAYS).isBefore(released)
                        && earlier.update().osBuild().get().isAfter(u.osBuild().get())) {
                    throw new CatalogRejectedException("builds are not in release order: " + u.kb() + " ("
                            + u.osBuild().get() + ", " + u.released() + ") is older than "
                            + earlier.update().kb()
                            + " (" + earlier.update().osBuild().get() + ", "
                            + earlier.update().released() + ")");
                }
            }
            rows.add(new Dated(released, u));
        }
        rows.sort(Comparator.comparing(Dated::date));
        return new UpdateCatalog(rows.stream().map(Dated::update).toList(), addition.date(), addition.source());
    }

    /** The row kept for a KB listed twice: its re-release (higher revision), else the line's current build. */
    private static PublishedUpdate preferred(PublishedUpdate a, PublishedUpdate b, BuildFamilies families) {
        if (a.osBuild().revision() != b.osBuild().revision()) {
            return a.osBuild().revision() > b.osBuild().revision() ? a : b;
        }
        List<Integer> order = families.of(a.osBuild()).map(BuildFamily::builds).orElse(List.of());
        int ia = order.indexOf(a.osBuild().build());
        int ib = order.indexOf(b.osBuild().build());
        return ib >= 0 && (ia < 0 || ib < ia) ? b : a;
    }

    private static void checkMonotonic(java.util.Collection<PublishedUpdate> updates) throws CatalogRejectedException {
        Map<Integer, List<PublishedUpdate>> byLine = new HashMap<>();
        updates.forEach(u -> byLine.computeIfAbsent(u.osBuild().line(), l -> new ArrayList<>())
                .add(u));
        for (List<PublishedUpdate> line : byLine.values()) {
            line.sort(Comparator.comparing(PublishedUpdate::released));
            for (PublishedUpdate later : line) {
                for (PublishedUpdate earlier : line) {
                    if (earlier.released().plusDays(REVISION_TOLERANCE_DAYS).isBefore(later.released())
                            && earlier.osBuild().isAfter(later.osBuild())) {
                        throw new CatalogRejectedException("builds are not in release order: " + later.kb() + " ("
                                + later.osBuild() + ", " + later.released() + ") is older than " + earlier.kb()
                                + " (" + earlier.osBuild() + ", " + earlier.released() + ")");
                    }
                }
            }
        }
    }

    /** Monthly on the second Tuesday; previews and out-of-band as Microsoft's page labels them. */
    private static CatalogUpdate.Release release(PublishedUpdate u) {
        String comment = u.comment().toLowerCase(Locale.ROOT);
        if (comment.contains("out-of-band")) {
            return CatalogUpdate.Release.OOB;
        }
        if (comment.contains("preview")) {
            return CatalogUpdate.Release.LCU_C;
        }
        LocalDate d = u.released();
        boolean secondTuesday =
                d.getDayOfWeek() == DayOfWeek.TUESDAY && d.getDayOfMonth() >= 8 && d.getDayOfMonth() <= 14;
        return secondTuesday ? CatalogUpdate.Release.LCU_B : CatalogUpdate.Release.LCU_C;
    }

    /** The newest servicing stack update of the line released by {@code date}, as kb-17763.tsv derives it. */
    private static Optional<String> newestSsuBefore(List<Dated> rows, int line, LocalDate date) {
        return rows.stream()
                .filter(r -> r.update().line() == line && r.update().release() == CatalogUpdate.Release.SSU)
                .filter(r -> !r.date().isAfter(date))
                .max(Comparator.comparing(Dated::date))
                .map(r -> r.update().kb());
    }

    /** {@code 2019-03} counts from that month's second Tuesday (the rule kb-17763.tsv states). */
    static LocalDate effectiveDate(String released) {
        if (released.length() == 7) {
            return YearMonth.parse(released).atDay(1).with(TemporalAdjusters.dayOfWeekInMonth(2, DayOfWeek.TUESDAY));
        }
        return LocalDate.parse(released);
    }

    private static Map<String, CatalogUpdate> curated17763() {
        Map<String, CatalogUpdate> rows = new LinkedHashMap<>();
        for (String[] row : KnowledgeTable.rows("kb-17763.tsv", 6)) {
            rows.put(
                    row[0],
                    new CatalogUpdate(
                            row[0],
                            17763,
                            CatalogUpdate.Release.valueOf(row[1].replace('-', '_')),
                            row[2],
                            OsBuild.parse(row[3]),
                            row[4].isBlank() ? Optional.empty() : Optional.of(row[4]),
                            "confirmed".equals(row[5])));
        }
        return rows;
    }
}
