package com.patchdesk.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Role;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.NewCase;
import com.patchdesk.server.cases.Priority;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An upload link just made goes to the case's customer by mail, in the case's language, with the link, its limits and
 * the collector's PowerShell line; the token is in that mail only, never in what the server keeps.
 */
class UploadLinkMailTest extends CaseMailTestSupport {

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    ApiClient api;

    @Autowired
    CaseDesk desk;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theUploadLinkMailCarriesTheLinkAndCollectorInChineseAndKeepsNoToken() throws Exception {
        Organisation bank = fixtures.organisation("湖北农信");
        Actor customer = fixtures.user(Role.CUSTOMER, bank.id(), "zh-CN");
        Actor engineer = fixtures.engineer();
        CaseRef ref = desk.open(
                customer, new NewCase("KB5032196 安装失败", Priority.P2, null, null, null, null, null, null, null));
        String n = ref.number().value();
        var created =
                api.as(engineer).post("/api/cases/" + n + "/upload-links", Map.of("validFor", "P7D", "maxFiles", 3));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String url = created.json().path("url").asText();
        String token = url.substring(url.lastIndexOf('/') + 1);

        var sent = api.as(engineer).post("/api/cases/" + n + "/upload-links/mail", Map.of("url", url));

        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        MimeMessage[] received = MAIL_SERVER.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo(customer.email());
        String body = ((String) received[0].getContent()).replace("\r\n", "\n");
        assertThat(received[0].getSubject()).contains(n, "日志上传链接");
        assertThat(body)
                .contains(url, url + "/collector.ps1", "以管理员身份打开 PowerShell", "最多接收 3 个文件")
                .contains("4.0 GiB")
                .doesNotContain("uploadLink.");
        long mailId = sent.json().path("mailId").asLong();
        assertThat(jdbc.sql("SELECT body_text FROM mail_messages WHERE id = :id")
                        .param("id", mailId)
                        .query(String.class)
                        .single())
                .contains(url.substring(0, url.length() - token.length()) + UploadLinkMail.MASK)
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
                .isEqualTo(1);
        assertThat(jdbc.sql("""
                        SELECT new_value FROM audit_log
                        WHERE case_id = :case AND entity_type = 'mail_message' AND field = 'template'""").param("case", ref.id()).query(String.class).list())
                .containsExactly("UPLOAD_LINK");
    }

    @Test
    void theScopingTextTakesTheLinkInEnglishToo() throws Exception {
        Organisation bank = fixtures.organisation("Bank in Berlin");
        Actor customer = fixtures.user(Role.CUSTOMER, bank.id(), "en");
        Actor engineer = fixtures.engineer();
        CaseRef ref = desk.open(
                customer, new NewCase("KB5032196 fails", Priority.P2, null, null, null, null, null, null, null));
        String n = ref.number().value();
        String url = api.as(engineer)
                .post("/api/cases/" + n + "/upload-links", Map.of())
                .json()
                .path("url")
                .asText();

        var sent = api.as(engineer)
                .post("/api/cases/" + n + "/upload-links/mail", Map.of("url", url, "template", "SCOPING"));

        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        String body = ((String) MAIL_SERVER.getReceivedMessages()[0].getContent()).replace("\r\n", "\n");
        assertThat(body)
                .contains(
                        "Scope",
                        "open PowerShell as administrator",
                        url + "/collector.ps1",
                        "Or upload them yourself at " + url)
                .doesNotContain("C:\\Windows\\Logs\\CBS");
    }

    @Test
    void aWrongTokenAnotherCasesLinkOrACustomerIsRefusedAndNothingIsSent() {
        Organisation bank = fixtures.organisation("Bank");
        Actor customer = fixtures.user(Role.CUSTOMER, bank.id(), "en");
        Actor engineer = fixtures.engineer();
        CaseRef ref = desk.open(customer, new NewCase("A", Priority.P3, null, null, null, null, null, null, null));
        CaseRef other = desk.open(customer, new NewCase("B", Priority.P3, null, null, null, null, null, null, null));
        String url = api.as(engineer)
                .post("/api/cases/" + other.number().value() + "/upload-links", Map.of())
                .json()
                .path("url")
                .asText();
        String path = "/api/cases/" + ref.number().value() + "/upload-links/mail";

        assertThat(api.as(engineer).post(path, Map.of("url", url)).status())
                .as("a link of another case")
                .isEqualTo(400);
        assertThat(api.as(engineer)
                        .post(path, Map.of("url", url.substring(0, url.length() - 4) + "AAAA"))
                        .status())
                .as("a wrong token")
                .isEqualTo(400);
        assertThat(api.as(customer)
                        .post("/api/cases/" + other.number().value() + "/upload-links/mail", Map.of("url", url))
                        .status())
                .as("customers do not send the desk's mail")
                .isEqualTo(403);
        assertThat(MAIL_SERVER.getReceivedMessages()).isEmpty();
    }
}
