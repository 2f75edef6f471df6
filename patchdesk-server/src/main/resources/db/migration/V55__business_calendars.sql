-- Business calendars for the SLA clocks (calendars.BusinessCalendars). Holiday lists are imported data, each
-- day keeping the public source it was imported from; an organisation without a row in organisation_calendars
-- follows the default calendar of the settings (patchdesk.business-calendar). Hours are local to the
-- organisation's time zone (organisations.time_zone).
CREATE TABLE holiday_lists (
    code        VARCHAR(32) PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    imported_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE holiday_list_days (
    list_code VARCHAR(32) NOT NULL REFERENCES holiday_lists (code),
    on_date   DATE NOT NULL,
    -- HOLIDAY (day off, 放假) or WORKDAY (make-up working day, 调休上班)
    kind      VARCHAR(16) NOT NULL,
    name      VARCHAR(200) NOT NULL,
    source    VARCHAR(1000) NOT NULL,
    PRIMARY KEY (list_code, on_date)
);

CREATE TABLE organisation_calendars (
    organisation_id  BIGINT PRIMARY KEY REFERENCES organisations (id),
    -- ISO day names, comma-separated: MONDAY,TUESDAY,...
    working_days     VARCHAR(100) NOT NULL,
    opens            VARCHAR(5) NOT NULL,
    closes           VARCHAR(5) NOT NULL,
    holiday_list     VARCHAR(32) REFERENCES holiday_lists (code),
    -- priorities whose clocks run 24x7 for this organisation, comma-separated (e.g. P1); empty for none
    around_the_clock VARCHAR(32) DEFAULT '' NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
