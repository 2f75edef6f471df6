-- The diagnosis page speaks the viewer's language, not the case's: the one analysis is stored rendered in each
-- language (en, zh-CN). Reports stored before keep their single, case-language row.
CREATE TABLE diagnosis_reports (
    diagnosis_id  BIGINT            NOT NULL REFERENCES diagnoses (id),
    language      VARCHAR(10)       NOT NULL,
    report_json   CHARACTER VARYING NOT NULL,
    PRIMARY KEY (diagnosis_id, language)
);
INSERT INTO diagnosis_reports (diagnosis_id, language, report_json)
SELECT id, language, report_json FROM diagnoses WHERE report_json IS NOT NULL;
ALTER TABLE diagnoses DROP COLUMN report_json;
