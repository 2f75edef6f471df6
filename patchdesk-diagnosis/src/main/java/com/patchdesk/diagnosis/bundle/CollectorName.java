package com.patchdesk.diagnosis.bundle;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host name a log collector writes into its output's name: {@code CMGELogCollector_<host>_<date>} (the
 * collector named in case CAS-10610) and {@code PatchdeskCollector_<host>_<date>}, as a zip or as the folder the
 * logs sit in. Windows host names hold no underscore (DNS), so the first underscore after the host ends it.
 */
public final class CollectorName {

    private static final Pattern NAME = Pattern.compile(
            "(?i)(?:^|[/\\\\])(?:CMGELogCollector|PatchdeskCollector)_([\\p{L}\\p{N}][\\p{L}\\p{N}.-]{0,62})_(\\d[\\d_.-]*)");

    private CollectorName() {}

    /** The host named in {@code path} (a file name or a path inside a bundle), if a collector wrote it. */
    public static Optional<String> host(String path) {
        if (path == null) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(path);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
