package com.patchdesk.server.web;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Organisations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Times as pages show them, used from templates as {@code ${@pageTime.at(entry.occurredAt())}}: instants in the
 * desk's time zone ({@code patchdesk.web.time-zone}, default Asia/Shanghai where the customers are) and SLA
 * targets as "2 h 15 min left" / "已超时 30 分钟" in the reader's language.
 */
@Component("pageTime")
public class PageTime {

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Clock clock;
    private final ZoneId zone;
    private final MessageSource messages;

    private final Organisations organisations;

    PageTime(Clock clock, MessageSource messages, ConsoleSettings settings, Organisations organisations) {
        this.organisations = organisations;
        this.clock = clock;
        this.messages = messages;
        this.zone = settings.timeZone();
    }

    public String at(Instant instant) {
        return instant == null ? "" : AT.format(instant.atZone(readersZone()));
    }

    public String zone() {
        return readersZone().getId();
    }

    /** A customer reads times in their organisation's zone; staff in the desk's. */
    private ZoneId readersZone() {
        try {
            Actor actor = Actor.from(SecurityContextHolder.getContext().getAuthentication());
            if (!actor.isStaff()) {
                return organisations
                        .find(actor.organisationId())
                        .map(Organisation::zone)
                        .orElse(zone);
            }
        } catch (RuntimeException notSignedIn) {
            // the login page and error pages: the desk's zone
        }
        return zone;
    }

    /** How long until {@code due}, or how long it is overdue; empty when there is no target. */
    public String until(Instant due) {
        if (due == null) {
            return "";
        }
        Duration left = Duration.between(clock.instant(), due);
        Locale locale = LocaleContextHolder.getLocale();
        return left.isNegative() || left.isZero()
                ? messages.getMessage("time.overdue", new Object[] {span(left.abs(), locale)}, locale)
                : messages.getMessage("time.left", new Object[] {span(left, locale)}, locale);
    }

    /** A duration in at most two units: "2 d 3 h", "3 h 5 min", "4 min". */
    public String span(Duration duration, Locale locale) {
        long minutes = duration.toMinutes();
        if (minutes < 1) {
            return messages.getMessage("time.lessThanMinute", null, locale);
        }
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long mins = minutes % 60;
        List<String> parts = new ArrayList<>();
        if (days > 0) {
            parts.add(messages.getMessage("time.days", new Object[] {days}, locale));
        }
        if (hours > 0) {
            parts.add(messages.getMessage("time.hours", new Object[] {hours}, locale));
        }
        if (days == 0 && mins > 0) {
            parts.add(messages.getMessage("time.minutes", new Object[] {mins}, locale));
        }
        return String.join(" ", parts.subList(0, Math.min(2, parts.size())));
    }
}
