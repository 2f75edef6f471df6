package com.patchdesk.diagnosis.repair;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WinSxS component as its folder names it: {@code amd64_microsoft-windows-w..ationservice-netapi_31bf3856ad364e35_
 * 10.0.17763.2803_none_c2d208398729f542} = architecture, (shortened) name, public key token, version, culture and the
 * hash Windows gives the full identity. The folder name is the identity the library keys on: two builds of one
 * component differ in version and hash, and only the exact one repairs a store.
 */
public record ComponentIdentity(
        String folder,
        String architecture,
        String name,
        String publicKeyToken,
        String version,
        String culture,
        String hash) {

    private static final Pattern FOLDER = Pattern.compile(
            "(amd64|x86|wow64|msil|arm64|arm)_([a-z0-9][a-z0-9._-]*?)_([0-9a-f]{16})_(\\d{1,5}(?:\\.\\d{1,5}){3})_"
                    + "(none|[a-z]{2,3}(?:-[a-z0-9]{2,8})*)_([0-9a-f]{16})");
    /** An identity inside a log line or a path; ends where a folder name cannot continue. */
    static final Pattern IN_TEXT = Pattern.compile("(?i)(?<![A-Za-z0-9._-])" + FOLDER.pattern() + "(?![0-9a-f])");

    /** The identity of a folder name, or empty when the name is not one (never guessed). */
    public static Optional<ComponentIdentity> parse(String folder) {
        if (folder == null || folder.length() > 255) {
            return Optional.empty();
        }
        Matcher m = FOLDER.matcher(folder.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ComponentIdentity(
                m.group(), m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)));
    }

    /**
     * The OS build a donor machine must have, e.g. {@code 17763.2803} of {@code 10.0.17763.2803} (and of Internet
     * Explorer's {@code 11.0.17763.2803}); empty for a component whose version is its product's, not Windows' (the .NET
     * Framework's {@code 4.0.15912.0}): its donor is a machine of this one's build, as for the rest of the kit.
     */
    public Optional<String> build() {
        String[] parts = version.split("\\.");
        boolean windows = parts[0].equals("6") || parts[0].equals("10") || parts[0].equals("11");
        return windows && Integer.parseInt(parts[2]) >= 6000
                ? Optional.of(parts[2] + "." + parts[3])
                : Optional.empty();
    }

    /** The manifest's file name in {@code WinSxS\Manifests}. */
    public String manifestName() {
        return folder + ".manifest";
    }
}
