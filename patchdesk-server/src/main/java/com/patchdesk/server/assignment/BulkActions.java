package com.patchdesk.server.assignment;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseChanges;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseLifecycle;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseSearch;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseTemplates;
import com.patchdesk.server.cases.Priority;
import com.patchdesk.server.cases.RenderedText;
import com.patchdesk.server.cases.TemplateName;
import com.patchdesk.server.mail.CaseCorrespondence;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.Reason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * One change applied to many selected cases: status, owner, priority, queue, or a reply from a template (rendered
 * per case, in each case's language). Each case is changed on its own, through the same services as a single
 * change (lifecycle rules, SLA, audit, optimistic locking); one case that refuses does not stop the others, and the
 * outcome lists what happened to every case.
 */
@Service
public class BulkActions {

    /** At most this many cases per request, so one click cannot hold the database for minutes. */
    public static final int MAX_CASES = 200;

    public enum Kind {
        STATUS,
        OWNER,
        PRIORITY,
        QUEUE,
        REPLY
    }

    /**
     * @param value the new status, priority, owner id ({@code me}, or empty for nobody), queue id (empty: none), or
     *              the template name for REPLY
     */
    public record Request(List<String> cases, Kind action, String value) {}

    /** What happened to one case: {@code ok}, or the reason it was refused. */
    public record Outcome(String number, boolean ok, String detail) implements java.io.Serializable {}

    private final CaseAccess access;
    private final CaseSearch search;
    private final CaseLifecycle lifecycle;
    private final CaseDesk desk;
    private final Assignments assignments;
    private final Queues queues;
    private final CaseTemplates templates;
    private final CaseCorrespondence correspondence;

    BulkActions(
            CaseAccess access,
            CaseSearch search,
            CaseLifecycle lifecycle,
            CaseDesk desk,
            Assignments assignments,
            Queues queues,
            CaseTemplates templates,
            CaseCorrespondence correspondence) {
        this.access = access;
        this.search = search;
        this.lifecycle = lifecycle;
        this.desk = desk;
        this.assignments = assignments;
        this.queues = queues;
        this.templates = templates;
        this.correspondence = correspondence;
    }

    public List<Outcome> apply(Actor actor, Request request) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("staff only");
        }
        if (request.action() == null) {
            throw new InvalidInputException("action", Reason.of("problem.bulk.action"));
        }
        if (request.cases() == null || request.cases().isEmpty()) {
            throw new InvalidInputException("cases", Reason.of("problem.bulk.noCase"));
        }
        if (request.cases().size() > MAX_CASES) {
            throw new InvalidInputException("cases", Reason.of("problem.bulk.tooMany", MAX_CASES));
        }
        String value = request.value() == null ? "" : request.value().strip();
        Runnable check = switch (request.action()) {
            case STATUS -> () -> parse(CaseStatus.class, "value", value);
            case PRIORITY -> () -> parse(Priority.class, "value", value);
            case REPLY -> () -> parse(TemplateName.class, "value", value);
            case OWNER -> () -> owner(actor, value);
            case QUEUE -> () -> queue(value);
        };
        check.run(); // a bad value is one clear error, not the same error for every case
        List<Outcome> outcomes = new ArrayList<>();
        for (String number : new LinkedHashSet<>(request.cases())) {
            try {
                CaseRef ref = access.require(
                        actor,
                        CaseNumber.tryParse(number)
                                .orElseThrow(() -> new InvalidInputException(
                                        "cases", Reason.of("problem.bulk.notACase", String.valueOf(number)))),
                        CaseAction.EDIT);
                outcomes.add(new Outcome(ref.number().value(), true, one(actor, ref, request.action(), value)));
            } catch (RuntimeException refused) {
                outcomes.add(new Outcome(number, false, refused.getMessage()));
            }
        }
        return outcomes;
    }

    private String one(Actor actor, CaseRef ref, Kind kind, String value) {
        switch (kind) {
            case STATUS -> {
                lifecycle.transition(actor, ref, parse(CaseStatus.class, "value", value), null, null);
                return "status " + value;
            }
            case PRIORITY -> {
                desk.update(
                        actor,
                        ref,
                        search.one(ref).version(),
                        new CaseChanges(
                                null,
                                parse(Priority.class, "value", value),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null));
                return "priority " + value;
            }
            case OWNER -> {
                assignments.assign(actor, ref, owner(actor, value));
                return "owner " + (value.isEmpty() ? "nobody" : value);
            }
            case QUEUE -> {
                queues.place(actor, ref, queue(value));
                return "queue " + (value.isEmpty() ? "none" : value);
            }
            case REPLY -> {
                TemplateName template = parse(TemplateName.class, "value", value);
                RenderedText text = templates.render(ref, template, null, actor);
                long mail = correspondence.reply(actor, ref.number(), text.subject(), text.body(), template);
                return "mail " + mail + " queued";
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /** {@code me}, a user id, or empty for nobody. */
    static Long owner(Actor actor, String value) {
        if (value.isEmpty() || value.equalsIgnoreCase("none")) {
            return null;
        }
        if (value.equalsIgnoreCase("me")) {
            return actor.userId();
        }
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("value", Reason.of("problem.bulk.owner", value));
        }
    }

    private Long queue(String value) {
        if (value.isEmpty() || value.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return queues.get(Long.parseLong(value)).id();
        } catch (NumberFormatException e) {
            throw new InvalidInputException("value", Reason.of("problem.bulk.queue", value));
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "not a " + type.getSimpleName() + ": '" + value + "'");
        }
    }
}
