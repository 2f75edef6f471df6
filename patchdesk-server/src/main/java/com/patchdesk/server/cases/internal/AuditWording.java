package com.patchdesk.server.cases.internal;

import com.patchdesk.server.audit.AuditRecord;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.web.ByteSizes;
import com.patchdesk.server.web.PageTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The case's audit page as people read it ({@code ${@auditWording.what(r)}}): what happened and to which field in the
 * reader's language ("案例：已创建", not {@code case: created}), status, priority and template codes as their names,
 * byte counts as sizes and UTC instants as local times. The audit trail keeps the raw values; the API returns them.
 * An action or field without a message (an admin's free text, a newer feature's) shows as recorded.
 */
@Component("auditWording")
class AuditWording {

    private static final Pattern INSTANT =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?Z");
    /** How {@code files.DownloadEvents} names whoever downloaded through a link. */
    private static final Pattern LINK_HOLDER = Pattern.compile("download link ([0-9]+)");

    private static final Pattern COUNT = Pattern.compile("[0-9]{1,19}");
    private static final Set<String> SIZES = Set.of("maxBytes", "bytesSent", "size");
    /** Fields whose values are codes with a name of their own in the messages: {@code status.SCOPING}. */
    private static final Set<String> NAMED = Set.of("status", "priority", "template", "role");

    private final MessageSource messages;
    private final PageTime time;

    AuditWording(MessageSource messages, PageTime time) {
        this.messages = messages;
        this.time = time;
    }

    /** Who: an account's address as recorded; the server itself and a download link's holder in words. */
    public String who(AuditRecord record) {
        Locale locale = LocaleContextHolder.getLocale();
        if (record.actorId() != null) {
            return record.actorLabel();
        }
        Matcher link = LINK_HOLDER.matcher(record.actorLabel());
        if (link.matches()) {
            return messages.getMessage("audit.who.downloadLink", new Object[] {link.group(1)}, locale);
        }
        return AuditTrail.SYSTEM.equals(record.actorLabel())
                ? messages.getMessage("entry.system", null, locale)
                : record.actorLabel();
    }

    public String what(AuditRecord record) {
        Locale locale = LocaleContextHolder.getLocale();
        String entity =
                messages.getMessage("audit.entity." + key(record.entityType()), null, record.entityType(), locale);
        String action = messages.getMessage("audit.action." + key(record.action()), null, record.action(), locale);
        return messages.getMessage("audit.what", new Object[] {entity, action}, locale);
    }

    public String field(AuditRecord record) {
        return record.field() == null
                ? ""
                : messages.getMessage(
                        "audit.field." + record.field(), null, record.field(), LocaleContextHolder.getLocale());
    }

    public String value(AuditRecord record, String value) {
        if (value == null) {
            return "";
        }
        String field = record.field() == null ? "" : record.field();
        if (SIZES.contains(field) && COUNT.matcher(value).matches()) {
            return ByteSizes.human(Long.parseLong(value));
        }
        if (NAMED.contains(field)) {
            return messages.getMessage(field + "." + value, null, value, LocaleContextHolder.getLocale());
        }
        if (INSTANT.matcher(value).matches()) {
            try {
                return time.at(Instant.parse(value));
            } catch (DateTimeParseException notAnInstant) {
                return value;
            }
        }
        return value;
    }

    /** An action or entity type as a message key: "consent recorded" → {@code consent.recorded}. */
    private static String key(String text) {
        return text.strip().replaceAll("[^A-Za-z0-9_]+", ".");
    }
}
