package com.patchdesk.diagnosis.knowledge;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    @Override
    public int compareTo(OsBuild other) {
        int byBuild = Integer.compare(build, other.build);
        return byBuild != 0 ? byBuild : Integer.compare(revision, other.revision);
    }

    public boolean isAfter(OsBuild other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return build + "." + revision;
    }
}
