package com.patchdesk.diagnosis.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cabinets as CBS persists its old logs. The fixtures were made with gcab 1.5 (GNOME's cabinet tool):
 * {@code gcab -c -z} (MSZIP, a CBS log of 83,799 bytes in three 32 KiB blocks, and a GBK DISM output)
 * and {@code gcab -c} (stored).
 */
class CabinetTest {

    private static final Path MSZIP = Path.of("src/test/resources/cabinet/cbspersist-mszip-two-files.cab");
    private static final Path STORED = Path.of("src/test/resources/cabinet/checkhealth-stored.cab");
    /** Offset of the first folder's compression type: 36-byte header, then coffCabStart (4) and cCFData (2). */
    private static final int COMPRESSION_TYPE_AT = 42;

    @TempDir
    Path temp;

    private final List<Event> events = new ArrayList<>();

    @Test
    void anMszipCabinetIsReadFileByFileAcrossItsBlocks() throws Exception {
        BundleScan scan = BundleScanner.scan(MSZIP, events::add);

        assertThat(scan.skipped()).isEmpty();
        assertThat(scan.read())
                .extracting(ReadFile::path, ReadFile::format, ReadFile::encoding, ReadFile::bytes, ReadFile::lines)
                .containsExactly(
                        tuple(
                                "cbspersist-mszip-two-files.cab!/CbsPersist_20240123152832.log",
                                "cbs-log",
                                "UTF-8",
                                83_799L,
                                620L),
                        tuple("cbspersist-mszip-two-files.cab!/checkhealth.txt", "dism-console", "GB18030", 174L, 9L));
        assertThat(events)
                .filteredOn(e -> e.kind() == EventKind.DELTA_FAILURE)
                .extracting(e -> e.source().line())
                .containsExactly(617L, 618L, 619L, 620L);
        assertThat(events)
                .filteredOn(e -> e.kind() == EventKind.STORE_HEALTH)
                .extracting(e -> e.source().file())
                .containsExactly(
                        "cbspersist-mszip-two-files.cab!/CbsPersist_20240123152832.log",
                        "cbspersist-mszip-two-files.cab!/checkhealth.txt");
    }

    @Test
    void aStoredCabinetIsReadToo() throws Exception {
        BundleScan scan = BundleScanner.scan(STORED, events::add);

        assertThat(scan.read())
                .extracting(ReadFile::path, ReadFile::format)
                .containsExactly(tuple("checkhealth-stored.cab!/checkhealth.txt", "dism-console"));
    }

    @Test
    void aCabinetInsideTheZipBundleIsRead() throws Exception {
        Path zip = temp.resolve("CMGELogCollector.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            out.putArchiveEntry(new ZipArchiveEntry("Windows/Logs/CBS/CbsPersist_20240123152832.cab"));
            out.write(Files.readAllBytes(MSZIP));
            out.closeArchiveEntry();
        }

        BundleScan scan = BundleScanner.scan(zip, events::add);

        assertThat(scan.read())
                .extracting(ReadFile::path)
                .containsExactly(
                        "Windows/Logs/CBS/CbsPersist_20240123152832.cab!/CbsPersist_20240123152832.log",
                        "Windows/Logs/CBS/CbsPersist_20240123152832.cab!/checkhealth.txt");
    }

    @Test
    void lzxCabinetsAreListedAsNotRead() throws Exception {
        byte[] lzx = Files.readAllBytes(MSZIP);
        lzx[COMPRESSION_TYPE_AT] = 3;
        Path cab = Files.write(temp.resolve("CbsPersist_lzx.cab"), lzx);

        BundleScan scan = BundleScanner.scan(cab, events::add);

        assertThat(scan.read()).isEmpty();
        assertThat(scan.skipped())
                .extracting(SkippedFile::reason)
                .containsOnly("cabinet data compressed with LZX is not read")
                .hasSize(2);
    }

    @Test
    void aCabinetCutShortKeepsWhatCameBeforeTheCut() throws Exception {
        byte[] cut = Arrays.copyOf(Files.readAllBytes(MSZIP), 4_000);
        Path cab = Files.write(temp.resolve("CbsPersist_cut.cab"), cut);

        BundleScan scan = BundleScanner.scan(cab, events::add);

        assertThat(scan.read()).isEmpty();
        assertThat(scan.skipped())
                .extracting(SkippedFile::path)
                .containsExactly("CbsPersist_cut.cab!/CbsPersist_20240123152832.log", "CbsPersist_cut.cab");
        assertThat(events)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.source().line()).isLessThan(617L));
    }
}
