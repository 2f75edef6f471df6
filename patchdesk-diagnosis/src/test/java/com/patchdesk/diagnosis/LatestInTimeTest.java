package com.patchdesk.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.read.SourceLine;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The timeline's events: the latest by time, in time order, the reading order kept among equal times. */
class LatestInTimeTest {

    @Test
    void givesTheLastOfAStableSortByTime() {
        Random random = new Random(17763);
        for (int round = 0; round < 200; round++) {
            // Files read one after another, each in time order, their times interleaved; many lines share a second
            // (CBS.log) and some have milliseconds (WindowsUpdate.log).
            List<Event> events = new ArrayList<>();
            LocalDateTime start = LocalDateTime.parse("2023-12-01T10:00:00");
            for (int file = 0, files = 1 + random.nextInt(4); file < files; file++) {
                LocalDateTime t = start.plusSeconds(random.nextInt(30));
                for (int i = 0, n = random.nextInt(400); i < n; i++) {
                    t = t.plusSeconds(random.nextInt(3))
                            .plusNanos(random.nextBoolean() ? 0 : random.nextInt(3) * 1_000_000L);
                    events.add(event(
                            "file" + file, i + 1, random.nextInt(20) == 0 ? start.plusSeconds(random.nextInt(60)) : t));
                }
            }
            int max = 1 + random.nextInt(600);

            assertThat(LatestInTime.of(events, max))
                    .as("round %d", round)
                    .containsExactlyElementsOf(stableSortTail(events, max));
        }
    }

    @Test
    void timesBeyondWhatNanosecondsInALongHoldAreStillOrdered() {
        List<Event> events = List.of(
                event("a", 1, LocalDateTime.parse("9999-12-31T23:59:59")),
                event("a", 2, LocalDateTime.parse("2023-12-01T10:00:00")),
                event("a", 3, LocalDateTime.parse("1601-01-01T00:00:00")),
                event("a", 4, LocalDateTime.parse("2023-12-01T10:00:00")));

        assertThat(LatestInTime.of(events, 3)).containsExactly(events.get(1), events.get(3), events.get(0));
        assertThat(LatestInTime.of(List.of(), 3)).isEmpty();
        assertThat(LatestInTime.of(events, 0)).isEmpty();
    }

    private static List<Event> stableSortTail(List<Event> events, int max) {
        List<Event> sorted =
                events.stream().sorted(Comparator.comparing(Event::time)).toList();
        return sorted.subList(Math.max(0, sorted.size() - max), sorted.size());
    }

    private static Event event(String file, long line, LocalDateTime time) {
        return new Event(
                EventKind.ERROR_CODE,
                new SourceLine(file, line, file + ":" + line),
                time,
                Map.of(Fact.CODE, "0x80070490"));
    }
}
