package com.patchdesk.diagnosis.knowledge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The folder a newer catalog is installed in, next to the one shipped inside the engine: {@code catalog.tsv} in
 * the folder named by the system property {@value #PROPERTY}, else the environment variable {@value #ENVIRONMENT},
 * else {@code ~/.patchdesk/catalog}. The engine uses the newer of the two (by catalog date), so installing a catalog
 * never needs a release and a newer release is never held back by an old installed file.
 */
public record CatalogFolder(Path dir) {

    public static final String PROPERTY = "patchdesk.catalog.dir";
    public static final String ENVIRONMENT = "PATCHDESK_CATALOG_DIR";
    static final String FILE = "catalog.tsv";

    public static CatalogFolder configured() {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isBlank()) {
            dir = System.getenv(ENVIRONMENT);
        }
        if (dir == null || dir.isBlank()) {
            return new CatalogFolder(Path.of(System.getProperty("user.home"), ".patchdesk", "catalog"));
        }
        return new CatalogFolder(Path.of(dir));
    }

    public Path file() {
        return dir.resolve(FILE);
    }

    /**
     * The installed catalog; empty when there is none. An installed file that no longer reads (edited by hand) is
     * ignored with a note on standard error rather than stopping every analysis.
     */
    public Optional<UpdateCatalog> installed() {
        if (!Files.isRegularFile(file())) {
            return Optional.empty();
        }
        try (BufferedReader in = Files.newBufferedReader(file(), StandardCharsets.UTF_8)) {
            return Optional.of(CatalogFile.read(in, file().toString()));
        } catch (IOException | CatalogRejectedException e) {
            System.err.println("patchdesk: ignoring the installed catalog " + file() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The newer of {@code shipped} and the installed catalog. */
    public UpdateCatalog inUse(UpdateCatalog shipped) {
        return installed().filter(c -> c.date().isAfter(shipped.date())).orElse(shipped);
    }

    /**
     * Adds the updates of {@code file} (a catalog read from a published history) to the catalog in use and installs
     * the result, when the file is newer than the catalog in use (given the shipped one): a file read before it is
     * refused and the installed file is left as it was. The file is replaced in one move, so an analysis never reads
     * half of it.
     *
     * @return the catalog that was in use before
     */
    public UpdateCatalog install(UpdateCatalog file, UpdateCatalog shipped)
            throws CatalogRejectedException, IOException {
        UpdateCatalog current = inUse(shipped);
        if (!file.date().isAfter(current.date())) {
            throw new CatalogRejectedException("the file's update history is of " + file.date()
                    + ", not newer than the catalog in use (" + current.date() + ")");
        }
        UpdateCatalog candidate = CatalogCompiler.merge(current, file);
        StringWriter text = new StringWriter();
        CatalogFile.write(candidate, text);
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, "catalog", ".tmp");
        try {
            Files.writeString(temporary, text.toString(), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file(), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return current;
    }

    /** Reads a catalog file written by {@link #install}; for tests and the server's upload check. */
    public static UpdateCatalog read(Path file) throws CatalogRejectedException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CatalogFile.read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
