package com.patchdesk.diagnosis.bundle;

/**
 * A file of the bundle that a reader understood.
 *
 * @param path     path inside the bundle, '/'-separated; a file of a nested zip is {@code outer.zip!/inner/CBS.log}
 * @param format   the reader that read it, e.g. {@code cbs-log}, {@code dism-log}, {@code windows-update-log}
 * @param encoding the charset the text was decoded with, e.g. {@code UTF-8}, {@code UTF-16LE}, {@code GB18030}
 * @param bytes    size of the file as stored in the bundle
 * @param lines    lines read
 * @param linesCut lines longer than the line cap ({@link BundleLimits#maxLineChars()}), read only up to it: what a
 *                 line says past the cap is not seen, which the report must say
 */
public record ReadFile(String path, String format, String encoding, long bytes, long lines, long linesCut) {

    /** A file none of whose lines was cut. */
    public ReadFile(String path, String format, String encoding, long bytes, long lines) {
        this(path, format, encoding, bytes, lines, 0);
    }
}
