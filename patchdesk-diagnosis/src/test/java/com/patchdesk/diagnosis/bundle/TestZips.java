package com.patchdesk.diagnosis.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Zips as different writers make them, for tests that compare a zip read as it arrives with the complete file. */
public final class TestZips {

    private TestZips() {}

    /** Written to a stream, as java.util.zip writes one: deflated entries with data descriptors. */
    public static byte[] streamed(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /**
     * Written to {@code file} with {@code method}: the sizes in the local headers (no data descriptors), with an entry
     * for each folder before its first file when {@code folders}.
     */
    public static byte[] onDisk(Path file, Map<String, byte[]> files, int method, boolean folders) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            zip.setMethod(method);
            List<String> written = new ArrayList<>();
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                int slash = f.getKey().lastIndexOf('/');
                String folder = slash < 0 ? null : f.getKey().substring(0, slash + 1);
                if (folders && folder != null && !written.contains(folder)) {
                    written.add(folder);
                    zip.putArchiveEntry(new ZipArchiveEntry(folder));
                    zip.closeArchiveEntry();
                }
                zip.putArchiveEntry(new ZipArchiveEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeArchiveEntry();
            }
        }
        return Files.readAllBytes(file);
    }

    /** One entry, stored (not compressed), written to a stream with its sizes and CRC in its local header. */
    public static byte[] stored(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry(name);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(content.length);
            CRC32 crc = new CRC32();
            crc.update(content);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
