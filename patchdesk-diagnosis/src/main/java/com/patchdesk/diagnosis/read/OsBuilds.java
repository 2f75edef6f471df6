package com.patchdesk.diagnosis.read;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OS build where a line states it: {@code Image Version: 10.0.17763.774}, {@code OS Version=10.0.17763.774}
 * (DISM), {@code [Version 10.0.17763.774]} (ver), {@code OS Build 17763.774} (winver), and the zh-CN forms
 * {@code 映像版本: ...}, {@code OS 内部版本 17763.774}, and DISM's image version in Russian and Spanish
 * ({@code Версия образа: 10.0.19045.6456}). A component's ", version 10.0.17763.2803" is not an OS
 * build, nor is DISM's own "Version: 10.0.17763.1" banner line; both are left out on purpose.
 */
final class OsBuilds {

    private static final Pattern FOUR_PART = Pattern.compile(
            "(?:Image Version|OS Version|映像版本|Версия образа|Versión de imagen|\\[Version|\\[版本|(?<![\\w:,] ?)Version(?=\\s+10))\\s*[:=：]?\\s*10\\.0\\.(\\d{4,5})\\.(\\d{1,5})\\b");

    private static final Pattern OS_BUILD = Pattern.compile("(?:OS Build|OS 内部版本)\\s+(\\d{4,5})\\.(\\d{1,5})\\b");

    /**
     * The build as a person writes it in a note or an issue: {@code Windows Server 2019 Datacenter edition, build
     * 17763.1}, {@code Build 19045.3803}, {@code 内部版本 19045.3803}. Read in people's text only (pasted notes, a
     * console's prose), not in the logs, whose lines say "build" of other things.
     */
    private static final Pattern NOTED_BUILD =
            Pattern.compile("(?i)(?<![\\w.])(?:build|内部版本|組建)\\s*[:：]?\\s*(\\d{5})\\.(\\d{1,5})(?![\\d.]*\\d)");

    private OsBuilds() {}

    /** {@code 17763.1} where a person's sentence states the build, or null. */
    static String inNote(String line) {
        if (line.indexOf("Click-to-Run") >= 0 || line.indexOf("Office") >= 0) {
            return null; // Office's "Version 2402 (Build 17328.20142 Click-to-Run)" is no Windows build
        }
        Matcher m = NOTED_BUILD.matcher(line);
        if (!m.find()) {
            return null;
        }
        // Only a build of a Windows line Patchdesk knows: a note names other products' builds too.
        return WINDOWS_BUILDS.contains(m.group(1)) ? m.group(1) + "." + Integer.parseInt(m.group(2)) : null;
    }

    /**
     * The Windows builds of {@code knowledge/build-families.tsv} (its second column), read as a resource: the readers
     * depend on no other part of the engine (bundle/InputArchitectureTest), and the table stays the one place they are.
     */
    private static final java.util.Set<String> WINDOWS_BUILDS = windowsBuilds();

    private static java.util.Set<String> windowsBuilds() {
        java.util.Set<String> builds = new java.util.HashSet<>();
        try (java.io.InputStream in =
                OsBuilds.class.getResourceAsStream("/com/patchdesk/diagnosis/knowledge/build-families.tsv")) {
            if (in == null) {
                throw new IllegalStateException("build-families.tsv is missing from the classpath");
            }
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                String[] columns = line.split("\t");
                if (!line.startsWith("#") && columns.length > 1) {
                    for (String build : columns[1].split(",")) {
                        builds.add(build.strip());
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return java.util.Set.copyOf(builds);
    }

    static boolean mayContain(String line) {
        return line.indexOf("ersion") >= 0
                || line.indexOf("OS Build") >= 0
                || line.indexOf("版本") >= 0
                || line.indexOf("образа") >= 0
                || line.indexOf("imagen") >= 0;
    }

    /** {@code 17763.774}, or null. */
    static String find(String line) {
        // The expressions are tried only where their literal parts occur: CBS.log is full of "VersionComp: EQ"
        // and component versions, and running the alternation at every position of those lines cost more
        // than all the rest of a scan.
        // The Russian and Spanish words are not ASCII, so the servicing gate admits their lines as it must.
        if (versionNumberFollows(line, "Version")
                || versionNumberFollows(line, "版本")
                || versionNumberFollows(line, "образа")
                || versionNumberFollows(line, "imagen")) {
            Matcher m = FOUR_PART.matcher(line);
            if (m.find()) {
                return m.group(1) + "." + Integer.parseInt(m.group(2));
            }
        }
        if (line.indexOf("OS Build") >= 0 || line.indexOf("OS 内部版本") >= 0) {
            Matcher b = OS_BUILD.matcher(line);
            if (b.find()) {
                return b.group(1) + "." + Integer.parseInt(b.group(2));
            }
        }
        return null;
    }

    /**
     * Whether {@code word} occurs followed by what {@link #FOUR_PART} needs after it: blanks, an optional
     * ':', '=' or '：', blanks and "10.0.". A necessary condition for a match, checked without the regex engine.
     */
    private static boolean versionNumberFollows(String line, String word) {
        for (int at = line.indexOf(word); at >= 0; at = line.indexOf(word, at + 1)) {
            int i = skipBlanks(line, at + word.length());
            if (i < line.length() && (line.charAt(i) == ':' || line.charAt(i) == '=' || line.charAt(i) == '：')) {
                i = skipBlanks(line, i + 1);
            }
            if (line.startsWith("10.0.", i)) {
                return true;
            }
        }
        return false;
    }

    /** Skips what {@code \s} matches (Java's default, ASCII whitespace). */
    private static int skipBlanks(String line, int i) {
        while (i < line.length() && isRegexSpace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
