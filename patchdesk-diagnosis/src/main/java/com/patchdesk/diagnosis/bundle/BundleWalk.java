package com.patchdesk.diagnosis.bundle;

import com.patchdesk.diagnosis.read.EventSink;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * One scan's walk over folders, zips and files, collecting what was read and what was skipped.
 * Zip entries are read as streams straight from the archive; nothing is extracted, except that a
 * nested zip too big for memory is copied to a private temp folder that is always deleted. A zip is read by its
 * central directory, or by its local headers when it is damaged ({@link #salvage}) or still arriving ({@link
 * StreamedZip}); each entry is handled the same way whichever the source ({@link ZipEntries}).
 */
final class BundleWalk {

    private static final int STREAM_BUFFER = 1 << 16;

    private final TextFiles texts;
    private final ScanBudget budget;
    private final List<ReadFile> read = new ArrayList<>();
    private final List<SkippedFile> skipped = new ArrayList<>();

    BundleWalk(EventSink sink, ScanBudget budget) {
        this(
                new TextFiles() {
                    @Override
                    public boolean wanted(String path) {
                        return true;
                    }

                    @Override
                    public BundleFile.Outcome read(
                            String path, BufferedInputStream in, ScanBudget.Metered metered, byte[] head)
                            throws IOException {
                        return BundleFile.read(path, in, metered, head, sink, budget.limits());
                    }
                },
                budget);
    }

    BundleWalk(TextFiles texts, ScanBudget budget) {
        this.texts = texts;
        this.budget = budget;
    }

    /**
     * What the walk does with the text files it reaches: the scan reads every one; a later pass that needs only
     * some of them says which, and the walk then does not open the others (nor archives that hold none of them).
     */
    interface TextFiles {
        /** Whether {@code path} is wanted, or is an archive whose contents may be. */
        boolean wanted(String path);

        BundleFile.Outcome read(String path, BufferedInputStream in, ScanBudget.Metered metered, byte[] head)
                throws IOException;
    }

    List<ReadFile> read() {
        return Collections.unmodifiableList(read);
    }

    List<SkippedFile> skipped() {
        return Collections.unmodifiableList(skipped);
    }

    void folder(Path root) throws BundleUnreadableException {
        List<Path> files = new ArrayList<>();
        List<SkippedFile> unlisted = new ArrayList<>();
        try {
            // Symbolic links are listed, not followed: a bundle must not reach outside its folder.
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    files.add(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    unlisted.add(new SkippedFile(
                            EntryPath.normalise(root.relativize(file).toString()),
                            "could not be listed: " + describe(e)));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new BundleUnreadableException("cannot list folder " + root + ": " + describe(e), e);
        }
        files.sort(null);
        skipped.addAll(unlisted);
        for (Path file : files) {
            String name = EntryPath.normalise(root.relativize(file).toString());
            if (!texts.wanted(name)) {
                continue;
            }
            if (Files.isSymbolicLink(file)) {
                skipped.add(new SkippedFile(name, "symbolic link, not followed"));
            } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
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
        // The zip given as input is the bundle itself: its entries are the bundle's paths.
        String prefix = isInput ? "" : name + "!/";
        try (InputStream raw = Files.newInputStream(file)) {
            // A zip on disk is read by its central directory, at its end: from the file, not from this stream.
            file(
                    raw,
                    name,
                    isInput,
                    in -> zip(() -> Files.newByteChannel(file, StandardOpenOption.READ), name, prefix, 0));
        } catch (IOException e) {
            skipped.add(new SkippedFile(name, "could not be read: " + describe(e)));
        }
    }

    /**
     * The input as {@link #topFile} reads it, from its bytes as they arrive: a cabinet or a log is read as from disk,
     * a zip by its local headers, since its central directory comes last. Returns that zip, for the complete file's
     * central directory to confirm; null when the input is not a zip.
     */
    StreamedZip arrivingFile(String name, InputStream arriving) {
        // Filled by the zip reader below, which only runs when the head says zip.
        List<StreamedZip> streamed = new ArrayList<>(1);
        try {
            file(arriving, name, true, in -> {
                StreamedZip zip = new StreamedZip(in);
                streamed.add(zip);
                try (zip) {
                    zipEntries(zip, name, "", 0);
                }
            });
        } catch (IOException e) {
            skipped.add(new SkippedFile(name, "could not be read: " + describe(e)));
        }
        return streamed.isEmpty() ? null : streamed.get(0);
    }

    /** What a file found to be a zip is handed to; it gets the file's stream, its head not consumed. */
    @FunctionalInterface
    private interface ZipReader {
        void read(BufferedInputStream in) throws IOException;
    }

    /** A file of the bundle, or the input itself, recognised by its head and read accordingly. */
    private void file(InputStream raw, String name, boolean isInput, ZipReader zip) throws IOException {
        ScanBudget.Metered metered = budget.meterPlain(raw);
        BufferedInputStream in = new BufferedInputStream(metered, STREAM_BUFFER);
        byte[] head = BundleFile.head(in);
        switch (BundleFile.container(head)) {
            case ZIP -> zip.read(in);
            case CABINET -> cabinet(name, in);
            case NONE -> {
                if (isInput
                        && looksLikeZipByName(name)
                        && !TextEncoding.sniff(head, head.length).readable()) {
                    skipped.add(new SkippedFile(
                            name, "not a readable zip archive: it does not start with a zip signature"));
                } else {
                    text(name, in, metered, head);
                }
            }
        }
    }

    /**
     * Reads the entries of a zip. {@code name} is the archive's own path, {@code prefix} what entry
     * paths are prefixed with; {@code depth} 0 is a zip of the bundle, 1 a zip inside it.
     */
    private void zip(ZipBytes bytes, String name, String prefix, int depth) {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setSeekableByteChannel(bytes.open()).get();
        } catch (IOException | RuntimeException e) {
            salvage(bytes, name, prefix, depth, describe(e));
            return;
        }
        try (zip) {
            zipEntries(new CentralDirectory(zip), name, prefix, depth);
        } catch (IOException e) {
            skipped.add(new SkippedFile(name, "zip archive could not be closed cleanly: " + describe(e)));
        }
    }

    /** The files of a sound zip, in its order: each read or skipped, those past the entry cap only counted. */
    private void zipEntries(ZipEntries zip, String name, String prefix, int depth) throws IOException {
        int seen = 0;
        int notRead = 0;
        for (ZipArchiveEntry entry = zip.next(); entry != null; entry = zip.next()) {
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
            skipped.add(new SkippedFile(
                    name + "!/*",
                    "the archive has more than " + budget.limits().maxEntries() + " files; " + notRead
                            + " of them were not read"));
        }
    }

    /** Reads one entry when it is wanted and admissible; false when reading it failed (the reason is recorded). */
    private boolean entry(ZipEntries zip, ZipArchiveEntry entry, String prefix, int depth) {
        if (!texts.wanted(prefix + EntryPath.normalise(ZipEntryName.of(entry)))
                || !admissible(entry, prefix, zip.canRead(entry))) {
            return true;
        }
        try (InputStream raw = zip.content(entry)) {
            entryContent(raw, entry, prefix, depth);
            return true;
        } catch (IOException | RuntimeException e) {
            skipped.add(new SkippedFile(
                    prefix + EntryPath.normalise(ZipEntryName.of(entry)), "could not be read: " + describe(e)));
            return false;
        }
    }

    /** False (with the reason recorded) for an entry that must not or cannot be read. */
    private boolean admissible(ZipArchiveEntry entry, String prefix, boolean canRead) {
        String rawName = ZipEntryName.of(entry);
        String path = prefix + EntryPath.normalise(rawName);
        if (EntryPath.isUnsafe(rawName)) {
            skipped.add(new SkippedFile(prefix + rawName, "unsafe path (it points outside the bundle); not read"));
            return false;
        }
        if (entry.getGeneralPurposeBit().usesEncryption()) {
            skipped.add(new SkippedFile(path, "encrypted (password-protected) zip entry"));
            return false;
        }
        if (!canRead || !codecPresent(entry.getMethod())) {
            skipped.add(new SkippedFile(
                    path, "zip entry uses an unsupported compression method (" + entry.getMethod() + ")"));
            return false;
        }
        return true;
    }

    /**
     * Zstandard (93, and 20 of early writers) and XZ (95) entries need libraries the engine does not ship:
     * commons-compress says it can read them, then fails with a NoClassDefFoundError (an Error, which nothing here
     * should catch) when it loads the codec. A damaged header can name these methods too.
     */
    private static boolean codecPresent(int method) {
        String codec = switch (method) {
            case 20, 93 -> "com.github.luben.zstd.ZstdInputStream";
            case 95 -> "org.tukaani.xz.XZInputStream";
            default -> null;
        };
        if (codec == null) {
            return true;
        }
        try {
            Class.forName(codec, false, BundleWalk.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private void entryContent(InputStream raw, ZipArchiveEntry entry, String prefix, int depth) throws IOException {
        String path = prefix + EntryPath.normalise(ZipEntryName.of(entry));
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
            case CABINET -> cabinet(path, in);
            case NONE -> text(path, in, metered, head);
        }
    }

    /**
     * A zip whose central directory is missing or broken (typically an upload cut short) still has
     * its entries' local headers: read the entries in order up to the damage, so nothing before it is lost.
     */
    private void salvage(ZipBytes bytes, String name, String prefix, int depth, String problem) {
        int readBefore = read.size();
        int skippedBefore = skipped.size();
        try (SeekableByteChannel channel = bytes.open();
                ZipArchiveInputStream zip = new ZipArchiveInputStream(
                        new BufferedInputStream(Channels.newInputStream(channel), STREAM_BUFFER),
                        "UTF-8",
                        true,
                        true)) {
            ZipEntries entries = new LocalHeaders(zip);
            int seen = 0;
            for (ZipArchiveEntry entry = entries.next(); entry != null; entry = entries.next()) {
                if (entry.isDirectory()) {
                    continue;
                }
                if (++seen > budget.limits().maxEntries() || !entry(entries, entry, prefix, depth)) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The damage itself: what came before it has been read; the note below says so.
        }
        boolean anything = read.size() > readBefore || skipped.size() > skippedBefore;
        skipped.add(new SkippedFile(
                name,
                anything
                        ? "damaged zip archive (" + problem + "); the files before the damage were read"
                        : "not a readable zip archive: " + problem));
    }

    /** Where a zip's bytes are; opened afresh for a second pass, since a failed ZipFile closes its channel. */
    @FunctionalInterface
    private interface ZipBytes {
        SeekableByteChannel open() throws IOException;
    }

    /** A zip's entries as its central directory lists them. */
    private static final class CentralDirectory implements ZipEntries {
        private final ZipFile zip;
        private final Enumeration<ZipArchiveEntry> entries;

        CentralDirectory(ZipFile zip) {
            this.zip = zip;
            this.entries = zip.getEntries();
        }

        @Override
        public ZipArchiveEntry next() {
            return entries.hasMoreElements() ? entries.nextElement() : null;
        }

        @Override
        public boolean canRead(ZipArchiveEntry entry) {
            return zip.canReadEntryData(entry);
        }

        @Override
        public InputStream content(ZipArchiveEntry entry) throws IOException {
            return zip.getInputStream(entry);
        }
    }

    /** A zip's entries as their local headers follow one another, up to the damage of a damaged zip. */
    private static final class LocalHeaders implements ZipEntries {
        private final ZipArchiveInputStream zip;

        LocalHeaders(ZipArchiveInputStream zip) {
            this.zip = zip;
        }

        /**
         * The next local header. Commons Compress opens a Zstandard entry's decoder as it reaches the header, and its
         * library is optional (not shipped): a damaged or hostile header that says method 93 would throw an Error past
         * the salvage. It is the end of what can be read here, as any other damage.
         */
        @Override
        public ZipArchiveEntry next() throws IOException {
            try {
                return zip.getNextEntry();
            } catch (LinkageError e) {
                throw new IOException("zip entry uses a compression method this reader does not have", e);
            }
        }

        @Override
        public boolean canRead(ZipArchiveEntry entry) {
            return zip.canReadEntryData(entry);
        }

        @Override
        public InputStream content(ZipArchiveEntry entry) {
            return new WholeReads(zip);
        }
    }

    /** Lets a reader close "its" stream without closing the archive stream the next entries come from. */
    static final class Unclosable extends java.io.FilterInputStream {
        Unclosable(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the archive stream stays open for the next entry
        }
    }

    /** The files of a cabinet ({@code CbsPersist_*.cab}), read as they stream out of it. */
    private void cabinet(String path, InputStream in) {
        try {
            Cabinet.read(in, new Cabinet.Files() {
                @Override
                public void file(String name, InputStream content) throws IOException {
                    String filePath = path + "!/" + EntryPath.normalise(name);
                    if (!texts.wanted(filePath)) {
                        return;
                    }
                    if (EntryPath.isUnsafe(name)) {
                        skipped.add(new SkippedFile(
                                path + "!/" + name, "unsafe path (it points outside the bundle); not read"));
                        return;
                    }
                    ScanBudget.Metered metered = budget.meterEntry(content, -1);
                    BufferedInputStream file = new BufferedInputStream(metered, STREAM_BUFFER);
                    byte[] head = BundleFile.head(file);
                    if (BundleFile.container(head) != BundleFile.Container.NONE) {
                        skipped.add(new SkippedFile(filePath, "an archive inside a cabinet is not read"));
                    } else {
                        text(filePath, file, metered, head);
                    }
                }

                @Override
                public void skip(String name, String reason) {
                    skipped.add(new SkippedFile(path + "!/" + name, reason));
                }
            });
        } catch (java.io.EOFException e) {
            skipped.add(new SkippedFile(path, "cabinet ends early (cut short); the files before the cut were kept"));
        } catch (IOException | RuntimeException e) {
            skipped.add(new SkippedFile(
                    path, "cabinet could not be read to the end: " + describe(e) + "; the files before were kept"));
        }
    }

    /** Opens a zip inside a zip: in memory when small, else from a temp file deleted afterwards. */
    private void nestedZip(InputStream in, String path) throws IOException {
        int inMemory = (int) Math.min(budget.limits().nestedZipInMemoryBytes(), Integer.MAX_VALUE - 16);
        byte[] start = in.readNBytes(inMemory + 1);
        if (start.length <= inMemory) {
            zip(() -> new SeekableInMemoryByteChannel(start), path, path + "!/", 1);
            return;
        }
        Path folder = Files.createTempDirectory("patchdesk-nested-");
        Path copy = folder.resolve("nested.zip");
        try {
            try (OutputStream out = Files.newOutputStream(copy, StandardOpenOption.CREATE_NEW)) {
                out.write(start);
                in.transferTo(out);
            }
            zip(() -> Files.newByteChannel(copy, StandardOpenOption.READ), path, path + "!/", 1);
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(folder);
        }
    }

    private void text(String path, BufferedInputStream in, ScanBudget.Metered metered, byte[] head) {
        try {
            BundleFile.Outcome outcome = texts.read(path, in, metered, head);
            if (outcome.read() != null) {
                read.add(outcome.read());
            } else {
                skipped.add(new SkippedFile(path, outcome.skipReason()));
            }
        } catch (ScanBudget.Exceeded e) {
            skipped.add(new SkippedFile(path, e.getMessage() + "; what was read before was kept"));
        } catch (IOException | java.io.UncheckedIOException e) {
            // A damaged entry's stream fails as it is read, wrapped unchecked by line readers: the file's fault.
            skipped.add(new SkippedFile(
                    path, "could not be read to the end: " + describe(e) + "; what was read before was kept"));
        } catch (RuntimeException e) {
            // A reader defect must cost one file, not the bundle; the exception is named so it gets fixed.
            skipped.add(SkippedFile.readerFailed(path, e, describe(e)));
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
