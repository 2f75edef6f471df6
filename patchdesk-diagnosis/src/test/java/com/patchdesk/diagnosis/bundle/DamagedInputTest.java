package com.patchdesk.diagnosis.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.read.Event;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fixture, damaged at random (bytes flipped, cut short, zipped and then damaged), is still either
 * read or skipped with a reason, and the scan never throws. The seed is fixed so a failure replays.
 */
class DamagedInputTest {

    @TempDir
    Path temp;

    @Test
    void damagedFixturesAndDamagedZipsOfThemNeverBreakTheScan() throws Exception {
        Random random = new Random(20240124L);
        List<Path> fixtures;
        try (Stream<Path> walk = Files.walk(Path.of("src/test/resources"))) {
            fixtures = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("corpus"))
                    // Shapes, not sizes: the whole real logs of eval/ (megabytes each) would make forty rounds slow.
                    .filter(p -> p.toFile().length() <= 1_000_000)
                    .sorted()
                    .toList();
        }
        assertThat(fixtures).hasSizeGreaterThan(20);
        for (int round = 0; round < 40; round++) {
            Path folder = Files.createDirectory(temp.resolve("round" + round));
            ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(zipBytes)) {
                for (int i = 0; i < fixtures.size(); i++) {
                    byte[] damaged = damage(Files.readAllBytes(fixtures.get(i)), random);
                    Files.write(folder.resolve("f" + i), damaged);
                    zip.putArchiveEntry(new ZipArchiveEntry("f" + i));
                    zip.write(damaged);
                    zip.closeArchiveEntry();
                }
            }
            Files.write(folder.resolve("all.zip"), damage(zipBytes.toByteArray(), random));

            List<Event> events = new ArrayList<>();
            BundleScan scan = BundleScanner.scan(folder, events::add);

            assertThat(scan.read().size() + scan.skipped().size()).isGreaterThanOrEqualTo(fixtures.size() + 1);
            // A reader bug would surface as a Java exception named in a skip reason.
            assertThat(scan.skipped())
                    .allSatisfy(s -> assertThat(s.reason())
                            .isNotBlank()
                            .doesNotContain(
                                    "NumberFormat",
                                    "IndexOutOfBounds",
                                    "NullPointer",
                                    "IllegalArgument",
                                    "IllegalState"));
            assertThat(events).allSatisfy(e -> assertThat(e.source().line()).isPositive());
        }
    }

    private static byte[] damage(byte[] bytes, Random random) {
        byte[] out = bytes.clone();
        int flips = random.nextInt(1 + out.length / 50);
        for (int i = 0; i < flips && out.length > 0; i++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        if (random.nextInt(4) == 0 && out.length > 1) {
            out = java.util.Arrays.copyOf(out, random.nextInt(out.length));
        }
        return out;
    }
}
