package com.patchdesk.server.accounts;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Password sign-in (the form and HTTP Basic) behind the {@link SignInGuard}: a throttled attempt is refused before
 * bcrypt runs, a wrong password is counted and audited, a right one resets the counts and is audited.
 */
final class GuardedSignIn implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final SignInGuard guard;
    private final UserAccounts accounts;

    GuardedSignIn(AuthenticationProvider passwords, SignInGuard guard, UserAccounts accounts) {
        this.passwords = passwords;
        this.guard = guard;
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String email = attempt.getName();
        HttpServletRequest request = currentRequest();
        String address = request == null ? "unknown" : request.getRemoteAddr();
        String method = request != null && "/login".equals(request.getServletPath()) ? "form" : "basic";
        var refusal = guard.refusal(email, address);
        if (refusal.isPresent()) {
            guard.refused(email, address, method, refusal.get());
            throw new SignInThrottledException(refusal.get());
        }
        Authentication result;
        try {
            result = passwords.authenticate(attempt);
        } catch (BadCredentialsException | AccountStatusException e) {
            Long userId = email == null
                    ? null
                    : accounts.principalByEmail(email)
                            .map(p -> p.actor().userId())
                            .orElse(null);
            onceMoreIfRaced(() -> guard.failed(email, address, method, userId));
            throw e;
        }
        if (result != null && result.getPrincipal() instanceof DeskPrincipal principal) {
            onceMoreIfRaced(() -> guard.succeeded(principal.actor(), address, method));
        }
        return result;
    }

    /**
     * The guard's bookkeeping runs in a transaction of its own. Two sign-ins of the same account from the same address
     * at the same moment may both insert its first row; the loser's transaction is rolled back (PostgreSQL cannot go
     * on in it), and a second run finds the winner's row and updates it.
     */
    static void onceMoreIfRaced(Runnable bookkeeping) {
        try {
            bookkeeping.run();
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            bookkeeping.run();
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest()
                : null;
    }
}
