package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

@DeskTest
class CaseAccessTest {

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    CaseAccess access;

    @Autowired
    CaseTimeline timeline;

    Organisation bank;
    Actor bankCustomer;
    Actor otherCustomer;
    CaseRef bankCase;

    @BeforeEach
    void setUp() {
        bank = fixtures.organisation("工商银行");
        bankCustomer = fixtures.customer(bank);
        otherCustomer = fixtures.customer(fixtures.organisation("Other Bank"));
        bankCase = fixtures.openCase(bank);
    }

    @Test
    void customersUseTheirOwnOrganisationsCasesWithCustomerActionsOnly() {
        for (CaseAction action :
                EnumSet.of(CaseAction.VIEW, CaseAction.COMMENT, CaseAction.UPLOAD, CaseAction.CONFIRM_RESOLUTION)) {
            assertThat(access.require(bankCustomer, bankCase.number(), action)).isEqualTo(bankCase);
        }
        for (CaseAction action : EnumSet.of(
                CaseAction.VIEW_INTERNAL,
                CaseAction.EDIT,
                CaseAction.LOG_CALL,
                CaseAction.SEND_MAIL,
                CaseAction.PUBLISH_FILE)) {
            assertThatThrownBy(() -> access.require(bankCustomer, bankCase.number(), action))
                    .isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void anotherOrganisationsCaseLooksExactlyLikeAMissingOne() {
        for (CaseAction action : CaseAction.values()) {
            assertThatThrownBy(() -> access.require(otherCustomer, bankCase.number(), action))
                    .isInstanceOf(CaseNotFoundException.class)
                    .hasMessage("no case " + bankCase.number());
            assertThatThrownBy(() -> access.require(otherCustomer, bankCase.id(), action))
                    .isInstanceOf(CaseNotFoundException.class);
        }
        CaseNumber missing = CaseNumber.parse("CAS-00000-AAAAAA");
        assertThatThrownBy(() -> access.require(otherCustomer, missing, CaseAction.VIEW))
                .isInstanceOf(CaseNotFoundException.class)
                .hasMessage("no case " + missing);
    }

    @Test
    void staffMayDoEverythingWithEveryCase() {
        Actor engineer = fixtures.engineer();
        for (CaseAction action : CaseAction.values()) {
            assertThat(access.require(engineer, bankCase.id(), action).number()).isEqualTo(bankCase.number());
        }
    }

    @Test
    void customersNeverSeeInternalEntries() {
        Actor engineer = fixtures.engineer();
        timeline.append(bankCase, EntryKind.NOTE, engineer, "内部：怀疑 WinSxS 组件损坏", null, null, null, true);
        timeline.append(
                bankCase, EntryKind.NOTE, engineer, "请上传 CBS.log", "请在 C:\\Windows\\Logs\\CBS 下收集。", null, null, false);

        assertThat(timeline.entries(bankCase, engineer))
                .extracting(CaseEntry::summary)
                .containsExactly("内部：怀疑 WinSxS 组件损坏", "请上传 CBS.log");
        assertThat(timeline.entries(bankCase, bankCustomer))
                .extracting(CaseEntry::summary)
                .containsExactly("请上传 CBS.log");
        assertThatThrownBy(() -> timeline.entries(bankCase, otherCustomer)).isInstanceOf(CaseNotFoundException.class);
    }
}
