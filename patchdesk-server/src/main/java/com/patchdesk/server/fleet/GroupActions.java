package com.patchdesk.server.fleet;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.EntryWording;
import com.patchdesk.server.files.CaseFile;
import com.patchdesk.server.files.CaseFiles;
import com.patchdesk.server.files.CasePublications;
import com.patchdesk.server.files.DownloadLinks;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ResourceNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an engineer does for a whole group of machines at once, on one case or across every case of a customer: one
 * reply drafted for all of them (in the case's language, with the fix the diagnoses give), and one download link (a
 * fix or repair kit) published for all of them, with a note on each case naming every machine it is meant for and an
 * audit record. A customer-wide action never reaches past that customer's cases.
 */
@Service
class GroupActions {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);

    private final Fleet fleet;
    private final JdbcClient jdbc;
    private final CaseFiles files;
    private final CasePublications publications;
    private final CaseTimeline timeline;
    private final CaseAccess access;
    private final AuditTrail audit;
    private final Clock clock;

    GroupActions(
            Fleet fleet,
            JdbcClient jdbc,
            CaseFiles files,
            CasePublications publications,
            CaseTimeline timeline,
            CaseAccess access,
            AuditTrail audit,
            Clock clock) {
        this.fleet = fleet;
        this.jdbc = jdbc;
        this.files = files;
        this.publications = publications;
        this.timeline = timeline;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    record DraftReply(String subject, String body, String locale, List<String> machines) {}

    /**
     * A group's link: {@code url} absolute, as every download link is answered, to send on as it is; {@code path}
     * the same link on this server ({@code /d/…}), kept for clients that joined it to the address themselves.
     */
    record GroupPublication(String url, String path, long linkId, Instant expiresAt, List<String> machines) {}

    /**
     * One link for a group across a customer's cases.
     *
     * @param url            the link, absolute (as {@link GroupPublication#url})
     * @param path           the same link on this server ({@code /d/…})
     * @param fileCase       the case the published file belongs to (the link is that case's)
     * @param machinesByCase case number → the group's machines on it; each of these cases got a note
     */
    record CustomerPublication(
            String url,
            String path,
            long linkId,
            Instant expiresAt,
            String fileCase,
            Map<String, List<String>> machinesByCase,
            List<String> machines) {}

    DraftReply draft(CaseRef ref, String signature) {
        FleetView.Group group = group(ref, signature);
        boolean zh = "zh".equals(ref.language().getLanguage());
        String body = body(
                zh,
                group,
                String.join(zh ? "、" : ", ", names(group.hosts(), zh)),
                plan(Fleet.Scope.ofCase(ref.id()), signature));
        String subject = (zh
                ? "[" + ref.number().value() + "] " + group.count() + " 台计算机的处理方法"
                : "[" + ref.number().value() + "] What to do on " + group.count() + " machines");
        return new DraftReply(subject, body, zh ? "zh-CN" : "en", group.hosts());
    }

    /**
     * One reply for a group's machines across every case of a customer: the machines listed per case, in the
     * language most of those cases use (Chinese on a tie: the desk's customers are Chinese first).
     */
    DraftReply draftForCustomer(long organisationId, String signature) {
        Fleet.Scope scope = Fleet.Scope.ofOrganisation(organisationId);
        FleetView.Group group = group(scope, signature, "organisation " + organisationId);
        Map<String, List<String>> byCase = hostsByCase(scope, signature);
        long chineseCases = byCase.keySet().stream()
                .filter(n -> "zh".equals(caseLanguage(n)))
                .count();
        boolean zh = chineseCases * 2 >= byCase.size();
        String hosts = byCase.entrySet().stream()
                .map(e -> e.getKey() + (zh ? "：" : ": ") + String.join(zh ? "、" : ", ", names(e.getValue(), zh)))
                .collect(Collectors.joining("\n", "\n", ""));
        String cases = String.join(", ", byCase.keySet());
        String subject = zh
                ? "[" + cases + "] " + group.count() + " 台计算机的处理方法"
                : "[" + cases + "] What to do on " + group.count() + " machines";
        return new DraftReply(
                subject, body(zh, group, hosts, plan(scope, signature)), zh ? "zh-CN" : "en", group.hosts());
    }

    private static List<String> names(List<String> labels, boolean zh) {
        return labels.stream().map(label -> FleetView.machineName(label, zh)).toList();
    }

    private static String body(boolean zh, FleetView.Group group, String hosts, List<String> plan) {
        String title = zh ? group.titleZh() : group.titleEn();
        StringBuilder body = new StringBuilder();
        if (zh) {
            body.append("您好，\n\n我们分析了贵方发来的日志，以下 ")
                    .append(group.count())
                    .append(" 台计算机的原因相同：")
                    .append(title == null ? "未发现故障" : title)
                    .append("。\n\n涉及的计算机：")
                    .append(hosts)
                    .append("\n");
            if (!plan.isEmpty()) {
                body.append("\n请在每台计算机上按以下步骤处理：\n");
            }
        } else {
            body.append("Hello,\n\nWe analysed the logs you sent. These ")
                    .append(group.count())
                    .append(" machines fail for the same reason: ")
                    .append(title == null ? "no failure found" : title)
                    .append(".\n\nMachines: ")
                    .append(hosts)
                    .append("\n");
            if (!plan.isEmpty()) {
                body.append("\nPlease take these steps on each of them:\n");
            }
        }
        for (int i = 0; i < plan.size(); i++) {
            body.append(i + 1).append(". ").append(plan.get(i)).append("\n");
        }
        body.append(
                zh
                        ? "\n处理后请再次收集日志发给我们，我们会确认每台计算机的结果。\n"
                        : "\nAfterwards, please collect the logs again and send them; we will confirm each machine's result.\n");
        return body.toString();
    }

    @Transactional
    GroupPublication publish(
            CaseRef ref,
            Actor actor,
            String signature,
            long fileId,
            Instant expiresAt,
            Integer maxDownloads,
            UnaryOperator<String> publicUrl) {
        FleetView.Group group = group(ref, signature);
        CaseFile file = files.find(ref, fileId)
                .filter(CaseFile::stored)
                .orElseThrow(() -> new ResourceNotFoundException("no stored file " + fileId + " on " + ref.number()));
        Instant expiry = expiresAt == null ? clock.instant().plus(DEFAULT_VALIDITY) : expiresAt;
        if (!expiry.isAfter(clock.instant())) {
            throw new InvalidInputException("expiresAt", "must be in the future");
        }
        DownloadLinks.Published published;
        try {
            published = publications.publish(ref, actor, file, expiry, maxDownloads);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("fileId", e.getMessage());
        }
        timeline.append(
                ref,
                EntryKind.NOTE,
                actor,
                EntryWording.of("entry.text.fleetPublished", file.name(), group.count(), title(group)),
                group.hosts().stream().map(EntryWording::verbatim).toList(),
                "download_link",
                published.link().id(),
                false);
        recordAudit(actor, published.link().id(), ref, signature, group.hosts());
        return new GroupPublication(
                publicUrl.apply(published.path()),
                published.path(),
                published.link().id(),
                expiry,
                group.hosts());
    }

    /**
     * One download link, for a file of one of the customer's cases, for every machine of the group on any of the
     * customer's cases. A file of another customer's case is not found (404), as if it did not exist.
     */
    @Transactional
    CustomerPublication publishForCustomer(
            long organisationId,
            Actor actor,
            String signature,
            long fileId,
            Instant expiresAt,
            Integer maxDownloads,
            UnaryOperator<String> publicUrl) {
        Fleet.Scope scope = Fleet.Scope.ofOrganisation(organisationId);
        FleetView.Group group = group(scope, signature, "organisation " + organisationId);
        ResourceNotFoundException noFile = new ResourceNotFoundException(
                "no stored file " + fileId + " on a case of organisation " + organisationId);
        Long fileCaseId = jdbc.sql("SELECT case_id FROM case_files WHERE id = :id")
                .param("id", fileId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> noFile);
        CaseRef fileCase = access.require(actor, fileCaseId, CaseAction.PUBLISH_FILE);
        if (fileCase.organisationId() != organisationId) {
            throw noFile;
        }
        CaseFile file = files.find(fileCase, fileId).filter(CaseFile::stored).orElseThrow(() -> noFile);
        Instant expiry = expiresAt == null ? clock.instant().plus(DEFAULT_VALIDITY) : expiresAt;
        if (!expiry.isAfter(clock.instant())) {
            throw new InvalidInputException("expiresAt", "must be in the future");
        }
        Map<String, List<String>> byCase = hostsByCase(scope, signature);
        // Every case the link is announced on is checked like any other action on it.
        Map<CaseRef, List<String>> cases = new LinkedHashMap<>();
        byCase.forEach((number, hosts) ->
                cases.put(access.require(actor, CaseNumber.parse(number), CaseAction.PUBLISH_FILE), hosts));
        DownloadLinks.Published published;
        try {
            published = publications.publish(fileCase, actor, file, expiry, maxDownloads);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("fileId", e.getMessage());
        }
        long linkId = published.link().id();
        cases.forEach((ref, hosts) -> {
            boolean linkHere = ref.id() == fileCase.id();
            timeline.append(
                    ref,
                    EntryKind.NOTE,
                    actor,
                    linkHere
                            ? EntryWording.of(
                                    "entry.text.fleetPublishedForCustomer",
                                    file.name(),
                                    hosts.size(),
                                    group.count(),
                                    title(group))
                            : EntryWording.of(
                                    "entry.text.fleetPublishedElsewhere",
                                    file.name(),
                                    fileCase.number().value(),
                                    hosts.size(),
                                    group.count(),
                                    title(group)),
                    hosts.stream().map(EntryWording::verbatim).toList(),
                    linkHere ? "download_link" : null,
                    linkHere ? linkId : null,
                    false);
            recordAudit(actor, linkId, ref, signature, hosts);
        });
        return new CustomerPublication(
                publicUrl.apply(published.path()),
                published.path(),
                linkId,
                expiry,
                fileCase.number().value(),
                byCase,
                group.hosts());
    }

    /** The group's failure in each reader's language; its signature where the rule gives it no title. */
    private static EntryWording.Said title(FleetView.Group group) {
        return new EntryWording.Said(
                group.titleEn() == null ? group.signature() : group.titleEn(),
                group.titleZh() == null ? group.signature() : group.titleZh());
    }

    private void recordAudit(Actor actor, long linkId, CaseRef ref, String signature, List<String> hosts) {
        audit.record(
                actor,
                "download_link",
                linkId,
                ref.id(),
                "published for a fleet group",
                List.of(
                        FieldChange.of("signature", null, signature),
                        FieldChange.of("machines", null, String.join(", ", hosts))));
    }

    /** The whole group, whatever filter the page had: an action reaches every machine of it. */
    FleetView.Group group(CaseRef ref, String signature) {
        return group(Fleet.Scope.ofCase(ref.id()), signature, ref.number().value());
    }

    private FleetView.Group group(Fleet.Scope scope, String signature, String where) {
        if (signature == null || signature.isBlank()) {
            throw new InvalidInputException("signature", "name the group by its signature (or \"none\")");
        }
        return fleet.view(scope, new FleetView.Filter(null, signature, null)).groups().stream()
                .findFirst()
                .orElseThrow(() -> new ResourceNotFoundException("no machines of " + where + " with " + signature));
    }

    /** The group's machines per case (case number → host labels), cases in the order of their first machine. */
    Map<String, List<String>> hostsByCase(Fleet.Scope scope, String signature) {
        return fleet.view(scope, new FleetView.Filter(null, signature, null)).machineList().stream()
                .collect(Collectors.groupingBy(
                        FleetView.Machine::caseNumber,
                        LinkedHashMap::new,
                        Collectors.mapping(FleetView.Machine::label, Collectors.toList())));
    }

    private String caseLanguage(String number) {
        return jdbc.sql("SELECT language FROM cases WHERE number = :n")
                .param("n", number)
                .query(String.class)
                .optional()
                .map(l -> l.startsWith("zh") ? "zh" : l)
                .orElse("en");
    }

    /** The remediation plan of the group's most recent diagnosis (within the scope), as its case's language gave it. */
    private List<String> plan(Fleet.Scope scope, String signature) {
        List<FleetView.Machine> members =
                fleet.view(scope, new FleetView.Filter(null, signature, null)).machineList();
        long latest = members.stream()
                .mapToLong(FleetView.Machine::latestDiagnosisId)
                .max()
                .orElse(-1);
        String summary = jdbc.sql("SELECT summary_json FROM diagnoses WHERE id = :id")
                .param("id", latest)
                .query(String.class)
                .optional()
                .orElse(null);
        List<String> plan = new ArrayList<>();
        if (summary != null) {
            JsonNode steps = JSON.readTree(summary).path("plan");
            steps.forEach(s -> plan.add(s.asString()));
        }
        return plan;
    }
}
