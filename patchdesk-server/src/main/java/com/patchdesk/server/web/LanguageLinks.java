package com.patchdesk.server.web;

import com.patchdesk.server.problems.ConsolePage;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives every console and portal page the language-switch links for the page it shows, keeping the
 * path and the other query parameters (a filtered case list stays filtered after switching language).
 */
@ControllerAdvice(annotations = ConsolePage.class)
class LanguageLinks {

    @ModelAttribute("languageLinks")
    Map<String, String> languageLinks(HttpServletRequest request) {
        Map<String, String> links = new LinkedHashMap<>();
        for (SupportedLanguage language : SupportedLanguage.values()) {
            links.put(language.tag(), CurrentUrl.with(request, "lang", language.tag()));
        }
        return links;
    }
}
