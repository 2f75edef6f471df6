package com.patchdesk.diagnosis.report;

import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One dated event worth seeing in order: kind of event, its facts and where it was read. */
public record TimelineEntry(LocalDateTime time, String kind, Map<String, String> facts, Evidence source) {

    public TimelineEntry {
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }
}
