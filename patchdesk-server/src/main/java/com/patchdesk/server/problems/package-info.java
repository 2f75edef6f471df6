/**
 * The API's problem responses and the exceptions features throw for them: depends on no feature.
 */
@ApplicationModule(allowedDependencies = {})
package com.patchdesk.server.problems;

import org.springframework.modulith.ApplicationModule;
