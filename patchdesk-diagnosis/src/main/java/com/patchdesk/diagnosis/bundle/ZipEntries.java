package com.patchdesk.diagnosis.bundle;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

/**
 * The entries of one zip in the order a walk reads them: as its central directory lists them (a zip on disk or in
 * memory), or as their local headers come one after the other (a damaged zip, or one still arriving). The walk decides
 * what to read from each entry the same way whichever the source, so the two give the same lists of read and skipped
 * files for a sound zip.
 */
interface ZipEntries {

    /** The next entry, directories included; null after the last. */
    ZipArchiveEntry next() throws IOException;

    /** Whether this source can give {@code entry}'s content (its method, encryption, data descriptor). */
    boolean canRead(ZipArchiveEntry entry);

    /** The content of {@code entry}, the entry last returned by {@link #next()}; closing it leaves the zip open. */
    InputStream content(ZipArchiveEntry entry) throws IOException;
}
