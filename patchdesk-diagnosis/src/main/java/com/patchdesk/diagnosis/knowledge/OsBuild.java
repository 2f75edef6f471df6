package com.patchdesk.diagnosis.knowledge;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An OS build such as {@code 17763.774}, ordered by build then revision. Also read from the long forms the logs
 * use for file and component versions ({@code 10.0.17763.1879}), so a component version can be compared with the
 * machine's build.
 */
public record OsBuild(int build, int revision) implements Comparable<OsBuild> {

    private static final Pattern FORM = Pattern.compile("(?:\\d+\\.\\d+\\.)?(\\d{4,5})\\.(\\d+)");

    /** {@code Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.5329.1.9}: a cumulative package and its build. */
    private static final Pattern CUMULATIVE_PACKAGE =
            Pattern.compile("^Package_for_RollupFix~.*~~?(\\d{4,5})\\.(\\d+)\\.\\d+\\.\\d+$");

    /** The build a cumulative update's package brings, when {@code identity} is one ({@code Package_for_RollupFix~…}). */
    public static Optional<OsBuild> ofCumulativePackage(String identity) {
        if (identity == null) {
            return Optional.empty();
        }
        Matcher m = CUMULATIVE_PACKAGE.matcher(identity);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OsBuild(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }

    /**
     * The machine's build from the builds its sources state: the highest that parses (systeminfo often omits the
     * revision that the registry gives; a null or unreadable one is passed over).
     */
    public static Optional<OsBuild> highest(Stream<String> stated) {
        return stated.map(OsBuild::parse).flatMap(Optional::stream).max(Comparator.naturalOrder());
    }

    public static Optional<OsBuild> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OsBuild(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }

    /**
     * The servicing line the build belongs to: builds that take the same cumulative updates share one, and their
     * components carry its number (Windows 10 21H2/22H2 are 19044/19045 on components 10.0.19041.x, Windows 11
     * 23H2 is 22631 on 10.0.22621.x, 25H2 is 26200 on 10.0.26100.x: enablement packages over one code base).
     */
    public int line() {
        if (build >= 19041 && build <= 19045) {
            return 19041;
        }
        if (build == 22631) {
            return 22621;
        }
        if (build == 26200) {
            return 26100;
        }
        return build;
    }

    /** Whether both builds take the same cumulative updates. */
    public boolean sameLine(OsBuild other) {
        return line() == other.line();
    }

    /**
     * By servicing line, then revision, then build: 19045.4291 and component 10.0.19041.4291 are the same update
     * level, so a component of 19041.5000 is newer than a 19045.2006 machine.
     */
    @Override
    public int compareTo(OsBuild other) {
        int byLine = Integer.compare(line(), other.line());
        if (byLine != 0) {
            return byLine;
        }
        int byRevision = Integer.compare(revision, other.revision);
        return byRevision != 0 ? byRevision : Integer.compare(build, other.build);
    }

    /** The same update level: the same line and revision (19044.5000 and 19045.5000 are one cumulative update). */
    public boolean sameLevel(OsBuild other) {
        return line() == other.line() && revision == other.revision;
    }

    /** A later update level: on a later line, or the same line at a higher revision. */
    public boolean isAfter(OsBuild other) {
        int byLine = Integer.compare(line(), other.line());
        return byLine != 0 ? byLine > 0 : revision > other.revision;
    }

    @Override
    public String toString() {
        return build + "." + revision;
    }
}
