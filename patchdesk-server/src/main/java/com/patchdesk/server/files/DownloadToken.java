package com.patchdesk.server.files;

import com.patchdesk.server.config.SecretToken;

/**
 * The secret part of a download link: a {@link SecretToken} (256 random bits, stored as its SHA-256 only).
 */
final class DownloadToken {

    private DownloadToken() {}

    static String generate() {
        return SecretToken.generate();
    }

    static String hash(String token) {
        return SecretToken.hash(token);
    }

    static boolean matches(String token, String storedHash) {
        return SecretToken.matches(token, storedHash);
    }
}
