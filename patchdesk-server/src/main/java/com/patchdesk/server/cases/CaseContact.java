package com.patchdesk.server.cases;

/** Someone to talk to about a case; {@code userId} is set when they have an account. */
public record CaseContact(long id, Long userId, String email, String name, String phone) {}
