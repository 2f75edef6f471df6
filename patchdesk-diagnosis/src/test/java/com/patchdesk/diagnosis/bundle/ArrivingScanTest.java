package com.patchdesk.diagnosis.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.patchdesk.diagnosis.read.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan of a zip's arriving bytes is confirmed when it is the scan of the complete file, under the scan's limits too:
 * same files read and skipped, same events in the same order.
 */
class ArrivingScanTest {

    private static final Path RESOURCES = Path.of("src/test/resources");

    @TempDir
    Path temp;

    @Test
    void filesPastTheEntryCapAreCountedAlike() throws Exception {
        BundleLimits limits = BundleLimits.defaults().withMaxEntries(2);

        assertConfirmedAndSame(TestZips.streamed(logs()), limits);
        assertConfirmedAndSame(onDisk(logs()), limits);
    }

    @Test
    void aNestedZipTooBigForMemoryIsCopiedAlike() throws Exception {
        Map<String, byte[]> outer = new LinkedHashMap<>(logs());
        outer.put("inner/machine.zip", TestZips.streamed(logs()));

        assertConfirmedAndSame(TestZips.streamed(outer), BundleLimits.defaults().withNestedZipInMemoryBytes(0));
    }

    /**
     * A cap stops reading at the read that crosses it, and a zip's stream reads in other sizes than ZipFile does, so
     * what came before the stop may differ (an entry of 12 MB stopped at about a megabyte gave 6,774 events arriving
     * against 6,321 from the file): a scan a cap stopped is never confirmed, the complete file is read again.
     */
    @Test
    void aScanThatACapStoppedIsNotConfirmed() throws Exception {
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        byte[] log = Files.readAllBytes(RESOURCES.resolve("cbs/package-not-found-0x80070490.log"));
        while (big.size() < 12 << 20) {
            big.write(log);
        }
        Map<String, byte[]> files = new LinkedHashMap<>(logs());
        files.put("Logs/CBS/CBS-big.log", big.toByteArray());
        for (long cap : new long[] {6_000, 1_000_381}) {
            BundleLimits limits = BundleLimits.defaults().withMaxTotalBytes(cap);
            for (byte[] zip : List.of(TestZips.streamed(files), onDisk(files))) {
                Path input = Files.write(temp.resolve("capped-" + System.nanoTime() + ".zip"), zip);

                ArrivingScan arrived =
                        BundleScanner.scanArriving(input, new ByteArrayInputStream(zip), e -> {}, limits);

                assertThat(arrived.confirmed()).as("cap %s", cap).isFalse();
                assertThat(arrived.scan().skipped())
                        .anySatisfy(s -> assertThat(s.reason()).contains("the bundle expands to more than"));
            }
        }
    }

    @Test
    void aLogWhoseFileIsNotWhatArrivedIsNotConfirmed() throws Exception {
        byte[] log = Files.readAllBytes(RESOURCES.resolve("cbs/package-not-found-0x80070490.log"));
        Path input = Files.write(temp.resolve("CBS.log"), java.util.Arrays.copyOf(log, log.length - 1));

        assertThat(BundleScanner.scanArriving(input, new ByteArrayInputStream(log), e -> {})
                        .confirmed())
                .isFalse();
        Files.write(input, log);
        assertThat(BundleScanner.scanArriving(input, new ByteArrayInputStream(log), e -> {})
                        .confirmed())
                .isTrue();
    }

    @Test
    void filesNoReaderRecognisesAreLeftUnreadAlike() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>(logs());
        files.put(
                "notes.txt",
                "nothing a reader knows\r\n".repeat(5_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        files.put("empty.log", new byte[0]);

        BundleScan scan = assertConfirmedAndSame(TestZips.streamed(files), BundleLimits.defaults());

        assertThat(scan.skipped()).extracting(SkippedFile::path).contains("notes.txt", "empty.log");
    }

    @Test
    void anEmptyZipIsEmptyAlike() throws Exception {
        BundleScan scan = assertConfirmedAndSame(TestZips.streamed(Map.of()), BundleLimits.defaults());

        assertThat(scan.skipped())
                .extracting(SkippedFile::reason)
                .containsExactly("empty zip archive (no files in it)");
    }

    /**
     * A stored entry comes out of the zip stream 512 bytes a read; a buffered reader that got less than it asked for
     * asks how much more is available, down to the upload's file (a system call each time: 4 s of a 1 GiB bundle).
     * The entry is read in whole blocks instead, and the arriving stream is read in blocks too.
     */
    @Test
    void aBigStoredEntryIsReadInBlocksWithoutAskingTheArrivingStreamWhatIsAvailable() throws Exception {
        byte[] log = Files.readAllBytes(RESOURCES.resolve("cbs/package-not-found-0x80070490.log"));
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        while (big.size() < 8 << 20) {
            big.write(log);
        }
        byte[] zip = TestZips.stored("Logs/CBS/CBS.log", big.toByteArray());
        Path input = Files.write(temp.resolve("bundle.zip"), zip);
        int[] reads = {0};
        int[] asked = {0};
        InputStream arriving = new ByteArrayInputStream(zip) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                reads[0]++;
                return super.read(buffer, offset, length);
            }

            @Override
            public synchronized int available() {
                asked[0]++;
                return super.available();
            }
        };

        ArrivingScan arrived = BundleScanner.scanArriving(input, arriving, e -> {});

        assertThat(arrived.confirmed()).isTrue();
        int blocks = zip.length / (64 << 10);
        assertThat(reads[0]).as("reads of %s bytes", zip.length).isLessThan(2 * blocks + 100);
        assertThat(asked[0]).as("asked what is available").isLessThan(2 * blocks + 100);
    }

    @Test
    void aZipWhoseDirectoryCannotBeFoundIsNotConfirmed() throws Exception {
        byte[] sound = TestZips.streamed(logs());
        byte[] cut = java.util.Arrays.copyOf(sound, sound.length - 10);
        Path input = temp.resolve("bundle.zip");
        Files.write(input, cut);

        ArrivingScan arrived = BundleScanner.scanArriving(input, new ByteArrayInputStream(cut), e -> {});

        assertThat(arrived.confirmed()).isFalse();
    }

    @Test
    void aMissingCompleteFileIsNotConfirmed() throws Exception {
        byte[] log = Files.readAllBytes(RESOURCES.resolve("cbs/package-not-found-0x80070490.log"));

        ArrivingScan arrived =
                BundleScanner.scanArriving(temp.resolve("never-written.log"), new ByteArrayInputStream(log), e -> {});

        assertThat(arrived.confirmed()).isFalse();
    }

    @Test
    void aStreamThatFailsBeforeItsEndIsAnError() throws Exception {
        InputStream failing =
                new SequenceInputStream(new ByteArrayInputStream(TestZips.streamed(logs())), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                });

        assertThatThrownBy(() -> BundleScanner.scanArriving(temp.resolve("bundle.zip"), failing, e -> {}))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("connection reset");
    }

    @Test
    void aStreamThatFailsOnceAndThenEndsIsAnErrorToo() throws Exception {
        byte[] log = Files.readAllBytes(RESOURCES.resolve("cbs/package-not-found-0x80070490.log"));
        Path input = temp.resolve("CBS.log");
        Files.write(input, log);
        InputStream failsOnce = new java.io.FilterInputStream(new ByteArrayInputStream(log, 0, 1000)) {
            private boolean failed;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n < 0 && !failed) {
                    failed = true;
                    throw new IOException("connection reset");
                }
                return n;
            }
        };

        assertThatThrownBy(() -> BundleScanner.scanArriving(input, failsOnce, e -> {}))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("connection reset");
    }

    private BundleScan assertConfirmedAndSame(byte[] zip, BundleLimits limits) throws IOException {
        Path input = temp.resolve("bundle-" + System.nanoTime() + ".zip");
        Files.write(input, zip);
        List<Event> fromFile = new ArrayList<>();
        BundleScan expected = BundleScanner.scan(input, fromFile::add, limits);
        List<Event> arriving = new ArrayList<>();

        ArrivingScan arrived = BundleScanner.scanArriving(input, new ByteArrayInputStream(zip), arriving::add, limits);

        assertThat(arrived.confirmed()).as("confirmed").isTrue();
        assertThat(arrived.scan()).isEqualTo(expected);
        assertThat(arriving).isEqualTo(fromFile);
        return expected;
    }

    private static Map<String, byte[]> logs() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("Logs/CBS/CBS.log", Files.readAllBytes(RESOURCES.resolve("cbs/package-not-found-0x80070490.log")));
        files.put(
                "WindowsUpdate.log",
                Files.readAllBytes(RESOURCES.resolve("windowsupdate/download-failed-0x80248007.log")));
        files.put(
                "Logs/CBS/CbsPersist_20240115120000.cab",
                Files.readAllBytes(RESOURCES.resolve("cabinet/cbspersist-mszip-two-files.cab")));
        files.put(
                "Logs/CBS/CBS-copy.log", Files.readAllBytes(RESOURCES.resolve("cbs/package-not-found-0x80070490.log")));
        return files;
    }

    /** Written to a file: sizes in the local headers, no folder entries. */
    private byte[] onDisk(Map<String, byte[]> files) throws IOException {
        return TestZips.onDisk(
                temp.resolve("made-" + System.nanoTime() + ".zip"), files, ZipArchiveOutputStream.DEFLATED, false);
    }
}
