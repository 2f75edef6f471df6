package com.patchdesk.server.cases;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * A phone call to log.
 *
 * @param who who was on the phone, e.g. "张工 (客户 IT)"
 * @param at when the call took place; null means now
 * @param consent the customer agreed on this call to close the resolved case
 */
public record NewCall(
        @NotBlank @Size(max = 200) String who,
        Instant at,
        @NotBlank @Size(max = 400) String summary,
        @Size(max = 20000) String body,
        Boolean internal,
        Boolean consent) {

    public boolean isInternal() {
        return Boolean.TRUE.equals(internal);
    }

    public boolean givesConsent() {
        return Boolean.TRUE.equals(consent);
    }
}
