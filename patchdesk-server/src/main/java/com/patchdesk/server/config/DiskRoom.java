package com.patchdesk.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * The free-space floor ({@code patchdesk.data-free-space-floor}) as writes meet it. What customers send (uploads,
 * resumable parts, mail attachments) is refused before it would leave less than the floor free, both before a byte
 * is read (its declared length) and while it is written: the floor stays for what must be written after them, the
 * database first (H2 lives in the data folder and closes itself after a failed write), then the failed upload's own
 * record and its timeline entry. Before, the floor only turned health DOWN once an upload had taken the disk to zero.
 */
@Component
public class DiskRoom {

    private final long floor;
    private final Path dataDir;

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
     * {@code where} would leave less than the floor free on its file system.
     */
    public void ensure(Path where, long bytes) throws IOException {
        long usable = usableSpace(where);
        long more = Math.max(bytes, 0);
        if (usable - more < floor) {
            throw new FreeSpaceFloorReached(where, more, usable, floor);
        }
    }

    /** The usable space of the file system {@code where} is on, or will be on (its nearest existing folder). */
    public static long usableSpace(Path where) throws IOException {
        Path existing = where.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new java.nio.file.NoSuchFileException(where.toString());
        }
        return Files.getFileStore(existing).getUsableSpace();
    }
}
