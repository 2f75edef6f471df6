package com.patchdesk.server.config;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;

/**
 * The free-space floor ({@code patchdesk.data-free-space-floor}) as writes meet it. What customers send (uploads,
 * resumable parts, mail attachments) is refused before it would leave less than the floor free, both before a byte
 * is read (its declared length) and while it is written: the floor stays for what must be written after them, the
 * database first (H2 lives in the data folder and closes itself after a failed write), then the failed upload's own
 * record and its timeline entry. Before, the floor only turned health DOWN once an upload had taken the disk to zero.
 *
 * <p>An upload whose length is declared {@linkplain #reserve reserves} it while it runs: what it has still to write
 * counts as taken for every other check on the same file system, so that uploads admitted together cannot overflow
 * the disk between them (each saw the same free space before, and all were let in).
 */
@Component
public class DiskRoom {

    private final long floor;
    private final Path dataDir;
    /** The reservations of uploads running now, on any file system; shared by every request, hence concurrent. */
    private final Set<Reservation> held = ConcurrentHashMap.newKeySet();

    public DiskRoom(DataFolder data) {
        this.floor = data.dataFreeSpaceFloor().toBytes();
        this.dataDir = data.dataDir();
    }

    /**
     * As {@link #ensure(Path, long)} for the data folder, where uploads are spooled and resumable parts kept before
     * they are stored: asked with an upload's declared length before a byte of it is read.
     */
    public void ensure(long bytes) throws IOException {
        ensure(dataDir, bytes);
    }

    /** The floor in bytes. */
    public long floor() {
        return floor;
    }

    /**
     * Throws {@link FreeSpaceFloorReached} when writing {@code bytes} more (none when negative: not known) under
     * {@code where} would leave less than the floor free on its file system, counting what the uploads that reserved
     * room there have still to write.
     */
    public void ensure(Path where, long bytes) throws IOException {
        FileStore store = storeOf(where);
        long more = Math.max(bytes, 0);
        long usable = store.getUsableSpace() - reservedOn(store);
        if (usable - more < floor) {
            throw new FreeSpaceFloorReached(where, more, usable, floor);
        }
    }

    /**
     * Reserves room for {@code bytes} (an upload's declared length) under {@code where}, as {@link #ensure} admits
     * them, until the reservation is closed (a negative length, not declared, reserves nothing). {@code written} tells how many of them are on the disk already (they then
     * count in its free space instead); it is asked at each check, from any thread.
     */
    public Reservation reserve(Path where, long bytes, LongSupplier written) throws IOException {
        FileStore store = storeOf(where);
        if (bytes < 0) {
            ensure(where, bytes); // no length declared: checked as it is written, nothing to reserve
            return unreserved();
        }
        // One admission at a time: two checks at once would each see the room the other is about to take.
        synchronized (held) {
            ensure(where, bytes);
            Reservation reservation = new Reservation(store, Math.max(bytes, 0), written);
            held.add(reservation);
            return reservation;
        }
    }

    /** A reservation of nothing, for a write whose room is not this machine's (S3) or not known beforehand. */
    public Reservation unreserved() {
        return new Reservation(null, 0, () -> 0);
    }

    /** As {@link #reserve(Path, long, LongSupplier)} in the data folder. */
    public Reservation reserve(long bytes, LongSupplier written) throws IOException {
        return reserve(dataDir, bytes, written);
    }

    /** The bytes reserved uploads have still to write on {@code store}. */
    private long reservedOn(FileStore store) {
        long reserved = 0;
        for (Reservation reservation : held) {
            if (store.equals(reservation.store)) {
                reserved += reservation.outstanding();
            }
        }
        return reserved;
    }

    /** How many bytes reservations hold now in the data folder's file system; for tests and health. */
    public long reserved() throws IOException {
        return reservedOn(storeOf(dataDir));
    }

    /**
     * Room taken by an upload while it runs; closing it (stored, failed, the client gone) gives back what it did not
     * write. Closing twice is harmless.
     */
    public final class Reservation implements AutoCloseable {

        private final FileStore store;
        private final long bytes;
        private final LongSupplier written;

        private Reservation(FileStore store, long bytes, LongSupplier written) {
            this.store = store;
            this.bytes = bytes;
            this.written = written;
        }

        /** The reserved bytes not yet on the disk. */
        long outstanding() {
            long done;
            try {
                done = written.getAsLong();
            } catch (RuntimeException unknown) {
                done = 0; // its file is being moved or removed: still counted whole until it is closed
            }
            return Math.max(0, bytes - Math.max(0, done));
        }

        @Override
        public void close() {
            held.remove(this);
        }
    }

    /** The usable space of the file system {@code where} is on, or will be on (its nearest existing folder). */
    public static long usableSpace(Path where) throws IOException {
        return storeOf(where).getUsableSpace();
    }

    /** The file system {@code where} is on, or will be on (its nearest existing folder). */
    private static FileStore storeOf(Path where) throws IOException {
        Path existing = where.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new java.nio.file.NoSuchFileException(where.toString());
        }
        return Files.getFileStore(existing);
    }
}
