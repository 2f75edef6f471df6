package com.patchdesk.server.accounts;

import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * On first start (no users at all) creates an admin from {@code PATCHDESK_ADMIN_EMAIL} /
 * {@code PATCHDESK_ADMIN_PASSWORD}; without a password a random one is generated and logged exactly once.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final UserAccounts accounts;
    private final String email;
    private final String password;

    AdminBootstrap(UserAccounts accounts, AdminSettings settings) {
        this.accounts = accounts;
        this.email = settings.email();
        this.password = settings.password();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.anyUserExists()) {
            return;
        }
        if (password.isBlank()) {
            String generated = randomPassword();
            accounts.createBootstrapAdmin(email, generated);
            log.warn(
                    "Created admin {} with generated password {} (shown only this once; change it).", email, generated);
        } else {
            accounts.createBootstrapAdmin(email, password);
            log.info("Created admin {} from PATCHDESK_ADMIN_EMAIL/PATCHDESK_ADMIN_PASSWORD.", email);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
