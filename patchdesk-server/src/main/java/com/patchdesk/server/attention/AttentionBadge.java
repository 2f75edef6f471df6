package com.patchdesk.server.attention;

import com.patchdesk.server.accounts.Actor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.SmartView;

/**
 * The in-app notification count in the console's navigation: how many owned cases are on the attention list.
 * <p>
 * Added after the handler, and only when it renders a page: a {@code @ModelAttribute} on every {@code @Controller}
 * also ran for the API (a {@code @RestController} is one) and for redirects, three queries per call that nobody saw
 * (bench/load-test.sh: a third of PostgreSQL's statements under the API load).
 */
class AttentionBadge implements HandlerInterceptor {

    static final String ATTRIBUTE = "attentionCount";

    private final AttentionList attention;

    AttentionBadge(AttentionList attention) {
        this.attention = attention;
    }

    @Override
    public void postHandle(
            HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView page) {
        if (!rendersAPage(page)) {
            return;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Actor actor;
        try {
            actor = Actor.from(authentication);
        } catch (RuntimeException notSignedIn) {
            return;
        }
        if (actor.isStaff()) {
            page.addObject(ATTRIBUTE, attention.of(actor).size());
        }
    }

    /** A view to render: not a response body (no model and view at all), not a redirect or forward. */
    static boolean rendersAPage(ModelAndView page) {
        if (page == null || page.wasCleared()) {
            return false;
        }
        if (page.getView() instanceof SmartView view && view.isRedirectView()) {
            return false; // a model attribute would become a query parameter of the redirect
        }
        String name = page.getViewName();
        return name == null || !(name.startsWith("redirect:") || name.startsWith("forward:"));
    }
}
