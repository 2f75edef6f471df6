package com.patchdesk.server.jobs;

/** A claimed job as its handler sees it; {@code attempt} is 1 on the first run. */
public record Job(long id, String type, String payload, int attempt, int maxAttempts) {}
