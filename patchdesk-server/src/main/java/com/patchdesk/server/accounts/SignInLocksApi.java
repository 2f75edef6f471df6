package com.patchdesk.server.accounts;

import com.patchdesk.server.problems.ResourceNotFoundException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admins see which accounts and addresses are slowed down or locked after failed sign-ins, and lift them. */
@RestController
@RequestMapping("/api/sign-in-locks")
class SignInLocksApi {

    private final SignInGuard guard;

    SignInLocksApi(SignInGuard guard) {
        this.guard = guard;
    }

    @GetMapping
    List<SignInGuard.SignInBlock> list(@CurrentActor Actor admin) {
        return guard.blocks(admin);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void clear(@CurrentActor Actor admin, @PathVariable long id) {
        if (!guard.clear(admin, id)) {
            throw new ResourceNotFoundException("no sign-in lock " + id);
        }
    }
}
