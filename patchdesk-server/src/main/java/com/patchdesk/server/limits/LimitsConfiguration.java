package com.patchdesk.server.limits;

import java.time.Clock;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the per-user {@link RateLimits} on console and API requests. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitsSettings.class)
class LimitsConfiguration implements WebMvcConfigurer {

    private final RateLimits limits;

    LimitsConfiguration(Clock clock, LimitsSettings settings) {
        this.limits = new RateLimits(
                Map.of(
                        RateLimits.Kind.SEARCH,
                        settings.searchesPerMinute(),
                        RateLimits.Kind.UPLOAD,
                        settings.uploadsPerMinute(),
                        RateLimits.Kind.MAIL,
                        settings.mailsPerMinute()),
                clock);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(limits);
    }
}
