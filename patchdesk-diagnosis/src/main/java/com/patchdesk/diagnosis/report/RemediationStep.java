package com.patchdesk.diagnosis.report;

import com.patchdesk.diagnosis.knowledge.Localized;
import java.util.Locale;
import java.util.Optional;

/** One step of a remediation plan: what to do, in words, and the exact command when there is one. */
public record RemediationStep(Localized text, Optional<String> command) {

    /** The same step as the alternative to the steps before it: "Otherwise, repair …", "否则，修复…". */
    public RemediationStep otherwise() {
        String en = text.en();
        String lowered = en.length() > 1 && Character.isUpperCase(en.charAt(0)) && !Character.isUpperCase(en.charAt(1))
                ? en.substring(0, 1).toLowerCase(Locale.ROOT) + en.substring(1)
                : en;
        return new RemediationStep(new Localized("Otherwise, " + lowered, "否则，" + text.zh()), command);
    }
}
