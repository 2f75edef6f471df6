/**
 * Users, organisations, sign-in and the security filter chain: knows nothing about cases.
 */
@ApplicationModule(allowedDependencies = {"audit", "config", "problems"})
package com.patchdesk.server.accounts;

import org.springframework.modulith.ApplicationModule;
