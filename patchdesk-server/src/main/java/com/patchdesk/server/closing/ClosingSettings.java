package com.patchdesk.server.closing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code patchdesk.closing.*}: how long the confirmation and survey links work and whether the survey is sent. The
 * links start with the server's one public address, {@code patchdesk.public-base-url} (web.PublicUrls; the former
 * {@code patchdesk.closing.public-base-url} still works there as a deprecated alias).
 */
@ConfigurationProperties("patchdesk.closing")
record ClosingSettings(Duration confirmationValidFor, Duration surveyValidFor, Boolean survey) {

    ClosingSettings {
        confirmationValidFor = confirmationValidFor == null ? Duration.ofDays(14) : confirmationValidFor;
        surveyValidFor = surveyValidFor == null ? Duration.ofDays(30) : surveyValidFor;
        survey = survey == null || survey;
    }
}
