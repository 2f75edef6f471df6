package com.patchdesk.diagnosis.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleScannerTest {

    private static final Path FIXTURES = Path.of("src/test/resources");

    @TempDir
    Path temp;

    private final List<Event> events = new ArrayList<>();

    @Test
    void filesAreRecognisedByContentWhateverTheirNamesSay() throws Exception {
        Path folder = Files.createDirectory(temp.resolve("collected"));
        Files.copy(fixture("cbs/package-not-found-0x80070490.log"), folder.resolve("WindowsUpdate.log"));
        Files.copy(fixture("windowsupdate/download-failed-0x80248007.log"), folder.resolve("CBS.log"));
        Files.copy(fixture("dism-console/checkhealth-repairable.zh-CN.gbk.txt"), folder.resolve("截图.dat"));

        BundleScan scan = scan(folder);

        assertThat(scan.read())
                .extracting(ReadFile::path, ReadFile::format)
                .containsExactly(
                        tuple("CBS.log", "windows-update-log"),
                        tuple("WindowsUpdate.log", "cbs-log"),
                        tuple("截图.dat", "dism-console"));
        assertThat(scan.skipped()).isEmpty();
    }

    @Test
    void zipEntriesAreReadInPlaceAndEventsCiteThePathInsideTheZip() throws Exception {
        Path zip = zip(
                temp.resolve("bundle.zip"),
                Map.of(
                        "Logs/CBS/CBS.log", bytes("cbs/package-not-found-0x80070490.log"),
                        "Logs\\DISM\\dism.log", bytes("dism-log/restorehealth-source-not-found-0x800f081f.log")));

        BundleScan scan = scan(zip);

        assertThat(scan.read())
                .extracting(ReadFile::path, ReadFile::format, ReadFile::lines)
                .containsExactlyInAnyOrder(
                        tuple("Logs/CBS/CBS.log", "cbs-log", 12L), tuple("Logs/DISM/dism.log", "dism-log", 12L));
        assertThat(events)
                .filteredOn(e -> e.kind() == EventKind.FAILED_OPERATION)
                .extracting(e -> e.source().location())
                .contains("Logs/CBS/CBS.log:9");
    }

    @Test
    void aZipInsideTheZipIsReadButNotAZipInsideThat() throws Exception {
        byte[] innermost = zipBytes(Map.of("CBS.log", bytes("cbs/package-not-found-0x80070490.log")));
        byte[] inner = zipBytes(Map.of(
                "CbsPersist_20240117101240.log",
                bytes("cbs/component-missing-17763.1879.log"),
                "deeper.zip",
                innermost));
        Path zip = zip(temp.resolve("bundle.zip"), Map.of("collector/inner.zip", inner));

        BundleScan scan = scan(zip);

        assertThat(scan.read())
                .extracting(ReadFile::path)
                .containsExactly("collector/inner.zip!/CbsPersist_20240117101240.log");
        assertThat(scan.skipped())
                .containsExactly(new SkippedFile(
                        "collector/inner.zip!/deeper.zip", "zip nested more than one level deep is not read"));
        assertThat(events)
                .filteredOn(e -> e.kind() == EventKind.COMPONENT_REFERENCE)
                .extracting(e -> e.source().file())
                .containsOnly("collector/inner.zip!/CbsPersist_20240117101240.log");
    }

    @Test
    void aNestedZipTooBigForMemoryIsReadFromATempFileThatIsDeletedAfterwards() throws Exception {
        byte[] inner = zipBytes(Map.of("CBS.log", bytes("cbs/package-not-found-0x80070490.log")));
        Path zip = zip(temp.resolve("bundle.zip"), Map.of("inner.zip", inner));
        List<Path> before = nestedTempFolders();

        BundleScan scan =
                BundleScanner.scan(zip, events::add, BundleLimits.defaults().withNestedZipInMemoryBytes(16));

        assertThat(scan.read()).extracting(ReadFile::path).containsExactly("inner.zip!/CBS.log");
        assertThat(nestedTempFolders()).isEqualTo(before);
    }

    @Test
    void anEntryThatExpandsFarBeyondItsCompressedSizeIsStoppedAsAZipBomb() throws Exception {
        byte[] bomb = "2023-11-20 10:21:33, Info                  CBS    padding\n"
                .repeat(200_000)
                .getBytes(StandardCharsets.US_ASCII);
        Path zip = zip(
                temp.resolve("bomb.zip"),
                Map.of("a-bomb.log", bomb, "b-CBS.log", bytes("cbs/package-not-found-0x80070490.log")));

        BundleScan scan = scan(zip);

        assertThat(scan.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("a-bomb.log");
            assertThat(s.reason()).contains("zip bomb").contains("what was read before was kept");
        });
        assertThat(scan.read()).extracting(ReadFile::path).containsExactly("b-CBS.log");
    }

    @Test
    void theWholeBundleStopsAtItsTotalByteCap() throws Exception {
        Path zip = zip(
                temp.resolve("bundle.zip"),
                Map.of(
                        "1.log", bytes("cbs/package-not-found-0x80070490.log"),
                        "2.log", bytes("cbs/component-missing-17763.1879.log")));

        BundleScan scan =
                BundleScanner.scan(zip, events::add, BundleLimits.defaults().withMaxTotalBytes(2_500));

        assertThat(scan.read()).extracting(ReadFile::path).containsExactly("1.log");
        assertThat(scan.skipped()).extracting(SkippedFile::path).containsExactly("2.log");
        assertThat(scan.skipped().get(0).reason()).contains("expands to more than 2500 bytes");
    }

    @Test
    void entriesWhosePathsLeaveTheBundleAreNeverRead() throws Exception {
        byte[] cbs = bytes("cbs/package-not-found-0x80070490.log");
        Path zip = zip(
                temp.resolve("slip.zip"),
                Map.of(
                        "../../etc/CBS.log", cbs,
                        "/var/log/CBS.log", cbs,
                        "C:/Windows/Logs/CBS/CBS.log", cbs,
                        "logs/..\\..\\CBS.log", cbs,
                        "logs/CBS.log", cbs));

        BundleScan scan = scan(zip);

        assertThat(scan.read()).extracting(ReadFile::path).containsExactly("logs/CBS.log");
        assertThat(scan.skipped())
                .hasSize(4)
                .allSatisfy(s -> assertThat(s.reason()).startsWith("unsafe path"));
    }

    @Test
    void encryptedEntriesAreListedAndTheRestIsRead() throws Exception {
        byte[] plain = zipBytesJdk(Map.of(
                "a-secret.log",
                bytes("cbs/package-not-found-0x80070490.log"),
                "b-open.log",
                bytes("cbs/component-missing-17763.1879.log")));
        Path zip = Files.write(temp.resolve("locked.zip"), markEncrypted(plain, "a-secret.log"));

        BundleScan scan = scan(zip);

        assertThat(scan.skipped())
                .containsExactly(new SkippedFile("a-secret.log", "encrypted (password-protected) zip entry"));
        assertThat(scan.read()).extracting(ReadFile::path).containsExactly("b-open.log");
    }

    @Test
    void anEmptyZipIsNamedAsSuch() throws Exception {
        Path zip = Files.write(temp.resolve("empty.zip"), zipBytes(Map.of()));

        BundleScan scan = scan(zip);

        assertThat(scan.read()).isEmpty();
        assertThat(scan.skipped()).containsExactly(new SkippedFile("empty.zip", "empty zip archive (no files in it)"));
    }

    @Test
    void aCorruptedZipGivenAsInputIsASkippedEntryNotAnException() throws Exception {
        byte[] good = zipBytes(Map.of("CBS.log", bytes("cbs/package-not-found-0x80070490.log")));
        byte[] garbage = good.clone();
        java.util.Arrays.fill(garbage, 4, garbage.length, (byte) 0x5A);
        Path scrambled = Files.write(temp.resolve("scrambled.zip"), garbage);
        byte[] broken = good.clone();
        broken[0] = 'X';
        broken[2] = 0;
        Path noHeader = Files.write(temp.resolve("broken.zip"), broken);

        BundleScan first = scan(scrambled);
        BundleScan second = scan(noHeader);

        assertThat(first.read()).isEmpty();
        assertThat(first.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("scrambled.zip");
            assertThat(s.reason()).startsWith("not a readable zip archive");
        });
        assertThat(second.skipped())
                .singleElement()
                .satisfies(s -> assertThat(s.reason())
                        .isEqualTo("not a readable zip archive: it does not start with a zip signature"));
    }

    @Test
    void aZipCutShortStillYieldsTheFilesBeforeTheCut() throws Exception {
        byte[] good = zipBytes(Map.of(
                "a-CBS.log", bytes("cbs/package-not-found-0x80070490.log"),
                "b-CBS.log", bytes("cbs/forward-delta-failed-wkscli.log")));
        int second = indexOf(good, new byte[] {'P', 'K', 3, 4}, 4);
        Path truncated = Files.write(temp.resolve("upload.zip"), java.util.Arrays.copyOf(good, second + 120));

        BundleScan scan = scan(truncated);

        assertThat(scan.read()).extracting(ReadFile::path).containsExactly("a-CBS.log");
        assertThat(scan.skipped()).extracting(SkippedFile::path).containsExactly("b-CBS.log", "upload.zip");
        assertThat(scan.skipped().get(1).reason())
                .startsWith("damaged zip archive")
                .endsWith("the files before the damage were read");
        assertThat(events)
                .filteredOn(e -> e.kind() == EventKind.FAILED_OPERATION)
                .extracting(e -> e.source().location())
                .contains("a-CBS.log:9");
    }

    /**
     * A cut zip whose second local header says Zstandard (method 93): the decoder's library is not shipped, and the
     * salvage ends there as at any damage, with the first file read (a random damage of the eval cases found it).
     */
    @Test
    void aZstandardHeaderInADamagedZipEndsTheSalvageNotTheScan() throws Exception {
        byte[] good = zipBytes(Map.of(
                "a-CBS.log", bytes("cbs/package-not-found-0x80070490.log"),
                "b-CBS.log", bytes("cbs/forward-delta-failed-wkscli.log")));
        int second = indexOf(good, new byte[] {'P', 'K', 3, 4}, 4);
        byte[] cut = java.util.Arrays.copyOf(good, second + 120);
        // Method 93, and no data descriptor (general purpose flags 0): Commons Compress opens the decoder at once.
        cut[second + 6] = 0;
        cut[second + 7] = 0;
        cut[second + 8] = 93;
        cut[second + 9] = 0;
        Path truncated = Files.write(temp.resolve("upload.zip"), cut);

        BundleScan scan = scan(truncated);

        assertThat(scan.read()).extracting(ReadFile::path).containsExactly("a-CBS.log");
        assertThat(scan.skipped()).extracting(SkippedFile::path).contains("upload.zip");
    }

    /**
     * A big stored log cut in its middle (an upload that broke off) is salvaged in whole blocks, not 512 bytes a read;
     * the block that meets the damage still gives its lines, so the last line before the cut is read.
     */
    @Test
    void aStoredLogCutInItsMiddleKeepsEveryLineBeforeTheCut() throws Exception {
        byte[] log = bytes("cbs/package-not-found-0x80070490.log");
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        int copies = 0;
        while (content.size() < 3 << 20) {
            content.write(log);
            copies++;
        }
        int linesPerCopy = (int) new String(log, StandardCharsets.UTF_8).lines().count();
        byte[] zip = TestZips.stored("Logs/CBS/CBS.log", content.toByteArray());
        byte[] failure = "Failed to resolve package".getBytes(StandardCharsets.US_ASCII);
        int lastFailure = indexOf(zip, failure, 0);
        for (int next; (next = indexOfOrMinus(zip, failure, lastFailure + 1)) >= 0; ) {
            lastFailure = next;
        }
        int endOfThatLine = indexOf(zip, new byte[] {'\n'}, lastFailure) + 1;
        Path cut = Files.write(temp.resolve("upload.zip"), java.util.Arrays.copyOf(zip, endOfThatLine + 40));

        BundleScan scan = scan(cut);

        assertThat(scan.skipped())
                .extracting(SkippedFile::reason)
                .anySatisfy(r -> assertThat(r).startsWith("damaged zip archive"));
        assertThat(events)
                .filteredOn(e -> e.kind() == EventKind.FAILED_OPERATION)
                .extracting(e -> e.source().location())
                .contains("Logs/CBS/CBS.log:" + ((copies - 1) * linesPerCopy + 9));
    }

    @Test
    void onlyTheEntryCapIsReadFromAnArchiveWithTooManyFiles() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 1; i <= 5; i++) {
            entries.put("log" + i + ".log", bytes("cbs/component-missing-17763.1879.log"));
        }
        Path zip = zip(temp.resolve("many.zip"), entries);

        BundleScan scan =
                BundleScanner.scan(zip, events::add, BundleLimits.defaults().withMaxEntries(3));

        assertThat(scan.read()).hasSize(3);
        assertThat(scan.skipped())
                .containsExactly(
                        new SkippedFile("many.zip!/*", "the archive has more than 3 files; 2 of them were not read"));
    }

    @Test
    void binaryUnknownAndBrokenCabinetFilesAreSkippedWithTheirReason() throws Exception {
        Path folder = Files.createDirectory(temp.resolve("mixed"));
        Files.write(
                folder.resolve("a.evtx"), new byte[] {'E', 'l', 'f', 'F', 'i', 'l', 'e', 0, 0, 0, 1, 0, 2, 0, 0, 0});
        Files.writeString(folder.resolve("b.txt"), "Dear support, the update fails again.\n");
        Files.write(folder.resolve("CbsPersist_20240104101530.cab"), new byte[] {'M', 'S', 'C', 'F', 0, 0, 0, 0, 1, 2});
        Files.write(folder.resolve("d.bin"), new byte[] {'a', 'b', (byte) 0xFF, (byte) 0xFF, (byte) 0x80, '\n'});
        Files.writeString(folder.resolve("e.log"), "");

        BundleScan scan = scan(folder);

        assertThat(scan.read()).isEmpty();
        assertThat(scan.skipped())
                .extracting(SkippedFile::path, SkippedFile::reason)
                .containsExactly(
                        tuple(
                                "CbsPersist_20240104101530.cab",
                                "cabinet ends early (cut short); the files before the cut were kept"),
                        tuple(
                                "a.evtx",
                                StandInFiles.standard().reasonFor("ElfFile\0").orElseThrow()),
                        tuple("b.txt", "no reader recognised this content"),
                        tuple("d.bin", "unknown text encoding (neither UTF-8, UTF-16 nor GB18030)"),
                        tuple("e.log", "empty or blank file"));
    }

    @Test
    void aHundredThousandCharacterLineIsCutAndLaterLinesKeepTheirNumbers() throws Exception {
        String cbs = Files.readString(fixture("cbs/package-not-found-0x80070490.log"));
        String longLine = "2023-12-29 09:41:01, Info                  CBS    " + "A".repeat(150_000) + "\n";
        Path zip = zip(temp.resolve("long.zip"), Map.of("CBS.log", (longLine + cbs).getBytes(StandardCharsets.UTF_8)));

        BundleScan scan = scan(zip);

        assertThat(scan.read()).extracting(ReadFile::lines).containsExactly(13L);
        assertThat(events)
                .filteredOn(e -> e.kind() == EventKind.FAILED_OPERATION)
                .first()
                .extracting(e -> e.source().line())
                .isEqualTo(10L);
    }

    @Test
    void aSingleFileIsItsOwnBundle() throws Exception {
        BundleScan scan = scan(fixture("sfc-console/unable-to-fix-some.en.utf16le-nobom.txt"));

        assertThat(scan.read())
                .extracting(ReadFile::path, ReadFile::encoding)
                .containsExactly(tuple("unable-to-fix-some.en.utf16le-nobom.txt", "UTF-16LE"));
    }

    @Test
    void symbolicLinksInAFolderAreNotFollowed() throws Exception {
        Path folder = Files.createDirectory(temp.resolve("linked"));
        Files.createSymbolicLink(
                folder.resolve("CBS.log"),
                fixture("cbs/package-not-found-0x80070490.log").toAbsolutePath());

        BundleScan scan = scan(folder);

        assertThat(scan.skipped()).containsExactly(new SkippedFile("CBS.log", "symbolic link, not followed"));
    }

    @Test
    void anUnreadableSubfolderIsListedAndTheRestIsRead() throws Exception {
        Path folder = Files.createDirectory(temp.resolve("bundle"));
        Files.copy(fixture("cbs/package-not-found-0x80070490.log"), folder.resolve("CBS.log"));
        Path locked = Files.createDirectory(folder.resolve("locked"));
        Files.copy(fixture("cbs/component-missing-17763.1879.log"), locked.resolve("CbsPersist.log"));
        org.junit.jupiter.api.Assumptions.assumeTrue(
                locked.toFile().setReadable(false, false) && !Files.isReadable(locked),
                "permissions are not enforced for this user (root)");
        try {
            BundleScan scan = scan(folder);

            assertThat(scan.read()).extracting(ReadFile::path).containsExactly("CBS.log");
            assertThat(scan.skipped()).extracting(SkippedFile::path).containsExactly("locked");
        } finally {
            locked.toFile().setReadable(true, false);
        }
    }

    @Test
    void aMissingInputIsTheOnlyThingThatThrows() {
        assertThatThrownBy(() -> scan(temp.resolve("nowhere.zip")))
                .isInstanceOf(BundleUnreadableException.class)
                .hasMessageContaining("no such file or folder");
    }

    /**
     * A line of 100,000+ characters is read up to the cap; the file says how many of its lines were cut, in a small
     * file (read on one thread) and in a big one (read in parts on several).
     */
    @Test
    void linesOverTheCapAreCountedAsCutInSmallAndBigFiles() throws Exception {
        String longLine = "2023-12-29 09:41:07, Error                 CBS    Failed to process component watch list: "
                + "x".repeat(106_000) + " [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]";
        String noise = "2023-12-29 09:41:07, Info                  CBS    Read out cached package applicability for"
                + " package: Package_for_KB4470788~31bf3856ad364e35~amd64~~17763.164.1.1, ApplicableState: 112\n";
        Path small = temp.resolve("small-CBS.log");
        Files.writeString(small, noise + longLine + "\n" + noise);
        Path big = temp.resolve("big-CBS.log");
        StringBuilder text = new StringBuilder();
        for (int block = 0; block < 3; block++) {
            text.append(noise.repeat(40_000)).append(longLine).append('\n');
        }
        Files.writeString(big, text);

        ReadFile smallFile = scan(small).read().get(0);
        ReadFile bigFile = scan(big).read().get(0);

        assertThat(smallFile.linesCut()).isEqualTo(1);
        assertThat(smallFile.lines()).isEqualTo(3);
        assertThat(Files.size(big)).isGreaterThan(4 * ByteLines.PIPELINE_AFTER_BYTES);
        assertThat(bigFile.linesCut()).isEqualTo(3);
        assertThat(bigFile.lines()).isEqualTo(3 * 40_001);
    }

    private BundleScan scan(Path input) throws BundleUnreadableException {
        return BundleScanner.scan(input, events::add);
    }

    private static Path fixture(String name) {
        return FIXTURES.resolve(name);
    }

    private static byte[] bytes(String fixture) throws IOException {
        return Files.readAllBytes(fixture(fixture));
    }

    private static Path zip(Path target, Map<String, byte[]> entries) throws IOException {
        return Files.write(target, zipBytes(entries));
    }

    /** Written with commons-compress, which (unlike java.util.zip) writes any name, "../" included. */
    private static byte[] zipBytes(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] zipBytesJdk(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Sets the "encrypted" flag of one entry in its local and central headers, as a password-protected zip has. */
    private static byte[] markEncrypted(byte[] zip, String name) {
        byte[] out = zip.clone();
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 46 < out.length; i++) {
            boolean local = out[i] == 'P' && out[i + 1] == 'K' && out[i + 2] == 3 && out[i + 3] == 4;
            boolean central = out[i] == 'P' && out[i + 1] == 'K' && out[i + 2] == 1 && out[i + 3] == 2;
            int nameAt = local ? i + 30 : central ? i + 46 : -1;
            if (nameAt > 0
                    && nameAt + nameBytes.length <= out.length
                    && java.util.Arrays.equals(
                            out, nameAt, nameAt + nameBytes.length, nameBytes, 0, nameBytes.length)) {
                out[i + (local ? 6 : 8)] |= 1;
            }
        }
        return out;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        int at = indexOfOrMinus(data, pattern, from);
        if (at < 0) {
            throw new IllegalStateException("pattern not found");
        }
        return at;
    }

    private static int indexOfOrMinus(byte[] data, byte[] pattern, int from) {
        for (int i = from; i <= data.length - pattern.length; i++) {
            if (java.util.Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    private static List<Path> nestedTempFolders() throws IOException {
        try (Stream<Path> list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return list.filter(p -> p.getFileName().toString().startsWith("patchdesk-nested-"))
                    .sorted()
                    .toList();
        }
    }
}
