package com.patchdesk.server.files;

import com.patchdesk.server.problems.StorageFailures;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem answers for uploads that could not be stored: 413 over the limit, 507 when the server's disk is full, 400
 * when the body broke off.
 */
@RestControllerAdvice(assignableTypes = {CaseFilesApi.class, DownloadsApi.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadProblems {

    /** Refuses an upload whose declared length is over the limit before a byte of it is read. */
    static void refuseDeclaredOversize(long contentLength, long limit) {
        if (contentLength > limit) {
            throw new DeclaredTooLarge("the upload of " + contentLength + " bytes is larger than the limit of " + limit
                    + " bytes; nothing was kept");
        }
    }

    @ExceptionHandler(UploadFailedException.class)
    ResponseEntity<ProblemDetail> uploadFailed(UploadFailedException e) {
        if (StorageFailures.full(e)) {
            // The server's disk, not the client's upload: say so, and that nothing was kept.
            ProblemDetail problem =
                    ProblemDetail.forStatusAndDetail(HttpStatus.INSUFFICIENT_STORAGE, StorageFailures.FULL);
            problem.setTitle("Storage full");
            problem.setProperty("fileId", e.fileId());
            return ResponseEntity.status(HttpStatus.INSUFFICIENT_STORAGE).body(problem);
        }
        HttpStatus status = e.tooLarge() ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(e.tooLarge() ? "Upload too large" : "Upload incomplete");
        problem.setProperty("fileId", e.fileId());
        return ResponseEntity.status(status).body(problem);
    }

    @ExceptionHandler(DeclaredTooLarge.class)
    ResponseEntity<ProblemDetail> declaredTooLarge(DeclaredTooLarge e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setTitle("Upload too large");
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
    }

    static final class DeclaredTooLarge extends RuntimeException {
        DeclaredTooLarge(String message) {
            super(message);
        }
    }
}
