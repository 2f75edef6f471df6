package com.patchdesk.diagnosis.bundle;

import com.patchdesk.diagnosis.read.LineSource;
import com.patchdesk.diagnosis.read.SourceLine;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads chosen lines of chosen files of a bundle again, after the scan: the same walk over folders, zips and
 * cabinets, the same encoding detection and line splitting, so line numbers agree with the scan's. Only the named
 * files (and the archives that hold them) are opened, and each file is read only up to the last line asked for.
 */
public final class BundleLines {

    private BundleLines() {}

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
                        for (String line = source.get().next();
                                line != null;
                                line = source.get().next()) {
                            long number = source.get().number();
                            if (numbers.contains(number)) {
                                texts.put(number, new SourceLine(path, number, line).text());
                            }
                            if (number >= last) {
                                break;
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
