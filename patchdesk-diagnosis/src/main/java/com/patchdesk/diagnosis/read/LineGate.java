package com.patchdesk.diagnosis.read;

/**
 * Decides from a line's bytes whether a reader needs the line at all, so that the lines it turns down are never
 * decoded. Most lines of a big servicing log say nothing a diagnosis needs; looking at their bytes once is far
 * cheaper than making a String of each and asking it a dozen questions.
 *
 * <p>A gate must be sound: a line it turns down must be one the reader would have found nothing on. What a reader
 * carries from line to line (such as the level a continuation line inherits) the gate takes in through
 * {@link #observe}, which sees every line in order, and hands to the reader as the line's note; {@link #admits}
 * decides from the line and its note alone, so a source may run it on another thread or out of order.
 *
 * <p>The bytes are a line without its terminator (an over-long line: the part that is kept) in an ASCII-compatible
 * encoding (UTF-8 or GB18030, decided per line later).
 */
public interface LineGate {

    /** Sees every line of the file in order; returns the line's note (what the lines before it leave to it), or null. */
    Object observe(byte[] bytes, int start, int end);

    /** Whether the reader needs the line; depends only on the bytes and the note {@link #observe} gave for them. */
    boolean admits(byte[] bytes, int start, int end, Object note);

    /** What {@link #admit} returns for a line the gate knows nothing more of than that the reader needs it. */
    long ADMITTED = -1L;

    /**
     * As {@link #admits}, and what the gate found on the way, for the reader: 0 for a line turned down; else what the
     * gate found on the line, in bits that only the gate and its reader know, or {@link #ADMITTED} (all bits: found
     * nothing in particular, the reader looks for itself). The default knows nothing more.
     */
    default long admit(byte[] bytes, int start, int end, Object note) {
        return admits(bytes, start, end, note) ? ADMITTED : 0;
    }

    /**
     * Work on an admitted line that needs nothing but the line and its note, done where the line was decoded: on the
     * thread that gated its part, when a source gates parts on threads of their own. The reader gets it with the line
     * ({@link LineSource#prepared()}); null (the default) for none. A source that prepares a line does so right after
     * {@link #admit admitting} it, with the same gate, before it admits another: a gate may carry what it found on the
     * line from one to the other.
     */
    default Object prepare(String line, Object note) {
        return null;
    }

    /**
     * A new gate for a part of the same file that starts after lines it has not seen, so that a source may gate the
     * parts of a big file on several threads; {@code null} (the default) when every line must go through this gate,
     * in order. A part gate observes the lines of its part in order and is used on one thread. Where it gives a line
     * no note, the line's note is that of the line before it: for the first lines of a part, the note this gate
     * gave (or would have given) the last line before the part, which the source looks up and decides such a line
     * with this gate's {@link #admits}.
     */
    default LineGate part() {
        return null;
    }
}
