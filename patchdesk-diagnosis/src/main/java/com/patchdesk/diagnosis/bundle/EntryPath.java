package com.patchdesk.diagnosis.bundle;

import java.util.regex.Pattern;

/**
 * Judges a path stored inside an archive. Nothing is ever extracted, but a name that tries to leave
 * the bundle (zip slip) marks a hostile or broken archive, so such an entry is not read at all.
 */
final class EntryPath {

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private EntryPath() {}

    static boolean isUnsafe(String name) {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || DRIVE.matcher(n).matches() || n.indexOf('\0') >= 0) {
            return true;
        }
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** Forward slashes, no leading "./". */
    static String normalise(String name) {
        String n = name.replace('\\', '/');
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        return n;
    }
}
