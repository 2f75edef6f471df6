package com.patchdesk.server.diagnoses;

import java.util.Locale;

/**
 * A finding as kept with its diagnosis. {@code key} is the engine's stable identity (rule and principal facts),
 * used to tell what changed between two diagnoses of the same case.
 */
public record StoredFinding(
        int position, int depth, String key, String ruleId, String severity, String titleEn, String titleZh) {

    public String title(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? titleZh : titleEn;
    }
}
