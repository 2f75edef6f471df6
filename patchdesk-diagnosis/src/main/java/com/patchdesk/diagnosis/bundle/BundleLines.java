package com.patchdesk.diagnosis.bundle;

import com.patchdesk.diagnosis.read.LineGate;
import com.patchdesk.diagnosis.read.LineSource;
import com.patchdesk.diagnosis.read.SourceLine;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads chosen lines of chosen files of a bundle again, after the scan: the same walk over folders, zips and
 * cabinets, the same encoding detection and line splitting, so line numbers agree with the scan's. Only the named
 * files (and the archives that hold them) are opened, and each file is split and decoded only up to the last line
 * asked for (the threads that split a big file read a few MiB ahead of it).
 */
public final class BundleLines {

    private BundleLines() {}

    /**
     * Admits the wanted lines only, by their number: the lines before them are split and counted but never decoded
     * (a context pass up to a failure at the end of a 1 GiB log decoded seven million lines to keep a few dozen).
     * It counts in {@link #observe}, which sees every line in order; it cannot be split into parts, so a big file's
     * threads only split lines and the caller's thread counts them. A source that shows no bytes (UTF-16) returns
     * every line, and the caller checks the numbers itself.
     */
    private static final class WantedLines implements LineGate {

        private final Iterator<Long> numbers;
        private long next;
        private long seen;

        WantedLines(NavigableSet<Long> wanted) {
            numbers = wanted.iterator();
            next = numbers.hasNext() ? numbers.next() : Long.MAX_VALUE;
        }

        @Override
        public Object observe(byte[] bytes, int start, int end) {
            if (++seen != next) {
                return null;
            }
            next = numbers.hasNext() ? numbers.next() : Long.MAX_VALUE;
            return Boolean.TRUE;
        }

        @Override
        public boolean admits(byte[] bytes, int start, int end, Object note) {
            return note != null;
        }
    }

    /**
     * The texts of the {@code wanted} lines (1-based numbers per bundle path, as {@link SourceLine#file()} names
     * them), cut like {@link SourceLine#text()}. Lines past a file's end, and files no longer there, are absent.
     *
     * @throws BundleUnreadableException when the input as a whole cannot be opened
     */
    public static Map<String, Map<Long, String>> read(
            Path input, Map<String, NavigableSet<Long>> wanted, BundleLimits limits) throws BundleUnreadableException {
        Objects.requireNonNull(input, "input");
        if (!Files.isReadable(input)) {
            throw new BundleUnreadableException("not readable: " + input);
        }
        Map<String, Map<Long, String>> found = new HashMap<>();
        BundleWalk walk = new BundleWalk(
                new BundleWalk.TextFiles() {
                    @Override
                    public boolean wanted(String path) {
                        return wanted.containsKey(path)
                                || wanted.keySet().stream().anyMatch(file -> file.startsWith(path + "!/"));
                    }

                    @Override
                    public BundleFile.Outcome read(
                            String path, BufferedInputStream in, ScanBudget.Metered metered, byte[] head)
                            throws IOException {
                        NavigableSet<Long> numbers = wanted.get(path);
                        Optional<LineSource> source = numbers == null || numbers.isEmpty()
                                ? Optional.empty()
                                : BundleFile.lines(in, head, limits);
                        if (source.isEmpty()) {
                            return BundleFile.Outcome.skipped("not wanted");
                        }
                        Map<Long, String> texts = new TreeMap<>();
                        long last = numbers.last();
                        LineSource lines = source.get();
                        WantedLines gate = new WantedLines(numbers);
                        try {
                            for (String line = lines.next(gate); line != null; line = lines.next(gate)) {
                                long number = lines.number();
                                if (numbers.contains(number)) {
                                    texts.put(number, new SourceLine(path, number, line).text());
                                }
                                if (number >= last) {
                                    break;
                                }
                            }
                        } finally {
                            if (lines instanceof ByteLines bytes) {
                                bytes.finish(); // stops the threads that split a big file ahead
                            }
                        }
                        found.put(path, Collections.unmodifiableMap(texts));
                        return BundleFile.Outcome.skipped("lines taken");
                    }
                },
                new ScanBudget(limits));
        if (Files.isDirectory(input)) {
            walk.folder(input);
        } else {
            walk.topFile(input);
        }
        return Collections.unmodifiableMap(found);
    }
}
