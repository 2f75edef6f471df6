package com.patchdesk.server.files;

import com.patchdesk.server.cases.CaseRef;

/**
 * Published (as a Spring application event) when a customer or engineer uploaded a new file to a case and its
 * content is stored; the diagnosis feature listens for it. Not published for duplicates or engineers' files
 * published for download.
 */
public record FileUploaded(CaseRef caseRef, CaseFile file) {}
