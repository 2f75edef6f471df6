package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartsDigestTest {

    @TempDir
    Path dir;

    /** Parts accepted in any sizes, answers of overlapping requests late or twice: the digest of the whole file. */
    @Test
    void partsAcceptedInAnyOrderOfTheirAnswersGiveTheDigestOfTheWholeUpload() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            byte[] content = BlobStoreContract.random(random.nextInt(3 * 1024 * 1024), random.nextLong());
            Path file = dir.resolve("data-" + round);
            Files.write(file, new byte[0]);
            PartsDigest digest = new PartsDigest();
            long offset = 0;
            long previous = 0;
            while (offset < content.length) {
                int part = 1 + random.nextInt(512 * 1024);
                int end = (int) Math.min(content.length, offset + part);
                Files.write(file, Arrays.copyOfRange(content, (int) offset, end), StandardOpenOption.APPEND);
                if (random.nextInt(3) == 0) {
                    digest.accepted(file, previous); // an earlier part's answer, told late
                }
                previous = offset;
                offset = end;
                if (random.nextBoolean()) {
                    digest.accepted(file, offset);
                }
            }

            BlobStore.Content complete = digest.complete(file, content.length);

            assertThat(complete).isEqualTo(new BlobStore.Content(content.length, BlobStoreContract.sha256(content)));
            assertThat(digest.complete(file, content.length))
                    .as("finished once")
                    .isNull();
        }
    }

    /** Bytes past the accepted offset (a part whose checksum is still to be checked) are not hashed until accepted. */
    @Test
    void bytesOfAPartTakenBackAreNeverInTheDigest() throws Exception {
        byte[] content = BlobStoreContract.random(200_000, 5);
        byte[] forged = content.clone();
        forged[150_000] ^= 1;
        Path file = Files.write(dir.resolve("data"), Arrays.copyOf(forged, 100_000));
        PartsDigest digest = new PartsDigest();
        digest.accepted(file, 100_000);

        Files.write(file, Arrays.copyOfRange(forged, 100_000, 200_000), StandardOpenOption.APPEND);
        digest.accepted(file, 100_000); // the answer of the part before, told again while the forged part is written
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(100_000); // the library takes the part back
        }
        Files.write(file, Arrays.copyOfRange(content, 100_000, 200_000), StandardOpenOption.APPEND);

        assertThat(digest.complete(file, content.length).sha256()).isEqualTo(BlobStoreContract.sha256(content));
    }

    /** A file shorter than what was accepted (gone, or cut by something else): no digest, the store hashes the file. */
    @Test
    void aFileShorterThanTheUploadGivesNoDigest() throws Exception {
        Path file = Files.write(dir.resolve("data"), new byte[1000]);
        PartsDigest digest = new PartsDigest();

        assertThat(digest.complete(file, 2000)).isNull();
        Files.write(file, new byte[1000], StandardOpenOption.APPEND);
        assertThat(digest.complete(file, 2000)).as("broken off for good").isNull();
        assertThat(new PartsDigest().complete(dir.resolve("missing"), 10)).isNull();
    }
}
