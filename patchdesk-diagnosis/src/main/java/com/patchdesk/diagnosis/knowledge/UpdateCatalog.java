package com.patchdesk.diagnosis.knowledge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The update catalog of every Windows 10 / 11 / Server build line (resource {@code catalog.tsv}, generated from
 * Microsoft's update histories, or a newer one installed by {@code catalog import}), and the questions rules ask it.
 * Every question stays within one servicing line ({@link OsBuild#line()}). Immutable and shared.
 */
public final class UpdateCatalog {

    /** In release order, oldest first. */
    private final List<CatalogUpdate> updates;

    private final Map<String, CatalogUpdate> byKb;
    private final LocalDate date;
    private final String source;

    UpdateCatalog(List<CatalogUpdate> updates, LocalDate date, String source) {
        this.updates = List.copyOf(updates);
        Map<String, CatalogUpdate> index = new LinkedHashMap<>();
        updates.forEach(u -> index.put(u.kb(), u));
        this.byKb = Map.copyOf(index);
        this.date = date;
        this.source = source;
    }

    /** The catalog in use: the newer of the shipped one and the one installed in {@link CatalogFolder#configured()}. */
    public static UpdateCatalog standard() {
        return InUse.CATALOG;
    }

    /** The catalog shipped inside the engine. */
    public static UpdateCatalog shipped() {
        return Shipped.CATALOG;
    }

    /** The day the catalog's update history was read from Microsoft: updates after it are unknown to it. */
    public LocalDate date() {
        return date;
    }

    public String source() {
        return source;
    }

    public List<CatalogUpdate> updates() {
        return updates;
    }

    public Optional<CatalogUpdate> byKb(String kb) {
        return kb == null
                ? Optional.empty()
                : Optional.ofNullable(byKb.get(kb.trim().toUpperCase(Locale.ROOT)));
    }

    /**
     * The build with its revision that the newest cumulative update of {@code build} among {@code kbs} brings: what a
     * machine runs whose installed updates are listed without its revision (systeminfo).
     */
    public Optional<OsBuild> newestCumulative(int build, java.util.Collection<String> kbs) {
        return kbs.stream()
                .map(this::byKb)
                .flatMap(Optional::stream)
                .filter(u -> u.release().isCumulative())
                .map(CatalogUpdate::osBuild)
                .flatMap(Optional::stream)
                .filter(b -> b.build() == build)
                .max(java.util.Comparator.naturalOrder());
    }

    public boolean isServicingStack(String kb) {
        return byKb(kb).map(u -> u.release() == CatalogUpdate.Release.SSU).orElse(false);
    }

    /** The newest build a cumulative update of the line brings; a machine above it is newer than the catalog. */
    public Optional<OsBuild> newest(int line) {
        return updates.stream()
                .filter(u -> u.release().isCumulative() && u.line() == line)
                .flatMap(u -> u.osBuild().stream())
                .max(OsBuild::compareTo);
    }

    /**
     * The first cumulative update of {@code build}'s line that brings the machine to {@code build} or later: the
     * update that first ships a component of that version (component 10.0.17763.1879 → KB5001342). Monthly and
     * out-of-band releases count; previews too, because a preview is where a version first ships when it is the
     * earliest.
     */
    public Optional<CatalogUpdate> firstShipping(OsBuild build) {
        return updates.stream()
                .filter(u -> u.release().isCumulative() && u.line() == build.line())
                .filter(u -> u.osBuild().map(b -> !build.isAfter(b)).orElse(false))
                .findFirst();
    }

    /** The cumulative update that brings exactly {@code build}'s level; none for a build the catalog does not list. */
    public Optional<CatalogUpdate> bringing(OsBuild build) {
        return firstShipping(build)
                .filter(u -> u.osBuild().map(build::sameLevel).orElse(false));
    }

    /**
     * The monthly security updates of the line after {@code build} up to and including {@code targetKb} (or up to
     * the newest known when the target is unknown), oldest first.
     */
    public List<CatalogUpdate> monthlyAfter(OsBuild build, String targetKb) {
        Optional<OsBuild> target =
                byKb(targetKb).flatMap(CatalogUpdate::osBuild).filter(build::sameLine);
        List<CatalogUpdate> path = new ArrayList<>();
        for (CatalogUpdate u : updates) {
            if (u.release() != CatalogUpdate.Release.LCU_B || u.osBuild().isEmpty() || u.line() != build.line()) {
                continue;
            }
            OsBuild b = u.osBuild().get();
            if (b.isAfter(build) && target.map(t -> !b.isAfter(t)).orElse(true)) {
                path.add(u);
            }
        }
        return path;
    }

    /**
     * The one cumulative update that finishes a stepping-stone plan: {@code targetKb} when the catalog knows it as a
     * cumulative update of the line newer than {@code build}, else the newest monthly security update of the line.
     * Cumulative updates carry every fix of the months between.
     */
    public Optional<CatalogUpdate> finalUpdate(OsBuild build, String targetKb) {
        Optional<CatalogUpdate> target = byKb(targetKb)
                .filter(u -> u.release().isCumulative())
                .filter(u -> u.osBuild()
                        .map(b -> b.sameLine(build) && b.isAfter(build))
                        .orElse(false));
        if (target.isPresent()) {
            return target;
        }
        for (int i = updates.size() - 1; i >= 0; i--) {
            CatalogUpdate u = updates.get(i);
            if (u.release() == CatalogUpdate.Release.LCU_B
                    && u.line() == build.line()
                    && u.osBuild().map(b -> b.isAfter(build)).orElse(false)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    /**
     * The servicing stack prerequisite of {@code kb} when no Microsoft article available to us confirms it (the
     * update's or the servicing stack's catalog row is not {@code confirmed}); empty when it is confirmed or none.
     */
    public Optional<String> unconfirmedPrerequisite(String kb) {
        return byKb(kb).flatMap(u -> u.ssuPrerequisite()
                .filter(ssu -> !u.confirmed()
                        || !byKb(ssu).map(CatalogUpdate::confirmed).orElse(false)));
    }

    /** The newest servicing stack update of the line released up to {@code kb} whose catalog row is confirmed. */
    public Optional<String> latestConfirmedSsu(String kb) {
        Optional<CatalogUpdate> of = byKb(kb);
        int at = of.map(updates::indexOf).orElse(-1);
        for (int i = at - 1; i >= 0; i--) {
            CatalogUpdate u = updates.get(i);
            if (u.release() == CatalogUpdate.Release.SSU
                    && u.confirmed()
                    && u.line() == of.get().line()) {
                return Optional.of(u.kb());
            }
        }
        return Optional.empty();
    }

    public Optional<String> ssuPrerequisite(String kb) {
        return byKb(kb).flatMap(CatalogUpdate::ssuPrerequisite);
    }

    /** Loaded on first use, once per JVM. */
    private static final class Shipped {
        static final UpdateCatalog CATALOG = load();

        private static UpdateCatalog load() {
            InputStream in = UpdateCatalog.class.getResourceAsStream("catalog.tsv");
            if (in == null) {
                throw new IllegalStateException("knowledge table missing from the classpath: catalog.tsv");
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return CatalogFile.read(reader, "catalog.tsv");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (CatalogRejectedException e) {
                throw new IllegalStateException("shipped catalog unreadable: " + e.getMessage(), e);
            }
        }
    }

    /** Loaded on first use, once per JVM: the folder is read when an analysis first needs the catalog. */
    private static final class InUse {
        static final UpdateCatalog CATALOG = CatalogFolder.configured().inUse(Shipped.CATALOG);
    }
}
