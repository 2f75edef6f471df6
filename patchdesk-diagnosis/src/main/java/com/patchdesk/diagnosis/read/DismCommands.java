package com.patchdesk.diagnosis.read;

import java.util.Locale;

/** Names a DISM run by its main option, in DISM's own spelling: {@code /CheckHealth}, {@code /Add-Package}, ... */
final class DismCommands {

    private static final String[] OPERATIONS = {
            "/CheckHealth", "/ScanHealth", "/RestoreHealth", "/StartComponentCleanup", "/AnalyzeComponentStore",
            "/Get-PackageInfo", "/Get-Packages", "/Add-Package", "/Remove-Package", "/Get-Features",
            "/Enable-Feature", "/Disable-Feature", "/Cleanup-Image",
    };

    private DismCommands() {
    }

    /** The operation a DISM command line asks for, or null when it names none of the known ones. */
    static String operation(String commandLine) {
        String lower = commandLine.toLowerCase(Locale.ROOT);
        for (String op : OPERATIONS) {
            if (lower.contains(op.toLowerCase(Locale.ROOT))) {
                return op;
            }
        }
        return null;
    }
}
