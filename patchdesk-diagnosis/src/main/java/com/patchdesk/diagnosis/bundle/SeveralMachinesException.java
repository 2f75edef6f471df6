package com.patchdesk.diagnosis.bundle;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The input is a zip of several machines' bundles ({@link MachineBundles}): one diagnosis of all of them would mix
 * their logs, so the engine refuses to merge them and names the parts.
 */
public final class SeveralMachinesException extends BundleUnreadableException {

    private final transient List<MachineBundles.Part> parts;

    public SeveralMachinesException(List<MachineBundles.Part> parts) {
        super("holds the bundles of " + parts.size() + " machines ("
                + parts.stream().limit(10).map(p -> p.host().orElse(p.fileName())).collect(Collectors.joining(", "))
                + (parts.size() > 10 ? ", …" : "") + "); each machine is diagnosed on its own, not merged into one");
        this.parts = List.copyOf(parts);
    }

    public List<MachineBundles.Part> parts() {
        return parts;
    }
}
