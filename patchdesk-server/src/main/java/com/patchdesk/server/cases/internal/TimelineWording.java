package com.patchdesk.server.cases.internal;

import com.patchdesk.server.cases.CaseEntry;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.web.PageTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Timeline text as people read it ({@code ${@timelineWording.summary(entry)}}): a status change reads
 * "Scoping → Investigating" / "范围确认 → 调查中" instead of {@code SCOPING → INVESTIGATING}, and UTC instants written
 * into entries ({@code 2026-12-12T13:30:50.996776259Z}) read as local times in the reader's zone. The stored entry
 * is not changed.
 */
@Component("timelineWording")
class TimelineWording {

    private static final Pattern STATUS_CHANGE = Pattern.compile("^([A-Z_]+) → ([A-Z_]+)$");
    private static final Pattern INSTANT =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?Z");

    private final MessageSource messages;
    private final PageTime time;

    TimelineWording(MessageSource messages, PageTime time) {
        this.messages = messages;
        this.time = time;
    }

    public String summary(CaseEntry entry) {
        Matcher change = STATUS_CHANGE.matcher(entry.summary());
        if (entry.kind() == EntryKind.STATUS_CHANGE && change.matches()) {
            Locale locale = LocaleContextHolder.getLocale();
            return status(change.group(1), locale) + " → " + status(change.group(2), locale);
        }
        return times(entry.summary());
    }

    public String body(CaseEntry entry) {
        return entry.body() == null ? null : times(entry.body());
    }

    private String status(String code, Locale locale) {
        return messages.getMessage("status." + code, null, code, locale);
    }

    private String times(String text) {
        Matcher instant = INSTANT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (instant.find()) {
            String local;
            try {
                local = time.at(Instant.parse(instant.group()));
            } catch (DateTimeParseException notAnInstant) {
                local = instant.group();
            }
            instant.appendReplacement(out, Matcher.quoteReplacement(local));
        }
        return instant.appendTail(out).toString();
    }
}
