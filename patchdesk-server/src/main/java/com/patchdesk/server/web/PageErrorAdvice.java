package com.patchdesk.server.web;

import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ResourceNotFoundException;
import com.patchdesk.server.problems.StateConflictException;
import com.patchdesk.server.problems.VersionMismatchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.BindException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors of page controllers become pages in the reader's language, with the right status. The API keeps
 * its own ProblemDetail handling: this advice only applies to controllers marked {@link ConsolePage}, and it runs
 * first so that a global API advice never answers a browser with JSON.
 */
@ControllerAdvice(annotations = ConsolePage.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(PageErrorAdvice.class);

    @ExceptionHandler(ResourceNotFoundException.class)
    ModelAndView notFound(ResourceNotFoundException e) {
        return page(HttpStatus.NOT_FOUND);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView forbidden(AccessDeniedException e) {
        return page(HttpStatus.FORBIDDEN);
    }

    @ExceptionHandler({StateConflictException.class, VersionMismatchException.class, ConcurrencyFailureException.class})
    ModelAndView conflict(RuntimeException e) {
        return page(HttpStatus.CONFLICT);
    }

    @ExceptionHandler({
        InvalidInputException.class,
        BindException.class,
        MethodArgumentTypeMismatchException.class,
        MissingServletRequestParameterException.class
    })
    ModelAndView badRequest(Exception e) {
        return page(HttpStatus.BAD_REQUEST);
    }

    @ExceptionHandler(ResponseStatusException.class)
    ModelAndView status(ResponseStatusException e) {
        return page(e.getStatusCode());
    }

    private static ModelAndView page(HttpStatusCode status) {
        if (status.is5xxServerError()) {
            log.warn("page request failed with {}", status);
        }
        ModelAndView page = new ModelAndView(status.is4xxClientError() ? "error/4xx" : "error/5xx");
        page.setStatus(status);
        page.addObject("status", status.value());
        return page;
    }
}
