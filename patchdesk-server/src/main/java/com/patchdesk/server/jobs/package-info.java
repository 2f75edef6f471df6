/**
 * The database job queue: knows no feature; features register {@link com.patchdesk.server.jobs.JobHandler}s.
 */
@ApplicationModule(allowedDependencies = {})
package com.patchdesk.server.jobs;

import org.springframework.modulith.ApplicationModule;
