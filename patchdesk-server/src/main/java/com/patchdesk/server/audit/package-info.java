/**
 * The audit trail every feature writes to.
 */
@ApplicationModule(allowedDependencies = {"config"})
package com.patchdesk.server.audit;

import org.springframework.modulith.ApplicationModule;
