package com.patchdesk.server.cases;

/** A template rendered for one case, ready to paste into mail or a note. */
public record RenderedText(String subject, String body, String locale) {}
