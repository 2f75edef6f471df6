package com.patchdesk.diagnosis.bundle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The input is a zip of several machines' bundles ({@link MachineBundles}): one diagnosis of all of them would mix
 * their logs, so the engine refuses to merge them and names the parts.
 */
public final class SeveralMachinesException extends BundleUnreadableException {

    private final transient List<MachineBundles.Part> parts;

    public SeveralMachinesException(List<MachineBundles.Part> parts) {
        super(message(parts));
        this.parts = List.copyOf(parts);
    }

    /** Hosts compared without case; a part without a host name counts as a machine of its own. */
    private static String message(List<MachineBundles.Part> parts) {
        Map<String, String> machines = new LinkedHashMap<>();
        parts.forEach(p -> machines.putIfAbsent(
                p.host().map(h -> h.toUpperCase(Locale.ROOT)).orElse(p.entry()),
                p.host().orElse(p.fileName())));
        return "holds the bundles of several machines: " + parts.size() + " bundles, " + machines.size()
                + " machines (" + machines.values().stream().limit(10).collect(Collectors.joining(", "))
                + (machines.size() > 10 ? ", …" : "") + "); each machine is diagnosed on its own, not merged into one";
    }

    public List<MachineBundles.Part> parts() {
        return parts;
    }
}
