package com.patchdesk.server.cases.internal;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.NewCase;
import com.patchdesk.server.cases.Priority;
import com.patchdesk.server.problems.ConsolePage;
import com.patchdesk.server.problems.InvalidInputException;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/** Engineers open a case for a customer organisation; the form comes back with its input when something is wrong. */
@Controller
@ConsolePage
class NewCasePage {

    private static final NewCase EMPTY = new NewCase(null, null, null, null, null, null, null, null, null);

    private final CaseDesk desk;
    private final Organisations organisations;
    private final MessageSource messages;

    NewCasePage(CaseDesk desk, Organisations organisations, MessageSource messages) {
        this.desk = desk;
        this.organisations = organisations;
        this.messages = messages;
    }

    @GetMapping("/cases/new")
    String form(@CurrentActor Actor actor, Model model) {
        CaseListPage.requireStaff(actor);
        return show(actor, EMPTY, Map.of(), model);
    }

    @PostMapping("/cases/new")
    String open(
            @CurrentActor Actor actor,
            @Valid @ModelAttribute("form") NewCase form,
            BindingResult binding,
            Model model) {
        CaseListPage.requireStaff(actor);
        if (binding.hasErrors()) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (FieldError error : binding.getFieldErrors()) {
                errors.putIfAbsent(error.getField(), messages.getMessage(error, LocaleContextHolder.getLocale()));
            }
            // A value that could not even be converted (priority=P9) leaves no form object to show back.
            return show(actor, form == null ? EMPTY : form, errors, model);
        }
        try {
            CaseRef opened = desk.open(actor, form);
            return "redirect:/cases/" + opened.number().value();
        } catch (InvalidInputException e) {
            return show(actor, form, Map.of(e.field(), e.getMessage()), model);
        }
    }

    private String show(Actor actor, NewCase form, Map<String, String> errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("organisations", organisations.visibleTo(actor));
        model.addAttribute("priorities", Priority.values());
        return "cases/new";
    }
}
