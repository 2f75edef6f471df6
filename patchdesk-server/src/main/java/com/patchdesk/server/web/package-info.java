/**
 * The console's shared infrastructure (page errors, languages, page time, public URLs); the pages themselves live in their features. Depends on no feature but accounts.
 */
@ApplicationModule(allowedDependencies = {"accounts", "problems"})
package com.patchdesk.server.web;

import org.springframework.modulith.ApplicationModule;
