-- Files that came with received mail, stored on the case through the files feature (case_files).
-- case_file_id has no foreign key: case_files is created by a later migration (V31), after this one.
-- Name and size are kept here so a mail can be listed with its attachments without reading case_files.
CREATE TABLE mail_attachments (
    mail_message_id BIGINT       NOT NULL REFERENCES mail_messages (id),
    case_file_id    BIGINT       NOT NULL,
    file_name       VARCHAR(255) NOT NULL,
    size_bytes      BIGINT       NOT NULL,
    stored          BOOLEAN      NOT NULL,
    PRIMARY KEY (mail_message_id, case_file_id)
);
