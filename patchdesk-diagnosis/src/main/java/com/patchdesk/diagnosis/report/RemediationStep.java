package com.patchdesk.diagnosis.report;

import com.patchdesk.diagnosis.knowledge.Localized;
import java.util.Optional;

/** One step of a remediation plan: what to do, in words, and the exact command when there is one. */
public record RemediationStep(Localized text, Optional<String> command) {}
