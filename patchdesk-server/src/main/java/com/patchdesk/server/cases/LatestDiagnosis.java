package com.patchdesk.server.cases;

import java.util.Locale;
import java.util.Optional;

/**
 * The hook through which templates see diagnosis results. The diagnosis jobs feature provides the bean; while no
 * bean exists, templates render as if no diagnosis had run.
 */
@FunctionalInterface
public interface LatestDiagnosis {

    Optional<DiagnosisSummary> of(CaseRef ref);

    /**
     * The latest diagnosis in {@code language}, for a mail written in that language whatever the case's language.
     * Providers that keep one language only answer with {@link #of(CaseRef)}.
     */
    default Optional<DiagnosisSummary> of(CaseRef ref, Locale language) {
        return of(ref);
    }
}
