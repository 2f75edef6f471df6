import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A resumable (tus 1.0) upload as the collector sends one (PatchdeskCollector.ps1): creation with Upload-Length and a
 * base64 file name, then PATCHes of PART_MB parts, one after the other from one process, each read from the file just
 * before it is sent. For bench/upload-diagnose.sh (VIA=link), run by the JDK's source launcher:
 *   java bench/lib/TusUpload.java ENDPOINT FILE NAME [PART_MB [BYTES_PER_SECOND]]
 * With BYTES_PER_SECOND, a part is not sent before the upload's average would pass it, as over a customer's line.
 * Prints "STATUS SECONDS END" (201 once every part is accepted, else the refusing status; the seconds from creation to
 * the last part's answer, as curl's -w gives them for the single-request upload; END, when that answer came, in epoch
 * seconds: this JVM's start is not the upload's).
 */
public final class TusUpload {

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        int part = (args.length > 3 ? Integer.parseInt(args[3]) : 4) * 1024 * 1024;
        long rate = args.length > 4 ? Long.parseLong(args[4]) : 0;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (RandomAccessFile file = new RandomAccessFile(args[1], "r")) {
            long length = file.length();
            long started = System.nanoTime();
            HttpResponse<Void> created = http.send(
                    HttpRequest.newBuilder(endpoint)
                            .header("Tus-Resumable", "1.0.0")
                            .header("Upload-Length", Long.toString(length))
                            .header("Upload-Metadata", "filename " + Base64.getEncoder()
                                    .encodeToString(args[2].getBytes(StandardCharsets.UTF_8)))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (created.statusCode() != 201) {
                done(created.statusCode(), started);
                return;
            }
            URI upload = endpoint.resolve(created.headers().firstValue("Location").orElseThrow());
            byte[] buffer = new byte[part];
            long lastPart = 0;
            for (long offset = 0; offset < length; ) {
                if (rate > 0) {
                    long due = started + (long) (offset * 1e9 / rate);
                    if (due > System.nanoTime()) {
                        Thread.sleep((due - System.nanoTime()) / 1_000_000);
                    }
                }
                lastPart = System.nanoTime();
                int count = (int) Math.min(part, length - offset);
                file.seek(offset);
                file.readFully(buffer, 0, count);
                HttpResponse<Void> sent = http.send(
                        HttpRequest.newBuilder(upload)
                                .header("Tus-Resumable", "1.0.0")
                                .header("Upload-Offset", Long.toString(offset))
                                .header("Content-Type", "application/offset+octet-stream")
                                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(buffer, 0, count))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (sent.statusCode() != 204) {
                    done(sent.statusCode(), started);
                    return;
                }
                offset = Long.parseLong(sent.headers().firstValue("Upload-Offset").orElseThrow());
            }
            done(201, started);
            // The last part's answer waits until the server has stored the whole upload.
            System.err.printf("last part: %.3f s%n", (System.nanoTime() - lastPart) / 1e9);
        }
    }

    private static void done(int status, long started) throws IOException {
        java.time.Instant end = java.time.Instant.now();
        System.out.printf(
                "%d %.3f %d.%06d%n",
                status, (System.nanoTime() - started) / 1e9, end.getEpochSecond(), end.getNano() / 1000);
    }
}
