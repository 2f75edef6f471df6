package com.patchdesk.server.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.disk.DiskStorageService;

/**
 * tus-java-server's folder of uploads in progress, which also says where an upload's bytes are, so that its analysis
 * can follow them as they arrive ({@link TusUploads}), and which uploads of a link are in progress, so that a link's
 * unfinished uploads stay within what it accepts. The library keeps each upload's bytes in a file named
 * {@value #BYTES} in the upload's folder and has no public way to name it; {@link #bytesOf} is checked before use, and
 * an upload whose file is not there is analysed once stored, as before.
 */
final class TusScratch extends DiskStorageService {

    static final String BYTES = "data";

    TusScratch(String storagePath) {
        super(storagePath);
    }

    /** Where the bytes of upload {@code id} are written as they arrive. */
    Path bytesOf(UploadId id) {
        return getPathInStorageDirectory(id).resolve(BYTES);
    }

    /** When the bytes of upload {@code id} last grew (its creation when none came; long ago when it is gone). */
    Instant lastWritten(UploadId id) {
        return lastWritten(getPathInStorageDirectory(id));
    }

    /** An upload not yet complete: its id and when its bytes last grew (its creation when none came). */
    record InProgress(UploadId id, Instant lastWritten) {}

    /**
     * The uploads of {@code owner} still in progress, the least recently written first. Read from the folder, so that
     * uploads from before a restart count; one being created or removed meanwhile may be missed.
     */
    List<InProgress> inProgress(String owner) throws IOException {
        List<InProgress> found = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(getStoragePath())) {
            for (Path folder : folders) {
                UploadInfo info = infoOf(folder);
                if (info != null && info.isUploadInProgress() && owner.equals(info.getOwnerKey())) {
                    found.add(new InProgress(info.getId(), lastWritten(folder)));
                }
            }
        } catch (NoSuchFileException none) {
            return List.of();
        }
        found.sort(Comparator.comparing(InProgress::lastWritten));
        return found;
    }

    private UploadInfo infoOf(Path folder) {
        try {
            return getUploadInfo(new UploadId(folder.getFileName().toString()));
        } catch (IOException | RuntimeException notAnUpload) {
            // Not an upload's folder, or one half written or being removed: not counted.
            return null;
        }
    }

    private static Instant lastWritten(Path folder) {
        try {
            Path bytes = folder.resolve(BYTES);
            return Files.getLastModifiedTime(Files.exists(bytes) ? bytes : folder)
                    .toInstant();
        } catch (IOException gone) {
            return Instant.EPOCH;
        }
    }
}
