package com.patchdesk.diagnosis.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.patchdesk.diagnosis.Diagnosis;
import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.report.Finding;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle the Patchdesk collector ({@code PatchdeskCollector.ps1} of the server) writes: every file of its layout
 * is recognised and read, zipped as the script zips it ({@code PatchdeskCollector_<host>_<yyyyMMdd-HHmm>.zip}, '/'
 * between folders). The fixture holds the seed case's checkhealth run (GBK), systeminfo in Chinese, a CbsPersist
 * cabinet and the collector's own facts.
 */
class CollectorLayoutTest {

    static final Path LAYOUT = Path.of("src/test/resources/com/patchdesk/diagnosis/bundles/patchdesk-collector-layout");

    @Test
    void everyFileOfTheCollectorsZipIsReadByTheReaderMeantForIt(@TempDir Path dir) throws Exception {
        Path zip = zip(dir.resolve("PatchdeskCollector_PC-BANK-017_20240123-1540.zip"));
        List<Event> events = new ArrayList<>();

        BundleScan scan = BundleScanner.scan(zip, events::add);

        assertThat(scan.skipped()).isEmpty();
        Map<String, String> formats =
                scan.read().stream().collect(Collectors.toMap(ReadFile::path, ReadFile::format, (a, b) -> a));
        assertThat(formats)
                .contains(
                        entry("collector.txt", "patchdesk-collector"),
                        entry("Logs/CBS/CBS.log", "cbs-log"),
                        entry("Logs/CBS/CbsPersist_20240120081500.log", "cbs-log"),
                        entry("Logs/DISM/dism.log", "dism-log"),
                        entry("WindowsUpdate.log", "windows-update-log"),
                        entry("ReportingEvents.log", "reporting-events-log"),
                        entry("dism-checkhealth.txt", "dism-console"),
                        entry("dism-get-packages.txt", "dism-console"),
                        entry("systeminfo.txt", "os-version-text"),
                        entry("setup-events.txt", "setup-events"),
                        entry("registry-currentversion.reg", "registry-export"));
        assertThat(formats.keySet()).anyMatch(p -> p.startsWith("Logs/CBS/CbsPersist_20240115120000.cab!/"));
        assertThat(events).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.OS_BUILD);
            assertThat(e.source().file()).isEqualTo("collector.txt");
            assertThat(e.facts().get(Fact.OS_BUILD)).isEqualTo("17763.774");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.DISK_SPACE);
            assertThat(e.facts().get(Fact.FREE_BYTES)).isEqualTo("21474836480");
        });
        assertThat(events)
                .noneMatch(e -> e.kind() == EventKind.REBOOT_PENDING
                        && e.source().file().equals("collector.txt"))
                .as("pending.xml absent");
    }

    @Test
    void theSeedsDamagedComponentsAreFoundInTheCollectorsBundle(@TempDir Path dir) throws Exception {
        DiagnosisReport report =
                Diagnosis.analyze(zip(dir.resolve("PatchdeskCollector_PC-BANK-017_20240123-1540.zip")));

        assertThat(report.findings()).extracting(Finding::ruleId).contains("component-store-repairable");
        assertThat(report.findings()).noneMatch(f -> f.ruleId().equals("low-disk-space"));
    }

    @Test
    void aPendingXmlAndLittleFreeSpaceAreFindings(@TempDir Path dir) throws Exception {
        Path facts = dir.resolve("collector.txt");
        Files.writeString(
                facts,
                "Patchdesk collector 1\r\nHost: PC-2\r\nCurrentBuild: 17763\r\nUBR: 4974\r\n"
                        + "PendingXml: present\r\nSystemDriveFreeBytes: 1073741824\r\n");

        DiagnosisReport report = Diagnosis.analyze(facts);

        assertThat(report.findings()).extracting(Finding::ruleId).contains("reboot-pending", "low-disk-space");
    }

    static Path zip(Path target) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(LAYOUT)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(target);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Path file : files) {
                zip.putNextEntry(new ZipEntry(LAYOUT.relativize(file).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        }
        return target;
    }
}
