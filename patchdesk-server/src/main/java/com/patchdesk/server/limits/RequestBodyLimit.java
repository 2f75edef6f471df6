package com.patchdesk.server.limits;

import com.patchdesk.server.problems.BodyTooLargeException;
import com.patchdesk.server.problems.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps JSON and form bodies while they are read, not after: a declared Content-Length over the limit is refused
 * before a byte is read, and a chunked body stops being read at the limit ({@link BodyTooLargeException}, 413).
 * A customer sending 100 MB of JSON thus costs the server at most the limit (plus what Tomcat swallows before
 * closing the connection), never the whole body in memory. Form fields are parsed by Tomcat itself, which
 * enforces {@code server.tomcat.max-http-form-post-size} for chunked forms. File uploads keep their own limit.
 * Runs before security, so that not even the sign-in form reads more.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestBodyLimit extends OncePerRequestFilter {

    /** Upload endpoints take the file as the body, whatever its type. */
    private static final Pattern UPLOADS = Pattern.compile("(/api)?/cases/[^/]+/files/?");

    private final long limit;

    RequestBodyLimit(LimitsSettings settings) {
        this.limit = settings.body().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!limited(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > limit) {
            refuse(request, response);
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    private boolean limited(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (UPLOADS.matcher(path).matches()) {
            return false;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith(MediaType.APPLICATION_JSON_VALUE)
                || lower.contains("+json")
                || lower.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The client is still sending: close the connection rather than read (or swallow) the rest.
        response.setHeader("Connection", "close");
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            ProblemResponses.write(
                    response,
                    HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "Request body too large",
                    "JSON and form bodies may have at most " + limit + " bytes.");
        } else {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        }
    }

    /** The request with an input stream that fails once more than {@code limit} bytes were read. */
    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), encoding));
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // Never ask for more than one byte past the limit, so that going over is noticed without reading on.
            int n = in.read(buffer, offset, (int) Math.min(length, Math.max(1, limit - read + 1)));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
