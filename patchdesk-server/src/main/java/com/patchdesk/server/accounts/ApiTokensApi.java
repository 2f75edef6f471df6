package com.patchdesk.server.accounts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own API tokens. Creating one needs a password sign-in: a token cannot extend itself. */
@RestController
@RequestMapping("/api/tokens")
class ApiTokensApi {

    record NewToken(
            @NotBlank @Size(max = 100) String name,
            @NotNull ApiTokens.Scope scope,
            @Min(1) @Max(366) int validDays) {}

    private final ApiTokens tokens;

    ApiTokensApi(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    List<ApiTokens.TokenInfo> list(@CurrentActor Actor actor) {
        return tokens.list(actor);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ApiTokens.CreatedToken create(
            @CurrentActor Actor actor, @Valid @RequestBody NewToken body, HttpServletRequest request) {
        if (request.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE) != null) {
            throw new AccessDeniedException("sign in with your password (or in the console) to create tokens");
        }
        return tokens.create(actor, body.name(), body.scope(), Duration.ofDays(body.validDays()));
    }

    @DeleteMapping("/{id}")
    ApiTokens.TokenInfo revoke(@CurrentActor Actor actor, @PathVariable long id) {
        return tokens.revoke(actor, id);
    }
}
