package com.patchdesk.server.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Log bundles for the page tests, zipped at test time from folders under {@code src/test/resources/web/bundles}
 * (real-format log excerpts of the seed case, as CMGELogCollector would collect them).
 */
final class SeedBundles {

    static final String DOWNLOAD_FAILED = "download-failed-then-package-not-found";

    private SeedBundles() {}

    static byte[] zip(String name) {
        try {
            Path root = Path.of(
                    SeedBundles.class.getResource("/web/bundles/" + name).toURI());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes);
                    Stream<Path> walk = Files.walk(root)) {
                List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
                for (Path file : files) {
                    zip.putNextEntry(
                            new ZipEntry(root.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the bundle to a file, for the browser's file input. */
    static Path zipTo(String name, Path folder) {
        try {
            Files.createDirectories(folder);
            return Files.write(folder.resolve(name + ".zip"), zip(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
