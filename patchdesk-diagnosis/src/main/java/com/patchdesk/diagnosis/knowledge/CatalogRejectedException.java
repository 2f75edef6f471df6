package com.patchdesk.diagnosis.knowledge;

/** A catalog file that cannot be used: malformed, inconsistent, or not newer than the catalog in use. */
public class CatalogRejectedException extends Exception {

    public CatalogRejectedException(String message) {
        super(message);
    }
}
