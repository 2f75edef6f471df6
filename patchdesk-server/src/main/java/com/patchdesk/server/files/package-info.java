/**
 * File exchange on cases: uploads, blob store, download and upload links. Knows nothing of diagnoses: it announces uploads with {@link com.patchdesk.server.files.FileUploaded}.
 */
@ApplicationModule(allowedDependencies = {"accounts", "audit", "cases", "config", "problems", "web"})
package com.patchdesk.server.files;

import org.springframework.modulith.ApplicationModule;
