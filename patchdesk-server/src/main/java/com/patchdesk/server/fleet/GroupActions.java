package com.patchdesk.server.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.files.CaseFile;
import com.patchdesk.server.files.CaseFiles;
import com.patchdesk.server.files.CasePublications;
import com.patchdesk.server.files.DownloadLinks;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ResourceNotFoundException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an engineer does for a whole group of a case's machines at once: one reply drafted for all of them (in the
 * case's language, with the fix the diagnoses give), and one download link (a fix or repair kit) published for all
 * of them, with a note naming every machine it is meant for.
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
    private final Clock clock;

    GroupActions(Fleet fleet, JdbcClient jdbc, CaseFiles files, CasePublications publications, CaseTimeline timeline,
                 Clock clock) {
        this.fleet = fleet;
        this.jdbc = jdbc;
        this.files = files;
        this.publications = publications;
        this.timeline = timeline;
        this.clock = clock;
    }

    record DraftReply(String subject, String body, String locale, List<String> machines) {
    }

    record GroupPublication(String path, long linkId, Instant expiresAt, List<String> machines) {
    }

    DraftReply draft(CaseRef ref, String signature) {
        FleetView.Group group = group(ref, signature);
        boolean zh = "zh".equals(ref.language().getLanguage());
        String title = zh ? group.titleZh() : group.titleEn();
        List<String> plan = plan(ref, signature);
        StringBuilder body = new StringBuilder();
        String hosts = String.join(zh ? "、" : ", ", group.hosts());
        if (zh) {
            body.append("您好，\n\n我们分析了贵方发来的日志，以下 ").append(group.count()).append(" 台计算机的原因相同：")
                    .append(title == null ? "未发现故障" : title).append("。\n\n涉及的计算机：").append(hosts).append("\n");
            if (!plan.isEmpty()) {
                body.append("\n请在每台计算机上按以下步骤处理：\n");
            }
        } else {
            body.append("Hello,\n\nWe analysed the logs you sent. These ").append(group.count())
                    .append(" machines fail for the same reason: ").append(title == null ? "no failure found" : title)
                    .append(".\n\nMachines: ").append(hosts).append("\n");
            if (!plan.isEmpty()) {
                body.append("\nPlease take these steps on each of them:\n");
            }
        }
        for (int i = 0; i < plan.size(); i++) {
            body.append(i + 1).append(". ").append(plan.get(i)).append("\n");
        }
        body.append(zh ? "\n处理后请再次收集日志发给我们，我们会确认每台计算机的结果。\n"
                : "\nAfterwards, please collect the logs again and send them; we will confirm each machine's result.\n");
        String subject = (zh ? "[" + ref.number().value() + "] " + group.count() + " 台计算机的处理方法"
                : "[" + ref.number().value() + "] What to do on " + group.count() + " machines");
        return new DraftReply(subject, body.toString(), zh ? "zh-CN" : "en", group.hosts());
    }

    GroupPublication publish(CaseRef ref, Actor actor, String signature, long fileId, Instant expiresAt,
                             Integer maxDownloads) {
        FleetView.Group group = group(ref, signature);
        CaseFile file = files.find(ref, fileId).filter(CaseFile::stored)
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
        String title = "zh".equals(ref.language().getLanguage()) ? group.titleZh() : group.titleEn();
        timeline.append(ref, EntryKind.NOTE, actor,
                "Published " + file.name() + " for the " + group.count() + " machines of: "
                        + (title == null ? group.signature() : title),
                String.join("\n", group.hosts()), "download_link", published.link().id(), false);
        return new GroupPublication(published.path(), published.link().id(), expiry, group.hosts());
    }

    /** The whole group, whatever filter the page had: an action reaches every machine of it. */
    FleetView.Group group(CaseRef ref, String signature) {
        if (signature == null || signature.isBlank()) {
            throw new InvalidInputException("signature", "name the group by its signature (or \"none\")");
        }
        return fleet.view(Fleet.Scope.ofCase(ref.id()), new FleetView.Filter(null, signature, null)).groups()
                .stream().findFirst()
                .orElseThrow(() -> new ResourceNotFoundException("no machines of " + ref.number() + " with " + signature));
    }

    /** The remediation plan of the group's most recent diagnosis, as the case's language gave it. */
    private List<String> plan(CaseRef ref, String signature) {
        List<FleetView.Machine> members = fleet.view(Fleet.Scope.ofCase(ref.id()),
                new FleetView.Filter(null, signature, null)).machineList();
        long latest = members.stream().mapToLong(FleetView.Machine::latestDiagnosisId).max().orElse(-1);
        String summary = jdbc.sql("SELECT summary_json FROM diagnoses WHERE id = :id AND case_id = :case")
                .param("id", latest).param("case", ref.id()).query(String.class).optional().orElse(null);
        List<String> plan = new ArrayList<>();
        if (summary != null) {
            JsonNode steps = JSON.readTree(summary).path("plan");
            steps.forEach(s -> plan.add(s.asString()));
        }
        return plan;
    }
}
