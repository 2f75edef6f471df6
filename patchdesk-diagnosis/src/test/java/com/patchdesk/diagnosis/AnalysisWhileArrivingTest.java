package com.patchdesk.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.patchdesk.diagnosis.bundle.SeveralMachinesException;
import com.patchdesk.diagnosis.bundle.TestZips;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.report.ReportFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle analysed while it is uploaded gives, byte for byte, the report of the complete file: from the bytes read as
 * they arrived when the complete file confirms them, else by reading the file again.
 */
class AnalysisWhileArrivingTest {

    private static final Path RESOURCES = Path.of("src/test/resources");
    private static final Path BUNDLES = RESOURCES.resolve("com/patchdesk/diagnosis/bundles");
    private static final AnalysisOptions OPTIONS = AnalysisOptions.defaults().withContextLines(3);
    private static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.forLanguageTag("zh-CN"));

    @TempDir
    Path temp;

    @Test
    void aStoredZipIsReadAsItArrives() throws Exception {
        Path zip = temp.resolve("bundle.zip");
        byte[] bytes = TestZips.onDisk(
                zip, files(BUNDLES.resolve("incomplete-download-then-not-found")), ZipEntry.STORED, true);

        assertSameAsAnalyze(arriveSlowly(bytes, temp.resolve("upload/bundle.zip")), true);
    }

    @Test
    void aDeflatedZipIsReadAsItArrives() throws Exception {
        Path zip = temp.resolve("bundle.zip");
        byte[] bytes =
                TestZips.onDisk(zip, files(BUNDLES.resolve("build-774-component-1879")), ZipEntry.DEFLATED, true);

        assertSameAsAnalyze(arrive(bytes, temp.resolve("upload/CMGELogCollector_PC-1_20240101.zip")), true);
    }

    @Test
    void aZipWrittenToAStreamHasDataDescriptorsAndIsReadAsItArrives() throws Exception {
        byte[] bytes = TestZips.streamed(files(BUNDLES.resolve("incomplete-download-then-not-found")));
        assertThat(bytes[6] & 0x08)
                .as("general purpose bit 3: sizes follow the data")
                .isNotZero();

        assertSameAsAnalyze(arriveSlowly(bytes, temp.resolve("bundle.zip")), true);
    }

    @Test
    void aZipInsideTheZipAndACabinetInsideIt() throws Exception {
        Map<String, byte[]> outer = new LinkedHashMap<>(files(BUNDLES.resolve("patchdesk-collector-layout")));
        outer.put("machine/inner.zip", TestZips.streamed(files(BUNDLES.resolve("build-774-component-1879"))));
        byte[] bytes = TestZips.streamed(outer);

        assertSameAsAnalyze(arrive(bytes, temp.resolve("bundle.zip")), true);
    }

    @Test
    void aCabinetGivenAsTheInput() throws Exception {
        for (Path cab : List.of(
                RESOURCES.resolve("cabinet/cbspersist-mszip-two-files.cab"),
                BUNDLES.resolve("patchdesk-collector-layout/Logs/CBS/CbsPersist_20240115120000.cab"))) {
            byte[] bytes = Files.readAllBytes(cab);

            assertSameAsAnalyze(arriveSlowly(bytes, temp.resolve(cab.getFileName())), true);
        }
    }

    @Test
    void aPlainCbsLog() throws Exception {
        byte[] bytes = Files.readAllBytes(
                RESOURCES.resolve("eval/own/three-rounds-ending-in-store-corruption/bundle/Logs/CBS/CBS.log"));

        assertSameAsAnalyze(arriveSlowly(bytes, temp.resolve("CBS.log")), true);
    }

    @Test
    void aBigLogIsReadInPartsOnThreadsOfItsOwnWhileItArrives() throws Exception {
        byte[] log = Files.readAllBytes(
                RESOURCES.resolve("eval/own/three-rounds-ending-in-store-corruption/bundle/Logs/CBS/CBS.log"));
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        while (big.size() < 6 << 20) {
            big.write(log);
        }
        byte[] bytes = big.toByteArray();

        assertSameAsAnalyze(
                Diagnosis.arrived(
                        temp.resolve("CBS.log"), Upload.of(bytes, temp.resolve("CBS.log"), 32 * 1024, 1), OPTIONS),
                true);
        byte[] zip = TestZips.streamed(Map.of("Logs/CBS/CBS.log", bytes));
        assertSameAsAnalyze(
                Diagnosis.arrived(
                        temp.resolve("bundle.zip"), Upload.of(zip, temp.resolve("bundle.zip"), 8 * 1024, 1), OPTIONS),
                true);
    }

    @Test
    void gbkNamesWithoutTheUtf8Flag() throws Exception {
        byte[] cbs = Files.readAllBytes(RESOURCES.resolve("cbs/package-not-found-0x80070490.log"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(out)) {
            z.setEncoding("GBK");
            z.setUseLanguageEncodingFlag(false);
            z.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
            for (String name : List.of("日志/CBS.log", "..\\日志\\越界.log")) {
                z.putArchiveEntry(new ZipArchiveEntry(name));
                z.write(cbs);
                z.closeArchiveEntry();
            }
        }

        Path input = temp.resolve("日志收集.zip");
        Diagnosis.Arrived arrived = arrive(out.toByteArray(), input);

        assertSameAsAnalyze(arrived, true);
        assertThat(arrived.report().bundle().read()).extracting(f -> f.path()).containsExactly("日志/CBS.log");
    }

    @Test
    void aCentralDirectoryInAnotherOrderThanTheLocalHeadersIsReadAgain() throws Exception {
        byte[] sound = TestZips.streamed(files(BUNDLES.resolve("incomplete-download-then-not-found")));
        List<byte[]> records = CentralDirectory.of(sound).records();
        Collections.reverse(records);

        assertSameAsAnalyze(arrive(CentralDirectory.of(sound).with(records), temp.resolve("bundle.zip")), false);
    }

    @Test
    void aCentralDirectoryListingAnEntryTwiceIsReadAgain() throws Exception {
        byte[] sound = TestZips.streamed(files(BUNDLES.resolve("build-774-component-1879")));
        List<byte[]> records = CentralDirectory.of(sound).records();
        records.add(records.get(0));

        assertSameAsAnalyze(arrive(CentralDirectory.of(sound).with(records), temp.resolve("bundle.zip")), false);
    }

    @Test
    void twoZipsOneAfterTheOtherAreReadAgain() throws Exception {
        byte[] first = TestZips.streamed(files(BUNDLES.resolve("build-774-component-1879")));
        byte[] second = TestZips.streamed(files(BUNDLES.resolve("incomplete-download-then-not-found")));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);

        assertSameAsAnalyze(arrive(both, temp.resolve("bundle.zip")), false);
    }

    @Test
    void aZipCutShortIsSalvagedFromTheCompleteFile() throws Exception {
        byte[] sound = TestZips.streamed(files(BUNDLES.resolve("incomplete-download-then-not-found")));
        byte[] cut = Arrays.copyOf(sound, CentralDirectory.of(sound).offset() - 100);

        Diagnosis.Arrived arrived = arrive(cut, temp.resolve("bundle.zip"));

        assertSameAsAnalyze(arrived, false);
        assertThat(arrived.report().bundle().skipped())
                .anySatisfy(s -> assertThat(s.reason()).startsWith("damaged zip archive"));
    }

    @Test
    void aCorruptDeflateStreamIsReadAgainForTheWordsOfTheReason() throws Exception {
        byte[] cbs = Files.readAllBytes(RESOURCES.resolve("cbs/package-not-found-0x80070490.log"));
        Path zip = temp.resolve("made.zip");
        byte[] bytes = TestZips.onDisk(zip, Map.of("CBS.log", cbs), ZipEntry.DEFLATED, true);
        // The only entry's deflate stream starts with a block of the reserved type; sizes and directory untouched.
        int data = 30 + "CBS.log".length() + (bytes[28] & 0xff);
        bytes[data] = 0x07;

        Diagnosis.Arrived arrived = arrive(bytes, temp.resolve("bundle.zip"));

        assertThat(arrived.report().bundle().skipped())
                .singleElement()
                .satisfies(s -> assertThat(s.reason()).startsWith("could not be read"));
        assertSameAsAnalyze(arrived, false);
    }

    @Test
    void anEntryThatWouldTripTheCompressionRatioCheckWithItsSizeKnownIsReadAgain() throws Exception {
        byte[] head = Files.readAllBytes(RESOURCES.resolve("cbs/package-not-found-0x80070490.log"));
        byte[] line = "2024-01-15 10:00:00, Info                  CBS    Same line again and again\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        log.write(head);
        for (int i = 0; i < 40_000; i++) {
            log.write(line);
        }
        byte[] bytes = TestZips.streamed(Map.of("CBS.log", log.toByteArray()));

        Diagnosis.Arrived arrived = arrive(bytes, temp.resolve("bundle.zip"));

        assertThat(arrived.report().bundle().skipped())
                .as("the complete file's scan meters the entry against its compressed size")
                .anySatisfy(s -> assertThat(s.reason()).contains("times its compressed size"));
        assertSameAsAnalyze(arrived, false);
    }

    @Test
    void aZipOfSeveralMachinesIsRefusedAsAnalyzeRefusesIt() throws Exception {
        Map<String, byte[]> machines = new LinkedHashMap<>();
        machines.put(
                "CMGELogCollector_PC-1_20240101.zip",
                TestZips.streamed(files(BUNDLES.resolve("build-774-component-1879"))));
        machines.put(
                "CMGELogCollector_PC-2_20240101.zip",
                TestZips.streamed(files(BUNDLES.resolve("incomplete-download-then-not-found"))));
        Path input = temp.resolve("machines.zip");
        byte[] bytes = TestZips.streamed(machines);
        Files.write(input, bytes);
        String refusal = catchMessage(input);

        Path uploaded = temp.resolve("upload.zip");
        assertThatThrownBy(() -> Diagnosis.arrived(uploaded, Upload.of(bytes, uploaded, 4096, 0), OPTIONS))
                .isInstanceOf(SeveralMachinesException.class)
                .hasMessage(refusal);
    }

    @Test
    void anUploadThatBreaksOffGivesNoReport() throws Exception {
        byte[] bytes = TestZips.streamed(files(BUNDLES.resolve("build-774-component-1879")));
        Path input = temp.resolve("bundle.zip");

        assertThatThrownBy(() -> Diagnosis.arrived(input, Upload.breakingOffAtTheEnd(bytes, input, 4096), OPTIONS))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("broke off");
    }

    @Test
    void aLogThatBreaksOffGivesNoReport() throws Exception {
        byte[] bytes = Files.readAllBytes(RESOURCES.resolve("cbs/package-not-found-0x80070490.log"));
        Path input = temp.resolve("CBS.log");

        assertThatThrownBy(() -> Diagnosis.arrived(input, Upload.breakingOffAtTheEnd(bytes, input, 512), OPTIONS))
                .isInstanceOf(UncheckedIOException.class);
    }

    /** Compares the report with analyze's of the complete file, as JSON in both languages, byte for byte. */
    private void assertSameAsAnalyze(Diagnosis.Arrived arrived, boolean readWhileArriving) throws Exception {
        Path input = Path.of(arrived.report().bundle().input());
        DiagnosisReport expected = Diagnosis.analyze(input, OPTIONS);
        for (Locale language : LANGUAGES) {
            assertThat(ReportFormat.JSON.render(arrived.report(), language))
                    .as("the report in %s", language)
                    .isEqualTo(ReportFormat.JSON.render(expected, language));
        }
        assertThat(arrived.readWhileArriving()).as("read while arriving").isEqualTo(readWhileArriving);
    }

    private Diagnosis.Arrived arrive(byte[] bytes, Path input) throws Exception {
        Files.createDirectories(input.getParent());
        return Diagnosis.arrived(input, Upload.of(bytes, input, 64 * 1024, 0), OPTIONS);
    }

    /** In chunks of 4 KiB with pauses, so that the scan waits for bytes again and again. */
    private Diagnosis.Arrived arriveSlowly(byte[] bytes, Path input) throws Exception {
        Files.createDirectories(input.getParent());
        return Diagnosis.arrived(input, Upload.of(bytes, input, 4096, 1), OPTIONS);
    }

    private static String catchMessage(Path input) {
        try {
            Diagnosis.analyze(input, OPTIONS);
            throw new AssertionError("analyze did not refuse " + input);
        } catch (SeveralMachinesException e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
    /** The files under {@code folder} by their paths in it, in path order. */
    private static Map<String, byte[]> files(Path folder) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.filter(Files::isRegularFile).sorted().toList()) {
                files.put(folder.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }

    /** A zip's central directory taken apart, to be put back with its records reordered, dropped or repeated. */
    private record CentralDirectory(byte[] zip, int offset, int end) {

        static CentralDirectory of(byte[] zip) {
            int end = zip.length - 22;
            while (end >= 0 && le32(zip, end) != 0x06054b50) {
                end--;
            }
            return new CentralDirectory(zip, le32(zip, end + 16), end);
        }

        List<byte[]> records() {
            List<byte[]> records = new ArrayList<>();
            for (int at = offset; at < end; ) {
                int length = 46 + le16(zip, at + 28) + le16(zip, at + 30) + le16(zip, at + 32);
                records.add(Arrays.copyOfRange(zip, at, at + length));
                at += length;
            }
            return records;
        }

        byte[] with(List<byte[]> records) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(zip, 0, offset);
            for (byte[] r : records) {
                out.write(r);
            }
            int size = out.size() - offset;
            byte[] eocd = Arrays.copyOfRange(zip, end, zip.length);
            ByteBuffer b = ByteBuffer.wrap(eocd).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort(8, (short) records.size());
            b.putShort(10, (short) records.size());
            b.putInt(12, size);
            out.write(eocd);
            return out.toByteArray();
        }

        private static int le16(byte[] b, int at) {
            return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
        }

        private static int le32(byte[] b, int at) {
            return le16(b, at) | le16(b, at + 2) << 16;
        }
    }
}
