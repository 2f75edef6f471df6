package com.patchdesk.diagnosis.knowledge;

/** What a Windows error code means during servicing and what usually fixes it. */
public record ErrorCode(String code, String symbol, Localized meaning, Localized remedy) {

    /** The code and its symbol, or the code alone where no public symbol names it (0xC1900201). */
    public String named() {
        return symbol.isEmpty() ? code : code + " " + symbol;
    }
}
