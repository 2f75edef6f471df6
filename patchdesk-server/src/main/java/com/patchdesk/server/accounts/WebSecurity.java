package com.patchdesk.server.accounts;

import static org.springframework.security.config.Customizer.withDefaults;

import com.patchdesk.server.problems.ProblemResponses;
import com.patchdesk.server.problems.StorageFailures;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Two filter chains: the REST API authenticates every request with an API token or HTTP Basic and keeps no session,
 * so there is no CSRF token to check; but a browser keeps Basic credentials and sends them with other sites' forms
 * too, so changes a browser marks as coming from another site are refused ({@link CrossSiteApiRequests}). Browser
 * pages use form login with a session and CSRF protection.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminSettings.class)
class WebSecurity {

    /** Pages and resources anyone may fetch; tokened download and closing links carry their own secret. */
    private static final String[] PUBLIC_PATHS = {
        "/d/**",
        "/c/**",
        "/actuator/health",
        "/actuator/health/**",
        "/login",
        "/error",
        "/css/**",
        "/js/**",
        "/webjars/**",
        // Forgotten password: asked for and used without being signed in (the mailed token is the proof).
        "/password/forgot",
        "/password/reset"
    };

    /**
     * The API's description and Swagger UI: for signed-in staff only (issue 20). Every form springdoc serves, the
     * YAML one ({@code /v3/api-docs.yaml}, {@code /v3/api-docs.yaml/{group}}) too: it matched neither of the JSON
     * form's patterns and reached any signed-in customer.
     */
    private static final String[] OPENAPI_PATHS = {"/v3/api-docs*", "/v3/api-docs*/**", "/swagger-ui*", "/swagger-ui/**"
    };

    /**
     * No inline script or style anywhere (templates load /js and /css files only), no framing, forms only to
     * ourselves. img-src allows data: for the CSS's small inline icons.
     */
    static final String PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";
    /** API answers are data, never documents to render. */
    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(
            HttpSecurity http,
            SignInGuard guard,
            UserAccounts accounts,
            UserDetailsService users,
            PasswordEncoder passwords,
            ApiTokens tokens)
            throws Exception {
        http.securityMatcher("/api/**")
                .addFilterBefore(
                        new BearerTokenFilter(tokens, WebSecurity::writeProblem), BasicAuthenticationFilter.class)
                // Before any sign-in: a browser sends its kept Basic credentials with another site's forms too.
                .addFilterBefore(new CrossSiteApiRequests(WebSecurity::writeProblem), BearerTokenFilter.class)
                .authenticationManager(guardedSignIn(guard, accounts, users, passwords))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                    if (e instanceof SignInThrottledException throttled) {
                        response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
                        writeProblem(
                                response,
                                429,
                                "Too many failed sign-ins",
                                throttled.locked()
                                        ? "Too many failed sign-ins from this address: locked for a while."
                                        : "Too many failed sign-ins: wait before trying again.",
                                false);
                    } else if (e instanceof InternalAuthenticationServiceException) {
                        // The accounts could not be read (database closed or down): not the caller's fault.
                        response.setHeader("Retry-After", "60");
                        writeProblem(
                                response,
                                HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                                "Database unavailable",
                                StorageFailures.UNAVAILABLE,
                                false);
                    } else {
                        writeProblem(
                                response,
                                HttpServletResponse.SC_UNAUTHORIZED,
                                "Unauthorized",
                                "Sign in with an API token (Authorization: Bearer) or HTTP Basic (email and password).",
                                true);
                    }
                }))
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, e) -> writeProblem(
                        response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", "You may not do this.", false)))
                .headers(headers -> secureHeaders(headers, API_CSP))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pageChain(
            HttpSecurity http,
            UserAccounts accounts,
            SignInGuard guard,
            UserDetailsService users,
            PasswordEncoder passwords)
            throws Exception {
        http.authenticationManager(guardedSignIn(guard, accounts, users, passwords))
                .addFilterBefore(new SignedInAccountCheck(accounts), AuthorizationFilter.class)
                .headers(headers -> secureHeaders(headers, PAGE_CSP))
                .authorizeHttpRequests(requests -> requests.requestMatchers(PUBLIC_PATHS)
                        .permitAll()
                        // The admin area; its controllers check the role again.
                        .requestMatchers("/admin", "/admin/**")
                        .hasRole("ADMIN")
                        .requestMatchers(OPENAPI_PATHS)
                        .hasAnyRole(Role.ENGINEER.name(), Role.ADMIN.name())
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .permitAll()
                        .failureHandler((request, response, e) -> response.sendRedirect(request.getContextPath()
                                + (e instanceof SignInThrottledException throttled
                                        ? "/login?throttled=" + throttled.retryAfterSeconds()
                                        : "/login?error"))))
                .logout(withDefaults());
        return http.build();
    }

    /**
     * CSP, Referrer-Policy, and HSTS on secure requests (TLS, or a proxy's X-Forwarded-Proto when
     * server.forward-headers-strategy trusts it); Spring Security's defaults (nosniff, frame DENY) stay.
     */
    private static void secureHeaders(
            org.springframework.security.config.annotation.web.configurers.HeadersConfigurer<HttpSecurity> headers,
            String csp) {
        headers.contentSecurityPolicy(policy -> policy.policyDirectives(csp))
                .referrerPolicy(referrer ->
                        referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                .httpStrictTransportSecurity(
                        hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000));
    }

    /** One sign-in path for the form and Basic: bcrypt behind the guard's throttling and audit. */
    private static AuthenticationManager guardedSignIn(
            SignInGuard guard, UserAccounts accounts, UserDetailsService users, PasswordEncoder passwords) {
        DaoAuthenticationProvider checked = new DaoAuthenticationProvider(users);
        checked.setPasswordEncoder(passwords);
        return new ProviderManager(new GuardedSignIn(checked, guard, accounts));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    UserDetailsService userDetailsService(UserAccounts accounts) {
        return email ->
                accounts.principalByEmail(email).orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }

    private static void writeProblem(
            HttpServletResponse response, int status, String title, String detail, boolean challenge)
            throws java.io.IOException {
        response.setStatus(status);
        if (challenge) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Patchdesk\", charset=\"UTF-8\"");
        }
        // Only fixed texts, never request data.
        ProblemResponses.write(response, status, title, detail);
    }
}
