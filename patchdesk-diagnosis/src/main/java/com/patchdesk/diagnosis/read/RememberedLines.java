package com.patchdesk.diagnosis.read;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@link ServicingLogAnalysis} remembered of the lines it analysed (the events a line gives, by its level,
 * source and text), told again by the bytes of a stamped line on the threads that gate a file's parts. A repeated
 * line is then neither scanned by the gate nor parsed there, and the reader's thread gives its events again without
 * looking at the line at all: on a dense log two thirds of the admitted lines are such repeats, and the reader's
 * look-up of each by its text (a {@code String} the other core had just made) was a third of its thread (JFR,
 * docs/performance-history.md, "Fourth pass").
 *
 * <p>The reader's thread adds lines ({@link #add}) and publishes them now and then as an immutable table
 * ({@link #publish}); the gates read the table last published ({@link #recall}) and may miss lines added since, which
 * then go the usual way. A remembered line is a memo: its events depend on nothing but its level, source and text, so
 * recalling it from any table, however old, gives what analysing it again would.
 *
 * <p>Only stamped lines whose text is ASCII are told by bytes: for those, equal bytes are equal text whatever the
 * decoding of the line would have been ({@link #recall} also checks that the timestamp is ASCII).
 */
final class RememberedLines {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int FIRST_BATCH = 16;

    /** Lines a table holds at most; past that, the next table starts again from the lines the reader holds now. */
    private final int capacity;
    /** Lines added since the last table: published once they are a quarter of it (at least {@link #FIRST_BATCH}). */
    private final List<Line> unpublished = new ArrayList<>();
    /** The last table published: read by the gates' threads, written by the reader's. */
    private volatile Table table = Table.EMPTY;

    RememberedLines(int capacity) {
        this.capacity = capacity;
    }

    /**
     * A line the analysis remembered: its columns, its text (null where the text is not ASCII or the line not stamped:
     * such a line is not told by bytes) with the hash of its bytes, and the events it gives.
     */
    static final class Line {
        final String level;
        final String source;
        /** The text, where the line is told by bytes; null otherwise. The analysis's own key holds the same string. */
        final String text;
        /** The text's bytes (ASCII: one a character), made once for its hash and for every table that holds it. */
        final byte[] bytes;

        final int hash;
        final ServicingLogAnalysis.Emission[] emissions;

        Line(boolean stamped, String level, String source, String text, ServicingLogAnalysis.Emission[] emissions) {
            this.level = level;
            this.source = source;
            this.text = stamped && level != null && source != null && text.length() <= 0xFFFF && isAscii(text)
                    ? text
                    : null;
            this.bytes = this.text == null ? null : bytes(this.text);
            this.hash = this.bytes == null ? 0 : hash(this.bytes, 0, this.bytes.length);
            this.emissions = emissions;
        }

        boolean told() {
            return text != null;
        }
    }

    /**
     * The remembered line whose level, source and text are those of the stamped line {@code b[start, end)} whose text
     * starts at {@code textStart}, or null: not remembered (or not yet published), or not all ASCII.
     */
    Line recall(String level, String source, byte[] b, int start, int textStart, int end) {
        Table t = table;
        if (t.size == 0) {
            return null;
        }
        Line line = t.find(level, source, b, textStart, end);
        // The text matched ASCII bytes; the timestamp and columns before it must be ASCII too, or the line decodes
        // otherwise (the columns are ASCII where the gate read a level and a source).
        return line != null && asciiTimestamp(b, start) ? line : null;
    }

    /** Remembers a line the analysis found to depend on nothing but itself; it is told by bytes once published. */
    void add(Line line, Collection<Line> held) {
        if (!line.told()) {
            return;
        }
        unpublished.add(line);
        Table t = table;
        if (unpublished.size() >= Math.max(FIRST_BATCH, t.size / 4)) {
            publish(t, held);
        }
    }

    private void publish(Table t, Collection<Line> held) {
        List<Line> lines = new ArrayList<>(t.size + unpublished.size());
        if (t.size + unpublished.size() <= capacity) {
            lines.addAll(t.lines());
            lines.addAll(unpublished);
        } else {
            // Full: start again from what the reader holds now, its most recently seen lines.
            for (Line l : held) {
                if (l.told()) {
                    lines.add(l);
                }
            }
        }
        unpublished.clear();
        table = new Table(lines);
    }

    private static boolean asciiTimestamp(byte[] b, int start) {
        long stamp = (long) LONGS.get(b, start) | (long) LONGS.get(b, start + 8) | (long) LONGS.get(b, start + 11);
        return (stamp & 0x8080808080808080L) == 0;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** A hash of {@code b[from, to)}, eight bytes at a time. */
    static int hash(byte[] b, int from, int to) {
        long h = 0x9E3779B97F4A7C15L * (to - from + 1);
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            h = Long.rotateLeft(h ^ (long) LONGS.get(b, i) * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
        }
        long tail = 0;
        for (; i < to; i++) {
            tail = tail << 8 | (b[i] & 0xFF);
        }
        h ^= tail * 0x165667B19E3779F9L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ h >>> 32);
    }

    /**
     * The lines of one level and source, by their text: an open-addressing table of the texts' hashes and where each
     * text is in one array of bytes, so that a look-up reads one slot and, where the hash matches, the text's bytes
     * in a row (a table of objects cost a cache miss per object on the way: slot, line, text). Immutable once made.
     */
    private static final class Texts {
        final String level;
        final String source;
        /** {@code hash << 32 | where its text starts in the arena}; 0 for an empty slot (the arena starts at 1). */
        private final long[] slots;

        private final Line[] lines;
        /** Each text as its length (two bytes, little-endian) and its bytes. */
        private final byte[] arena;

        private final int mask;
        /** Distinct texts held. */
        final int size;

        Texts(String level, String source, List<Line> of) {
            this.level = level;
            this.source = source;
            int room = Integer.highestOneBit(Math.max(16, of.size() * 2) - 1) << 1;
            this.mask = room - 1;
            this.slots = new long[room];
            this.lines = new Line[room];
            int bytes = 1;
            for (Line l : of) {
                bytes += 2 + l.text.length();
            }
            this.arena = new byte[bytes];
            int at = 1;
            int held = 0;
            for (Line l : of) {
                byte[] text = l.bytes;
                int i = l.hash & mask;
                // The same text added twice (remembered again after the reader forgot it) keeps one slot.
                while (slots[i] != 0 && !holds(slots[i], text, 0, text.length)) {
                    i = (i + 1) & mask;
                }
                if (slots[i] == 0) {
                    held++;
                }
                arena[at] = (byte) text.length;
                arena[at + 1] = (byte) (text.length >>> 8);
                System.arraycopy(text, 0, arena, at + 2, text.length);
                slots[i] = (long) l.hash << 32 | at;
                lines[i] = l;
                at += 2 + text.length;
            }
            this.size = held;
        }

        /** Whether the text in {@code slot} is {@code b[from, to)}. */
        private boolean holds(long slot, byte[] b, int from, int to) {
            int at = (int) slot;
            int length = (arena[at] & 0xFF) | (arena[at + 1] & 0xFF) << 8;
            return length == to - from && Arrays.equals(b, from, to, arena, at + 2, at + 2 + length);
        }

        Line find(byte[] b, int from, int to) {
            int h = hash(b, from, to);
            for (int i = h & mask; ; i = (i + 1) & mask) {
                long slot = slots[i];
                if (slot == 0) {
                    return null;
                }
                if ((int) (slot >>> 32) == h && holds(slot, b, from, to)) {
                    return lines[i];
                }
            }
        }

        void addTo(List<Line> all) {
            for (Line l : lines) {
                if (l != null) {
                    all.add(l);
                }
            }
        }
    }

    /** The lines published together, in a table of texts per level and source (a log has a handful of pairs). */
    private static final class Table {
        static final Table EMPTY = new Table(List.of());

        final int size;
        private final Texts[] byColumns;

        Table(List<Line> lines) {
            Map<List<String>, List<Line>> grouped = new LinkedHashMap<>();
            for (Line l : lines) {
                grouped.computeIfAbsent(List.of(l.level, l.source), k -> new ArrayList<>())
                        .add(l);
            }
            this.byColumns = new Texts[grouped.size()];
            int k = 0;
            int n = 0;
            for (Map.Entry<List<String>, List<Line>> e : grouped.entrySet()) {
                Texts t = new Texts(e.getKey().get(0), e.getKey().get(1), e.getValue());
                byColumns[k++] = t;
                n += t.size;
            }
            this.size = n;
        }

        Line find(String level, String source, byte[] b, int from, int to) {
            for (Texts t : byColumns) {
                // The gate's levels and sources of the usual words are the same strings as the lines' own.
                if ((t.level == level || t.level.equals(level)) && (t.source == source || t.source.equals(source))) {
                    return t.find(b, from, to);
                }
            }
            return null;
        }

        List<Line> lines() {
            List<Line> all = new ArrayList<>(size);
            for (Texts t : byColumns) {
                t.addTo(all);
            }
            return all;
        }
    }
}
