package com.patchdesk.server.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code patchdesk.limits.*}: how much one request and one user may ask of the server.
 *
 * @param body               largest JSON or form body, enforced while it is read ({@link RequestBodyLimit})
 * @param searchesPerMinute  searches per user and minute ({@link RateLimits}; 429 past it)
 * @param uploadsPerMinute   uploads per user and minute
 * @param mailsPerMinute     mails sent per user and minute
 */
@ConfigurationProperties("patchdesk.limits")
record LimitsSettings(DataSize body, Integer searchesPerMinute, Integer uploadsPerMinute, Integer mailsPerMinute) {

    LimitsSettings {
        body = body == null ? DataSize.ofMegabytes(1) : body;
        searchesPerMinute = searchesPerMinute == null ? 120 : searchesPerMinute;
        uploadsPerMinute = uploadsPerMinute == null ? 30 : uploadsPerMinute;
        mailsPerMinute = mailsPerMinute == null ? 20 : mailsPerMinute;
    }
}
