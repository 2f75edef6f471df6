/**
 * The API's problem responses and the exceptions features throw for them: depends on no feature, only on the shared
 * infrastructure (a write refused at the data folder's free-space floor is a full disk).
 */
@ApplicationModule(allowedDependencies = {"config"})
package com.patchdesk.server.problems;

import org.springframework.modulith.ApplicationModule;
