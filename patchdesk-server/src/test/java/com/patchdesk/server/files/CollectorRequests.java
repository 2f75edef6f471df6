package com.patchdesk.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The HTTP requests {@code PatchdeskCollector.ps1} sends, header for header (see {@code Send-PatchdeskRequest} and
 * {@code Send-PatchdeskBundle}): creation with {@code Upload-Length} and a UTF-8 base64 {@code filename}, PATCHes of
 * up to 4 MiB with {@code Upload-Offset}, HEAD to find where to resume. {@link CollectorScriptTest} pins that the
 * script still sends these.
 */
final class CollectorRequests {

    static final int CHUNK = 4 * 1024 * 1024;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String origin;

    CollectorRequests(int port) {
        this.origin = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> create(String endpointPath, String fileName, long length) throws Exception {
        String metadata = "filename " + Base64.getEncoder().encodeToString(fileName.getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(URI.create(origin + endpointPath))
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Length", Long.toString(length))
                        .header("Upload-Metadata", metadata)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> patch(String uploadUrl, long offset, byte[] content, int from, int count) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(absolute(uploadUrl)))
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Offset", Long.toString(offset))
                        .header("Content-Type", "application/offset+octet-stream")
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(content, from, count))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A request as a client behind a proxy that refuses PATCH sends it: {@code method} on the wire and the method meant
     * in {@code X-HTTP-Method-Override} (tus-js-client's {@code overridePatchMethod}), with tus's headers for either.
     */
    HttpResponse<String> overridden(
            String url, String method, String meant, long offsetOrLength, byte[] content, int from, int count)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(absolute(url)))
                .header("Tus-Resumable", "1.0.0")
                .header("X-HTTP-Method-Override", meant);
        if (meant.equals("POST")) {
            request.header("Upload-Length", Long.toString(offsetOrLength))
                    .header("Upload-Metadata", "filename " + Base64.getEncoder().encodeToString(new byte[] {'x'}));
        } else {
            request.header("Upload-Offset", Long.toString(offsetOrLength))
                    .header("Content-Type", "application/offset+octet-stream");
        }
        return http.send(
                request.method(method, HttpRequest.BodyPublishers.ofByteArray(content, from, count))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A PATCH whose body is sent chunked (no {@code Content-Length}), as a client streaming a file of its own may send
     * it, with an {@code Upload-Checksum} header when {@code sha1} is not null.
     */
    HttpResponse<String> chunkedPatch(String uploadUrl, long offset, byte[] content, int from, int count, byte[] sha1)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(absolute(uploadUrl)))
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", "application/offset+octet-stream");
        if (sha1 != null) {
            request.header("Upload-Checksum", "sha1 " + Base64.getEncoder().encodeToString(sha1));
        }
        return http.send(
                request.method(
                                "PATCH",
                                HttpRequest.BodyPublishers.ofInputStream(
                                        () -> new java.io.ByteArrayInputStream(content, from, count)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A HEAD's {@code Upload-Offset}; -1 when the upload is gone (404, 410), -2 while the server cannot tell yet (a
     * broken request still holds the upload's lock), as {@code Get-PatchdeskOffset} tells them apart.
     */
    long offset(String uploadUrl) throws Exception {
        HttpResponse<Void> head = http.send(
                HttpRequest.newBuilder(URI.create(absolute(uploadUrl)))
                        .header("Tus-Resumable", "1.0.0")
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (head.statusCode() == 404 || head.statusCode() == 410) {
            return -1;
        }
        // tus 1.0 answers 200 or 204 (this library: 204), with Upload-Offset.
        return head.statusCode() == 200 || head.statusCode() == 204
                ? head.headers()
                        .firstValue("Upload-Offset")
                        .map(Long::parseLong)
                        .orElse(-2L)
                : -2;
    }

    /** Sends everything from {@code offset} in the script's 4 MiB parts; the final offset. */
    long sendRest(String uploadUrl, byte[] content, long offset) throws Exception {
        while (offset < content.length) {
            int count = (int) Math.min(CHUNK, content.length - offset);
            HttpResponse<String> sent = patch(uploadUrl, offset, content, (int) offset, count);
            if (sent.statusCode() != 204) {
                throw new IllegalStateException("PATCH answered " + sent.statusCode() + ": " + sent.body());
            }
            offset = Long.parseLong(sent.headers().firstValue("Upload-Offset").orElseThrow());
        }
        return offset;
    }

    /**
     * A PATCH whose connection breaks after {@code sent} of its {@code count} bytes, as when a customer's VPN drops:
     * the headers promise the whole part, the socket closes half-way.
     */
    void brokenPatch(String uploadUrl, long offset, byte[] content, int count, int sent) throws IOException {
        URI uri = URI.create(absolute(uploadUrl));
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                            + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: " + offset
                            + "\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: " + count
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(content, (int) offset, sent);
            out.flush();
        }
    }

    String absolute(String location) {
        return location.startsWith("http") ? location : origin + location;
    }

    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
