package com.patchdesk.server.accounts;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code patchdesk.admin.*} ({@code PATCHDESK_ADMIN_EMAIL}, {@code PATCHDESK_ADMIN_PASSWORD} by relaxed binding): the
 * admin created on the first start, when there are no users yet.
 *
 * @param email    the admin's address
 * @param password blank for a random one, logged once
 */
@ConfigurationProperties("patchdesk.admin")
record AdminSettings(String email, String password) {

    AdminSettings {
        email = email == null || email.isBlank() ? "admin@patchdesk.local" : email;
        password = password == null ? "" : password;
    }
}
