package com.patchdesk.server;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.NewUser;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.accounts.Role;
import com.patchdesk.server.accounts.UserAccounts;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.NewCase;
import com.patchdesk.server.cases.Priority;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates organisations, users and cases through the real services (so audit rows and constraints apply).
 * Names and emails get a unique suffix because {@link DeskTest}s share a database. Every user's password is
 * {@link #PASSWORD}.
 */
public final class DeskFixtures {

    public static final String PASSWORD = "kettle-tundra-marmot-41";
    public static final String BOOTSTRAP_ADMIN = "bootstrap-admin@patchdesk.test";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Organisations organisations;
    private final UserAccounts accounts;
    private final CaseDesk desk;

    DeskFixtures(Organisations organisations, UserAccounts accounts, CaseDesk desk) {
        this.organisations = organisations;
        this.accounts = accounts;
        this.desk = desk;
    }

    /** The admin created by the first-start bootstrap. */
    public Actor bootstrapAdmin() {
        return accounts.actorByEmail(BOOTSTRAP_ADMIN).orElseThrow();
    }

    public Organisation organisation(String name) {
        return organisations.create(bootstrapAdmin(), name + " " + next(), null);
    }

    /** An organisation that claims mail from {@code domain} (made unique: {@code n.domain}). */
    public Organisation organisationWithDomain(String name, String domain) {
        return organisations.create(bootstrapAdmin(), name + " " + next(), next() + "." + domain);
    }

    public Actor customer(Organisation organisation) {
        return user(Role.CUSTOMER, organisation.id(), "zh-CN");
    }

    public Actor engineer() {
        return user(Role.ENGINEER, null, "en");
    }

    public Actor admin() {
        return user(Role.ADMIN, null, "en");
    }

    public Actor user(Role role, Long organisationId, String locale) {
        int n = next();
        var created = accounts.create(
                bootstrapAdmin(),
                new NewUser(
                        role.name().toLowerCase() + n + "@fixture.test",
                        role.name().charAt(0) + role.name().substring(1).toLowerCase() + " " + n,
                        PASSWORD,
                        role,
                        organisationId,
                        locale));
        return accounts.actorByEmail(created.email()).orElseThrow();
    }

    /** A P2 case about the KB5032196 failure from the seed support case, opened by staff for {@code organisation}. */
    public CaseRef openCase(Organisation organisation) {
        return desk.open(engineer(), seedCase(organisation));
    }

    /**
     * The same case opened by a new customer of {@code organisation}: no owner yet (a case staff open is the opener's),
     * in the queues, with the customer as its contact.
     */
    public CaseRef openCaseAsCustomer(Organisation organisation) {
        return desk.open(customer(organisation), seedCase(organisation));
    }

    private static NewCase seedCase(Organisation organisation) {
        return new NewCase(
                "KB5032196 安装失败 0x800f0986",
                Priority.P2,
                organisation.id(),
                "银行终端无法安装 KB5032196。",
                "Windows 10 Enterprise LTSC",
                "V2020-L 1809",
                "KB5032196",
                "0x800f0986",
                "zh-CN");
    }

    private static int next() {
        return SEQUENCE.incrementAndGet();
    }
}
