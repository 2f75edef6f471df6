-- A case merged into another keeps its thread row, so the tracking token it mailed out stays known; mail that
-- names it (or the case's number) goes to the case it was merged into. Numbers never change, so the survivor is
-- kept by number, as the thread's own case is.
ALTER TABLE mail_threads ADD COLUMN merged_into VARCHAR(16);
