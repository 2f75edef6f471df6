package com.patchdesk.server.web;

import java.util.Locale;

/** Sizes as people read them ("95.6 KiB", "4.0 GiB"), the same on every page, mail and timeline entry. */
public final class ByteSizes {

    private ByteSizes() {}

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
