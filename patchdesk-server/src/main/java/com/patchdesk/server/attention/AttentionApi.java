package com.patchdesk.server.attention;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseNotFoundException;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in engineer's attention list and notification settings. Staff only. */
@RestController
class AttentionApi {

    private final AttentionList attention;
    private final Notifications notifications;
    private final NotificationSettings settings;
    private final CaseAccess access;

    AttentionApi(
            AttentionList attention, Notifications notifications, NotificationSettings settings, CaseAccess access) {
        this.attention = attention;
        this.notifications = notifications;
        this.settings = settings;
        this.access = access;
    }

    @GetMapping("/api/attention")
    List<AttentionItem> list(@CurrentActor Actor actor) {
        requireStaff(actor);
        return attention.of(actor);
    }

    /** The engineer has dealt with what the case asked for. */
    @PostMapping("/api/attention/{number}/read")
    Map<String, Integer> read(@CurrentActor Actor actor, @PathVariable String number) {
        requireStaff(actor);
        return Map.of(
                "marked",
                notifications.markRead(
                        actor.userId(), caseOf(access, actor, number).id()));
    }

    @GetMapping("/api/notification-settings")
    NotificationSettings.Preferences settings(@CurrentActor Actor actor) {
        requireStaff(actor);
        return settings.of(actor.userId());
    }

    @PutMapping("/api/notification-settings")
    NotificationSettings.Preferences save(
            @CurrentActor Actor actor, @RequestBody NotificationSettings.Preferences preferences) {
        requireStaff(actor);
        return settings.save(actor, preferences);
    }

    static CaseRef caseOf(CaseAccess access, Actor actor, String number) {
        return access.require(
                actor,
                CaseNumber.tryParse(number).orElseThrow(() -> new CaseNotFoundException(number)),
                CaseAction.VIEW);
    }

    static void requireStaff(Actor actor) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("staff only");
        }
    }
}
