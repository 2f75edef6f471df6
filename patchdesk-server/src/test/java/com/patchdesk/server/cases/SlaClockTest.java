package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.calendars.WorkingTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlaClockTest {

    static final SlaClock.Targets P2 = new SlaClock.Targets(Duration.ofHours(4), Duration.ofHours(8));
    static final SlaClock.Targets P1 = new SlaClock.Targets(Duration.ofHours(1), Duration.ofHours(4));
    static final WorkingTime T = WorkingTime.AROUND_THE_CLOCK;
    static final Instant OPENED = Instant.parse("2026-03-02T01:00:00Z");

    @Test
    void aNewCaseOwesTheFirstResponseWithinTheTarget() {
        SlaClock sla = SlaClock.start(P2, OPENED, T);

        assertThat(sla.nextDue()).contains(OPENED.plus(Duration.ofHours(4)));
        assertThat(sla.standing(OPENED.plus(Duration.ofHours(4))).breached()).isFalse();
        assertThat(sla.standing(OPENED.plus(Duration.ofHours(4)).plusSeconds(1)).firstResponseBreached())
                .isTrue();
    }

    @Test
    void aResponseMeetsTheFirstTargetAndOwesTheNextUpdate() {
        Instant answered = OPENED.plus(Duration.ofHours(1));
        SlaClock sla = SlaClock.start(P2, OPENED, T).responded(P2, answered, T);

        assertThat(sla.firstRespondedAt()).isEqualTo(answered);
        assertThat(sla.nextDue()).contains(answered.plus(Duration.ofHours(8)));
        SlaClock.Standing later = sla.standing(answered.plus(Duration.ofHours(9)));
        assertThat(later.firstResponseBreached()).isFalse();
        assertThat(later.nextUpdateBreached()).isTrue();
    }

    @Test
    void aLateFirstResponseStaysABreach() {
        SlaClock sla = SlaClock.start(P2, OPENED, T).responded(P2, OPENED.plus(Duration.ofHours(5)), T);
        assertThat(sla.standing(OPENED.plus(Duration.ofHours(6))).firstResponseBreached())
                .isTrue();
    }

    @Test
    void waitingForTheCustomerStopsTimeAndResumingPushesTheDueInstantsBack() {
        Instant answered = OPENED.plus(Duration.ofHours(1));
        Instant paused = answered.plus(Duration.ofHours(2));
        SlaClock waiting =
                SlaClock.start(P2, OPENED, T).responded(P2, answered, T).pause(paused);

        assertThat(waiting.standing(paused.plus(Duration.ofDays(3))).breached()).isFalse();
        assertThat(waiting.standing(paused.plus(Duration.ofDays(3))).paused()).isTrue();

        SlaClock resumed = waiting.resume(paused.plus(Duration.ofDays(3)), T);
        assertThat(resumed.pausedAt()).isNull();
        assertThat(resumed.nextUpdateDueAt())
                .isEqualTo(answered.plus(Duration.ofHours(8)).plus(Duration.ofDays(3)));
        assertThat(resumed.pause(paused).pause(paused.plusSeconds(5)).pausedAt())
                .isEqualTo(paused);
    }

    @Test
    void aPendingFirstResponseIsPushedBackByAPauseToo() {
        Instant paused = OPENED.plus(Duration.ofMinutes(30));
        SlaClock resumed = SlaClock.start(P2, OPENED, T).pause(paused).resume(paused.plus(Duration.ofHours(10)), T);
        assertThat(resumed.firstResponseDueAt()).isEqualTo(OPENED.plus(Duration.ofHours(14)));
    }

    @Test
    void resolvingStopsAndReopeningRestartsTheNextUpdateClock() {
        Instant answered = OPENED.plus(Duration.ofHours(1));
        SlaClock stopped =
                SlaClock.start(P2, OPENED, T).responded(P2, answered, T).stop();
        assertThat(stopped.nextDue()).isEmpty();
        assertThat(stopped.standing(answered.plus(Duration.ofDays(30))).breached())
                .isFalse();

        Instant reopened = answered.plus(Duration.ofDays(30));
        assertThat(stopped.restart(P2, reopened, T).nextDue()).contains(reopened.plus(Duration.ofHours(8)));
    }

    @Test
    void raisingThePriorityTightensPendingTargets() {
        Instant now = OPENED.plus(Duration.ofMinutes(20));
        SlaClock raised = SlaClock.start(P2, OPENED, T).reprioritised(P2, T, P1, T, now);
        assertThat(raised.firstResponseDueAt()).isEqualTo(OPENED.plus(Duration.ofHours(1)));

        Instant answered = OPENED.plus(Duration.ofMinutes(30));
        SlaClock updateOwed = SlaClock.start(P2, OPENED, T).responded(P2, answered, T);
        Instant later = answered.plus(Duration.ofHours(1));
        assertThat(updateOwed.reprioritised(P2, T, P1, T, later).nextUpdateDueAt())
                .isEqualTo(later.plus(Duration.ofHours(4)));
    }
}
