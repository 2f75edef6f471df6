package com.patchdesk.diagnosis.repair;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Donor material from a healthy machine: a zip of WinSxS component folders with their manifests, laid out as in
 * {@code C:\Windows\WinSxS} ({@code <identity>\...} and {@code Manifests\<identity>.manifest}, optionally under a
 * folder named WinSxS). Everything is checked before anything is taken: safe paths, folder and manifest names that
 * are component identities, a manifest for every folder that declares that folder's component, and each file's
 * digest equal to its manifest's. Files under {@code f\}, {@code r\} and {@code n\} (the forward, reverse and null
 * deltas Windows 10 keeps beside a file) are taken when their file is one the manifest lists; the manifest has no
 * digest for them. One problem refuses the whole zip ({@link DonorMaterialException}).
 */
public final class DonorZip {

    static final long MAX_FILE = 256L << 20;
    static final long MAX_TOTAL = 2L << 30;
    static final int MAX_ENTRIES = 20_000;
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:");
    private static final List<String> DELTA_FOLDERS = List.of("f", "r", "n");

    private DonorZip() {}

    /** A component as the donor gave it, its files extracted under the scratch folder. */
    public record DonorComponent(ComponentIdentity identity, Path manifest, List<DonorFile> files) {
        public DonorComponent {
            files = List.copyOf(files);
        }
    }

    /** {@code path} is relative to the component folder, '\' between folders, as in WinSxS. */
    public record DonorFile(String path, Path content, String sha256, long size) {}

    /** Reads and checks the whole zip, extracting into {@code scratch} (an empty folder the caller removes). */
    public static List<DonorComponent> read(Path zip, Path scratch) throws IOException {
        Map<String, Path> manifests = new LinkedHashMap<>();
        Map<String, List<DonorFile>> folders = new LinkedHashMap<>();
        long total = 0;
        int count = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (++count > MAX_ENTRIES) {
                    throw new DonorMaterialException("the zip has more than " + MAX_ENTRIES + " entries");
                }
                String path = safePath(entry.getName());
                if (entry.isDirectory() || path.isEmpty()) {
                    continue;
                }
                String[] parts = path.split("/", 2);
                if (parts.length < 2) {
                    throw new DonorMaterialException(
                            entry.getName() + " is not inside a component folder or Manifests");
                }
                Path target = scratch.resolve("f" + count);
                long size;
                try (InputStream in = file.getInputStream(entry)) {
                    size = copy(in, target, Math.min(MAX_FILE, MAX_TOTAL - total), entry.getName());
                }
                total += size;
                if (parts[0].equalsIgnoreCase("Manifests")) {
                    String name = parts[1];
                    if (!name.toLowerCase(Locale.ROOT).endsWith(".manifest") || name.contains("/")) {
                        throw new DonorMaterialException(entry.getName() + " is not a component manifest");
                    }
                    manifests.put(
                            identity(name.substring(0, name.length() - ".manifest".length()), entry.getName()), target);
                } else {
                    String folder = identity(parts[0], entry.getName());
                    folders.computeIfAbsent(folder, k -> new ArrayList<>())
                            .add(new DonorFile(parts[1].replace('/', '\\'), target, sha256(target), size));
                }
            }
        } catch (ZipException e) {
            throw new DonorMaterialException("not a readable zip (" + e.getMessage() + ")");
        }
        if (manifests.isEmpty() && folders.isEmpty()) {
            throw new DonorMaterialException("the zip holds no component");
        }
        List<DonorComponent> components = new ArrayList<>();
        for (Map.Entry<String, Path> m : manifests.entrySet()) {
            ComponentIdentity identity = ComponentIdentity.parse(m.getKey()).orElseThrow();
            ComponentManifest manifest =
                    ComponentManifest.parse("Manifests\\" + identity.manifestName(), Files.readAllBytes(m.getValue()));
            if (!manifest.declares(identity)) {
                throw new DonorMaterialException("Manifests\\" + identity.manifestName() + " declares "
                        + manifest.architecture() + " " + manifest.name() + " " + manifest.version()
                        + ", not the component its name says");
            }
            List<DonorFile> files = folders.getOrDefault(m.getKey(), List.of());
            for (DonorFile f : files) {
                check(identity, manifest, f);
            }
            components.add(new DonorComponent(identity, m.getValue(), files));
        }
        for (String folder : folders.keySet()) {
            if (!manifests.containsKey(folder)) {
                throw new DonorMaterialException(folder + " has no manifest (Manifests\\" + folder + ".manifest)");
            }
        }
        return components;
    }

    private static void check(ComponentIdentity identity, ComponentManifest manifest, DonorFile f) throws IOException {
        String[] parts = f.path().split("\\\\");
        String where = identity.folder() + "\\" + f.path();
        if (parts.length == 2 && DELTA_FOLDERS.contains(parts[0].toLowerCase(Locale.ROOT))) {
            if (manifest.digestOf(parts[1]).isEmpty()) {
                throw new DonorMaterialException(where + " is a delta of a file its manifest does not list");
            }
            return;
        }
        ComponentManifest.FileDigest listed = manifest.digestOf(f.path())
                .orElseThrow(() -> new DonorMaterialException(where + " is not listed in its manifest"));
        byte[] actual = digest(f.content(), listed.algorithm());
        if (!MessageDigest.isEqual(actual, listed.digest())) {
            throw new DonorMaterialException(where + ": its " + listed.algorithm() + " hash "
                    + HexFormat.of().formatHex(actual) + " disagrees with its manifest's "
                    + HexFormat.of().formatHex(listed.digest()));
        }
    }

    /** '/'-separated, or a refusal for anything that could leave the folder it is extracted to. */
    static String safePath(String raw) {
        String path = raw.replace('\\', '/');
        if (path.startsWith("/")
                || DRIVE.matcher(path).find()
                || path.indexOf('\0') >= 0
                || List.of(path.split("/")).contains("..")) {
            throw new DonorMaterialException(raw + " is an unsafe path (zip-slip); nothing was taken");
        }
        // A zip of C:\Windows\WinSxS\... or of a folder around it: start inside the WinSxS folder.
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.startsWith("winsxs/")) {
            return path.substring("winsxs/".length());
        }
        int at = lower.indexOf("/winsxs/");
        return at >= 0 ? path.substring(at + "/winsxs/".length()) : path;
    }

    private static String identity(String folder, String entry) {
        return ComponentIdentity.parse(folder)
                .map(ComponentIdentity::folder)
                .orElseThrow(() -> new DonorMaterialException(entry + ": '" + folder + "' is not a component identity "
                        + "(arch_name_publickeytoken_version_culture_hash)"));
    }

    private static long copy(InputStream in, Path target, long limit, String entry) throws IOException {
        long n = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int r = in.read(buffer); r > 0; r = in.read(buffer)) {
                n += r;
                if (n > limit) {
                    throw new DonorMaterialException(entry + " is larger than a donor zip may hold");
                }
                out.write(buffer, 0, r);
            }
        }
        return n;
    }

    static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(digest(file, "SHA-256"));
    }

    private static byte[] digest(Path file, String algorithm) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buffer = new byte[64 * 1024];
            for (int r = in.read(buffer); r > 0; r = in.read(buffer)) {
                md.update(buffer, 0, r);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is in every Java runtime", e);
        }
    }
}
