package com.patchdesk.server.cases;

import java.util.List;

/**
 * The hook through which the closure summary sees how a case ended: the root causes its diagnoses found, the
 * steps taken, and the result. The closing feature provides the bean; while none exists the lists are empty.
 */
@FunctionalInterface
public interface ClosureFacts {

    Closure of(CaseRef ref);

    /**
     * @param rootCauses the root causes of every diagnosis of the case, first found first, in the case's language
     * @param steps what was done: kits and files published to the customer, the diagnoses' remediation plan
     * @param result one sentence on the latest diagnosis (healthy, installed, still failing) or that none ran
     */
    record Closure(List<String> rootCauses, List<String> steps, String result) {

        public Closure {
            rootCauses = List.copyOf(rootCauses);
            steps = List.copyOf(steps);
        }

        public static final Closure NONE = new Closure(List.of(), List.of(), "");
    }
}
