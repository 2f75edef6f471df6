package com.patchdesk.server.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.NewCase;
import com.patchdesk.server.cases.NewContact;
import com.patchdesk.server.cases.Priority;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Assignment, queues and routing, workload, duplicates, merge and bulk actions through the API. */
@DeskTest
class AssignmentApiTest {

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    ApiClient api;

    @Autowired
    CaseDesk desk;

    @Autowired
    JdbcClient jdbc;

    @Test
    void engineersAssignWithoutIfMatchAndEveryChangeIsAudited() {
        Organisation bank = fixtures.organisation("Bank");
        Actor engineer = fixtures.engineer();
        Actor colleague = fixtures.engineer();
        CaseRef ref = fixtures.openCase(bank);
        String path = "/api/cases/" + ref.number().value() + "/assignment";

        var mine = api.as(engineer).post(path, Map.of("owner", "me"));
        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
        assertThat(mine.json().path("ownerId").asLong()).isEqualTo(engineer.userId());
        var handed = api.as(engineer).post(path, Map.of("owner", String.valueOf(colleague.userId())));
        assertThat(handed.json().path("ownerId").asLong()).isEqualTo(colleague.userId());
        assertThat(handed.json().path("version").asInt()).isEqualTo(2);
        var nobody = api.as(engineer).post(path, Map.of("owner", ""));
        assertThat(nobody.json().path("ownerId").isNull()).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE case_id = :id AND action = 'assigned'")
                        .param("id", ref.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
        // The colleague was told the case was given to them.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notifications WHERE user_id = :u AND kind = 'ASSIGNED'")
                        .param("u", colleague.userId())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        Actor customer = fixtures.customer(bank);
        assertThat(api.as(customer).post(path, Map.of("owner", "me")).status()).isEqualTo(403);
        var bad = api.as(engineer).post(path, Map.of("owner", String.valueOf(customer.userId())));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
    }

    @Test
    void routingRulesPlaceNewCasesInTheFirstMatchingQueue() {
        Organisation bank = fixtures.organisation("Routed bank");
        Actor admin = fixtures.admin();
        Actor engineer = fixtures.engineer();
        var urgent = api.as(admin)
                .post(
                        "/api/queues",
                        Map.of(
                                "name",
                                "P1 of " + bank.id(),
                                "organisationId",
                                bank.id(),
                                "priority",
                                "P1",
                                "position",
                                -10));
        assertThat(urgent.status()).as(urgent.toString()).isEqualTo(201);
        var product = api.as(admin)
                .post(
                        "/api/queues",
                        Map.of(
                                "name",
                                "LTSC of " + bank.id(),
                                "organisationId",
                                bank.id(),
                                "product",
                                "windows 10 enterprise ltsc",
                                "position",
                                -5));
        assertThat(product.status()).isEqualTo(201);
        assertThat(api.as(engineer).post("/api/queues", Map.of("name", "mine")).status())
                .isEqualTo(403);
        assertThat(api.as(admin)
                        .post("/api/queues", Map.of("name", "bad", "priority", "P9"))
                        .status())
                .isEqualTo(400);

        // Opened by the customer: a case an engineer opens is the engineer's, in no unassigned queue.
        Actor customer = fixtures.customer(bank);
        CaseRef p1 = open(customer, bank, Priority.P1, "Windows 10 Enterprise LTSC");
        CaseRef ltsc = open(customer, bank, Priority.P3, "Windows 10 Enterprise LTSC");
        CaseRef other = open(customer, bank, Priority.P3, "Windows Server 2019");
        assertThat(queueOf(engineer, p1)).isEqualTo("P1 of " + bank.id());
        assertThat(queueOf(engineer, ltsc)).isEqualTo("LTSC of " + bank.id());
        assertThat(queueOf(engineer, other)).isNull();

        var cases =
                api.as(engineer).get("/api/queues/" + product.json().path("id").asLong() + "/cases");
        assertThat(cases.json().findValuesAsString("number"))
                .containsExactly(ltsc.number().value());
        assertThat(api.as(engineer).get("/api/queues/unassigned/cases").json().findValuesAsString("number"))
                .contains(
                        p1.number().value(),
                        ltsc.number().value(),
                        other.number().value());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE case_id = :id AND action = 'queue changed'")
                        .param("id", ltsc.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        api.as(engineer).post("/api/cases/" + other.number().value() + "/assignment", Map.of("owner", "me"));
        var load = api.as(engineer).get("/api/workload").json();
        var mine = load.valueStream()
                .filter(row -> row.path("userId").asLong() == engineer.userId())
                .findFirst();
        assertThat(mine)
                .hasValueSatisfying(
                        row -> assertThat(row.path("active").asLong()).isEqualTo(1));
    }

    @Test
    void duplicatesAreSuggestedAndMergedWithinOneOrganisationOnly() {
        Organisation bank = fixtures.organisation("Dup bank");
        Organisation other = fixtures.organisation("Other dup bank");
        Actor engineer = fixtures.engineer();
        CaseRef first = fixtures.openCase(bank);
        CaseRef second = fixtures.openCase(bank);
        CaseRef foreign = fixtures.openCase(other);

        var suggested = api.as(engineer).get("/api/cases/" + second.number().value() + "/duplicates");
        assertThat(suggested.json().findValuesAsString("number"))
                .containsExactly(first.number().value());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_entries WHERE case_id = :id AND internal AND summary LIKE :s")
                        .param("id", second.id())
                        .param("s", "Likely duplicate of " + first.number().value() + "%")
                        .query(Long.class)
                        .single())
                .as("a note on the new case's timeline")
                .isEqualTo(1);

        var across = api.as(engineer)
                .post(
                        "/api/cases/" + foreign.number().value() + "/merge",
                        Map.of("into", first.number().value()));
        assertThat(across.status()).as(across.toString()).isEqualTo(400);

        var merged = api.as(engineer)
                .post(
                        "/api/cases/" + second.number().value() + "/merge",
                        Map.of("into", first.number().value()));
        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        assertThat(merged.json().path("entries").asInt()).isPositive();
        var again = api.as(engineer)
                .post(
                        "/api/cases/" + second.number().value() + "/merge",
                        Map.of("into", first.number().value()));
        assertThat(again.status()).isEqualTo(409);
        var timeline = api.as(engineer).get("/api/cases/" + first.number().value() + "/entries");
        assertThat(timeline.body()).contains("Merged " + second.number().value());
        assertThat(api.as(engineer)
                        .get("/api/cases/" + first.number().value() + "/audit")
                        .body())
                .contains("mergedFrom");
    }

    @Test
    void bulkActionsChangeEachCaseOnItsOwnAndReportEveryOutcome() {
        Organisation bank = fixtures.organisation("Bulk bank");
        Actor engineer = fixtures.engineer();
        Actor customer = fixtures.customer(bank);
        CaseRef a = fixtures.openCase(bank);
        CaseRef b = fixtures.openCase(bank);
        desk.addContact(engineer, a, new NewContact(customer.email(), "IT", null));
        List<String> both = List.of(a.number().value(), b.number().value());

        var priority =
                api.as(engineer).post("/api/cases/bulk", Map.of("cases", both, "action", "PRIORITY", "value", "P1"));
        assertThat(priority.status()).as(priority.toString()).isEqualTo(200);
        assertThat(priority.json().valueStream().map(o -> o.path("ok").asBoolean()))
                .containsExactly(true, true);

        var status =
                api.as(engineer).post("/api/cases/bulk", Map.of("cases", both, "action", "STATUS", "value", "SCOPING"));
        assertThat(status.json().valueStream().map(o -> o.path("ok").asBoolean()))
                .containsExactly(true, true);
        var refused =
                api.as(engineer).post("/api/cases/bulk", Map.of("cases", both, "action", "STATUS", "value", "CLOSED"));
        assertThat(refused.json().valueStream().map(o -> o.path("ok").asBoolean()))
                .containsExactly(false, false);

        // A reply from a template goes to each case in its own language; a case without anyone to write to says so.
        var reply =
                api.as(engineer).post("/api/cases/bulk", Map.of("cases", both, "action", "REPLY", "value", "SCOPING"));
        assertThat(reply.json().valueStream().map(o -> o.path("ok").asBoolean()))
                .containsExactly(true, false);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_entries WHERE case_id = :id AND kind = 'MAIL_OUT'")
                        .param("id", a.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        assertThat(api.as(engineer)
                        .post("/api/cases/bulk", Map.of("cases", both, "action", "PRIORITY", "value", "P9"))
                        .status())
                .isEqualTo(400);
        assertThat(api.as(engineer)
                        .post("/api/cases/bulk", Map.of("cases", List.of(), "action", "PRIORITY", "value", "P1"))
                        .status())
                .isEqualTo(400);
        assertThat(api.as(customer)
                        .post("/api/cases/bulk", Map.of("cases", both, "action", "PRIORITY", "value", "P1"))
                        .status())
                .isEqualTo(403);
        assertThat(jdbc.sql(
                                "SELECT COUNT(*) FROM audit_log WHERE case_id = :id AND action = 'updated' AND field = 'priority'")
                        .param("id", b.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    private CaseRef open(Actor opener, Organisation organisation, Priority priority, String product) {
        return desk.open(
                opener,
                new NewCase(
                        "KB5032196 fails " + product,
                        priority,
                        organisation.id(),
                        null,
                        product,
                        "1809",
                        null,
                        null,
                        "en"));
    }

    private String queueOf(Actor engineer, CaseRef ref) {
        var body = api.as(engineer)
                .get("/api/cases/" + ref.number().value() + "/assignment")
                .json();
        return body.path("queueName").isNull() ? null : body.path("queueName").asString();
    }
}
