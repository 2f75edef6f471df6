package com.patchdesk.diagnosis.read;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names a DISM run by its main option, in DISM's own spelling: {@code /CheckHealth}, {@code /Add-Package}, ...; the
 * DISM PowerShell cmdlets ({@code Add-WindowsPackage}, {@code Enable-WindowsOptionalFeature}, ...) are named by the
 * option they stand for. Also reads the feature and package a command names.
 */
final class DismCommands {

    private static final String[] OPERATIONS = {
        "/CheckHealth", "/ScanHealth", "/RestoreHealth", "/StartComponentCleanup", "/AnalyzeComponentStore",
        "/Get-PackageInfo", "/Get-Packages", "/Add-Package", "/Remove-Package", "/Get-Features",
        "/Enable-Feature", "/Disable-Feature", "/Add-Capability", "/Remove-Capability", "/Cleanup-Image",
    };

    /** PowerShell cmdlets of the DISM module and the option each stands for. */
    private static final String[][] CMDLETS = {
        {"Add-WindowsPackage", "/Add-Package"},
        {"Remove-WindowsPackage", "/Remove-Package"},
        {"Get-WindowsPackage", "/Get-Packages"},
        {"Enable-WindowsOptionalFeature", "/Enable-Feature"},
        {"Disable-WindowsOptionalFeature", "/Disable-Feature"},
        {"Add-WindowsCapability", "/Add-Capability"},
        {"Remove-WindowsCapability", "/Remove-Capability"},
    };

    /** {@code /FeatureName:NetFx3}, {@code -FeatureName NetFx3}, {@code /CapabilityName:Language.Basic~~~de-DE~0.0.1.0}. */
    private static final Pattern FEATURE =
            Pattern.compile("(?i)[/-](?:FeatureName|CapabilityName|Name)[:\\s]\\s*\"?([A-Za-z0-9][\\w.~\\-]*)");
    /** {@code /PackageName:Package_for_KB...}, {@code /PackagePath:C:\...\windows10.0-kb5032306-x64.cab}. */
    private static final Pattern PACKAGE = Pattern.compile("(?i)[/-]Package(?:Name|Path)[:\\s]\\s*\"?([^\"\\s]+)");

    /** {@code /Source:wim:D:\sources\install.wim:4}, {@code -Source D:\sources\sxs}. */
    private static final Pattern SOURCE = Pattern.compile("(?i)(?:^|\\s)[/-]Source[:\\s]\\s*\"?([^\"\\s]+)");

    private static final Pattern LIMIT_ACCESS = Pattern.compile("(?i)(?:^|\\s)[/-]LimitAccess\\b");

    private DismCommands() {}

    /**
     * Where the command takes its files from: its {@code /Source}, with " /LimitAccess" after it when it also forbids
     * Windows Update; null without a source.
     */
    static String payloadSource(String commandLine) {
        Matcher m = SOURCE.matcher(commandLine);
        if (!m.find()) {
            return null;
        }
        return LIMIT_ACCESS.matcher(commandLine).find() ? m.group(1) + " /LimitAccess" : m.group(1);
    }

    /** The operation a DISM command line (or DISM cmdlet) asks for, or null when it names none of the known ones. */
    static String operation(String commandLine) {
        String lower = commandLine.toLowerCase(Locale.ROOT);
        for (String op : OPERATIONS) {
            if (lower.contains(op.toLowerCase(Locale.ROOT))) {
                return op;
            }
        }
        // "Repair-WindowsImage -RestoreHealth": the health options are spelled alike.
        for (String op : new String[] {"-CheckHealth", "-ScanHealth", "-RestoreHealth"}) {
            if (lower.contains(op.toLowerCase(Locale.ROOT))) {
                return "/" + op.substring(1);
            }
        }
        return cmdlet(commandLine);
    }

    /** The option a DISM cmdlet named in {@code text} stands for, or null. */
    static String cmdlet(String text) {
        for (String[] c : CMDLETS) {
            if (text.regionMatches(true, 0, c[0], 0, c[0].length()) || containsIgnoreCase(text, c[0])) {
                return c[1];
            }
        }
        return null;
    }

    /** The feature or capability a command names ({@code /FeatureName:NetFx3}), or null. */
    static String feature(String commandLine) {
        Matcher m = FEATURE.matcher(commandLine);
        return m.find() ? m.group(1) : null;
    }

    /** The package name or path a command names, or null. */
    static String packageNamed(String commandLine) {
        Matcher m = PACKAGE.matcher(commandLine);
        return m.find() ? m.group(1) : null;
    }

    private static boolean containsIgnoreCase(String text, String word) {
        return text.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT));
    }
}
