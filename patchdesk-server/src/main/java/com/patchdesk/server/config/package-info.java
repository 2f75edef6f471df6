/**
 * Shared infrastructure (clock, timestamps, secret tokens, the data folder's health): depends on no feature.
 */
@ApplicationModule(allowedDependencies = {})
package com.patchdesk.server.config;

import org.springframework.modulith.ApplicationModule;
