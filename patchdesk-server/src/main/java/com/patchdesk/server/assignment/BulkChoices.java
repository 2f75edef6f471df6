package com.patchdesk.server.assignment;

import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.Priority;
import com.patchdesk.server.cases.TemplateName;
import java.util.List;
import org.springframework.stereotype.Component;

/** The choices of the case list's bulk form, for templates ({@code @bulkChoices}). */
@Component("bulkChoices")
public class BulkChoices {

    private final CasePanel panel;
    private final Queues queues;

    BulkChoices(CasePanel panel, Queues queues) {
        this.panel = panel;
        this.queues = queues;
    }

    public CaseStatus[] statuses() {
        return CaseStatus.values();
    }

    public Priority[] priorities() {
        return Priority.values();
    }

    public TemplateName[] templates() {
        return TemplateName.composables();
    }

    public List<com.patchdesk.server.accounts.UserAccount> engineers() {
        return panel.engineers();
    }

    public List<Queue> queues() {
        return queues.list();
    }
}
