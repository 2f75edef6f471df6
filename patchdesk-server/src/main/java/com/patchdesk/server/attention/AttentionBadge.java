package com.patchdesk.server.attention;

import com.patchdesk.server.accounts.Actor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The in-app notification count in the console's navigation: how many owned cases are on the attention
 * list (two indexed queries per console page). */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class AttentionBadge {

    private final AttentionList attention;

    AttentionBadge(AttentionList attention) {
        this.attention = attention;
    }

    @ModelAttribute("attentionCount")
    Integer attentionCount() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        try {
            Actor actor = Actor.from(authentication);
            return actor.isStaff() ? attention.of(actor).size() : null;
        } catch (RuntimeException notSignedIn) {
            return null;
        }
    }
}
