package com.patchdesk.diagnosis.bundle;

/**
 * A file of the bundle that a reader understood.
 *
 * @param path     path inside the bundle, '/'-separated; a file of a nested zip is {@code outer.zip!/inner/CBS.log}
 * @param format   the reader that read it, e.g. {@code cbs-log}, {@code dism-log}, {@code windows-update-log}
 * @param encoding the charset the text was decoded with, e.g. {@code UTF-8}, {@code UTF-16LE}, {@code GB18030}
 * @param bytes    size of the file as stored in the bundle
 * @param lines    lines read
 */
public record ReadFile(String path, String format, String encoding, long bytes, long lines) {
}
