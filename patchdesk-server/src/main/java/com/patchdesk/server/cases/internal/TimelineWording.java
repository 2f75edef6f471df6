package com.patchdesk.server.cases.internal;

import com.patchdesk.server.cases.CaseEntry;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.EntryWording;
import com.patchdesk.server.cases.EntryWordings;
import com.patchdesk.server.web.PageTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Timeline text as people read it ({@code ${@timelineWording.summary(entry)}}): a status change reads
 * "Scoping → Investigating" / "范围确认 → 调查中" instead of {@code SCOPING → INVESTIGATING}, and UTC instants written
 * into entries ({@code 2026-12-12T13:30:50.996776259Z}) read as local times in the reader's zone; the sentences
 * the server writes about uploads, upload and download links, and the severities in a diagnosis entry, read in the
 * reader's language. An entry the server wrote with a wording ({@link EntryWording}) is said from it; older entries
 * from the sentences below. The stored entry is not changed.
 */
@Component("timelineWording")
class TimelineWording {

    private static final Pattern STATUS_CHANGE = Pattern.compile("^([A-Z_]+) → ([A-Z_]+)$");
    private static final Pattern INSTANT =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?Z");

    private final MessageSource messages;
    private final EntryWordings wordings;
    private final PageTime time;

    TimelineWording(MessageSource messages, EntryWordings wordings, PageTime time) {
        this.messages = messages;
        this.wordings = wordings;
        this.time = time;
    }

    /**
     * The sentences the server itself writes into entries about files and links, stored in English (the API and the
     * search read them so), each with the message that says it in the reader's language; the groups are the message's
     * arguments. A sentence an engineer or customer wrote matches none of them and stays as written.
     */
    private static final List<Wording> SYSTEM_SENTENCES = List.of(
            new Wording(
                    "^Uploaded through an upload link: (.+) \\(([0-9.]+ (?:B|KiB|MiB|GiB|TiB))\\)$",
                    "entry.text.uploadedViaLink"),
            new Wording(
                    "^Uploaded through an upload link: (.+): identical to (.+), already on the case$",
                    "entry.text.uploadedViaLinkAgain"),
            new Wording("^Uploaded (.+) \\(([0-9.]+ (?:B|KiB|MiB|GiB|TiB))\\)$", "entry.text.uploaded"),
            new Wording("^Uploaded (.+): identical to (.+), already on the case$", "entry.text.uploadedAgain"),
            new Wording("^Upload link ([0-9]+) created until (\\S+)$", "entry.text.uploadLinkCreated"),
            new Wording("^at most ([0-9]+) file\\(s\\) of (.+) each$", "entry.text.uploadLinkLimits"),
            new Wording("^Upload link ([0-9]+) revoked$", "entry.text.uploadLinkRevoked"),
            new Wording("^Published (.+) for download until (\\S+)$", "entry.text.published"),
            new Wording("^no download limit$", "entry.text.noDownloadLimit"),
            new Wording("^at most ([0-9]+) downloads$", "entry.text.downloadLimit"),
            new Wording("^Downloaded (.+) via link #([0-9]+)$", "entry.text.downloaded"),
            new Wording("^Download broke off: (.+) via link #([0-9]+)$", "entry.text.downloadBrokeOff"),
            new Wording("^complete: ([0-9]+) of ([0-9]+) bytes sent to (\\S+)$", "entry.text.bytesSent"),
            new Wording("^incomplete: ([0-9]+) of ([0-9]+) bytes sent to (\\S+)$", "entry.text.bytesSentInPart"));

    /** The severity a diagnosis entry gives each finding, {@code - [error] title}, as DiagnosisText writes it. */
    private static final Pattern SEVERITY = Pattern.compile("(?m)^(\\s*- \\[)(critical|error|warning|info)(\\] )");

    private record Wording(Pattern pattern, String key) {
        Wording(String regex, String key) {
            this(Pattern.compile(regex), key);
        }
    }

    public String summary(CaseEntry entry) {
        Matcher change = STATUS_CHANGE.matcher(entry.summary());
        Locale locale = LocaleContextHolder.getLocale();
        if (entry.kind() == EntryKind.STATUS_CHANGE && change.matches()) {
            return status(change.group(1), locale) + " → " + status(change.group(2), locale);
        }
        if (entry.wording() != null && wordings.known(entry.wording().summary(), locale)) {
            return times(wordings.say(entry.wording().summary(), locale));
        }
        return times(sentence(entry.summary(), locale));
    }

    public String body(CaseEntry entry) {
        if (entry.body() == null) {
            return null;
        }
        Locale locale = LocaleContextHolder.getLocale();
        if (entry.wording() != null
                && entry.wording().body() != null
                && wordings.known(entry.wording().body(), locale)) {
            return times(wordings.say(entry.wording().body(), locale));
        }
        String body = sentence(entry.body(), locale);
        if (entry.kind() == EntryKind.DIAGNOSIS) {
            body = severities(body, locale);
        }
        return times(body);
    }

    private String sentence(String text, Locale locale) {
        for (Wording wording : SYSTEM_SENTENCES) {
            Matcher matcher = wording.pattern().matcher(text);
            if (matcher.matches()) {
                Object[] args = new Object[matcher.groupCount()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = matcher.group(i + 1);
                }
                return messages.getMessage(wording.key(), args, text, locale);
            }
        }
        return text;
    }

    private String severities(String text, Locale locale) {
        Matcher severity = SEVERITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (severity.find()) {
            String word = messages.getMessage("severity." + severity.group(2), null, severity.group(2), locale);
            severity.appendReplacement(out, Matcher.quoteReplacement(severity.group(1) + word + severity.group(3)));
        }
        return severity.appendTail(out).toString();
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
