package com.patchdesk.server.files;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /d/{id}?t={token}}: the public end of a download link, usable without an account. Every refusal is
 * the same plain 404, whatever the reason. Supports one byte range per request (206/416) so large files can be
 * resumed, and records each transfer with the bytes that actually went out, also when the client hangs up.
 */
@Controller
class PublicDownloadController {

    private static final Logger log = LoggerFactory.getLogger(PublicDownloadController.class);
    private static final byte[] NOT_FOUND = "Not found\n".getBytes(StandardCharsets.UTF_8);

    private final DownloadLinks links;
    private final BlobStore blobs;
    private final DownloadEvents events;
    private final Clock clock;

    PublicDownloadController(DownloadLinks links, BlobStore blobs, DownloadEvents events, Clock clock) {
        this.links = links;
        this.blobs = blobs;
        this.events = events;
        this.clock = clock;
    }

    @GetMapping("/d/{id}")
    void download(
            @PathVariable String id,
            @RequestParam(name = "t", required = false) String token,
            @RequestHeader(name = HttpHeaders.RANGE, required = false) String rangeHeader,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Optional<DownloadLinks.Grant> grant = parseId(id).flatMap(linkId -> links.authorize(linkId, token));
        if (grant.isEmpty()) {
            notFound(response);
            return;
        }
        DownloadLinks.Grant file = grant.get();
        Optional<HttpRange> requested = singleRange(rangeHeader);
        BlobRange range = null;
        if (requested.isPresent()) {
            long first = requested.get().getRangeStart(file.size());
            long last = requested.get().getRangeEnd(file.size());
            if (file.size() == 0 || first >= file.size() || last < first) {
                response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + file.size());
                return;
            }
            range = new BlobRange(first, last);
        }
        boolean head = "HEAD".equals(request.getMethod());
        boolean fromTheStart = range == null || range.first() == 0;
        if (!head && !links.startDownload(file, range)) {
            notFound(response);
            return;
        }
        writeHeaders(response, file, range);
        if (head || file.size() == 0) {
            return;
        }
        send(request, response, file, range, fromTheStart);
    }

    private void send(
            HttpServletRequest request,
            HttpServletResponse response,
            DownloadLinks.Grant file,
            BlobRange range,
            boolean fromTheStart)
            throws IOException {
        Instant started = clock.instant();
        long expected = file.length(range);
        long sent = 0;
        try (InputStream in = blobs.open(file.blobKey(), range)) {
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                sent += n;
            }
            response.flushBuffer();
        } catch (IOException e) {
            // Usually the client hung up; what it received is recorded below either way.
            log.info(
                    "download through link {} ended after {} of {} bytes: {}",
                    file.linkId(),
                    sent,
                    expected,
                    e.toString());
        } finally {
            boolean complete = sent == expected;
            links.record(file, started, request.getRemoteAddr(), range, sent, complete);
            if (fromTheStart) {
                events.downloaded(file, request.getRemoteAddr(), sent, complete);
            }
        }
    }

    private static void writeHeaders(HttpServletResponse response, DownloadLinks.Grant file, BlobRange range) {
        response.setStatus(range == null ? HttpServletResponse.SC_OK : HttpServletResponse.SC_PARTIAL_CONTENT);
        // Never the uploaded content type: the bytes are served as an opaque attachment.
        response.setContentType("application/octet-stream");
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment()
                        .filename(file.fileName(), StandardCharsets.UTF_8)
                        .build()
                        .toString());
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader(HttpHeaders.ETAG, "\"" + file.sha256() + "\"");
        response.setHeader("X-Content-Type-Options", "nosniff");
        // The token is in the URL: keep it out of Referer headers and shared caches.
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
        if (range == null) {
            response.setContentLengthLong(file.size());
        } else {
            response.setContentLengthLong(range.length());
            response.setHeader(
                    HttpHeaders.CONTENT_RANGE, "bytes " + range.first() + "-" + range.last() + "/" + file.size());
        }
    }

    /** One well-formed range, or none: an unparsable or multi-range header is ignored and the whole file sent. */
    private static Optional<HttpRange> singleRange(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            List<HttpRange> ranges = HttpRange.parseRanges(header);
            return ranges.size() == 1 ? Optional.of(ranges.get(0)) : Optional.empty();
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private static Optional<Long> parseId(String id) {
        try {
            return Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(NOT_FOUND.length);
        response.getOutputStream().write(NOT_FOUND);
    }
}
