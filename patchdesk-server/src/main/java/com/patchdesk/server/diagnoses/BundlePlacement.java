package com.patchdesk.server.diagnoses;

import com.patchdesk.server.files.CaseFile;
import com.patchdesk.server.files.CaseFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts a stored upload where an analysis reads it, under the upload's own name so that the report names what the
 * customer sent: a symbolic link to the blob when it is a local file (no copy of a 1 GiB bundle), otherwise a
 * streamed copy (S3).
 */
final class BundlePlacement {

    private BundlePlacement() {}

    static void place(CaseFiles files, CaseFile file, Path bundle) throws IOException {
        var local = files.localFile(file);
        if (local.isPresent()) {
            try {
                Files.createSymbolicLink(bundle, local.get().toAbsolutePath());
                return;
            } catch (UnsupportedOperationException | IOException noLinks) {
                // A file system without symbolic links: fall back to copying.
            }
        }
        try (InputStream in = files.open(file, null)) {
            Files.copy(in, bundle, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
