package com.patchdesk.diagnosis.report;

import java.util.Optional;

/**
 * The machine a bundle came from, as far as the bundle says: its host name (from systeminfo, else from the
 * collector's file or folder name), OS build (the highest any source states) and edition (systeminfo's OS name).
 *
 * @param hostSource {@code systeminfo}, {@code collector-name} or empty when no host name was found
 */
public record Machine(
        Optional<String> host, Optional<String> hostSource, Optional<String> build, Optional<String> edition) {

    public static final String FROM_SYSTEMINFO = "systeminfo";
    public static final String FROM_COLLECTOR_NAME = "collector-name";
}
