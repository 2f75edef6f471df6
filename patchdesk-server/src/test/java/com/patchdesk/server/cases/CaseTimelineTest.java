package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.accounts.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@DeskTest
class CaseTimelineTest {

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    CaseTimeline timeline;

    @Autowired
    MutableClock clock;

    private static final Instant START = Instant.parse(DeskTest.START);

    @Test
    void theDatabaseAcceptsEveryEntryKindSoFeaturesNeverAlterTheConstraint() {
        CaseRef ref = fixtures.openCase(fixtures.organisation("Bank"));
        for (EntryKind kind : EntryKind.values()) {
            timeline.append(ref, kind, null, kind.name(), null, "test", 1L, false);
        }
        assertThat(timeline.entries(ref, fixtures.engineer()))
                .extracting(CaseEntry::kind)
                .containsExactlyElementsOf(Arrays.asList(EntryKind.values()));
    }

    @Test
    void entriesKeepAuthorTimeReferenceAndChineseTextAndComeOldestFirst() {
        CaseRef ref = fixtures.openCase(fixtures.organisation("Bank"));
        Actor engineer = fixtures.engineer();
        String body = "CBS.log 第 1234 行：PSFX_E_APPLY_FORWARD_DELTA_FAILED (0x800F0986) wkscli.dll";

        long first = timeline.append(ref, EntryKind.DIAGNOSIS, null, "诊断完成", body, "diagnosis_job", 42L, false);
        clock.advance(Duration.ofMinutes(5));
        long second = timeline.append(ref, EntryKind.NOTE, engineer, "  多行\n摘要  ", null, null, null, false);

        var entries = timeline.entries(ref, engineer);
        assertThat(entries).extracting(CaseEntry::id).containsExactly(first, second);
        CaseEntry diagnosis = entries.get(0);
        assertThat(diagnosis.body()).isEqualTo(body);
        assertThat(diagnosis.refType()).isEqualTo("diagnosis_job");
        assertThat(diagnosis.refId()).isEqualTo(42L);
        assertThat(diagnosis.authorId()).isNull();
        assertThat(diagnosis.occurredAt()).isEqualTo(START);
        assertThat(entries.get(1).summary()).isEqualTo("多行 摘要");
        assertThat(entries.get(1).authorName()).isEqualTo(engineer.displayName());
        assertThat(entries.get(1).occurredAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    }

    @Test
    void overlongSummariesAreCutNotRejected() {
        CaseRef ref = fixtures.openCase(fixtures.organisation("Bank"));
        timeline.append(ref, EntryKind.NOTE, null, "错".repeat(800), null, null, null, true);
        assertThat(timeline.entries(ref, fixtures.engineer()).get(0).summary())
                .hasSize(500)
                .endsWith("…");
    }
}
