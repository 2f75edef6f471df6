package com.patchdesk.server.assignment;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.UserAccount;
import com.patchdesk.server.accounts.UserAccounts;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseRef;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * What the case page's assignment card shows: owner choices, queues, the case's queue, likely duplicates and
 * whether it was merged. Templates call it as {@code @casePanel.of(caseId)}; the page has checked access already,
 * and it is checked again here for the signed-in user.
 */
@Component("casePanel")
public class CasePanel {

    public record Panel(
            List<UserAccount> engineers,
            List<Queue> queues,
            Optional<Queue> queue,
            List<Duplicates.Candidate> duplicates,
            Optional<String> mergedInto) {}

    private final CaseAccess access;
    private final UserAccounts accounts;
    private final Queues queues;
    private final Duplicates duplicates;
    private final CaseMerge merge;

    CasePanel(CaseAccess access, UserAccounts accounts, Queues queues, Duplicates duplicates, CaseMerge merge) {
        this.access = access;
        this.accounts = accounts;
        this.queues = queues;
        this.duplicates = duplicates;
        this.merge = merge;
    }

    public Panel of(long caseId) {
        Actor actor = Actor.from(SecurityContextHolder.getContext().getAuthentication());
        CaseRef ref = access.require(actor, caseId, CaseAction.EDIT);
        return new Panel(
                engineers(), queues.list(), queues.of(ref.id()), duplicates.of(ref), merge.mergedInto(ref.id()));
    }

    public List<UserAccount> engineers() {
        return accounts.list().stream()
                .filter(user -> user.role().isStaff() && user.enabled())
                .toList();
    }
}
