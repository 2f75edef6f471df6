package com.patchdesk.diagnosis.bundle;

import com.patchdesk.diagnosis.read.LineGate;
import com.patchdesk.diagnosis.read.LineSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lines of an ASCII-compatible file, decoded per line: UTF-8 when the line is valid UTF-8,
 * otherwise GB18030 (Chinese Windows writes console output in the ANSI code page, GBK). Splitting
 * on the byte '\n' is safe for both, since neither uses 0x0A inside a multi-byte character.
 * Pure-ASCII lines, the bulk of any servicing log, take a fast path with no decoder at all, and
 * {@link #next(LineGate)} decodes only the lines a reader's gate admits.
 *
 * <p>A line is cut after {@code maxLineChars * 3} bytes (the rest is dropped, and a cut line keeps its '\r').
 */
final class ByteLines implements LineSource {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * From this many bytes of one file on, {@link #next(LineGate)} has the rest of the file read, split, gated and
     * decoded in parts on threads of their own ({@link Parts}) while the reader works on the lines admitted so far.
     * Smaller files are read on the caller's thread alone. Starting at 1 MiB rather than 4 leaves less to compile for
     * the caller's thread alone (measured: see docs/performance.md).
     */
    static final long PIPELINE_AFTER_BYTES = 1L << 20;
    /** Threads that gate parts: one per processor, as the reader's own work is the smaller share. */
    private static final int PART_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean endOfInput;
    private byte[] carry = new byte[256];
    private long number;
    /** Written by whichever thread decodes (see {@link Parts}); only ever set. */
    private volatile boolean usedGb18030;
    /** The line {@link #advance()} found: {@code lineBytes[lineStart, lineEnd)}, cut to the cap or not. */
    private byte[] lineBytes;

    private int lineStart;
    private int lineEnd;
    private boolean lineCut;
    /** Lines cut to the cap by this thread's own splitting (before the parts, if any, took over). */
    private long cutLines;
    /** The gate's note for the line last returned by {@link #next(LineGate)}. */
    private Object note;
    /** What the gate found on the line last returned by {@link #next(LineGate)} ({@link LineGate#admit}). */
    private long found = LineGate.ADMITTED;
    /** The gate's note for the line last observed, admitted or not: what a later part's first lines inherit. */
    private Object lastNote;

    private long consumed;
    private Parts parts;
    /**
     * How many lines the part gated last kept: what the next part's arrays are made for at least. Any thread's figure
     * will do.
     */
    private volatile int partLines;

    ByteLines(InputStream in, int maxLineChars) {
        this.in = in;
        // A line is cut by bytes; three bytes per character covers UTF-8 CJK text.
        this.maxLineBytes = maxLineChars * 3;
    }

    /** True once any line had to be decoded as GB18030. */
    boolean usedGb18030() {
        return usedGb18030;
    }

    @Override
    public long number() {
        return parts != null ? parts.number : number;
    }

    @Override
    public long cutLines() {
        return parts != null ? cutLines + parts.cutLines : cutLines;
    }

    @Override
    public Object note() {
        return parts != null ? parts.note : note;
    }

    @Override
    public long found() {
        return parts != null ? parts.found : found;
    }

    @Override
    public Object prepared() {
        return parts != null ? parts.prepared : null;
    }

    @Override
    public String next() throws IOException {
        return advance() ? decode(lineBytes, lineStart, lineEnd, lineCut) : null;
    }

    @Override
    public String next(LineGate gate) throws IOException {
        if (parts != null) {
            return parts.next();
        }
        while (advance()) {
            Object lineNote = gate.observe(lineBytes, lineStart, lineEnd);
            lastNote = lineNote;
            long admitted = gate.admit(lineBytes, lineStart, lineEnd, lineNote);
            if (admitted != 0) {
                note = lineNote;
                found = admitted;
                return decode(lineBytes, lineStart, lineEnd, lineCut);
            }
            if (consumed >= PIPELINE_AFTER_BYTES && PART_THREADS > 1) {
                parts = new Parts(gate);
                return parts.next();
            }
        }
        return null;
    }

    /** Whether the rest of the file is being read in parts on threads of their own (for tests). */
    boolean inParts() {
        return parts != null;
    }

    /** Stops the threads that read ahead, if they were started; the source is not used afterwards. */
    void finish() {
        if (parts != null) {
            parts.stop();
        }
    }

    /** Finds the next line and counts it; false at the end of the input. */
    private boolean advance() throws IOException {
        int carried = 0;
        boolean cut = false;
        boolean any = false;
        while (true) {
            if (position >= limit) {
                if (endOfInput || !fill()) {
                    if (!any) {
                        return false;
                    }
                    break;
                }
            }
            any = true;
            int newline = indexOfNewline(buffer, position, limit);
            int end = newline >= 0 ? newline : limit;
            if (carried == 0 && newline >= 0 && end - position <= maxLineBytes) {
                // The common case: the whole line is in the buffer and is looked at in place.
                found(buffer, position, trimCr(buffer, position, end, false), false);
                position = newline + 1;
                return true;
            }
            int room = maxLineBytes - carried;
            int take = Math.min(room, end - position);
            if (take < end - position) {
                cut = true;
            }
            if (take > 0) {
                ensureCarry(carried + take);
                System.arraycopy(buffer, position, carry, carried, take);
                carried += take;
            }
            if (newline >= 0) {
                position = newline + 1;
                break;
            }
            position = limit;
        }
        found(carry, 0, trimCr(carry, 0, carried, cut), cut);
        return true;
    }

    private void found(byte[] bytes, int start, int end, boolean cut) {
        number++;
        if (cut) {
            cutLines++;
        }
        lineBytes = bytes;
        lineStart = start;
        lineEnd = end;
        lineCut = cut;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        consumed += Math.max(n, 0);
        if (n <= 0) {
            endOfInput = true;
            position = limit = 0;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /**
     * Eight bytes at a time: a byte of {@code w ^ 0x0A..} is zero where {@code w} has a '\n', and the lowest byte
     * flagged by the has-zero-byte test is the first such byte (borrows only spoil the bytes above a real zero).
     */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int trimCr(byte[] bytes, int start, int end, boolean cut) {
        return !cut && end > start && bytes[end - 1] == '\r' ? end - 1 : end;
    }

    private void ensureCarry(int size) {
        if (size > carry.length) {
            byte[] bigger = new byte[Math.max(size, carry.length * 2)];
            System.arraycopy(carry, 0, bigger, 0, carry.length);
            carry = bigger;
        }
    }

    private String decode(byte[] bytes, int start, int end, boolean cut) {
        int length = end - start;
        if (isAscii(bytes, start, end)) {
            return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
        }
        if (cut) {
            // A cut line may end inside a character; that must not make valid UTF-8 look invalid.
            length = withoutPartialUtf8Tail(bytes, start, length);
        }
        if (Utf8.isValid(bytes, start, start + length)) {
            return new String(bytes, start, length, StandardCharsets.UTF_8);
        }
        usedGb18030 = true;
        return new String(bytes, start, end - start, TextEncoding.GB18030);
    }

    static boolean isAscii(byte[] bytes, int start, int end) {
        int i = start;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            if (((long) LONGS.get(bytes, i) & 0x8080808080808080L) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static int withoutPartialUtf8Tail(byte[] bytes, int start, int length) {
        int i = start + length - 1;
        int back = 0;
        while (i >= start && back < 3 && (bytes[i] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i >= start && (bytes[i] & 0xC0) == 0xC0) {
            int lead = bytes[i] & 0xFF;
            int needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
            if (back < needed) {
                return i - start;
            }
        }
        return length;
    }

    /** The usual size of a part; more where twice the longest line kept needs it. */
    private static final int PART_BYTES = 1 << 20;

    /** Rooms spare at most: three a part thread and two more, as each big file kept of its parts' bytes before. */
    private static final int SPARE_CAPACITY = 3 * PART_THREADS + 2;
    /**
     * The rooms of parts of the usual size that readers are done with, for the parts of the next big file, in this
     * analysis or the next one of the JVM: a typical bundle has several files of megabytes, and each file's parts were
     * new megabytes and arrays that outlived young collections while in flight, so that the collector copied them
     * (a warm worker: a tenth of the 161 MB allocated per typical bundle, docs/performance-history.md, "Seventh pass").
     * Holds three rooms a part thread and two more at most: 8 on two processors, 14 on four or more, each 1 MiB and up
     * to 1.2 MB of arrays, kept for the life of the JVM; a room is offered only once nothing refers to what it holds,
     * so readers of different files may share it.
     */
    private static final BlockingQueue<Room> SPARE_PARTS = new ArrayBlockingQueue<>(SPARE_CAPACITY);

    /**
     * The rest of a big file, gated in parts on threads of their own. Each thread in turn takes the next part of the
     * stream (about {@link #PART_BYTES}, ending after a newline) and queues it in file order, then splits, gates and
     * decodes it apart from the others; the reader's thread takes the parts in order and hands their admitted lines
     * out with their numbers in the file. A part is gated by a part gate ({@link LineGate#part()}); its first lines,
     * whose notes depend on the lines before the part, are left to the reader's thread, which knows those notes. With
     * a gate that cannot be split, the threads only split lines and the reader's thread gates every line in order.
     * A part's bytes are not written to again before the reader is done with the part, so lines left to the reader's
     * thread are handed over where they are. The stream is read under a lock by the thread that takes the next part;
     * what it keeps (a metered byte count) is read after {@link #stop()} has joined the threads.
     */
    private final class Parts {

        /**
         * Parts read and not yet taken by the reader: bounds the memory read ahead. One per thread and one ready: the
         * admitted lines of the parts in flight, parsed ahead ({@link LineGate#prepare}), outlive young collections;
         * with twice as many queued, a dense GiB had 8-9 full collections instead of 4 (docs/performance-history.md,
         * "Second pass").
         */
        private final BlockingQueue<Part> inOrder = new ArrayBlockingQueue<>(PART_THREADS + 1);
        /**
         * The rooms of parts the reader is done with, for the next parts: a new megabyte per part would make the young
         * generation collect all the time and copy the parts in flight (measured: a second of pauses per GiB). Parts
         * of the usual size share {@link #SPARE_PARTS} with the files read after this one.
         */
        private final BlockingQueue<Room> spare;

        private final LineGate gate;
        private final boolean partable;
        private final int partBytes = Math.max(PART_BYTES, 2 * maxLineBytes);
        private final Thread[] threads = new Thread[PART_THREADS];
        private volatile boolean stopped;

        // The stream, shared by the part threads under the lock.
        private final Object streamLock = new Object();
        /** Bytes read after the last whole line of the previous part: the start of the next one. */
        private byte[] pending;

        private int pendingLength;
        private boolean streamEnded;
        private boolean endQueued;

        // The reader's side.
        private Part current;
        private int index;
        private long base;
        /** The note of the last line of the parts taken so far: what the first lines of the next part inherit. */
        private Object carriedNote;

        private boolean finished;
        private long number;
        private Object note;
        private long found = LineGate.ADMITTED;
        private Object prepared;
        /** Lines cut to the cap in the parts taken so far. */
        private long cutLines;

        Parts(LineGate gate) {
            this.spare = partBytes == PART_BYTES ? SPARE_PARTS : new ArrayBlockingQueue<>(SPARE_CAPACITY);
            this.gate = gate;
            this.partable = gate.part() != null;
            this.number = ByteLines.this.number;
            this.base = ByteLines.this.number;
            this.carriedNote = lastNote;
            // What the caller's thread read but did not split yet starts the first part.
            this.pending = Arrays.copyOfRange(buffer, position, Math.max(limit, position));
            this.pendingLength = pending.length;
            this.streamEnded = endOfInput;
            position = limit;
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(this::work, "patchdesk-lines-" + (t + 1));
                threads[t].setDaemon(true);
                threads[t].start();
            }
        }

        private void work() {
            while (!stopped) {
                Part part;
                synchronized (streamLock) {
                    part = read();
                    if (part == null || !queue(part)) {
                        return;
                    }
                }
                if (!part.end) {
                    part.gate(partable ? gate.part() : null);
                }
            }
        }

        /** The next part of the stream, the end marker once, or null after it. */
        private Part read() {
            if (streamEnded && pendingLength == 0) {
                if (endQueued) {
                    return null;
                }
                endQueued = true;
                return new Part();
            }
            Room room = spare.poll();
            if (room == null) {
                room = new Room(partBytes);
            }
            byte[] bytes = room.bytes;
            System.arraycopy(pending, 0, bytes, 0, pendingLength);
            int filled = pendingLength;
            pendingLength = 0;
            Throwable failure = null;
            try {
                while (!streamEnded && filled < bytes.length) {
                    int n = in.read(bytes, filled, bytes.length - filled);
                    if (n <= 0) {
                        streamEnded = true;
                    } else {
                        filled += n;
                        consumed += n;
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                failure = ended(e);
            }
            if (failure != null) {
                // The whole lines read before the failure are still the file's; the failure follows them.
                return new Part(room, Math.max(0, lastIndexOfNewline(bytes, filled) + 1), false, failure);
            }
            if (streamEnded) {
                return new Part(room, filled, false, null);
            }
            int end = lastIndexOfNewline(bytes, filled) + 1;
            if (end == 0) {
                // A line longer than a part: it is cut, and what is left of it is dropped.
                return new Part(room, maxLineBytes, true, skipRestOfLine());
            }
            keep(bytes, end, filled);
            return new Part(room, end, false, null);
        }

        private void keep(byte[] bytes, int from, int to) {
            if (pending.length < to - from) {
                pending = new byte[partBytes];
            }
            System.arraycopy(bytes, from, pending, 0, to - from);
            pendingLength = to - from;
        }

        /** Reads up to the end of an over-long line; what follows it starts the next part. */
        private Throwable skipRestOfLine() {
            byte[] scratch = new byte[1 << 16];
            try {
                while (true) {
                    int n = in.read(scratch, 0, scratch.length);
                    if (n <= 0) {
                        streamEnded = true;
                        return null;
                    }
                    consumed += n;
                    int newline = indexOfNewline(scratch, 0, n);
                    if (newline >= 0) {
                        keep(scratch, newline + 1, n);
                        return null;
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                return ended(e);
            }
        }

        /** The stream failed: nothing more is read, and the part that carries the failure is the file's last. */
        private Throwable ended(Throwable failure) {
            streamEnded = true;
            endQueued = true;
            return failure;
        }

        /** Queues a part behind the ones read before it; false when the reader stopped. */
        private boolean queue(Part part) {
            try {
                while (!stopped) {
                    if (inOrder.offer(part, 100, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        String next() throws IOException {
            while (!finished) {
                if (current == null) {
                    current = take();
                    index = 0;
                    if (current.end) {
                        finished = true;
                        break;
                    }
                }
                Part p = current;
                while (index < p.room.size) {
                    int k = index++;
                    String line = p.room.lines[k];
                    Object lineNote = p.room.notes[k];
                    long lineFound = p.room.found[k];
                    Object linePrepared = p.room.prepared[k];
                    if (line == null) {
                        // A line whose note depends on the lines before its part, or every line of an unsplit gate.
                        int from = p.room.starts[k];
                        int to = p.room.ends[k];
                        lineNote = partable ? carriedNote : gate.observe(p.bytes, from, to);
                        lineFound = gate.admit(p.bytes, from, to, lineNote);
                        if (lineFound == 0) {
                            continue;
                        }
                        line = decode(p.bytes, from, to, p.room.cut[k]);
                    }
                    number = base + p.room.numbers[k];
                    note = lineNote;
                    found = lineFound;
                    prepared = linePrepared;
                    return line;
                }
                base += p.lineCount;
                cutLines += p.cutLines;
                if (p.lastNote != null) {
                    carriedNote = p.lastNote;
                }
                current = null;
                // Its lines are all decoded or turned down: nothing refers to its bytes any more.
                p.room.vacate();
                spare.offer(p.room);
                if (p.failure != null) {
                    finished = true;
                    number = base;
                    note = null;
                    prepared = null;
                    rethrow(p.failure);
                }
            }
            number = base;
            note = null;
            prepared = null;
            return null;
        }

        private Part take() throws IOException {
            try {
                Part part = inOrder.take();
                part.done.await();
                return part;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading lines");
            }
        }

        void stop() {
            stopped = true;
            inOrder.clear();
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void rethrow(Throwable failure) throws IOException {
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) failure;
    }

    private static int lastIndexOfNewline(byte[] b, int to) {
        for (int i = to - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * One part of a file: its bytes, and once gated, its lines in its {@link Room}, where they are counted and whether
     * it ended the file.
     */
    private final class Part {
        /** The room's bytes, named here for the loops that split and gate them. */
        final byte[] bytes;
        /** The part's bytes and lines: taken from the spare rooms, given back once the reader is done with the part. */
        private final Room room;
        /** The part's bytes are {@code bytes[0, length)}: whole lines, or the kept start of one over-long line. */
        final int length;

        final boolean cutLine;
        final boolean end;
        /** Counted down once the part is gated (at once for the end marker). */
        final CountDownLatch done = new CountDownLatch(1);
        /** What ended the file after this part's lines; written before {@link #done}. */
        Throwable failure;

        long lineCount;
        long cutLines;
        /** The note of the part's last line, when the part itself decided it. */
        Object lastNote;

        /** The end of the file. */
        Part() {
            this.bytes = null;
            this.room = null;
            this.length = 0;
            this.cutLine = false;
            this.end = true;
            done.countDown();
        }

        Part(Room room, int length, boolean cutLine, Throwable failure) {
            this.room = room;
            this.bytes = room.bytes;
            this.length = length;
            this.cutLine = cutLine;
            this.end = false;
            this.failure = failure;
            // Arrays for about as many lines as the last part gated had, so that they seldom grow.
            room.clearFor(Math.max(256, partLines + partLines / 8));
        }

        /** Splits and gates the part with a gate of its own, or only splits it when {@code partGate} is null. */
        void gate(LineGate partGate) {
            try {
                if (cutLine) {
                    line(partGate, 0, length, true);
                } else {
                    int position = 0;
                    while (position < length) {
                        int newline = indexOfNewline(bytes, position, length);
                        int lineEnd = newline >= 0 ? newline : length;
                        boolean lineCut = lineEnd - position > maxLineBytes;
                        line(
                                partGate,
                                position,
                                lineCut ? position + maxLineBytes : trimCr(bytes, position, lineEnd, false),
                                lineCut);
                        position = newline >= 0 ? newline + 1 : length;
                    }
                }
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                partLines = room.size;
                done.countDown();
            }
        }

        private void line(LineGate partGate, int from, int to, boolean lineCut) {
            lineCount++;
            if (lineCut) {
                cutLines++;
            }
            if (partGate == null) {
                add(null, null, null, 0, from, to, lineCut);
                return;
            }
            Object lineNote = partGate.observe(bytes, from, to);
            if (lineNote == null) {
                lineNote = lastNote;
            }
            if (lineNote == null) {
                // Its note comes from the lines before the part: the reader's thread decides it.
                add(null, null, null, 0, from, to, lineCut);
                return;
            }
            lastNote = lineNote;
            long admitted = partGate.admit(bytes, from, to, lineNote);
            if (admitted != 0) {
                String line = decode(bytes, from, to, lineCut);
                add(line, lineNote, partGate.prepare(line, lineNote), admitted, from, to, lineCut);
            }
        }

        private void add(
                String line, Object lineNote, Object linePrepared, long lineFound, int from, int to, boolean lineCut) {
            room.add(line, lineNote, linePrepared, lineFound, lineCount, from, to, lineCut);
        }
    }

    /**
     * The bytes of a part and its lines (the admitted ones decoded, with their notes, what the gate prepared of them,
     * and the lines left to the reader's thread as bytes only), each with its number within the part; reused by later
     * parts ({@link Parts#spare}) once the reader is done with the part.
     */
    private static final class Room {
        /** The most lines a room keeps arrays for: 1.2 MB of arrays; a megabyte of a log has about 10,000 lines. */
        static final int MOST_LINES = 1 << 15;

        final byte[] bytes;
        String[] lines;
        Object[] notes;
        Object[] prepared;
        long[] found;
        long[] numbers;
        int[] starts;
        int[] ends;
        boolean[] cut;
        int size;

        Room(int bytes) {
            this.bytes = new byte[bytes];
        }

        /** No lines, with arrays for at least {@code expected}: those it has when they are as long. */
        void clearFor(int expected) {
            size = 0;
            if (lines != null && lines.length >= expected) {
                return;
            }
            lines = new String[expected];
            notes = new Object[expected];
            prepared = new Object[expected];
            found = new long[expected];
            numbers = new long[expected];
            starts = new int[expected];
            ends = new int[expected];
            cut = new boolean[expected];
        }

        void add(
                String line,
                Object note,
                Object linePrepared,
                long lineFound,
                long number,
                int from,
                int to,
                boolean lineCut) {
            if (size == lines.length) {
                int grown = size * 2;
                lines = Arrays.copyOf(lines, grown);
                notes = Arrays.copyOf(notes, grown);
                prepared = Arrays.copyOf(prepared, grown);
                found = Arrays.copyOf(found, grown);
                numbers = Arrays.copyOf(numbers, grown);
                starts = Arrays.copyOf(starts, grown);
                ends = Arrays.copyOf(ends, grown);
                cut = Arrays.copyOf(cut, grown);
            }
            lines[size] = line;
            notes[size] = note;
            prepared[size] = linePrepared;
            found[size] = lineFound;
            numbers[size] = number;
            starts[size] = from;
            ends[size] = to;
            cut[size] = lineCut;
            size++;
        }

        /**
         * The reader is done with the part: nothing of its lines is kept alive by the room. Arrays of a part of very
         * short lines are dropped (a pool of such rooms could hold hundreds of megabytes).
         */
        void vacate() {
            if (lines.length > MOST_LINES) {
                lines = null;
                notes = null;
                prepared = null;
                found = null;
                numbers = null;
                starts = null;
                ends = null;
                cut = null;
            } else {
                Arrays.fill(lines, 0, size, null);
                Arrays.fill(notes, 0, size, null);
                Arrays.fill(prepared, 0, size, null);
            }
            size = 0;
        }
    }
}
