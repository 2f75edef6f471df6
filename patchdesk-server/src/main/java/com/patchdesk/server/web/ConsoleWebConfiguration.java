package com.patchdesk.server.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleSettings.class)
class ConsoleWebConfiguration implements WebMvcConfigurer {

    /** The bean name is the contract: DispatcherServlet looks the resolver up as {@code localeResolver}. */
    @Bean(name = "localeResolver")
    LocaleResolver localeResolver(LanguagePreferences preferences) {
        return new ConsoleLocaleResolver(preferences);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor languageSwitch = new LocaleChangeInterceptor();
        languageSwitch.setParamName("lang");
        // A mistyped ?lang= must not turn a page into an error.
        languageSwitch.setIgnoreInvalidLocale(true);
        // Pages only: a language chosen through the API (a GET, and a read-only token's) would have written to the
        // account. The API answers in the caller's Accept-Language or stored language.
        registry.addInterceptor(languageSwitch).excludePathPatterns("/api/**");
    }
}
