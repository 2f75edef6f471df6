package com.patchdesk.diagnosis.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A zip of zips, one per machine: what a customer sends when many PCs fail. Diagnosing it as one bundle would
 * merge the logs of every machine into one diagnosis, so it is recognised and each part diagnosed on its own.
 *
 * <p>A zip holds several machines when it has at least two zips in it, nothing else but folders (and the
 * {@code __MACOSX}/hidden files archivers add), and the zips' names do not all name the same host. A bundle that
 * packs one machine's logs as {@code cbs.zip} + {@code wu.zip} is therefore taken for two machines (without host
 * names); collectors name their output after the host, so that is rare, and each part is still diagnosed.
 * Only names and sizes are read here: nothing inside the nested zips is opened.
 */
public final class MachineBundles {

    /** One nested zip: its path in the outer zip, the host its name gives, and its (stated) size. */
    public record Part(String entry, Optional<String> host, long size) {

        /** The part's own file name, without the folders it sat in. */
        public String fileName() {
            int slash = Math.max(entry.lastIndexOf('/'), entry.lastIndexOf('\\'));
            return entry.substring(slash + 1);
        }
    }

    private MachineBundles() {}

    /**
     * The machines' parts of {@code input}, in the zip's order; empty when it is not a zip of several machines
     * (a folder, a single log, an ordinary bundle, a zip that cannot be opened).
     */
    public static List<Part> of(Path input) {
        if (!Files.isRegularFile(input) || !startsLikeZip(input)) {
            return List.of();
        }
        try (ZipFile zip = ZipFile.builder().setPath(input).get()) {
            List<Part> parts = new ArrayList<>();
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                String name = ZipEntryName.of(entry);
                if (entry.isDirectory() || ignorable(name)) {
                    continue;
                }
                if (!name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                    return List.of();
                }
                parts.add(new Part(name, CollectorName.host(name), entry.getSize()));
            }
            if (parts.size() < 2) {
                return List.of();
            }
            Set<String> hosts = parts.stream()
                    .map(p -> p.host().map(h -> h.toUpperCase(Locale.ROOT)).orElse(""))
                    .collect(Collectors.toSet());
            return hosts.size() == 1 && !hosts.contains("") ? List.of() : List.copyOf(parts);
        } catch (IOException | RuntimeException notAZip) {
            return List.of();
        }
    }

    /**
     * Whether the file starts as a zip does, as the bundle walk recognises one ({@link BundleFile#container}). Opening a
     * big log as a zip searched its tail for a directory it does not have before every scan of it.
     */
    private static boolean startsLikeZip(Path input) {
        try (InputStream in = Files.newInputStream(input)) {
            return BundleFile.container(in.readNBytes(4)) == BundleFile.Container.ZIP;
        } catch (IOException unreadable) {
            return false;
        }
    }

    /**
     * Copies one part out of {@code input} to {@code target}, refusing more than {@code maxBytes} (a nested zip
     * that inflates past the upload limit is a bomb, not a bundle).
     */
    public static void copy(Path input, Part part, Path target, long maxBytes) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(input).get()) {
            ZipArchiveEntry entry = Collections.list(zip.getEntries()).stream()
                    .filter(e -> ZipEntryName.of(e).equals(part.entry()))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no entry " + part.entry()));
            try (InputStream in = zip.getInputStream(entry);
                    var out = Files.newOutputStream(target)) {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    total += n;
                    if (total > maxBytes) {
                        throw new IOException(part.entry() + " expands past " + maxBytes + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            }
        }
    }

    private static boolean ignorable(String name) {
        String file = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        return name.startsWith("__MACOSX/") || file.startsWith(".") || file.equalsIgnoreCase("Thumbs.db");
    }
}
