package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A fix step in a plan or a draft reply reads as one sentence and its command (the walk-through saw "。: takeown"). */
class PlanLineTest {

    @Test
    void aStepsFullStopMakesWayForTheColonInEitherLanguage() {
        assertThat(PlanLine.of("Restart the computer.", "shutdown /r /t 0"))
                .isEqualTo("Restart the computer: shutdown /r /t 0");
        assertThat(PlanLine.of("重启计算机，等待挂起的操作完成。", "shutdown /r /t 0")).isEqualTo("重启计算机，等待挂起的操作完成：shutdown /r /t 0");
        assertThat(PlanLine.of("Install the update again.", null)).isEqualTo("Install the update again.");
        assertThat(PlanLine.of("Check the version 10.0.17763.1", "winver"))
                .isEqualTo("Check the version 10.0.17763.1: winver");
    }
}
