package com.patchdesk.server.limits;

import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the per-user {@link RateLimits} on console and API requests. */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration implements WebMvcConfigurer {

    private final RateLimits limits;

    LimitsConfiguration(Clock clock,
            @Value("${patchdesk.limits.searches-per-minute:120}") int searches,
            @Value("${patchdesk.limits.uploads-per-minute:30}") int uploads,
            @Value("${patchdesk.limits.mails-per-minute:20}") int mails) {
        this.limits = new RateLimits(Map.of(RateLimits.Kind.SEARCH, searches, RateLimits.Kind.UPLOAD, uploads,
                RateLimits.Kind.MAIL, mails), clock);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(limits);
    }
}
