package com.patchdesk.diagnosis.bundle;

import com.patchdesk.diagnosis.read.EventSink;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One scan's walk over folders, zips and files, collecting what was read and what was skipped.
 * Zip entries are read as streams straight from the archive; nothing is extracted, except that a
 * nested zip too big for memory is copied to a private temp folder that is always deleted.
 */
final class BundleWalk {

    private static final int STREAM_BUFFER = 1 << 16;

    private final EventSink sink;
    private final ScanBudget budget;
    private final List<ReadFile> read = new ArrayList<>();
    private final List<SkippedFile> skipped = new ArrayList<>();

    BundleWalk(EventSink sink, ScanBudget budget) {
        this.sink = sink;
        this.budget = budget;
    }

    List<ReadFile> read() {
        return Collections.unmodifiableList(read);
    }

    List<SkippedFile> skipped() {
        return Collections.unmodifiableList(skipped);
    }

    void folder(Path root) throws BundleUnreadableException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> !Files.isDirectory(p)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new BundleUnreadableException("cannot list folder " + root + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            String name = EntryPath.normalise(root.relativize(file).toString());
            if (Files.isSymbolicLink(file)) {
                skipped.add(new SkippedFile(name, "symbolic link, not followed"));
            } else if (Files.isRegularFile(file)) {
                diskFile(file, name, false);
            } else {
                skipped.add(new SkippedFile(name, "not a regular file"));
            }
        }
    }

    void topFile(Path file) {
        diskFile(file, file.getFileName().toString(), true);
    }

    private void diskFile(Path file, String name, boolean isInput) {
        try (InputStream raw = Files.newInputStream(file)) {
            ScanBudget.Metered metered = budget.meterPlain(raw);
            BufferedInputStream in = new BufferedInputStream(metered, STREAM_BUFFER);
            byte[] head = BundleFile.head(in);
            switch (BundleFile.container(head)) {
                case ZIP -> {
                    try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ)) {
                        // The zip given as input is the bundle itself: its entries are the bundle's paths.
                        zip(channel, name, isInput ? "" : name + "!/", 0);
                    }
                }
                case CABINET -> skipped.add(new SkippedFile(name, "cabinet archives are not read"));
                case NONE -> {
                    if (isInput && looksLikeZipByName(name) && !TextEncoding.sniff(head, head.length).readable()) {
                        skipped.add(new SkippedFile(name, "not a readable zip archive: it does not start with a zip signature"));
                    } else {
                        text(name, in, metered, head);
                    }
                }
            }
        } catch (IOException e) {
            skipped.add(new SkippedFile(name, "could not be read: " + describe(e)));
        }
    }

    /**
     * Reads the entries of a zip. {@code name} is the archive's own path, {@code prefix} what entry
     * paths are prefixed with; {@code depth} 0 is a zip of the bundle, 1 a zip inside it.
     */
    private void zip(SeekableByteChannel channel, String name, String prefix, int depth) {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setSeekableByteChannel(channel).get();
        } catch (IOException | RuntimeException e) {
            skipped.add(new SkippedFile(name, "not a readable zip archive: " + describe(e)));
            return;
        }
        try (zip) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntries();
            int seen = 0;
            int notRead = 0;
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                seen++;
                if (seen > budget.limits().maxEntries()) {
                    notRead++;
                    continue;
                }
                entry(zip, entry, prefix, depth);
            }
            if (seen == 0) {
                skipped.add(new SkippedFile(name, "empty zip archive (no files in it)"));
            }
            if (notRead > 0) {
                skipped.add(new SkippedFile(name + "!/*", "the archive has more than " + budget.limits().maxEntries()
                        + " files; " + notRead + " of them were not read"));
            }
        } catch (IOException e) {
            skipped.add(new SkippedFile(name, "zip archive could not be closed cleanly: " + describe(e)));
        }
    }

    private void entry(ZipFile zip, ZipArchiveEntry entry, String prefix, int depth) {
        String rawName = entry.getName();
        String path = prefix + EntryPath.normalise(rawName);
        if (EntryPath.isUnsafe(rawName)) {
            skipped.add(new SkippedFile(prefix + rawName, "unsafe path (it points outside the bundle); not read"));
            return;
        }
        if (entry.getGeneralPurposeBit().usesEncryption()) {
            skipped.add(new SkippedFile(path, "encrypted (password-protected) zip entry"));
            return;
        }
        if (!zip.canReadEntryData(entry)) {
            skipped.add(new SkippedFile(path, "zip entry uses an unsupported compression method (" + entry.getMethod() + ")"));
            return;
        }
        try (InputStream raw = zip.getInputStream(entry)) {
            ScanBudget.Metered metered = budget.meterEntry(raw, entry.getCompressedSize());
            BufferedInputStream in = new BufferedInputStream(metered, STREAM_BUFFER);
            byte[] head = BundleFile.head(in);
            switch (BundleFile.container(head)) {
                case ZIP -> {
                    if (depth >= 1) {
                        skipped.add(new SkippedFile(path, "zip nested more than one level deep is not read"));
                    } else {
                        nestedZip(in, path);
                    }
                }
                case CABINET -> skipped.add(new SkippedFile(path, "cabinet archives are not read"));
                case NONE -> text(path, in, metered, head);
            }
        } catch (IOException | RuntimeException e) {
            skipped.add(new SkippedFile(path, "could not be read: " + describe(e)));
        }
    }

    /** Opens a zip inside a zip: in memory when small, else from a temp file deleted afterwards. */
    private void nestedZip(InputStream in, String path) throws IOException {
        int inMemory = (int) Math.min(budget.limits().nestedZipInMemoryBytes(), Integer.MAX_VALUE - 16);
        byte[] start = in.readNBytes(inMemory + 1);
        if (start.length <= inMemory) {
            zip(new SeekableInMemoryByteChannel(start), path, path + "!/", 1);
            return;
        }
        Path folder = Files.createTempDirectory("patchdesk-nested-");
        Path copy = folder.resolve("nested.zip");
        try {
            try (OutputStream out = Files.newOutputStream(copy, StandardOpenOption.CREATE_NEW)) {
                out.write(start);
                in.transferTo(out);
            }
            try (SeekableByteChannel channel = Files.newByteChannel(copy, StandardOpenOption.READ)) {
                zip(channel, path, path + "!/", 1);
            }
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(folder);
        }
    }

    private void text(String path, BufferedInputStream in, ScanBudget.Metered metered, byte[] head) {
        try {
            BundleFile.Outcome outcome = BundleFile.read(path, in, metered, head, sink, budget.limits());
            if (outcome.read() != null) {
                read.add(outcome.read());
            } else {
                skipped.add(new SkippedFile(path, outcome.skipReason()));
            }
        } catch (ScanBudget.Exceeded e) {
            skipped.add(new SkippedFile(path, e.getMessage() + "; what was read before was kept"));
        } catch (IOException | RuntimeException e) {
            skipped.add(new SkippedFile(path, "could not be read to the end: " + describe(e)
                    + "; what was read before was kept"));
        }
    }

    private static boolean looksLikeZipByName(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
