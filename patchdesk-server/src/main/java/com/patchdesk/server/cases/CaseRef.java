package com.patchdesk.server.cases;

import java.util.Locale;

/**
 * Proof that access to a case was checked: only {@link CaseAccess} creates these (or {@link CaseDesk} when it opens
 * a case), so a method taking a {@code CaseRef} need not check again. {@code status} is as of the check.
 */
public record CaseRef(long id, CaseNumber number, long organisationId, Locale language, CaseStatus status) {}
