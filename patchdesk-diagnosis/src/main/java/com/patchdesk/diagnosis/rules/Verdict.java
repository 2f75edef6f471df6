package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.report.Finding;
import com.patchdesk.diagnosis.report.Outcome;
import java.util.List;

/**
 * What the rules concluded: the chain (root causes first, symptoms as their children), the failures a later
 * successful install superseded, and the overall outcome.
 */
public record Verdict(List<Finding> chain, List<Finding> history, Outcome outcome) {

    public Verdict {
        chain = List.copyOf(chain);
        history = List.copyOf(history);
    }
}
