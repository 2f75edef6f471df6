package com.patchdesk.diagnosis.read;

/**
 * Decides from a line's bytes whether a reader needs the line at all, so that the lines it turns down are never
 * decoded. Most lines of a big servicing log say nothing a diagnosis needs; looking at their bytes once is far
 * cheaper than making a String of each and asking it a dozen questions.
 *
 * <p>A gate must be sound: a line it turns down must be one the reader would have found nothing on. It sees every
 * line of a file, in order, so it may keep what it needs of the lines it turns down (such as the level that a
 * continuation line inherits).
 */
public interface LineGate {

    /**
     * Whether the reader needs the line in {@code bytes[start, end)}: the line without its terminator (an over-long
     * line: the part that is kept) in an ASCII-compatible encoding (UTF-8 or GB18030, decided per line later).
     */
    boolean admits(byte[] bytes, int start, int end);
}
