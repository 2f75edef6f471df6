package com.patchdesk.server.diagnoses;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How a report's JSON is stored: gzip of its UTF-8 bytes. A typical bundle's report (0.5 MB a language, mostly
 * repeated keys and log lines) takes 35 KB so; stored as text it was most of the database's growth and of the job's
 * time storing it (H2 writing the string, JFR, docs/performance-history.md, "Sixth pass").
 */
final class ReportCompression {

    private ReportCompression() {}

    static byte[] pack(String json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(json.length() / 8 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 64 * 1024)) {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: not expected
        }
        return bytes.toByteArray();
    }

    /** The JSON {@link #pack} stored; an {@link UncheckedIOException} when the bytes are not what it stored. */
    static String unpack(byte[] stored) {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            return new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored report cannot be read: " + e.getMessage(), e);
        }
    }
}
