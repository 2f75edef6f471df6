package com.patchdesk.diagnosis.knowledge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The servicing lines Patchdesk knows (resources {@code build-families.tsv}, {@code checkpoints.tsv}). Immutable. */
public final class BuildFamilies {

    private static final BuildFamilies STANDARD = load();

    private final Map<Integer, BuildFamily> byLine;

    private BuildFamilies(Map<Integer, BuildFamily> byLine) {
        this.byLine = Map.copyOf(byLine);
    }

    public static BuildFamilies standard() {
        return STANDARD;
    }

    public Optional<BuildFamily> of(OsBuild build) {
        return ofLine(build.line());
    }

    public Optional<BuildFamily> ofLine(int line) {
        return Optional.ofNullable(byLine.get(line));
    }

    public List<BuildFamily> all() {
        return byLine.values().stream()
                .sorted(java.util.Comparator.comparingInt(BuildFamily::line))
                .toList();
    }

    /**
     * The servicing of a line; a line the table does not name is taken to have separate servicing stack updates,
     * the older and more demanding case (a separate SSU step a combined line does not need is harmless to try).
     */
    public BuildFamily.Servicing servicing(int line) {
        return ofLine(line).map(BuildFamily::servicing).orElse(BuildFamily.Servicing.SEPARATE_SSU);
    }

    /**
     * The checkpoint cumulative updates a machine at {@code from} needs before it can take an update bringing
     * {@code to}: those of the line newer than the machine and not newer than the update, oldest first.
     */
    public List<BuildFamily.Checkpoint> checkpointsBetween(OsBuild from, OsBuild to) {
        if (!from.sameLine(to)) {
            return List.of();
        }
        return ofLine(to.line()).map(BuildFamily::checkpoints).orElse(List.of()).stream()
                .filter(c -> c.osBuild().isAfter(from) && !c.osBuild().isAfter(to))
                .toList();
    }

    /**
     * Whether {@code value} names a checkpoint cumulative update: its KB ({@code KB5043080}), the build it brings
     * ({@code 26100.1742}) or its package ({@code Package_for_RollupFix~31bf3856ad364e35~amd64~~26100.1742.1.10}).
     */
    public boolean isCheckpoint(String value) {
        Optional<OsBuild> build = OsBuild.ofCumulativePackage(value).or(() -> OsBuild.parse(value));
        return byLine.values().stream()
                .flatMap(f -> f.checkpoints().stream())
                .anyMatch(c -> c.kb().equalsIgnoreCase(value)
                        || build.filter(b -> b.equals(c.osBuild())).isPresent());
    }

    private static BuildFamilies load() {
        Map<Integer, List<BuildFamily.Checkpoint>> checkpoints = new LinkedHashMap<>();
        for (String[] row : KnowledgeTable.rows("checkpoints.tsv", 5)) {
            checkpoints
                    .computeIfAbsent(Integer.parseInt(row[0]), l -> new ArrayList<>())
                    .add(new BuildFamily.Checkpoint(
                            row[1],
                            OsBuild.parse(row[2])
                                    .orElseThrow(
                                            () -> new IllegalStateException("checkpoints.tsv: bad build " + row[2])),
                            row[3],
                            row[4]));
        }
        Map<Integer, BuildFamily> families = new LinkedHashMap<>();
        for (String[] row : KnowledgeTable.rows("build-families.tsv", 5)) {
            int line = Integer.parseInt(row[0]);
            List<Integer> builds = Arrays.stream(row[1].split(","))
                    .map(String::trim)
                    .map(Integer::parseInt)
                    .toList();
            families.put(
                    line,
                    new BuildFamily(
                            line,
                            builds,
                            row[2],
                            BuildFamily.Servicing.of(row[3]),
                            checkpoints.getOrDefault(line, List.of()),
                            row[4]));
        }
        return new BuildFamilies(families);
    }
}
