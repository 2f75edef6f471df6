package com.patchdesk.diagnosis.report;

import com.patchdesk.diagnosis.knowledge.Localized;

/**
 * Lines of one known-benign shape that the readers set aside: the shape, why it is harmless, how many lines had it
 * and the first one read.
 */
public record BenignLineCount(String shape, Localized reason, long lines, Evidence example) {}
