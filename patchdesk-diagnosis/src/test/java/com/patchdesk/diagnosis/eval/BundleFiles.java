package com.patchdesk.diagnosis.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The files of a case's bundle, by their '/'-separated path in it, as {@link Evaluation} takes the bundle: the files
 * under {@code bundle/}, or the entries of the one zip there. A zip inside a folder stays one file.
 */
record BundleFiles(Map<String, byte[]> files) {

    BundleFiles {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    static BundleFiles of(Path caseFolder) throws IOException {
        Path bundle = caseFolder.resolve("bundle");
        List<Path> top;
        try (Stream<Path> list = Files.list(bundle)) {
            top = list.toList();
        }
        // As Evaluation takes a bundle: a zip alone at its top is the bundle.
        if (top.size() == 1
                && Files.isRegularFile(top.get(0))
                && top.get(0).getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            return entries(top.get(0));
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(bundle)) {
            all = walk.filter(Files::isRegularFile).sorted().toList();
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Path file : all) {
            files.put(bundle.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
        }
        return new BundleFiles(files);
    }

    /** Writes every file under {@code folder}, in its path. */
    void writeTo(Path folder) {
        files.forEach((path, bytes) -> {
            try {
                Path file = folder.resolve(path).normalize();
                if (!file.startsWith(folder)) {
                    throw new IllegalArgumentException("a path outside the bundle: " + path);
                }
                Files.createDirectories(file.getParent());
                Files.write(file, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static BundleFiles entries(Path zip) throws IOException {
        try {
            return entries(zip, StandardCharsets.UTF_8);
        } catch (ZipException | IllegalArgumentException e) {
            // Names written without the UTF-8 flag by Chinese Windows' "Send to compressed folder" are GBK.
            return entries(zip, Charset.forName("GB18030"));
        }
    }

    private static BundleFiles entries(Path zip, Charset names) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile(), names)) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                if (!entry.isDirectory()) {
                    files.put(entry.getName(), file.getInputStream(entry).readAllBytes());
                }
            }
        }
        return new BundleFiles(files);
    }
}
