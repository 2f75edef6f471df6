package com.patchdesk.server.closing;

import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseContact;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseLifecycle;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseStatusChanged;
import com.patchdesk.server.cases.ClosureFacts;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.mail.CaseCorrespondence;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.web.PublicUrls;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Closing a case with the customer: at RESOLVED the case's contacts get a mail in the case's language (which follows
 * the customer) with the resolution summary and a single-use link that confirms it; confirming records the consent
 * and closes the case as the other consent paths do. After closing, an optional survey link asks for a rating.
 */
@Service
public class CaseClosing {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final ClosingLinks links;
    private final ClosingSettings settings;
    private final PublicUrls urls;
    private final CaseCorrespondence correspondence;
    private final CaseLifecycle lifecycle;
    private final CaseAccess access;
    private final CaseDesk desk;
    private final ClosureFacts facts;
    private final MessageSource messages;
    private final JdbcClient jdbc;
    private final Organisations organisations;
    private final Clock clock;

    CaseClosing(
            ClosingLinks links,
            ClosingSettings settings,
            PublicUrls urls,
            CaseCorrespondence correspondence,
            CaseLifecycle lifecycle,
            CaseAccess access,
            CaseDesk desk,
            ClosureFacts facts,
            MessageSource messages,
            JdbcClient jdbc,
            Organisations organisations,
            Clock clock) {
        this.organisations = organisations;
        this.links = links;
        this.settings = settings;
        this.urls = urls;
        this.correspondence = correspondence;
        this.lifecycle = lifecycle;
        this.access = access;
        this.desk = desk;
        this.facts = facts;
        this.messages = messages;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Runs inside the transaction of the move, so the mail is queued exactly when the move commits. */
    @EventListener
    void statusChanged(CaseStatusChanged event) {
        if (event.from() == CaseStatus.RESOLVED) {
            // Reopened or closed: an earlier confirmation link must not close the case later.
            links.retire(event.ref().id(), LinkPurpose.CONFIRM);
        }
        if (event.to() == CaseStatus.RESOLVED) {
            askToConfirm(event.ref());
        } else if (event.to() == CaseStatus.CLOSED
                && settings.survey()
                && !rated(event.ref().id())) {
            offerSurvey(event.ref());
        }
    }

    private void askToConfirm(CaseRef ref) {
        List<String> contacts = contacts(ref);
        String reference = links.issue(ref.id(), LinkPurpose.CONFIRM, contacts, settings.confirmationValidFor());
        Locale language = ref.language();
        String expires = DATE.format(
                clock.instant().plus(settings.confirmationValidFor()).atZone(zone(ref)));
        String body = messages.getMessage(
                "closing.confirm.mail.body",
                new Object[] {ref.number().value(), urls.absolute("/c/" + reference), expires, summaryText(ref)},
                language);
        correspondence.sendFromDesk(
                ref, messages.getMessage("closing.confirm.mail.title", new Object[] {title(ref)}, language), body);
    }

    private void offerSurvey(CaseRef ref) {
        String reference = links.issue(ref.id(), LinkPurpose.SURVEY, contacts(ref), settings.surveyValidFor());
        Locale language = ref.language();
        String body = messages.getMessage(
                "closing.survey.mail.body",
                new Object[] {ref.number().value(), urls.absolute("/c/" + reference)},
                language);
        correspondence.sendFromDesk(
                ref, messages.getMessage("closing.survey.mail.title", new Object[] {title(ref)}, language), body);
    }

    /** The resolution summary as text in the case's language: root causes, steps taken, result. */
    String summaryText(CaseRef ref) {
        ClosureFacts.Closure closure = facts.of(ref);
        Locale language = ref.language();
        StringBuilder text = new StringBuilder();
        if (!closure.rootCauses().isEmpty()) {
            text.append(messages.getMessage("closing.summary.causes", null, language))
                    .append('\n');
            closure.rootCauses()
                    .forEach(cause -> text.append("- ").append(cause).append('\n'));
        }
        if (!closure.steps().isEmpty()) {
            text.append(messages.getMessage("closing.summary.steps", null, language))
                    .append('\n');
            closure.steps().forEach(step -> text.append("- ").append(step).append('\n'));
        }
        text.append(messages.getMessage("closing.summary.result", null, language))
                .append(' ')
                .append(closure.result())
                .append('\n');
        return text.toString();
    }

    /** What a link from a mail opens, when it is still usable. */
    Optional<Opened> open(String reference) {
        return links.usable(reference).map(link -> {
            CaseRef ref = caseOf(link.caseId());
            return new Opened(link, ref, title(ref));
        });
    }

    record Opened(ClosingLinks.Link link, CaseRef ref, String title) {}

    /**
     * The customer confirms through the link: consent recorded (kind {@code consent_link}) and the case closed, in
     * one transaction. False when the link is no longer usable or the case is no longer resolved.
     */
    @Transactional
    public boolean confirm(String reference) {
        Optional<Opened> opened = open(reference).filter(o -> o.link().purpose() == LinkPurpose.CONFIRM);
        if (opened.isEmpty()
                || opened.get().ref().status() != CaseStatus.RESOLVED
                || !links.use(opened.get().link().id())) {
            return false;
        }
        CaseRef ref = opened.get().ref();
        lifecycle.recordConsent(
                null,
                ref,
                "link",
                messages.getMessage("closing.confirm.consent", null, ref.language()),
                opened.get().link().id());
        lifecycle.transition(null, ref, CaseStatus.CLOSED, null, null);
        return true;
    }

    /** Outcome of a survey answer. */
    enum Rated {
        RECORDED,
        ALREADY_RATED,
        LINK_UNUSABLE
    }

    /** Records the rating once per case; the link is used up with it. */
    @Transactional
    public Rated rate(String reference, int rating, String comment) {
        if (rating < 1 || rating > 5) {
            throw new InvalidInputException("rating", "rating is 1 to 5");
        }
        if (comment != null && comment.length() > 4000) {
            throw new InvalidInputException("comment", "the comment is at most 4000 characters");
        }
        Optional<Opened> opened = open(reference).filter(o -> o.link().purpose() == LinkPurpose.SURVEY);
        if (opened.isEmpty()) {
            return Rated.LINK_UNUSABLE;
        }
        CaseRef ref = opened.get().ref();
        if (rated(ref.id())) {
            links.use(opened.get().link().id());
            return Rated.ALREADY_RATED;
        }
        if (!links.use(opened.get().link().id())) {
            return Rated.LINK_UNUSABLE;
        }
        jdbc.sql("""
                INSERT INTO satisfaction_ratings (case_id, organisation_id, engineer_id, rating, comment, rated_at)
                SELECT id, organisation_id, owner_id, :rating, :comment, :now FROM cases WHERE id = :case""")
                .param("rating", rating)
                .param("comment", comment == null || comment.isBlank() ? null : comment.strip())
                .param("now", UtcTimestamps.toSql(clock.instant()))
                .param("case", ref.id())
                .update();
        return Rated.RECORDED;
    }

    private boolean rated(long caseId) {
        return jdbc.sql("SELECT COUNT(*) FROM satisfaction_ratings WHERE case_id = :case")
                        .param("case", caseId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    private List<String> contacts(CaseRef ref) {
        return desk.contacts(ref).stream().map(CaseContact::email).toList();
    }

    private CaseRef caseOf(long caseId) {
        String number = jdbc.sql("SELECT number FROM cases WHERE id = :id")
                .param("id", caseId)
                .query(String.class)
                .single();
        return access.resolve(new CaseNumber(number)).orElseThrow();
    }

    private String title(CaseRef ref) {
        return jdbc.sql("SELECT title FROM cases WHERE id = :id")
                .param("id", ref.id())
                .query(String.class)
                .single();
    }

    private ZoneId zone(CaseRef ref) {
        return organisations.find(ref.organisationId()).map(Organisation::zone).orElse(Organisations.DEFAULT_ZONE);
    }
}
