package com.patchdesk.server.files;

import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseRef;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Sends a stored file of a case to someone the caller already let see the case (the API's {@code …/content} and the
 * console's file link). Whatever a customer uploaded goes out as an attachment of bytes, never as a type the browser
 * would render (a {@code .html} log would otherwise run in the console's origin); the name is RFC 6266 / 5987
 * encoded, so Chinese names arrive intact.
 */
final class StoredFileDownload {

    private StoredFileDownload() {}

    static void send(CaseFiles files, CaseRef ref, long fileId, HttpServletResponse response) throws IOException {
        CaseFile file = files.find(ref, fileId)
                .filter(CaseFile::stored)
                .orElseThrow(() -> new CaseNotFoundException(ref.number().value() + " file " + fileId));
        response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment()
                        .filename(file.name(), StandardCharsets.UTF_8)
                        .build()
                        .toString());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLengthLong(file.size());
        try (InputStream in = files.open(file, null)) {
            in.transferTo(response.getOutputStream());
        }
    }
}
