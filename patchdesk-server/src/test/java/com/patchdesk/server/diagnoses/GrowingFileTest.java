package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
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
    void readsEveryByteAsItIsWrittenAndEndsAtTheToldSizeThoughTheFileWasMovedMeanwhile() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        Path file = Files.createFile(dir.resolve("put-1.part"));
        Path size = dir.resolve("upload-size");

        CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                for (int at = 0; at < content.length; at += 100_000) {
                    out.write(content, at, Math.min(100_000, content.length - at));
                    out.flush();
                    TimeUnit.MILLISECONDS.sleep(3);
                }
                // As the blob store does at the end of a put: the file moves; the reader holds it open.
                Files.move(file, dir.resolve("blob"));
                tell(size, content.length);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] read;
        try (GrowingFile in = new GrowingFile(FileChannel.open(file), size, Duration.ofMinutes(1))) {
            read = in.readAllBytes();
            assertThat(in.read()).as("stays at its end").isEqualTo(-1);
        }

        server.get(10, TimeUnit.SECONDS);
        assertThat(read).isEqualTo(content);
    }

    @Test
    @Timeout(30)
    void aReaderAheadOfTheWriterWaitsInsteadOfEnding() throws Exception {
        Path file = Files.write(dir.resolve("put-2.part"), "first".getBytes(StandardCharsets.US_ASCII));
        Path size = dir.resolve("upload-size");
        try (GrowingFile in = new GrowingFile(FileChannel.open(file), size, Duration.ofMinutes(1))) {
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
            tell(size, 6);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /**
     * A resumable upload's part is written before its checksum is checked and taken back when it fails: the reader
     * stops where the server said the bytes are final, whatever the file holds beyond.
     */
    @Test
    @Timeout(30)
    void readsNoFurtherThanTheServerSaidIsFinalThoughTheFileHoldsMore() throws Exception {
        Path file = Files.write(dir.resolve("data"), "finalTAKEN BACK".getBytes(StandardCharsets.US_ASCII));
        Path size = dir.resolve("upload-size");
        ArrivingAnalysis.tell(dir, ArrivingAnalysis.READABLE_FILE, 5);
        try (GrowingFile in = new GrowingFile(FileChannel.open(file), size, Duration.ofMinutes(1))) {
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("final");
            CompletableFuture<byte[]> rest = CompletableFuture.supplyAsync(() -> {
                try {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            TimeUnit.MILLISECONDS.sleep(200);
            assertThat(rest).as("waits at what is final").isNotDone();

            // The part is taken back and sent again; then the server says more is final, and the upload's size.
            try (FileChannel writer = FileChannel.open(file, StandardOpenOption.WRITE)) {
                writer.truncate(5);
                writer.write(java.nio.ByteBuffer.wrap(" and more".getBytes(StandardCharsets.US_ASCII)), 5);
            }
            ArrivingAnalysis.tell(dir, ArrivingAnalysis.READABLE_FILE, 14);
            tell(size, 14);
            assertThat(new String(rest.get(5, TimeUnit.SECONDS), StandardCharsets.US_ASCII))
                    .isEqualTo(" and more");
        }
    }

    @Test
    @Timeout(30)
    void anUploadOfWhichNothingArrivesForTheIdleLimitFailsTheReader() throws Exception {
        Path file = Files.write(dir.resolve("put-5.part"), new byte[10]);
        try (GrowingFile in =
                new GrowingFile(FileChannel.open(file), dir.resolve("upload-size"), Duration.ofMillis(300))) {
            assertThat(in.readNBytes(10)).hasSize(10);
            long started = System.nanoTime();

            assertThatThrownBy(in::read)
                    .isInstanceOf(IOException.class)
                    .hasMessage("nothing of the upload arrived for 0 s after its first 10 bytes");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
        }
    }

    @Test
    void aToldSizeLongerThanTheFileIsAnErrorNotAnEarlyEnd() throws Exception {
        Path file = Files.write(dir.resolve("put-3.part"), new byte[10]);
        Path size = tell(dir.resolve("upload-size"), 12);
        try (GrowingFile in = new GrowingFile(FileChannel.open(file), size, Duration.ofMinutes(1))) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(IOException.class)
                    .hasMessage("the upload's file ends at 10 bytes, before its size of 12");
        }
    }

    @Test
    void aSizeFileWithoutASizeIsAnError() throws Exception {
        Path file = Files.write(dir.resolve("put-4.part"), new byte[10]);
        Path size = Files.writeString(dir.resolve("upload-size"), "ten");
        try (GrowingFile in = new GrowingFile(FileChannel.open(file), size, Duration.ofMinutes(1))) {
            assertThat(in.readNBytes(10)).as("what is there is read first").hasSize(10);
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("says no size");
        }
    }

    /** As {@link ArrivingAnalysis#complete}: written under another name, then moved into place. */
    private static Path tell(Path size, long bytes) throws IOException {
        Path part = Files.writeString(size.resolveSibling("upload-size.part"), Long.toString(bytes));
        return Files.move(part, size, StandardCopyOption.ATOMIC_MOVE);
    }
}
