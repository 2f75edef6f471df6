package com.patchdesk.server.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The engine's fixture of the collector's layout ({@code bundles/patchdesk-collector-layout} of patchdesk-diagnosis),
 * zipped as the script zips it: entries relative to the bundle folder, '/' between folders.
 */
final class CollectorBundle {

    static final Path LAYOUT = Path.of(
            "..",
            "patchdesk-diagnosis",
            "src",
            "test",
            "resources",
            "com",
            "patchdesk",
            "diagnosis",
            "bundles",
            "patchdesk-collector-layout");

    private CollectorBundle() {}

    static List<String> files() throws IOException {
        try (Stream<Path> walk = Files.walk(LAYOUT)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> LAYOUT.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    static byte[] zip() throws IOException {
        return com.patchdesk.server.repair.RepairFixtures.zip(LAYOUT);
    }
}
