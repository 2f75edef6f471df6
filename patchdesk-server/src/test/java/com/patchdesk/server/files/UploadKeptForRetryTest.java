package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether a complete upload refused for room is kept to be stored on a retry ({@link TusUploads#keptForRetry}): only
 * while its scratch bytes are still there. Decided alone here: a database refusing the row's update after the store
 * moved the bytes cannot be brought about in the running server without faking the database.
 */
class UploadKeptForRetryTest {

    @Test
    void anUploadWhoseBytesTheStoreMovedBeforeTheDatabaseRefusedIsNotKept(@TempDir Path scratch) throws Exception {
        Path bytes = Files.write(scratch.resolve(TusScratch.BYTES), new byte[] {1, 2, 3});
        Files.move(bytes, scratch.resolve("adopted"));

        assertThat(TusUploads.keptForRetry(true, bytes)).isFalse();
    }

    @Test
    void anUploadWhoseBytesAreStillThereIsKept(@TempDir Path scratch) throws Exception {
        Path bytes = Files.write(scratch.resolve(TusScratch.BYTES), new byte[] {1, 2, 3});

        assertThat(TusUploads.keptForRetry(true, bytes)).isTrue();
    }

    @Test
    void anUploadReadThroughTheLibraryIsKeptAsBefore(@TempDir Path scratch) {
        assertThat(TusUploads.keptForRetry(false, scratch.resolve(TusScratch.BYTES)))
                .isTrue();
    }
}
