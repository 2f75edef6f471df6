package com.patchdesk.server.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * Removes what a killed process left in a scratch folder: the entries named with one of the given prefixes and last
 * changed before a time. A process that is alive writes into its entries all the time, so age tells them apart.
 */
public final class ScratchSweep {

    private static final Logger log = LoggerFactory.getLogger(ScratchSweep.class);

    private ScratchSweep() {}

    /** How many entries of {@code folder} named with one of {@code prefixes} and older than {@code before} it removed. */
    public static int remove(Path folder, List<String> prefixes, Instant before) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (prefixes.stream().noneMatch(name::startsWith)) {
                    continue;
                }
                try {
                    if (Files.getLastModifiedTime(entry).toInstant().isBefore(before)
                            && FileSystemUtils.deleteRecursively(entry)) {
                        removed++;
                    }
                } catch (java.nio.file.NoSuchFileException goneMeanwhile) {
                    // its owner finished and removed it
                }
            }
        } catch (IOException e) {
            log.warn("could not clean the scratch folder {}: {}", folder, e.toString());
        }
        return removed;
    }
}
