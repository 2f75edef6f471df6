package com.patchdesk.server.closing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code patchdesk.closing.*}: how long the confirmation and survey links work, whether the survey is sent, and
 * the address the links in mail start with.
 *
 * @param publicBaseUrl where customers reach this server, e.g. {@code https://desk.example.com}
 */
@ConfigurationProperties("patchdesk.closing")
record ClosingSettings(Duration confirmationValidFor, Duration surveyValidFor, Boolean survey, String publicBaseUrl) {

    ClosingSettings {
        confirmationValidFor = confirmationValidFor == null ? Duration.ofDays(14) : confirmationValidFor;
        surveyValidFor = surveyValidFor == null ? Duration.ofDays(30) : surveyValidFor;
        survey = survey == null || survey;
        publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? "http://localhost:8080"
                : publicBaseUrl.replaceAll("/+$", "");
    }

    String link(String reference) {
        return publicBaseUrl + "/c/" + reference;
    }
}
