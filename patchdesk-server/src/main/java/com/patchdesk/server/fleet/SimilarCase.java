package com.patchdesk.server.fleet;

import java.time.Instant;
import java.util.List;

/**
 * A resolved or closed case whose diagnoses share a failure signature (or part of one) with what is being looked at.
 *
 * @param score          how close: 100 the same signature, 50 the same rule and a key fact, 10 the same rule,
 *                       5 a key fact under another rule; best match first
 * @param matched        the signatures of that case that matched, best first
 * @param closureSummary what closed it: the note of its move to CLOSED (the closure summary), else of its
 *                       resolution; null when neither has one
 */
record SimilarCase(
        String caseNumber,
        String title,
        String status,
        Instant closedAt,
        int score,
        List<String> matched,
        String titleEn,
        String titleZh,
        String closureSummary) {}
