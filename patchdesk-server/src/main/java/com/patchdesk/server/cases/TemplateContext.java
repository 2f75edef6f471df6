package com.patchdesk.server.cases;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.DeskLocale;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Organisations;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The data a template sees, as plain maps, lists and strings only: Mustache then has no Java object whose methods
 * an edited template could reach. Every key is always present (empty when unknown), so a template that names an
 * unknown key can be refused when it is saved.
 *
 * <p>Keys: {@code case.number, case.title, case.description, case.priority, case.status, case.organisation,
 * case.product, case.productVersion, case.osBuildFamily, case.reportedKb, case.reportedError, case.owner,
 * case.openedAt}, {@code engineer.name, engineer.email}, {@code diagnosis.headline}, {@code diagnosis.findings}
 * and {@code diagnosis.plan} (lists of strings; iterate with <code>{{#diagnosis.findings}}- {{.}}{{/diagnosis.findings}}</code>),
 * {@code hasDiagnosis}, {@code updates} (customer-visible entries: {@code at, kind, summary}), {@code today},
 * and for the closure summary {@code closure.rootCauses} and {@code closure.steps} (lists of strings) and
 * {@code closure.result} (one sentence), built from the diagnoses and published files by {@link ClosureFacts}.
 *
 * <p>Written for the template's language (the engineer's day, docs/engineer-day.md): the diagnosis comes from the
 * report kept in that language; {@code case.statusName} and status changes in {@code updates} are words, not codes;
 * {@code case.reference} (" (KB5032196, error 0x800F0986)", empty when neither is known) and
 * {@code case.productLine} ("Windows 10 1809 (build 17763)", "not known yet") are whole phrases, so an empty field
 * leaves no hole in a sentence.
 */
@Component
public class TemplateContext {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final CaseViews views;
    private final CaseTimeline timeline;
    private final ObjectProvider<LatestDiagnosis> diagnoses;
    private final Organisations organisations;
    private final Clock clock;
    private final ObjectProvider<ClosureFacts> closures;
    private final MessageSource messages;

    private static final Pattern STATUS_CHANGE = Pattern.compile("^([A-Z_]+) → ([A-Z_]+)$");

    TemplateContext(
            CaseViews views,
            CaseTimeline timeline,
            ObjectProvider<LatestDiagnosis> diagnoses,
            Organisations organisations,
            Clock clock,
            ObjectProvider<ClosureFacts> closures,
            MessageSource messages) {
        this.closures = closures;
        this.messages = messages;
        this.organisations = organisations;
        this.views = views;
        this.timeline = timeline;
        this.diagnoses = diagnoses;
        this.clock = clock;
    }

    /** The context for rendering a template about {@code ref}, written by {@code engineer}. */
    public Map<String, Object> of(CaseRef ref, Actor engineer) {
        return of(ref, engineer, ref.language());
    }

    /** The context for a template in {@code language}, whatever the case's language. */
    public Map<String, Object> of(CaseRef ref, Actor engineer, Locale language) {
        return of(ref, engineer, language, null);
    }

    /** As {@link #of(CaseRef, Actor, Locale)}, with an upload link just made for the customer (null: none). */
    public Map<String, Object> of(CaseRef ref, Actor engineer, Locale language, TemplateUploadLink link) {
        CaseView view = views.of(ref);
        // Templates go to the customer, so times are in the customer's time zone, whoever writes.
        ZoneId zone = organisations
                .find(view.organisationId())
                .map(Organisation::zone)
                .orElse(Organisations.DEFAULT_ZONE);
        LatestDiagnosis latest = diagnoses.getIfAvailable(() -> any -> Optional.empty());
        Optional<DiagnosisSummary> diagnosis = latest.of(ref, language);
        Map<String, Object> kase = new LinkedHashMap<>();
        kase.put("number", view.number());
        kase.put("title", view.title());
        kase.put("description", text(view.description()));
        kase.put("priority", view.priority().name());
        kase.put("status", view.status().name());
        kase.put("organisation", view.organisationName());
        kase.put("product", text(view.product()));
        kase.put("productVersion", text(view.productVersion()));
        kase.put(
                "osBuildFamily",
                view.osBuildFamily() == null ? "" : view.osBuildFamily().toString());
        kase.put("reportedKb", text(view.reportedKb()));
        kase.put("reportedError", text(view.reportedError()));
        kase.put("owner", text(view.ownerName()));
        kase.put("openedAt", dateTime(view.createdAt(), zone));
        kase.put("statusName", statusName(view.status().name(), language));
        kase.put("reference", reference(view.reportedKb(), view.reportedError(), language));
        kase.put("productLine", productLine(view, language));
        // Templates go to customers, so they only ever show what the customer may see.
        List<Map<String, Object>> updates = timeline.customerVisibleEntries(ref).stream()
                .map(entry -> Map.<String, Object>of(
                        "at",
                        dateTime(entry.occurredAt(), zone),
                        "kind",
                        entry.kind().name(),
                        "summary",
                        summary(entry, language)))
                .toList();
        // The closure facts speak the language the template is rendered in.
        CaseRef inLanguage = new CaseRef(ref.id(), ref.number(), ref.organisationId(), language, ref.status());
        ClosureFacts.Closure closure =
                closures.getIfAvailable(() -> any -> ClosureFacts.Closure.NONE).of(inLanguage);
        Map<String, Object> context = context(
                kase,
                engineer.displayName(),
                engineer.email(),
                diagnosis,
                updates,
                DATE.format(clock.instant().atZone(zone)));
        context.put("closure", closure(closure));
        context.put("uploadLink", uploadLink(link, zone));
        return context;
    }

    /**
     * The {@code uploadLink} keys, all empty without a link, so that a template can say "reply and we send you a
     * link" in {@code {{^uploadLink.url}}…{{/uploadLink.url}}} and give the link itself in the section.
     */
    private static Map<String, Object> uploadLink(TemplateUploadLink link, ZoneId zone) {
        if (link == null) {
            return Map.of("url", "", "command", "", "expiresAt", "", "maxFiles", "", "maxSize", "");
        }
        return Map.of(
                "url",
                link.url(),
                "command",
                link.collectorCommand(),
                "expiresAt",
                dateTime(link.expiresAt(), zone) + " (" + zone.getId() + ")",
                "maxFiles",
                Integer.toString(link.maxFiles()),
                "maxSize",
                link.maxSize());
    }

    /** A context with every key filled with sample values, to check a template before it is saved. */
    static Map<String, Object> sample() {
        Map<String, Object> kase = new LinkedHashMap<>();
        for (String key : List.of(
                "number",
                "title",
                "description",
                "priority",
                "status",
                "organisation",
                "product",
                "productVersion",
                "osBuildFamily",
                "reportedKb",
                "reportedError",
                "owner",
                "openedAt",
                "statusName",
                "reference",
                "productLine")) {
            kase.put(key, key);
        }
        Map<String, Object> context = context(
                kase,
                "name",
                "email",
                Optional.of(new DiagnosisSummary("headline", List.of("finding"), List.of("step"), Instant.EPOCH)),
                List.of(Map.of("at", "at", "kind", "kind", "summary", "summary")),
                "today");
        context.put("closure", closure(new ClosureFacts.Closure(List.of("cause"), List.of("step"), "result")));
        context.put(
                "uploadLink",
                Map.of(
                        "url",
                        "url",
                        "command",
                        "command",
                        "expiresAt",
                        "expiresAt",
                        "maxFiles",
                        "maxFiles",
                        "maxSize",
                        "maxSize"));
        return context;
    }

    private static Map<String, Object> closure(ClosureFacts.Closure closure) {
        return Map.of("rootCauses", closure.rootCauses(), "steps", closure.steps(), "result", closure.result());
    }

    /**
     * A sample case for the template editor's preview, in the template's language: the seed case of the product (a
     * bank's Windows 10 1809 PC that cannot install KB5032196), so that an admin sees a realistic mail.
     */
    Map<String, Object> previewSample(Locale language) {
        boolean chinese = language.equals(DeskLocale.CHINESE);
        Map<String, Object> kase = new LinkedHashMap<>();
        kase.put("statusName", statusName("INVESTIGATING", language));
        kase.put("reference", reference("KB5032196", "0x800f0986", language));
        kase.put(
                "productLine",
                messages.getMessage(
                        "template.productBuild",
                        new Object[] {"Windows 10 Enterprise LTSC 2019 1809", "17763"},
                        language));
        kase.put("number", "CAS-10610-F5B0M9");
        kase.put("title", chinese ? "KB5032196 安装失败 0x800f0986" : "KB5032196 fails to install with 0x800f0986");
        kase.put(
                "description",
                chinese
                        ? "V2020-L 1809 终端在线获取补丁 KB5032196 报错 0x800f0986。"
                        : "V2020-L 1809 terminals fail to install KB5032196 with 0x800f0986.");
        kase.put("priority", "P2");
        kase.put("status", "INVESTIGATING");
        kase.put("organisation", chinese ? "示例银行" : "Example Bank");
        kase.put("product", "Windows 10 Enterprise LTSC 2019");
        kase.put("productVersion", "1809");
        kase.put("osBuildFamily", "17763");
        kase.put("reportedKb", "KB5032196");
        kase.put("reportedError", "0x800f0986");
        kase.put("owner", chinese ? "王工" : "Wang Lei");
        kase.put("openedAt", "2026-03-02 09:00");
        Map<String, Object> context = context(
                kase,
                chinese ? "王工" : "Wang Lei",
                "wang.lei@patchdesk.example",
                Optional.of(new DiagnosisSummary(
                        chinese ? "组件存储缺少 KB5032196 所需的组件" : "The component store lacks parts KB5032196 needs",
                        List.of(
                                chinese
                                        ? "CBS.log：0x800f0986，缺少 WinSxS 组件"
                                        : "CBS.log: 0x800f0986, WinSxS component missing"),
                        List.of(
                                chinese
                                        ? "先安装服务堆栈更新，再重试 KB5032196"
                                        : "Install the servicing stack update, then retry KB5032196"),
                        Instant.EPOCH)),
                List.of(Map.of(
                        "at",
                        "2026-03-03 10:00",
                        "kind",
                        "MAIL_OUT",
                        "summary",
                        chinese ? "请上传 CBS 和 DISM 日志" : "Please upload the CBS and DISM logs")),
                "2026-03-05");
        context.put(
                "closure",
                closure(new ClosureFacts.Closure(
                        List.of(
                                chinese
                                        ? "组件存储缺少 KB5032196 所需的组件"
                                        : "The component store lacked parts KB5032196 needs"),
                        List.of(chinese ? "已发布修复包 repair-kit.zip" : "Published the repair kit repair-kit.zip"),
                        chinese ? "最新诊断：KB5032196 已安装。" : "Latest diagnosis: KB5032196 installed.")));
        String url = "https://patchdesk.example/u/7/…";
        context.put(
                "uploadLink",
                uploadLink(
                        new TemplateUploadLink(
                                url,
                                "powershell -NoProfile -ExecutionPolicy Bypass -Command \"… " + url
                                        + "/collector.ps1 …\"",
                                Instant.parse("2026-03-09T01:00:00Z"),
                                3,
                                "4.0 GiB"),
                        ZoneId.of("Asia/Shanghai")));
        return context;
    }

    private static Map<String, Object> context(
            Map<String, Object> kase,
            String engineerName,
            String engineerEmail,
            Optional<DiagnosisSummary> diagnosis,
            List<Map<String, Object>> updates,
            String today) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("case", kase);
        context.put("engineer", Map.of("name", text(engineerName), "email", text(engineerEmail)));
        context.put("hasDiagnosis", diagnosis.isPresent());
        context.put(
                "diagnosis",
                Map.of(
                        "headline",
                                text(diagnosis.map(DiagnosisSummary::headline).orElse(null)),
                        "findings", diagnosis.map(DiagnosisSummary::findings).orElse(List.of()),
                        "plan", diagnosis.map(DiagnosisSummary::plan).orElse(List.of())));
        context.put("updates", updates);
        context.put("today", today);
        return context;
    }

    /** A status change reads "Scoping → Investigating" in the template's language, not "SCOPING → INVESTIGATING". */
    private String summary(CaseEntry entry, Locale language) {
        Matcher change = STATUS_CHANGE.matcher(entry.summary());
        if (entry.kind() != EntryKind.STATUS_CHANGE || !change.matches()) {
            return entry.summary();
        }
        return statusName(change.group(1), language) + " → " + statusName(change.group(2), language);
    }

    private String statusName(String status, Locale language) {
        return messages.getMessage("status." + status, null, status, language);
    }

    private String reference(String kb, String error, Locale language) {
        if (kb == null && error == null) {
            return "";
        }
        String key = kb != null && error != null
                ? "template.reference.both"
                : kb != null ? "template.reference.kb" : "template.reference.error";
        return messages.getMessage(key, new Object[] {kb != null ? kb : error, error}, language);
    }

    private String productLine(CaseView view, Locale language) {
        String product = String.join(
                " ",
                java.util.stream.Stream.of(view.product(), view.productVersion())
                        .filter(part -> part != null && !part.isBlank())
                        .toList());
        if (product.isEmpty()) {
            return messages.getMessage("template.notKnownYet", null, language);
        }
        return view.osBuildFamily() == null
                ? product
                : messages.getMessage(
                        "template.productBuild",
                        new Object[] {product, view.osBuildFamily().toString()},
                        language);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String dateTime(Instant instant, ZoneId zone) {
        return instant == null ? "" : DATE_TIME.format(instant.atZone(zone));
    }
}
