package com.patchdesk.server.files;

import java.nio.file.Path;
import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.disk.DiskStorageService;

/**
 * tus-java-server's folder of uploads in progress, which also says where an upload's bytes are, so that its analysis
 * can follow them as they arrive ({@link TusUploads}). The library keeps each upload's bytes in a file named
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
}
