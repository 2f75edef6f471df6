package com.patchdesk.diagnosis.knowledge;

/** What a Windows error code means during servicing and what usually fixes it. */
public record ErrorCode(String code, String symbol, Localized meaning, Localized remedy) {}
