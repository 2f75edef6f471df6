package com.patchdesk.server.cases;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps what customers write as a product version ({@code "V2020-L 1809"}, {@code "Win10 LTSC 1809"},
 * {@code "10.0.17763.774"}) to the Windows build family that decides which updates apply (17763 for 1809).
 * Release ids are Windows 10's; a bare build number is taken as is.
 */
final class OsBuildFamily {

    private static final Map<String, Integer> RELEASES = Map.ofEntries(
            Map.entry("1507", 10240),
            Map.entry("1511", 10586),
            Map.entry("1607", 14393),
            Map.entry("1703", 15063),
            Map.entry("1709", 16299),
            Map.entry("1803", 17134),
            Map.entry("1809", 17763),
            Map.entry("1903", 18362),
            Map.entry("1909", 18363),
            Map.entry("2004", 19041),
            Map.entry("20H2", 19042),
            Map.entry("21H1", 19043),
            Map.entry("21H2", 19044),
            Map.entry("22H2", 19045));

    private static final Pattern BUILD =
            Pattern.compile("(?<![0-9])(?:10\\.0\\.)?(1\\d{4}|2\\d{4})(?:\\.\\d+)?(?![0-9])");
    private static final Pattern RELEASE =
            Pattern.compile("(?<![0-9A-Za-z])(\\d{4}|\\d{2}H\\d)(?![0-9A-Za-z])", Pattern.CASE_INSENSITIVE);

    private OsBuildFamily() {}

    static Optional<Integer> of(String productVersion) {
        if (productVersion == null) {
            return Optional.empty();
        }
        Matcher release = RELEASE.matcher(productVersion);
        while (release.find()) {
            Integer build = RELEASES.get(release.group(1).toUpperCase());
            if (build != null) {
                return Optional.of(build);
            }
        }
        Matcher build = BUILD.matcher(productVersion);
        if (build.find()) {
            int number = Integer.parseInt(build.group(1));
            if (RELEASES.containsValue(number) || number >= 20000) {
                return Optional.of(number);
            }
        }
        return Optional.empty();
    }
}
