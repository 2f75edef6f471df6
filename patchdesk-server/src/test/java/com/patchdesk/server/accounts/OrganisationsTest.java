package com.patchdesk.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.DeskTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@DeskTest
class OrganisationsTest {

    @Autowired
    Organisations organisations;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void losingTheRaceToCreateTheUnassignedOrganisationReturnsTheWinnersAndKeepsTheCallersTransaction() {
        String name = "未分配 " + System.nanoTime();
        Organisation winner = organisations.ensureExists(name);

        // The loser looked the name up before the winner's insert committed, so it inserts too, inside the
        // transaction of the mail it is filing.
        Organisation loser = new TransactionTemplate(transactions).execute(status -> {
            Organisation found = organisations.createOrFind(name);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM organisations WHERE name = :name")
                            .param("name", name)
                            .query(Long.class)
                            .single())
                    .as("the caller's transaction still works")
                    .isEqualTo(1);
            return found;
        });

        assertThat(loser.id()).isEqualTo(winner.id());
        assertThat(loser.timeZone()).isEqualTo("Asia/Shanghai");
    }
}
