package com.patchdesk.server.problems;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem responses for the REST API. Only applies to {@code @RestController}s so that browser pages
 * keep their own error views. The {@code title} is English and stable; the {@code detail} of a refusal with a
 * {@link Reason} is in the language the request asks for ({@link ProblemTexts}).
 */
@RestControllerAdvice(annotations = RestController.class)
class ApiProblems extends ResponseEntityExceptionHandler {

    private final ProblemTexts texts;

    ApiProblems(ProblemTexts texts) {
        this.texts = texts;
    }

    @ExceptionHandler(ResourceNotFoundException.class)
    ProblemDetail notFound(ResourceNotFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "Not found", detail(e, request));
    }

    @ExceptionHandler(StateConflictException.class)
    ProblemDetail conflict(StateConflictException e, HttpServletRequest request) {
        return problem(HttpStatus.CONFLICT, "Conflict", detail(e, request));
    }

    @ExceptionHandler(VersionMismatchException.class)
    ResponseEntity<ProblemDetail> versionMismatch(VersionMismatchException e) {
        ProblemDetail body = problem(HttpStatus.PRECONDITION_FAILED, "Edited by someone else", e.getMessage());
        body.setProperty("currentVersion", e.currentVersion());
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED)
                .eTag("\"" + e.currentVersion() + "\"")
                .body(body);
    }

    @ExceptionHandler(PreconditionRequiredException.class)
    ProblemDetail preconditionRequired(PreconditionRequiredException e) {
        return problem(HttpStatus.PRECONDITION_REQUIRED, "If-Match required", e.getMessage());
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalidInput(InvalidInputException e, HttpServletRequest request) {
        String detail = detail(e, request);
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "Invalid request", detail);
        body.setProperty("errors", List.of(Map.of("field", e.field(), "message", detail)));
        return body;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    /**
     * Writes that failed because the disk is full (507) or the database is closed or down (503), wherever they
     * surface; anything else goes on to the default handling (500).
     */
    @ExceptionHandler({DataAccessException.class, IOException.class, UncheckedIOException.class})
    ResponseEntity<ProblemDetail> storage(Exception e, HttpServletRequest request) throws Exception {
        Locale language = ProblemTexts.apiLanguage(request);
        if (StorageFailures.full(e)) {
            return ResponseEntity.status(HttpStatus.INSUFFICIENT_STORAGE)
                    .body(problem(
                            HttpStatus.INSUFFICIENT_STORAGE,
                            "Storage full",
                            texts.say(StorageFailures.FULL_REASON, language)));
        }
        if (StorageFailures.databaseUnavailable(e)) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "60")
                    .body(problem(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "Database unavailable",
                            texts.say(StorageFailures.UNAVAILABLE_REASON, language)));
        }
        throw e;
    }

    @ExceptionHandler(TooManyAttemptsException.class)
    ResponseEntity<ProblemDetail> tooManyAttempts(TooManyAttemptsException e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, "Too many attempts", detail(e, request)));
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e) {
        return tooLargeProblem(e);
    }

    /** A body cut off at the body limit (limits.RequestBodyLimit) surfaces from the JSON reader: a 413, not a 400. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            org.springframework.http.converter.HttpMessageNotReadableException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .header(HttpHeaders.CONNECTION, "close")
                        .body(tooLargeProblem(tooLarge).getBody());
            }
        }
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
    }

    private static ResponseEntity<ProblemDetail> tooLargeProblem(BodyTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .header(HttpHeaders.CONNECTION, "close")
                .body(problem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "Request body too large",
                        "JSON and form bodies may have at most " + e.limit() + " bytes."));
    }

    /** Bean validation failures: one entry per field so a client can show each message next to its input. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "Invalid request", "The request has invalid fields.");
        body.setProperty(
                "errors",
                ex.getBindingResult().getFieldErrors().stream()
                        .map(error ->
                                Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                        .toList());
        return ResponseEntity.badRequest().body(body);
    }

    private String detail(RuntimeException e, HttpServletRequest request) {
        return texts.describe(e, ProblemTexts.apiLanguage(request));
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        return body;
    }
}
