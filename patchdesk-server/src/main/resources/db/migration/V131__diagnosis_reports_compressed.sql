-- Reports are stored gzip-compressed: a typical bundle's report is about 0.5 MB of JSON per language, 14 times its
-- compressed size, and a server diagnosing thousands of bundles an hour grew its database by 2.5 MB a bundle
-- (docs/performance.md). Rows stored before keep their text in report_json; a new row has report_gzip instead.
ALTER TABLE diagnosis_reports ADD COLUMN report_gzip BYTEA;
ALTER TABLE diagnosis_reports ALTER COLUMN report_json DROP NOT NULL;
ALTER TABLE diagnosis_reports ADD CONSTRAINT diagnosis_reports_stored
    CHECK (report_json IS NOT NULL OR report_gzip IS NOT NULL);
