package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An upload's file read while it is written: waits at the current end, ends at the size the server tells. */
class GrowingFileTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void readsEveryByteAsItIsWrittenAndEndsAtTheToldSize() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        Path file = Files.createFile(dir.resolve("put-1.part"));
        PipedOutputStream server = new PipedOutputStream();
        CompletableFuture<Long> end = GrowingFile.endFrom(new PipedInputStream(server));

        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                for (int at = 0; at < content.length; at += 100_000) {
                    out.write(content, at, Math.min(100_000, content.length - at));
                    out.flush();
                    TimeUnit.MILLISECONDS.sleep(3);
                }
                server.write(("end " + content.length + "\n").getBytes(StandardCharsets.US_ASCII));
                server.close();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] read;
        try (GrowingFile in = new GrowingFile(file, end)) {
            read = in.readAllBytes();
            assertThat(in.read()).as("stays at its end").isEqualTo(-1);
        }

        writer.get(10, TimeUnit.SECONDS);
        assertThat(read).isEqualTo(content);
    }

    @Test
    @Timeout(30)
    void aReaderAheadOfTheWriterWaitsInsteadOfEnding() throws Exception {
        Path file = Files.write(dir.resolve("put-2.part"), "first".getBytes(StandardCharsets.US_ASCII));
        CompletableFuture<Long> end = new CompletableFuture<>();
        try (GrowingFile in = new GrowingFile(file, end)) {
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("first");
            CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> {
                try {
                    return in.read();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            TimeUnit.MILLISECONDS.sleep(200);
            assertThat(next).as("nothing new: waiting").isNotDone();

            Files.write(file, "!".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
            assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo('!');
            end.complete(6L);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    @Timeout(30)
    void anUploadGivenUpFailsTheReaderThatWaitsForIt() throws Exception {
        Path file = Files.write(dir.resolve("put-3.part"), new byte[10]);
        PipedOutputStream server = new PipedOutputStream();
        CompletableFuture<Long> end = GrowingFile.endFrom(new PipedInputStream(server));
        try (GrowingFile in = new GrowingFile(file, end)) {
            assertThat(in.readNBytes(10)).hasSize(10);
            CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(() -> {
                try {
                    server.close(); // the server is gone, or gave the upload up: no size told
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long started = System.nanoTime();
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("the upload did not complete");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aToldSizeLongerThanTheFileIsAnErrorNotAnEarlyEnd() throws Exception {
        Path file = Files.write(dir.resolve("put-4.part"), new byte[10]);
        try (GrowingFile in = new GrowingFile(file, CompletableFuture.completedFuture(12L))) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(IOException.class)
                    .hasMessage("the upload's file ends at 10 bytes, before its size of 12");
        }
    }

    @Test
    void onlyAnEndLineTellsTheSize() throws Exception {
        assertThat(GrowingFile.endFrom(input("end 1073741824\n")).get(5, TimeUnit.SECONDS))
                .isEqualTo(1_073_741_824L);
        for (String garbage : new String[] {"", "end\n", "end ten\n", "stop\n"}) {
            CompletableFuture<Long> end = GrowingFile.endFrom(input(garbage));
            assertThatThrownBy(() -> end.get(5, TimeUnit.SECONDS))
                    .as(Arrays.toString(garbage.getBytes(StandardCharsets.US_ASCII)))
                    .hasCauseInstanceOf(IOException.class);
        }
    }

    private static InputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }
}
