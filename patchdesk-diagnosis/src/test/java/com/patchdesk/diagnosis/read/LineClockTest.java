package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class LineClockTest {

    private static ServicingLine line(String raw) {
        return ServicingLine.parse(raw, null);
    }

    @Test
    void linesOfOneSecondShareTheirTimeAndANewSecondOrDayIsReadAgain() {
        LineClock clock = new LineClock();
        LocalDateTime first = clock.of(line("2023-11-20 10:21:31, Info                  CBS    a"));
        assertThat(first).isEqualTo(LocalDateTime.of(2023, 11, 20, 10, 21, 31));
        assertThat(clock.of(line("2023-11-20 10:21:31, Info                  CBS    b")))
                .isSameAs(first);
        assertThat(clock.of(line("2023-11-20 23:59:59, Info                  CBS    c")))
                .isEqualTo(LocalDateTime.of(2023, 11, 20, 23, 59, 59));
        assertThat(clock.of(line("2023-11-21 00:00:00, Info                  CBS    d")))
                .isEqualTo(LocalDateTime.of(2023, 11, 21, 0, 0, 0));
    }

    @Test
    void anImpossibleTimeOrDateHasNoneAndTheNextLineIsReadAfresh() {
        LineClock clock = new LineClock();
        assertThat(clock.of(line("2023-11-20 25:21:31, Info                  CBS    a")))
                .isNull();
        assertThat(clock.of(line("2023-11-20 10:21:31, Info                  CBS    b")))
                .isEqualTo(LocalDateTime.of(2023, 11, 20, 10, 21, 31));
        assertThat(clock.of(line("2023-02-30 10:21:31, Info                  CBS    c")))
                .isNull();
        assertThat(clock.of(line("2023-02-28 10:21:31, Info                  CBS    d")))
                .isEqualTo(LocalDateTime.of(2023, 2, 28, 10, 21, 31));
    }

    @Test
    void aContinuationHasNoTimeAndAFragmentHasTheOneBeforeItsColumns() {
        LineClock clock = new LineClock();
        assertThat(clock.of(line("   Expected: {l:32 b:...}"))).isNull();
        assertThat(clock.of(line("2020-02-06T18:53:04, Info CBS Failed to do it")))
                .isEqualTo(LocalDateTime.of(2020, 2, 6, 18, 53, 4));
        assertThat(clock.of(line("<DateTime>, Info CBS Failed to do it"))).isNull();
    }
}
