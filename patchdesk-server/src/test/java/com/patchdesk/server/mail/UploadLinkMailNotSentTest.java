package com.patchdesk.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Role;
import com.patchdesk.server.cases.CaseRef;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An upload-link mail that cannot go (here: no SMTP server configured, as when it is down or refuses) is not lost
 * silently: the engineer is told to send the link again, and the case keeps an internal note and an audit record of
 * it, neither with the link's token.
 */
@DeskTest
class UploadLinkMailNotSentTest {

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    ApiClient api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aLinkMailThatWasNotSentIsToldAndRecordedWithoutItsToken() {
        Organisation bank = fixtures.organisation("邮储银行");
        fixtures.user(Role.CUSTOMER, bank.id(), "zh-CN");
        Actor engineer = fixtures.user(Role.ENGINEER, null, "zh-CN");
        CaseRef ref = fixtures.openCaseAsCustomer(bank);
        String n = ref.number().value();
        String url = api.as(engineer)
                .post("/api/cases/" + n + "/upload-links", Map.of("validFor", "P7D"))
                .json()
                .path("url")
                .asString();
        String token = url.substring(url.lastIndexOf('/') + 1);

        var refused = api.as(engineer)
                .header("Accept-Language", "zh-CN")
                .post("/api/cases/" + n + "/upload-links/mail", Map.of("url", url));

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().path("detail").asString())
                .startsWith("上传链接未能通过邮件发送")
                .contains("请重新发送");
        assertThat(jdbc.sql("""
                        SELECT summary FROM case_entries
                        WHERE case_id = :case AND kind = 'NOTE' AND internal AND ref_type = 'upload_link_mail'""").param("case", ref.id()).query(String.class).list())
                .singleElement()
                .asString()
                .contains("was NOT mailed", "send it again", UploadLinkMail.MASK)
                .doesNotContain(token);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_entries WHERE body LIKE :token OR summary LIKE :token")
                        .param("token", "%" + token + "%")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_entries WHERE case_id = :case AND kind = 'MAIL_OUT'")
                        .param("case", ref.id())
                        .query(Long.class)
                        .single())
                .as("no mail on the timeline that never left")
                .isZero();
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE case_id = :case AND action = 'upload link not mailed'")
                        .param("case", ref.id())
                        .query(String.class)
                        .list())
                .hasSize(1);
    }
}
