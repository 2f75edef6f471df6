package com.patchdesk.diagnosis.read;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OS build where a line states it: {@code Image Version: 10.0.17763.774}, {@code OS Version=10.0.17763.774}
 * (DISM), {@code [Version 10.0.17763.774]} (ver), {@code OS Build 17763.774} (winver), and the zh-CN forms
 * {@code 映像版本: ...}, {@code OS 内部版本 17763.774}. A component's ", version 10.0.17763.2803" is not an OS
 * build, nor is DISM's own "Version: 10.0.17763.1" banner line; both are left out on purpose.
 */
final class OsBuilds {

    private static final Pattern FOUR_PART = Pattern.compile(
            "(?:Image Version|OS Version|映像版本|\\[Version|\\[版本|(?<![\\w:,] ?)Version(?=\\s+10))\\s*[:=：]?\\s*10\\.0\\.(\\d{4,5})\\.(\\d{1,5})\\b");

    private static final Pattern OS_BUILD = Pattern.compile("(?:OS Build|OS 内部版本)\\s+(\\d{4,5})\\.(\\d{1,5})\\b");

    private OsBuilds() {
    }

    static boolean mayContain(String line) {
        return line.indexOf("ersion") >= 0 || line.indexOf("OS Build") >= 0 || line.indexOf("版本") >= 0;
    }

    /** {@code 17763.774}, or null. */
    static String find(String line) {
        if (!mayContain(line)) {
            return null;
        }
        Matcher m = FOUR_PART.matcher(line);
        if (m.find()) {
            return m.group(1) + "." + Integer.parseInt(m.group(2));
        }
        Matcher b = OS_BUILD.matcher(line);
        if (b.find()) {
            return b.group(1) + "." + Integer.parseInt(b.group(2));
        }
        return null;
    }
}
