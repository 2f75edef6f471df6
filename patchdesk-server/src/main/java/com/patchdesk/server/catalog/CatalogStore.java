package com.patchdesk.server.catalog;

import com.patchdesk.diagnosis.knowledge.CatalogCompiler;
import com.patchdesk.diagnosis.knowledge.CatalogFolder;
import com.patchdesk.diagnosis.knowledge.CatalogRejectedException;
import com.patchdesk.diagnosis.knowledge.PublishedUpdate;
import com.patchdesk.diagnosis.knowledge.UpdateCatalog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The update catalog the server's analyses use: the one shipped in the engine, or a newer one an admin uploaded,
 * installed in {@code patchdesk.catalog.dir} (default {@code data/catalog}). Each analysis runs in a child JVM that
 * is given this folder, so an upload takes effect with the next analysis, without a restart.
 */
@Component
public class CatalogStore {

    private final CatalogFolder folder;
    /** One upload at a time: two admins uploading at once must not both pass the "newer" check. */
    private final ReentrantLock installing = new ReentrantLock();

    CatalogStore(@Value("${patchdesk.catalog.dir:${patchdesk.data-dir:./data}/catalog}") Path dir) {
        this.folder = new CatalogFolder(dir.toAbsolutePath());
    }

    /** The folder to pass to an analysis JVM ({@code -Dpatchdesk.catalog.dir}). */
    public Path dir() {
        return folder.dir();
    }

    /** What the catalog in use is: its date and origin, and the shipped one's date. */
    public record Status(String date, String source, int updates, boolean uploaded, String shippedDate) {}

    public Status status() {
        UpdateCatalog shipped = UpdateCatalog.shipped();
        UpdateCatalog inUse = folder.inUse(shipped);
        return new Status(
                inUse.date().toString(),
                inUse.source(),
                inUse.updates().size(),
                inUse != shipped,
                shipped.date().toString());
    }

    /**
     * Validates an update history ({@code buildnumbers.json} form) and installs it when newer than the catalog in
     * use; the catalog in use is unchanged when it is refused.
     *
     * @throws CatalogRejectedException saying why the file was refused
     */
    public Status install(byte[] json, String fileName) throws CatalogRejectedException, IOException {
        installing.lock();
        try {
            UpdateCatalog file = CatalogCompiler.compile(
                    PublishedUpdate.read(
                            new ByteArrayInputStream(json),
                            "buildnumbers.json form, uploaded as "
                                    + Optional.ofNullable(fileName).orElse("(unnamed)")),
                    Optional.empty());
            folder.install(file, UpdateCatalog.shipped());
            return status();
        } finally {
            installing.unlock();
        }
    }
}
