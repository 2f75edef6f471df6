package com.patchdesk.server.problems;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every API error is problem+json: errors that reach the container as {@code sendError} (from Spring Security,
 * from MVC for unknown paths or methods, from filters) or as an exception would otherwise come back as Boot's
 * plain JSON or Tomcat's HTML page. And {@code /error} asked for directly is a 404 page, not a 500 of status 999.
 */
@Component
// Right after Spring Security's filter: its headers are on every answer, and the API chain writes its own 401/403.
@Order(-99)
public class ApiErrorResponses extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorResponses.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if ("/error".equals(path) || path.startsWith("/error/")) {
            // Only the container forwards here (an ERROR dispatch, which this filter does not see).
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (!path.startsWith("/api/")) {
            chain.doFilter(request, response);
            return;
        }
        ProblemResponse problems = new ProblemResponse(response);
        try {
            chain.doFilter(request, problems);
        } catch (ServletException | RuntimeException e) {
            if (response.isCommitted()) {
                throw e;
            }
            log.error("API request {} {} failed", request.getMethod(), path, e);
            problems.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
    }

    private static final class ProblemResponse extends HttpServletResponseWrapper {

        ProblemResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if (isCommitted()) {
                super.sendError(status, message);
                return;
            }
            HttpStatus known = HttpStatus.resolve(status);
            String title = known == null ? "Error" : known.getReasonPhrase();
            resetBuffer();
            // Only the status and its fixed reason phrase: container messages can echo request data.
            ProblemResponses.write(this, status, title, null);
            flushBuffer();
        }
    }
}
