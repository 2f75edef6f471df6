package com.patchdesk.diagnosis.report;

import java.time.LocalDateTime;
import java.util.Optional;

/** A Windows Update scan, download or install as the logs tell it. */
public record UpdateAttempt(
        Optional<String> kb,
        String phase,
        String outcome,
        Optional<String> code,
        Optional<LocalDateTime> time,
        Evidence source) {}
