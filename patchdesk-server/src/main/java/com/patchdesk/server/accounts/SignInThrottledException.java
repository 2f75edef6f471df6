package com.patchdesk.server.accounts;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** A sign-in refused without checking its password, because its account, address or both are slowed down. */
final class SignInThrottledException extends AuthenticationException {

    private final transient SignInGuard.Refusal refusal;

    SignInThrottledException(SignInGuard.Refusal refusal) {
        super(refusal.locked() ? "too many failed sign-ins: locked" : "too many failed sign-ins: slowed down");
        this.refusal = refusal;
    }

    /** Whole seconds to wait, at least one, for a Retry-After header. */
    long retryAfterSeconds() {
        Duration left = refusal.retryAfter();
        return Math.max(1, left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0));
    }

    boolean locked() {
        return refusal.locked();
    }
}
