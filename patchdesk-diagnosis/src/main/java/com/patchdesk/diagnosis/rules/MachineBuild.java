package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.knowledge.OsBuild;
import com.patchdesk.diagnosis.knowledge.UpdateCatalog;
import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.Fact;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The machine's build as the bundle states it: the highest build with its revision any source gives; where none gives
 * one (systeminfo states "10.0.17763 N/A Build 17763"), the build the newest cumulative update that systeminfo lists as
 * installed brings, by the catalog. The report and the rules ({@code machine.build}) read the same.
 */
public final class MachineBuild {

    private MachineBuild() {}

    /** The build of the machine from its {@code OS_BUILD} events. */
    public static Optional<OsBuild> of(Stream<Event> osBuildEvents) {
        List<Event> events = osBuildEvents.toList();
        Optional<OsBuild> stated =
                OsBuild.highest(events.stream().map(e -> e.facts().get(Fact.OS_BUILD)));
        if (stated.isPresent()) {
            return stated;
        }
        return events.stream()
                .map(e -> e.facts().get(Fact.OS_BUILD))
                .filter(b -> b != null && b.matches("\\d{4,5}"))
                .map(Integer::valueOf)
                .max(Integer::compare)
                .flatMap(build -> UpdateCatalog.standard()
                        .newestCumulative(
                                build,
                                events.stream()
                                        .filter(e -> String.valueOf(build)
                                                .equals(e.facts().get(Fact.OS_BUILD)))
                                        .map(e -> e.facts().get(Fact.KB))
                                        .filter(kb -> kb != null)
                                        .toList()));
    }
}
