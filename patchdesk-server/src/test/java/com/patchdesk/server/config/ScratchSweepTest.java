package com.patchdesk.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchSweepTest {

    /** A killed process's folder goes with what is in it; a live one, and whatever is not of the sweep's kind, stay. */
    @Test
    void onlyOldEntriesOfTheGivenKindsGo(@TempDir Path scratch) throws Exception {
        Path left = Files.createDirectories(scratch.resolve("split-12-abc"));
        Files.write(left.resolve("container.zip"), new byte[1024]);
        Files.setLastModifiedTime(left, FileTime.from(Instant.now().minus(Duration.ofHours(7))));
        Path live = Files.createDirectories(scratch.resolve("split-13-def"));
        Path other = Files.createDirectories(scratch.resolve("runtime"));
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(Duration.ofDays(30))));

        int removed =
                ScratchSweep.remove(scratch, List.of("split-"), Instant.now().minus(Duration.ofHours(6)));

        assertThat(removed).isEqualTo(1);
        assertThat(left).doesNotExist();
        assertThat(live).exists();
        assertThat(other).exists();
        assertThat(ScratchSweep.remove(scratch.resolve("absent"), List.of("split-"), Instant.now()))
                .isZero();
    }
}
