package com.patchdesk.server.files;

import java.text.Normalizer;

/**
 * A file name as the client gave it, made safe to show and to send back in a header: no folders (it is never used
 * as a path anyway), no control characters, at most 255 characters as Windows allows (a longer name is shortened
 * and keeps its extension). Chinese and other Unicode names are kept.
 */
record FileName(String value) {

    private static final int MAX = 255;
    /** The longest extension kept when a name is shortened, dot included. */
    private static final int MAX_EXTENSION = 17;

    /** CON, PRN, AUX, NUL, COM1–COM9 and LPT1–LPT9, also with an extension or trailing dots and spaces. */
    private static final java.util.regex.Pattern WINDOWS_RESERVED =
            java.util.regex.Pattern.compile("(?i)(CON|PRN|AUX|NUL|COM[1-9¹²³]|LPT[1-9¹²³])(\\..*)?[. ]*");

    /** Whether Windows would take this name (after dropping folders) for a device rather than a file. */
    static boolean windowsReserved(String raw) {
        if (raw == null) {
            return false;
        }
        String name = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1)
                .strip();
        return WINDOWS_RESERVED.matcher(name).matches();
    }

    static FileName of(String raw) {
        String name = raw == null ? "" : Normalizer.normalize(raw, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.codePoints()
                .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = "upload.bin";
        }
        if (windowsReserved(name)) {
            // Saved on a Windows machine, CON or LPT1.txt opens a device instead of a file; kept, but renamed.
            name = "_" + name;
        }
        if (name.length() > MAX) {
            name = shortened(name);
        }
        return new FileName(name);
    }

    /** The first characters of a name too long, with its extension kept: a bundle cut to {@code 日志…} is no zip. */
    private static String shortened(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= MAX_EXTENSION && name.indexOf(' ', dot) < 0
                ? name.substring(dot)
                : "";
        int cut = MAX - extension.length();
        if (Character.isLowSurrogate(name.charAt(cut))) {
            cut--;
        }
        return name.substring(0, cut) + extension;
    }
}
