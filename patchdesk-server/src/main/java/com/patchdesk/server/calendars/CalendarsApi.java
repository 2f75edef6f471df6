package com.patchdesk.server.calendars;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.ResourceNotFoundException;
import java.util.List;
import java.util.Objects;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Business calendars: staff read any organisation's, customers their own; admins set them and import holiday
 * lists.
 */
@RestController
class CalendarsApi {

    private final BusinessCalendars calendars;
    private final HolidayLists holidays;

    CalendarsApi(BusinessCalendars calendars, HolidayLists holidays) {
        this.calendars = calendars;
        this.holidays = holidays;
    }

    @GetMapping("/api/organisations/{id}/calendar")
    OrganisationCalendar calendar(@CurrentActor Actor actor, @PathVariable long id) {
        if (!actor.isStaff() && !Objects.equals(actor.organisationId(), id)) {
            throw new ResourceNotFoundException("no organisation " + id);
        }
        return calendars.of(id);
    }

    @PutMapping("/api/organisations/{id}/calendar")
    OrganisationCalendar setCalendar(@CurrentActor Actor actor, @PathVariable long id, @RequestBody CalendarSpec spec) {
        return calendars.set(actor, id, spec);
    }

    /** Back to the default calendar. */
    @DeleteMapping("/api/organisations/{id}/calendar")
    OrganisationCalendar resetCalendar(@CurrentActor Actor actor, @PathVariable long id) {
        return calendars.reset(actor, id);
    }

    @GetMapping("/api/holiday-lists")
    List<HolidayLists.Summary> holidayLists(@CurrentActor Actor actor) {
        requireStaff(actor);
        return holidays.all();
    }

    @GetMapping("/api/holiday-lists/{code}")
    HolidayList holidayList(@CurrentActor Actor actor, @PathVariable String code) {
        requireStaff(actor);
        return holidays.require(code);
    }

    /** Imports a list in the JSON format of {@link HolidayList}; replaces the years the file covers. */
    @PutMapping("/api/holiday-lists/{code}")
    HolidayList importHolidayList(@CurrentActor Actor actor, @PathVariable String code, @RequestBody HolidayList list) {
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("importing holiday lists is for admins");
        }
        if (list.code() != null && !list.code().equals(code)) {
            throw new InvalidInputException("code", "the file is list " + list.code() + ", not " + code);
        }
        return holidays.importList(actor, new HolidayList(code, list.name(), list.source(), list.days()));
    }

    private static void requireStaff(Actor actor) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("holiday lists are for staff");
        }
    }
}
