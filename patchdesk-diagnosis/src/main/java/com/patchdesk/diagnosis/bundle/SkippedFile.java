package com.patchdesk.diagnosis.bundle;

/**
 * A file of the bundle that was not read, and why (no reader recognised it, it is binary, it was cut
 * off by a size cap, it is encrypted, its path tried to leave the bundle, ...). Skipping is never an error.
 */
public record SkippedFile(String path, String reason) {}
