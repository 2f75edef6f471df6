package com.patchdesk.server.fleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Machines' log bundles made at test time from the engine's fixture bundles (one folder per cause, under
 * patchdesk-diagnosis/src/test/resources/com/patchdesk/diagnosis/bundles), each with a note naming its machine so that
 * no two machines' bundles have the same content (the same content on a case is kept once).
 */
public final class FleetBundles {

    /** Root causes the engine finds in them (rule of the first root finding; null: no failure). */
    public static final String FAR_BEHIND = "build-774-component-1879";

    public static final String DOWNLOAD = "incomplete-download-then-not-found";
    public static final String SSU = "ssu-prerequisite-staged-not-installed";
    public static final String DAMAGED = "checkhealth-repairable-forward-delta-wkscli";
    public static final String INSTALLED = "december-update-installed-after-failures";
    public static final List<String> CAUSES = List.of(FAR_BEHIND, DOWNLOAD, SSU, DAMAGED, INSTALLED);

    /** The engine's bundle fixtures, a folder per cause. */
    static final Path FIXTURES = Path.of(
            "..", "patchdesk-diagnosis", "src", "test", "resources", "com", "patchdesk", "diagnosis", "bundles");

    private FleetBundles() {}

    /** The collector's name for a machine's bundle: {@code CMGELogCollector_<host>_<date>.zip}. */
    public static String name(String host, String date) {
        return "CMGELogCollector_" + host + "_" + date + ".zip";
    }

    /** A machine's bundle of the logs of {@code cause}, marked with {@code marker} (e.g. its host). */
    public static byte[] machine(String cause, String marker) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Path root = FIXTURES.resolve(cause);
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.put("collected-on.txt", ("collected on " + marker + "\r\n").getBytes(StandardCharsets.UTF_8));
        return zip(files);
    }

    public static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
