package com.patchdesk.diagnosis.knowledge;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which tool checks and repairs a Windows version's component store (resource {@code store-repair-tools.tsv}): DISM
 * /RestoreHealth from Windows 8 / Server 2012 on, the System Update Readiness Tool (KB947821) before. Immutable.
 */
public final class StoreRepairTools {

    private static final StoreRepairTools STANDARD = load();

    /** Builds {@code first} to {@code last} are {@code name}; {@code restoreHealth}: DISM can repair their store. */
    private record Range(int first, int last, String name, boolean restoreHealth) {}

    private final List<Range> ranges;

    private StoreRepairTools(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    public static StoreRepairTools standard() {
        return STANDARD;
    }

    /**
     * The name of the Windows version of {@code build} when its DISM has no /ScanHealth or /RestoreHealth (Windows 7 /
     * Windows Server 2008 R2 for 7601); empty for a version that has them and for a build the table does not name.
     */
    public Optional<String> withoutRestoreHealth(OsBuild build) {
        return ranges.stream()
                .filter(r -> build.build() >= r.first() && build.build() <= r.last())
                .findFirst()
                .filter(r -> !r.restoreHealth())
                .map(Range::name);
    }

    private static StoreRepairTools load() {
        List<Range> ranges = KnowledgeTable.rows("store-repair-tools.tsv", 4).stream()
                .map(row -> new Range(
                        Integer.parseInt(row[0].trim()), Integer.parseInt(row[1].trim()), row[2].trim(), tool(row[3])))
                .toList();
        return new StoreRepairTools(ranges);
    }

    private static boolean tool(String cell) {
        return switch (cell.trim().toLowerCase(Locale.ROOT)) {
            case "dism" -> true;
            case "surt" -> false;
            default ->
                throw new IllegalStateException("store-repair-tools.tsv: tool must be surt or dism, not " + cell);
        };
    }
}
