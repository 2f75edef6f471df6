package com.patchdesk.server.diagnoses;

import java.nio.charset.StandardCharsets;

/**
 * The name an upload gets on the server's disk while it is analysed: its own name where the file system takes it, so
 * that the report names what the customer sent. Upload names are bounded in characters (255, as Windows allows), but
 * Linux file systems bound a name in bytes (255 on ext4, XFS, btrfs), and a Chinese character is three bytes of
 * UTF-8: an 85-character Chinese name is already too long for the disk. Such a name is shortened here, keeping its
 * extension (the engine and a reader of the report still see .zip, .cab, .log); the case, its timeline and messages
 * keep the upload's own name.
 */
final class ScratchName {

    /** Below the 255 bytes the common file systems take, with room for a suffix a tool may add. */
    static final int MAX_BYTES = 240;

    /** An extension longer than this is taken as part of the name, not as a type. */
    private static final int MAX_EXTENSION = 16;

    private static final String SHORTENED = "…";

    private ScratchName() {}

    /** {@code name} (an upload's name, already without folders or control characters) as it may be put on disk. */
    static String of(String name) {
        // The name is the analysis child's first argument: one that starts as an option would be read as one.
        String safe = name.startsWith("-") ? "_" + name : name;
        if (bytes(safe) <= MAX_BYTES) {
            return safe;
        }
        String extension = extension(safe);
        String stem = safe.substring(0, safe.length() - extension.length());
        int room = MAX_BYTES - bytes(extension) - bytes(SHORTENED);
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < stem.length(); ) {
            int c = stem.codePointAt(i);
            int size = bytes(new String(Character.toChars(c)));
            if (used + size > room) {
                break;
            }
            kept.appendCodePoint(c);
            used += size;
            i += Character.charCount(c);
        }
        return kept + SHORTENED + extension;
    }

    /** {@code .log}, {@code .zip}: the last dot and what follows, when short and without blanks; else nothing. */
    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || name.length() - dot > MAX_EXTENSION + 1) {
            return "";
        }
        String extension = name.substring(dot);
        return extension.chars().anyMatch(Character::isWhitespace) || bytes(extension) > MAX_EXTENSION * 2
                ? ""
                : extension;
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
