package com.patchdesk.server.calendars;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports the holiday lists shipped in {@code calendars/holidays-*.json} at start-up: the years a stored list does
 * not have yet, so a release with next year's days adds them and an admin's own import of a year is kept.
 */
@Component
class BundledHolidayLists implements ApplicationRunner {

    private final HolidayLists holidays;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    BundledHolidayLists(HolidayLists holidays) {
        this.holidays = holidays;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        for (Resource resource :
                new PathMatchingResourcePatternResolver().getResources("classpath*:calendars/holidays-*.json")) {
            HolidayList bundled;
            try (InputStream in = resource.getInputStream()) {
                bundled = JSON.readValue(in, HolidayList.class);
            }
            Set<Integer> stored =
                    holidays.exists(bundled.code()) ? Set.copyOf(holidays.years(bundled.code())) : Set.of();
            List<CalendarDay> missing = bundled.days().stream()
                    .filter(day -> !stored.contains(day.date().getYear()))
                    .toList();
            if (!missing.isEmpty()) {
                holidays.store(new HolidayList(bundled.code(), bundled.name(), bundled.source(), missing));
            }
        }
    }
}
