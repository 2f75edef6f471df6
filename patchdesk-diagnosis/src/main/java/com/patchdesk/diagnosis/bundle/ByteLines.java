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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Lines of an ASCII-compatible file, decoded per line: UTF-8 when the line is valid UTF-8,
 * otherwise GB18030 (Chinese Windows writes console output in the ANSI code page, GBK). Splitting
 * on the byte '\n' is safe for both, since neither uses 0x0A inside a multi-byte character.
 * Pure-ASCII lines, the bulk of any servicing log, take a fast path with no decoder at all, and
 * {@link #next(LineGate)} decodes only the lines a reader's gate admits.
 */
final class ByteLines implements LineSource {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * From this many bytes of one file on, {@link #next(LineGate)} splits, gates and decodes lines on a thread of its
     * own while the reader works on the lines admitted so far: on a big log the two halves take about as long.
     * Smaller files are read on the caller's thread alone.
     */
    static final long PIPELINE_AFTER_BYTES = 4L << 20;
    private static final boolean PIPELINE_THREADS = Runtime.getRuntime().availableProcessors() > 1;
    private static final int BATCH_LINES = 512;
    /**
     * Every this many lines, the pipeline leaves the gate's decision to the reader's thread: gating is the larger
     * half of the work. Measured on a generated CBS.log, one line in three evens out the two threads once both are
     * compiled; one in five leaves the reader's thread room for the JVM's start and the rules that only it runs.
     */
    private static final int DEFER_EVERY = 5;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean endOfInput;
    private byte[] carry = new byte[256];
    private long number;
    /** Written by whichever thread decodes (see {@link Pipeline}); only ever set. */
    private volatile boolean usedGb18030;
    /** The line {@link #advance()} found: {@code lineBytes[lineStart, lineEnd)}, cut to the cap or not. */
    private byte[] lineBytes;
    private int lineStart;
    private int lineEnd;
    private boolean lineCut;
    /** The gate's note for the line last returned by {@link #next(LineGate)}. */
    private Object note;
    private long consumed;
    private Pipeline pipeline;

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
        return pipeline != null ? pipeline.number : number;
    }

    @Override
    public Object note() {
        return pipeline != null ? pipeline.note : note;
    }

    @Override
    public String next() throws IOException {
        return advance() ? decode(lineBytes, lineStart, lineEnd, lineCut) : null;
    }

    @Override
    public String next(LineGate gate) throws IOException {
        if (pipeline != null) {
            return pipeline.next();
        }
        while (advance()) {
            Object lineNote = gate.observe(lineBytes, lineStart, lineEnd);
            if (gate.admits(lineBytes, lineStart, lineEnd, lineNote)) {
                note = lineNote;
                return decode(lineBytes, lineStart, lineEnd, lineCut);
            }
            if (consumed >= PIPELINE_AFTER_BYTES && PIPELINE_THREADS) {
                pipeline = new Pipeline(gate);
                return pipeline.next();
            }
        }
        return null;
    }

    /** Stops the thread that reads ahead, if one was started; the source is not used afterwards. */
    void finish() {
        if (pipeline != null) {
            pipeline.stop();
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
            if (carried == 0 && newline >= 0) {
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

    /**
     * The admitted lines of a file, produced on a thread of its own in batches, in file order and with their numbers.
     * The producer owns the stream, the buffers and the gate from its start on; what it hands over crosses through the
     * queue, which orders its writes (the usedGb18030 flag, the metered byte count) before the reader's reads.
     */
    private final class Pipeline implements Runnable {

        private final LineGate gate;
        /** How many bytes the lines left to the reader took in the last batch: the next one likely takes as many. */
        private int rawHint = 1 << 16;
        private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(8);
        private final Thread thread;
        private volatile boolean stopped;
        private Batch current;
        private int index;
        /** Number and note of the line last handed to the reader (the reader's side). */
        private long number;
        private Object note;

        Pipeline(LineGate gate) {
            this.gate = gate;
            this.number = ByteLines.this.number;
            this.thread = new Thread(this, "patchdesk-lines");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            Batch batch;
            do {
                batch = fill();
                hand(batch);
            } while (!batch.last && !stopped);
        }

        /**
         * One batch of lines, or the last one. A method of its own, called once per batch, so that the JIT compiles
         * it like any other method instead of replacing one endless loop on the stack (measured: slower by half).
         */
        private Batch fill() {
            Batch batch = new Batch(rawHint);
            try {
                while (batch.size < BATCH_LINES) {
                    if (stopped || !advance()) {
                        batch.last = true;
                        batch.total = ByteLines.this.number;
                        return batch;
                    }
                    long n = ByteLines.this.number;
                    Object lineNote = gate.observe(lineBytes, lineStart, lineEnd);
                    if (n % DEFER_EVERY == 0) {
                        batch.defer(lineBytes, lineStart, lineEnd, lineCut, n, lineNote);
                    } else if (gate.admits(lineBytes, lineStart, lineEnd, lineNote)) {
                        batch.add(decode(lineBytes, lineStart, lineEnd, lineCut), n, lineNote);
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                batch.failure = e;
                batch.last = true;
                batch.total = ByteLines.this.number;
            }
            rawHint = Math.max(1 << 12, batch.rawSize + (batch.rawSize >> 3));
            return batch;
        }

        private void hand(Batch batch) {
            try {
                while (!stopped && !queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    // the reader is busy; wait for room unless it stopped reading
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }

        String next() throws IOException {
            while (true) {
                while (current != null && index < current.size) {
                    int k = index++;
                    String line = current.lines[k];
                    if (line == null) {
                        int from = current.rawStart[k];
                        int to = current.rawEnd[k];
                        if (!gate.admits(current.raw, from, to, current.notes[k])) {
                            continue;
                        }
                        line = decode(current.raw, from, to, current.cut[k]);
                    }
                    number = current.numbers[k];
                    note = current.notes[k];
                    return line;
                }
                if (current != null && current.last) {
                    number = current.total;
                    note = null;
                    Throwable failure = current.failure;
                    current.failure = null;
                    if (failure instanceof IOException e) {
                        throw e;
                    }
                    if (failure instanceof RuntimeException e) {
                        throw e;
                    }
                    if (failure instanceof Error e) {
                        throw e;
                    }
                    return null;
                }
                try {
                    current = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading lines");
                }
                index = 0;
            }
        }

        void stop() {
            stopped = true;
            queue.clear();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Admitted lines with their numbers and gate notes, and lines left to the reader's gate as bytes (line null, the
     * bytes in {@code raw}); the last batch of a file also says how it ended.
     */
    private static final class Batch {
        final String[] lines = new String[BATCH_LINES];
        final long[] numbers = new long[BATCH_LINES];
        final Object[] notes = new Object[BATCH_LINES];
        final int[] rawStart = new int[BATCH_LINES];
        final int[] rawEnd = new int[BATCH_LINES];
        final boolean[] cut = new boolean[BATCH_LINES];
        byte[] raw;
        int rawSize;
        int size;
        boolean last;
        long total;
        Throwable failure;

        Batch(int rawBytes) {
            raw = new byte[rawBytes];
        }

        void add(String line, long number, Object note) {
            lines[size] = line;
            numbers[size] = number;
            notes[size] = note;
            size++;
        }

        void defer(byte[] bytes, int start, int end, boolean lineCut, long number, Object note) {
            int length = end - start;
            if (rawSize + length > raw.length) {
                raw = java.util.Arrays.copyOf(raw, Math.max(raw.length * 2, rawSize + length));
            }
            System.arraycopy(bytes, start, raw, rawSize, length);
            rawStart[size] = rawSize;
            rawEnd[size] = rawSize + length;
            cut[size] = lineCut;
            rawSize += length;
            add(null, number, note);
        }
    }
}
