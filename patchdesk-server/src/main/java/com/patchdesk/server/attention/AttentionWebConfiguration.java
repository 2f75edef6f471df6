package com.patchdesk.server.attention;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class AttentionWebConfiguration implements WebMvcConfigurer {

    private final AttentionList attention;

    AttentionWebConfiguration(AttentionList attention) {
        this.attention = attention;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // Pages only: the API and the static resources never show the navigation.
        registry.addInterceptor(new AttentionBadge(attention)).excludePathPatterns("/api/**", "/css/**", "/js/**");
    }
}
