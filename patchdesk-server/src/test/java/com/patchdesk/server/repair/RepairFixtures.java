package com.patchdesk.server.repair;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The engine's repair fixtures (synthetic seed components, donor zips) and its seed checkhealth bundle. */
public final class RepairFixtures {

    static final Path ENGINE =
            Path.of("..", "patchdesk-diagnosis", "src", "test", "resources", "com", "patchdesk", "diagnosis");
    public static final String EFI =
            "amd64_microsoft-windows-b..ironment-dvd-efisys_31bf3856ad364e35_10.0.17763.4974_none_aff3b818b4d7548d";
    public static final String NET =
            "amd64_microsoft-windows-w..ationservice-netapi_31bf3856ad364e35_10.0.17763.2803_none_c2d208398729f542";

    private RepairFixtures() {}

    public static byte[] donor(String name) throws IOException {
        return Files.readAllBytes(ENGINE.resolve("repair").resolve(name));
    }

    /** The seed case's checkhealth bundle naming both components, zipped. */
    public static byte[] seedBundle() throws IOException {
        return zip(ENGINE.resolve("bundles/checkhealth-repairable-forward-delta-wkscli"));
    }

    /** A later bundle of the seed case: the update installed, no store damage (the step worked). */
    public static byte[] healthyBundle() throws IOException {
        return zip(ENGINE.resolve("bundles/december-update-installed-after-failures"));
    }

    /** A folder zipped with '/' between folders, entries relative to it, in name order. */
    public static byte[] zip(Path root) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes);
                Stream<Path> walk = Files.walk(root)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path file : files) {
                zip.putNextEntry(new ZipEntry(root.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
