package com.patchdesk.server.config;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A write refused because it would leave the data folder's file system with less free space than its floor: to the
 * client the same as a full disk (507), to the server the room its database still needs.
 */
public final class FreeSpaceFloorReached extends FileSystemException {

    private static final long serialVersionUID = 1L;

    FreeSpaceFloorReached(Path where, long bytes, long usable, long floor) {
        super(
                where.toString(),
                null,
                "No space left on device for " + bytes + " more bytes: " + usable + " bytes are free and " + floor
                        + " bytes are kept free (patchdesk.data-free-space-floor)");
    }
}
