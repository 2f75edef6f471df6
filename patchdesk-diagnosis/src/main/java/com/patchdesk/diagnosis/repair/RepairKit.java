package com.patchdesk.diagnosis.repair;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A repair kit: exactly the components a diagnosis names, from a library, as a zip the customer unpacks on the damaged
 * machine: {@code WinSxS\<identity>\...} and {@code WinSxS\Manifests\<identity>.manifest}, {@code repair.ps1} (backs
 * up, takes ownership, copies, gives the folders back to TrustedInstaller with their ACLs, runs DISM RestoreHealth
 * with the kit as its source and checks the store again) and {@code README.txt} in the case's language first, then the
 * other. Components the library lacks are listed in {@link Contents#missing()} and in {@code MISSING.txt}, each with
 * the exact build a donor machine must have.
 */
public final class RepairKit {

    private static final String SCRIPT = "/com/patchdesk/diagnosis/repair/repair.ps1";

    private RepairKit() {}

    /** What went into a kit and what the library lacked. */
    public record Contents(List<ComponentIdentity> included, List<ComponentIdentity> missing) {
        public Contents {
            included = List.copyOf(included);
            missing = List.copyOf(missing);
        }
    }

    /** Which of {@code wanted} the library holds, without writing anything. */
    public static Contents plan(List<ComponentIdentity> wanted, ComponentLibrary library) throws IOException {
        List<ComponentIdentity> included = new ArrayList<>();
        List<ComponentIdentity> missing = new ArrayList<>();
        for (ComponentIdentity id : wanted) {
            (library.find(id).isPresent() ? included : missing).add(id);
        }
        return new Contents(included, missing);
    }

    public static Contents write(
            List<ComponentIdentity> wanted, ComponentLibrary library, Locale language, OutputStream target)
            throws IOException {
        List<ComponentIdentity> included = new ArrayList<>();
        List<ComponentIdentity> missing = new ArrayList<>();
        ZipOutputStream zip = new ZipOutputStream(target, StandardCharsets.UTF_8);
        for (ComponentIdentity id : wanted) {
            Optional<ComponentLibrary.Component> component = library.find(id);
            if (component.isEmpty()) {
                missing.add(id);
                continue;
            }
            included.add(id);
            entry(zip, "WinSxS/Manifests/" + id.manifestName(), component.get().manifest());
            for (ComponentLibrary.File file : component.get().files()) {
                entry(zip, "WinSxS/" + id.folder() + "/" + file.path().replace('\\', '/'), file.content());
            }
        }
        text(zip, "repair.ps1", script());
        text(zip, "README.txt", KitReadme.text(included, missing, language));
        if (!missing.isEmpty()) {
            text(zip, "MISSING.txt", KitReadme.missing(missing, language));
        }
        zip.finish();
        return new Contents(included, missing);
    }

    static String script() {
        try (InputStream in = RepairKit.class.getResourceAsStream(SCRIPT)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void entry(ZipOutputStream zip, String name, ComponentLibrary.Content content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        try (InputStream in = content.open()) {
            in.transferTo(zip);
        }
        zip.closeEntry();
    }

    private static void text(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        // A BOM, so that Notepad and Windows PowerShell 5.1 read the text (and Chinese in it) as UTF-8.
        zip.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        zip.write(text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
