package com.patchdesk.server.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class StorageFailuresTest {

    @Test
    void aWriteToAFullDeviceIsAFullDiskHoweverItIsWrapped() {
        // /dev/full answers every write with ENOSPC, as a full file system does.
        Throwable enospc = catchThrowable(() -> Files.write(Path.of("/dev/full"), new byte[8192]));

        assertThat(enospc).isInstanceOf(IOException.class);
        assertThat(StorageFailures.full(enospc)).isTrue();
        assertThat(StorageFailures.full(new DataAccessResourceFailureException(
                        "insert failed", new SQLException("General error", "HY000", 50000, enospc))))
                .isTrue();
        assertThat(StorageFailures.full(new SQLException("could not extend file \"base/16384/2619\"", "53100")))
                .isTrue();
        assertThat(StorageFailures.full(new IOException("Connection reset by peer")))
                .isFalse();
    }

    @Test
    void aClosedH2DatabaseIsUnavailableNotAFullDisk() throws Exception {
        Connection connection = DriverManager.getConnection("jdbc:h2:mem:closed-" + System.nanoTime(), "sa", "");
        connection.createStatement().execute("SHUTDOWN");

        Throwable closed = catchThrowable(() -> connection.createStatement().execute("SELECT 1"));

        assertThat(StorageFailures.databaseUnavailable(new DataAccessResourceFailureException("select", closed)))
                .as(String.valueOf(closed))
                .isTrue();
        assertThat(StorageFailures.full(closed)).isFalse();
        assertThat(StorageFailures.databaseUnavailable(new SQLException("duplicate key", "23505")))
                .isFalse();
    }
}
