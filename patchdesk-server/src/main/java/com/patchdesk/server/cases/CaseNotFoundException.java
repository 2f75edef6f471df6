package com.patchdesk.server.cases;

import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.ResourceNotFoundException;

/** No such case, or one the caller may not know about: both look the same on purpose. */
public class CaseNotFoundException extends ResourceNotFoundException {

    public CaseNotFoundException(String reference) {
        super(Reason.of("problem.case.none", String.valueOf(reference)));
    }
}
