package com.patchdesk.server.cases;

import com.patchdesk.server.problems.ResourceNotFoundException;

/** No such case, or one the caller may not know about: both look the same on purpose. */
public class CaseNotFoundException extends ResourceNotFoundException {

    public CaseNotFoundException(String reference) {
        super("no case " + reference);
    }
}
