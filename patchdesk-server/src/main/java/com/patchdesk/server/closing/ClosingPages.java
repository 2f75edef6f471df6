package com.patchdesk.server.closing;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages behind the links in the closing mails, for customers who need not sign in: the link is the secret.
 * Opening a link changes nothing (mail scanners fetch links); the button on the page does, once. The page speaks
 * the case's language.
 */
@Controller
class ClosingPages {

    private final CaseClosing closing;
    private final MessageSource messages;

    ClosingPages(CaseClosing closing, MessageSource messages) {
        this.closing = closing;
        this.messages = messages;
    }

    @GetMapping("/c/{reference}")
    String open(@PathVariable String reference, Model model, HttpServletResponse response) {
        Optional<CaseClosing.Opened> opened = closing.open(reference);
        if (opened.isEmpty()) {
            return gone(model, response);
        }
        CaseClosing.Opened link = opened.get();
        Locale language = link.ref().language();
        model.addAttribute("lang", language.toLanguageTag());
        model.addAttribute("caseNumber", link.ref().number().value());
        model.addAttribute("caseTitle", link.title());
        model.addAttribute("reference", reference);
        if (link.link().purpose() == LinkPurpose.CONFIRM) {
            model.addAttribute("mode", "confirm");
            model.addAttribute("summary", closing.summaryText(link.ref()));
        } else {
            model.addAttribute("mode", "survey");
        }
        texts(model, language);
        return "closing/link";
    }

    @PostMapping("/c/{reference}/confirm")
    String confirm(@PathVariable String reference, Model model, HttpServletResponse response) {
        Optional<CaseClosing.Opened> opened = closing.open(reference);
        if (opened.isEmpty() || !closing.confirm(reference)) {
            return gone(model, response);
        }
        return done(model, opened.get().ref().language(), "closing.page.confirmed");
    }

    @PostMapping("/c/{reference}/survey")
    String rate(
            @PathVariable String reference,
            @RequestParam int rating,
            @RequestParam(required = false) String comment,
            Model model,
            HttpServletResponse response) {
        Optional<CaseClosing.Opened> opened = closing.open(reference);
        if (opened.isEmpty()) {
            return gone(model, response);
        }
        return switch (closing.rate(reference, rating, comment)) {
            case RECORDED -> done(model, opened.get().ref().language(), "closing.page.rated");
            case ALREADY_RATED -> done(model, opened.get().ref().language(), "closing.page.already-rated");
            case LINK_UNUSABLE -> gone(model, response);
        };
    }

    private String done(Model model, Locale language, String key) {
        model.addAttribute("lang", language.toLanguageTag());
        model.addAttribute("mode", "done");
        model.addAttribute("message", messages.getMessage(key, null, language));
        texts(model, language);
        return "closing/link";
    }

    /** Expired, used, wrong or unknown: one answer for all, in both languages (no case tells the language). */
    private String gone(Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_GONE);
        model.addAttribute("mode", "gone");
        model.addAttribute("lang", "zh-CN");
        model.addAttribute(
                "message",
                messages.getMessage("closing.page.gone", null, Locale.forLanguageTag("zh-CN")) + " / "
                        + messages.getMessage("closing.page.gone", null, Locale.ENGLISH));
        texts(model, Locale.forLanguageTag("zh-CN"));
        return "closing/link";
    }

    private void texts(Model model, Locale language) {
        for (String key : new String[] {
            "heading", "case", "summary", "confirm", "confirm-intro", "survey-intro", "rating", "comment", "send"
        }) {
            model.addAttribute(
                    "t_" + key.replace('-', '_'), messages.getMessage("closing.page." + key, null, language));
        }
    }
}
