package com.patchdesk.server.attention;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.InternalResourceView;
import org.springframework.web.servlet.view.RedirectView;

/** The badge's queries run for pages only; the console's count itself is checked in EngineerDayBrowserTest. */
class AttentionBadgeTest {

    @Test
    void aResponseBodyOrARedirectShowsNoNavigation() {
        assertThat(AttentionBadge.rendersAPage(null))
                .as("@ResponseBody, the API")
                .isFalse();
        assertThat(AttentionBadge.rendersAPage(new ModelAndView("redirect:/cases/CAS-1")))
                .isFalse();
        assertThat(AttentionBadge.rendersAPage(new ModelAndView("forward:/error")))
                .isFalse();
        assertThat(AttentionBadge.rendersAPage(new ModelAndView(new RedirectView("/cases"))))
                .as("a redirect view would carry the count as a query parameter")
                .isFalse();
        ModelAndView cleared = new ModelAndView("cases/list");
        cleared.clear();
        assertThat(AttentionBadge.rendersAPage(cleared)).isFalse();
    }

    @Test
    void aTemplateOrAViewObjectIsAPage() {
        assertThat(AttentionBadge.rendersAPage(new ModelAndView("cases/list"))).isTrue();
        assertThat(AttentionBadge.rendersAPage(new ModelAndView(new InternalResourceView("/page"))))
                .as("a view object")
                .isTrue();
    }
}
