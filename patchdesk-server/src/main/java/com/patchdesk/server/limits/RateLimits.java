package com.patchdesk.server.limits;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.problems.ProblemResponses;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Per-user rate limits on the expensive requests: searches, uploads and sending mail (Bucket4j token buckets,
 * refilled greedily per minute). A caller past the limit gets 429 with Retry-After (problem+json for the API, the
 * error page for the console). The buckets are per server instance: a limit against one user's runaway script,
 * not an accounting of quotas. They run on the server's {@link Clock} so tests can move time.
 */
final class RateLimits implements HandlerInterceptor {

    enum Kind {
        SEARCH,
        UPLOAD,
        MAIL
    }

    /** Case lists that search with {@code q}: the API's, the console's and the customer portal's. */
    private static final Pattern LISTS = Pattern.compile("(/api)?/cases(/queue)?/?|/portal/?");

    private static final Pattern UPLOADS = Pattern.compile("(/api)?/cases/[^/]+/files/?");
    private static final Pattern MAILS = Pattern.compile("(/api/cases/[^/]+/mails|/cases/[^/]+/mails)/?");

    private final Map<Kind, Integer> perMinute;
    private final TimeMeter time;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimits(Map<Kind, Integer> perMinute, Clock clock) {
        this.perMinute = Map.copyOf(perMinute);
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        Kind kind = kind(request);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (kind == null || authentication == null || !authentication.isAuthenticated()) {
            return true;
        }
        long userId;
        try {
            userId = Actor.from(authentication).userId();
        } catch (RuntimeException anonymous) {
            return true;
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(kind + ":" + userId, key -> bucket(kind))
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return true;
        }
        long seconds =
                Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
        response.setHeader("Retry-After", Long.toString(seconds));
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            ProblemResponses.write(
                    response,
                    429,
                    "Too many requests",
                    "At most " + perMinute.get(kind) + " " + kind.name().toLowerCase()
                            + " requests a minute; try again in " + seconds + " s.");
        } else {
            response.sendError(429);
        }
        return false;
    }

    private Bucket bucket(Kind kind) {
        int limit = perMinute.get(kind);
        return Bucket.builder()
                .withCustomTimePrecision(time)
                .addLimit(bandwidth -> bandwidth.capacity(limit).refillGreedy(limit, Duration.ofMinutes(1)))
                .build();
    }

    static Kind kind(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String method = request.getMethod();
        if ("GET".equals(method)) {
            String q = request.getParameter("q");
            return q != null && !q.isBlank() && LISTS.matcher(path).matches() ? Kind.SEARCH : null;
        }
        if ("POST".equals(method) || "PUT".equals(method)) {
            if (UPLOADS.matcher(path).matches()) {
                return Kind.UPLOAD;
            }
            if (MAILS.matcher(path).matches()) {
                return Kind.MAIL;
            }
        }
        return null;
    }
}
