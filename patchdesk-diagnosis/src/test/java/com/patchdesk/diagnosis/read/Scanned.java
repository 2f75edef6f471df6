package com.patchdesk.diagnosis.read;

import com.patchdesk.diagnosis.bundle.BundleScan;
import com.patchdesk.diagnosis.bundle.BundleScanner;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A fixture read the way the engine reads a bundle: through the scanner, recognised by content. */
record Scanned(BundleScan scan, List<Event> events) {

    static Scanned fixture(String resource) throws Exception {
        return path(resourcePath(resource));
    }

    static Scanned path(Path path) throws Exception {
        List<Event> events = new ArrayList<>();
        BundleScan scan = BundleScanner.scan(path, events::add);
        return new Scanned(scan, List.copyOf(events));
    }

    static Path resourcePath(String resource) throws URISyntaxException {
        URL url = Objects.requireNonNull(Scanned.class.getClassLoader().getResource(resource), resource);
        return Path.of(url.toURI());
    }

    List<Event> of(EventKind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    /** The events of a kind as their fact maps, for compact assertions. */
    List<Map<Fact, String>> facts(EventKind kind) {
        return of(kind).stream().map(Event::facts).toList();
    }

    String format() {
        return scan.read().get(0).format();
    }

    String encoding() {
        return scan.read().get(0).encoding();
    }
}
