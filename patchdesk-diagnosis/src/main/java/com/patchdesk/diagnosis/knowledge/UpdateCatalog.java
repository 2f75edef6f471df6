package com.patchdesk.diagnosis.knowledge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The update catalog of Windows 10 1809 / Server 2019 (build 17763), resource {@code kb-17763.tsv}, and the
 * questions rules ask it. Immutable and shared.
 */
public final class UpdateCatalog {

    private static final UpdateCatalog STANDARD = load();

    /** In release order, oldest first. */
    private final List<CatalogUpdate> updates;
    private final Map<String, CatalogUpdate> byKb;

    private UpdateCatalog(List<CatalogUpdate> updates) {
        this.updates = List.copyOf(updates);
        Map<String, CatalogUpdate> index = new LinkedHashMap<>();
        updates.forEach(u -> index.put(u.kb(), u));
        this.byKb = Map.copyOf(index);
    }

    public static UpdateCatalog standard() {
        return STANDARD;
    }

    public Optional<CatalogUpdate> byKb(String kb) {
        return kb == null ? Optional.empty() : Optional.ofNullable(byKb.get(kb.trim().toUpperCase(Locale.ROOT)));
    }

    public boolean isServicingStack(String kb) {
        return byKb(kb).map(u -> u.release() == CatalogUpdate.Release.SSU).orElse(false);
    }

    /**
     * The first cumulative update that brings the machine to {@code build} or later: the update that first ships a
     * component of that version (component 10.0.17763.1879 → KB5001342). Monthly and out-of-band releases count;
     * previews too, because a preview is where a version first ships when it is the earliest.
     */
    public Optional<CatalogUpdate> firstShipping(OsBuild build) {
        return updates.stream()
                .filter(u -> u.release().isCumulative())
                .filter(u -> u.osBuild().map(b -> b.compareTo(build) >= 0).orElse(false))
                .findFirst();
    }

    /** The cumulative update that brings exactly {@code build}; none for a build the catalog does not list. */
    public Optional<CatalogUpdate> bringing(OsBuild build) {
        return firstShipping(build).filter(u -> u.osBuild().equals(Optional.of(build)));
    }

    /**
     * The monthly security updates after {@code build} up to and including {@code targetKb} (or up to the newest
     * known when the target is unknown), oldest first: the path of stepping stones for a machine left far behind.
     */
    public List<CatalogUpdate> monthlyAfter(OsBuild build, String targetKb) {
        Optional<OsBuild> target = byKb(targetKb).flatMap(CatalogUpdate::osBuild);
        List<CatalogUpdate> path = new ArrayList<>();
        for (CatalogUpdate u : updates) {
            if (u.release() != CatalogUpdate.Release.LCU_B || u.osBuild().isEmpty()) {
                continue;
            }
            OsBuild b = u.osBuild().get();
            if (b.isAfter(build) && target.map(t -> b.compareTo(t) <= 0).orElse(true)) {
                path.add(u);
            }
        }
        return path;
    }

    /**
     * The one cumulative update that finishes a stepping-stone plan: {@code targetKb} when the catalog knows it as a
     * cumulative update newer than {@code build}, else the newest monthly security update. Build-17763 updates are
     * cumulative, so this one update carries every fix of the months between.
     */
    public Optional<CatalogUpdate> finalUpdate(OsBuild build, String targetKb) {
        Optional<CatalogUpdate> target = byKb(targetKb).filter(u -> u.release().isCumulative())
                .filter(u -> u.osBuild().map(b -> b.isAfter(build)).orElse(false));
        if (target.isPresent()) {
            return target;
        }
        for (int i = updates.size() - 1; i >= 0; i--) {
            CatalogUpdate u = updates.get(i);
            if (u.release() == CatalogUpdate.Release.LCU_B && u.osBuild().map(b -> b.isAfter(build)).orElse(false)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    /**
     * The servicing stack prerequisite of {@code kb} when no Microsoft article available to us confirms it (the update's
     * or the servicing stack's catalog row is not {@code confirmed}); empty when it is confirmed or there is none.
     */
    public Optional<String> unconfirmedPrerequisite(String kb) {
        return byKb(kb).flatMap(u -> u.ssuPrerequisite()
                .filter(ssu -> !u.confirmed() || !byKb(ssu).map(CatalogUpdate::confirmed).orElse(false)));
    }

    /** The newest servicing stack update released up to {@code kb} whose catalog row is confirmed. */
    public Optional<String> latestConfirmedSsu(String kb) {
        int at = byKb(kb).map(updates::indexOf).orElse(-1);
        for (int i = at - 1; i >= 0; i--) {
            CatalogUpdate u = updates.get(i);
            if (u.release() == CatalogUpdate.Release.SSU && u.confirmed()) {
                return Optional.of(u.kb());
            }
        }
        return Optional.empty();
    }

    public Optional<String> ssuPrerequisite(String kb) {
        return byKb(kb).flatMap(CatalogUpdate::ssuPrerequisite);
    }

    private static UpdateCatalog load() {
        List<CatalogUpdate> updates = new ArrayList<>();
        for (String[] row : KnowledgeTable.rows("kb-17763.tsv", 6)) {
            updates.add(new CatalogUpdate(
                    row[0],
                    CatalogUpdate.Release.valueOf(row[1].replace('-', '_')),
                    row[2],
                    OsBuild.parse(row[3]),
                    row[4].isBlank() ? Optional.empty() : Optional.of(row[4]),
                    "confirmed".equals(row[5])));
        }
        return new UpdateCatalog(updates);
    }
}
