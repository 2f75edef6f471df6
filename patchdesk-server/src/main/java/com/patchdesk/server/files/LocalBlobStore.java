package com.patchdesk.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.commons.io.input.BoundedInputStream;
import org.slf4j.LoggerFactory;

/**
 * Blobs in a local folder as {@code ab/cd/abcd...} by SHA-256. A put writes a temporary file in the same folder
 * tree while hashing and then moves it into place atomically, so readers never see a half-written blob and an
 * interrupted put leaves nothing behind.
 */
final class LocalBlobStore implements BlobStore {

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final Path incoming;
    /** Enough for a local folder, which serves one server (docs/several-servers.md). */
    private final KeyLocks keyLocks = new KeyLocks();
    /**
     * The threads that write uploads while their next megabyte is read and hashed ({@link HashingCopy}): named, so a
     * thread dump tells them; daemon, and gone after a minute idle (a cached pool), so the store needs no closing.
     */
    private final ExecutorService writers = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable write) {
            Thread thread = new Thread(write, "blob-writer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    /** Asked before each megabyte a put writes (the data folder's free-space floor, {@code DiskRoom}). */
    private final HashingCopy.Room room;

    LocalBlobStore(Path root) throws IOException {
        this(root, HashingCopy.Room.ANY);
    }

    LocalBlobStore(Path root, HashingCopy.Room room) throws IOException {
        this.room = room;
        this.root = root.toAbsolutePath().normalize();
        this.incoming = this.root.resolve("incoming");
        Files.createDirectories(incoming);
    }

    @Override
    public int removeAbandoned(java.time.Instant before) throws IOException {
        int removed = 0;
        try (var parts = Files.newDirectoryStream(incoming, "put-*.part")) {
            for (Path part : parts) {
                try {
                    if (Files.getLastModifiedTime(part).toInstant().isBefore(before) && Files.deleteIfExists(part)) {
                        removed++;
                    }
                } catch (java.nio.file.NoSuchFileException finishedMeanwhile) {
                    // its put completed or failed and removed it
                }
            }
        }
        return removed;
    }

    @Override
    public StoredBlob put(InputStream content, long maxBytes) throws IOException {
        return put(content, maxBytes, Growth.NONE);
    }

    @Override
    public StoredBlob put(InputStream content, long maxBytes, Growth growth) throws IOException {
        Path temp = Files.createTempFile(incoming, "put-", ".part");
        try {
            HashingCopy copy = new HashingCopy();
            try (AsynchronousFileChannel out =
                    AsynchronousFileChannel.open(temp, Set.of(StandardOpenOption.WRITE), writers)) {
                copy.copy(content, out, maxBytes, bytes -> tell(growth, temp, bytes), room);
            }
            String key = copy.sha256Hex();
            moveIntoPlace(temp, key);
            return new StoredBlob(key, copy.size(), key);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Takes the file into the store's incoming folder first, where it is the store's alone (whatever removes the
     * caller's folder meanwhile, a client ending the upload, no longer touches it), then hashes it and moves it into
     * place: owner-only like the blobs a put writes, complete before it is there. A file on another file system than
     * the store is read as a put. A digest {@code known} is taken when the file moved has the size it covers.
     */
    @Override
    public StoredBlob adopt(Path file, long maxBytes, Content known) throws IOException {
        Path temp = Files.createTempFile(incoming, "put-", ".part");
        try {
            try {
                Files.move(file, temp, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException otherFileSystem) {
                try (InputStream content = Files.newInputStream(file)) {
                    return put(content, maxBytes);
                }
            }
            long size;
            String key;
            if (known != null && Files.size(temp) == known.size()) {
                if (known.size() > maxBytes) {
                    throw new BlobTooLargeException(maxBytes);
                }
                size = known.size();
                key = known.sha256();
            } else {
                HashingCopy hash = new HashingCopy();
                try (InputStream content = Files.newInputStream(temp)) {
                    hash.hashOnly(content, maxBytes);
                }
                size = hash.size();
                key = hash.sha256Hex();
            }
            ownerOnly(temp);
            moveIntoPlace(temp, key);
            return new StoredBlob(key, size, key);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Moves a complete content from the incoming folder to its key's place, or, when that content is there already,
     * makes the blob there written now. Either way under the key's lock, which the orphan sweep's delete takes too
     * ({@link #deleteIfWrittenBefore}): the sweep lists a blob as old and no row names it; a put of the same content
     * then either comes first and the blob is young when the sweep looks again under the lock (kept, and the grace
     * period keeps it until the put's row is committed), or comes after the delete and finds no blob, so it moves
     * its own copy in. The moved file is made written now too: an adopted resumable upload's file may have been
     * complete for hours (refused for room, resumed later) and would look old the moment it is in place.
     */
    private void moveIntoPlace(Path temp, String key) throws IOException {
        Path target = path(key);
        synchronized (keyLocks.of(key)) {
            if (Files.exists(target)) {
                try {
                    Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
                    return;
                } catch (NoSuchFileException removedMeanwhile) {
                    // deleted by hand or by another process on a shared folder (not supported): store ours
                }
            }
            Files.createDirectories(target.getParent());
            Files.setLastModifiedTime(temp, FileTime.from(Instant.now()));
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
                // Another put of the same content finished first; its copy is identical.
                Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
            }
        }
    }

    /** Blobs are the files at {@code ab/cd/abcd...}; the incoming folder holds puts in progress, never walked. */
    @Override
    public void listWrittenBefore(Instant before, Consumer<Listed> each) throws IOException {
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), 3, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return dir.equals(incoming) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String name = file.getFileName().toString();
                if (attributes.isRegularFile()
                        && KEY.matcher(name).matches()
                        && file.equals(path(name))
                        && attributes.lastModifiedTime().toInstant().isBefore(before)) {
                    each.accept(new Listed(
                            name,
                            attributes.size(),
                            attributes.lastModifiedTime().toInstant()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // removed while the walk went by (a delete, a put's temp file): nothing to list
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public boolean deleteIfWrittenBefore(String key, Instant before) throws IOException {
        Path target = path(key);
        synchronized (keyLocks.of(key)) {
            try {
                if (!Files.getLastModifiedTime(target).toInstant().isBefore(before)) {
                    return false;
                }
            } catch (NoSuchFileException gone) {
                return false;
            }
            return Files.deleteIfExists(target);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data folder's own access rules apply.
        }
    }

    /** A follower's failure is its own: the upload goes on and is stored. */
    private static void tell(Growth growth, Path file, long bytes) {
        try {
            growth.written(file, bytes);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(LocalBlobStore.class).warn("a reader following an upload failed", e);
        }
    }

    @Override
    public InputStream open(String key, BlobRange range) throws IOException {
        Path path = path(key);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException("blob " + key);
        }
        if (range == null) {
            return Channels.newInputStream(channel);
        }
        channel.position(range.first());
        return BoundedInputStream.builder()
                .setInputStream(Channels.newInputStream(channel))
                .setMaxCount(range.length())
                .get();
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public java.util.Optional<Path> localFile(String key) {
        Path path = path(key);
        return Files.isRegularFile(path) ? java.util.Optional.of(path) : java.util.Optional.empty();
    }

    @Override
    public java.util.Optional<Path> localRoot() {
        return java.util.Optional.of(root);
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    private Path path(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
    }
}
