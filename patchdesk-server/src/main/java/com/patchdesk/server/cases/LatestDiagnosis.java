package com.patchdesk.server.cases;

import java.util.Optional;

/**
 * The hook through which templates see diagnosis results. The diagnosis jobs feature provides the bean; while no
 * bean exists, templates render as if no diagnosis had run.
 */
@FunctionalInterface
public interface LatestDiagnosis {

    Optional<DiagnosisSummary> of(CaseRef ref);
}
