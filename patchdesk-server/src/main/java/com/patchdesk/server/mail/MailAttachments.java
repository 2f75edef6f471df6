package com.patchdesk.server.mail;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.files.CaseFile;
import com.patchdesk.server.files.CaseUploads;
import com.patchdesk.server.files.UploadFailedException;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Files that came with received mail: stored on the case as uploads (so log bundles sent by mail are diagnosed
 * like any upload) and linked to their mail ({@code mail_attachments}).
 */
@Component
class MailAttachments {

    private final CaseUploads uploads;
    private final JdbcClient jdbc;
    private final long maxBytes;

    MailAttachments(CaseUploads uploads, JdbcClient jdbc, MailProperties properties) {
        this.uploads = uploads;
        this.jdbc = jdbc;
        this.maxBytes = properties.limits().maxAttachment().toBytes();
    }

    /** A file of a mail as listed with it; {@code stored} is false when storing failed (see the case's files). */
    record Attachment(long fileId, String name, long size, boolean stored) {}

    /**
     * Stores each attachment on the case. Content already on the case is linked, not stored again; a file that
     * fails to store stays visible as a failed case file with its reason, and the mail is kept either way.
     */
    void store(CaseRef ref, long mailId, Actor sender, String from, List<InboundAttachment> attachments) {
        for (InboundAttachment attachment : attachments) {
            try {
                CaseFile file = uploads.receive(
                                ref,
                                sender,
                                attachment.fileName(),
                                new ByteArrayInputStream(attachment.content()),
                                maxBytes,
                                "Attached to mail from " + from + ": ")
                        .file();
                link(mailId, file.id(), file.name(), attachment.size(), true);
            } catch (UploadFailedException failed) {
                link(mailId, failed.fileId(), attachment.fileName(), attachment.size(), false);
            }
        }
    }

    List<Attachment> of(long mailId) {
        return jdbc.sql("""
                SELECT case_file_id, file_name, size_bytes, stored FROM mail_attachments
                 WHERE mail_message_id = ? ORDER BY case_file_id
                """)
                .param(mailId)
                .query((rs, row) -> new Attachment(
                        rs.getLong("case_file_id"),
                        rs.getString("file_name"),
                        rs.getLong("size_bytes"),
                        rs.getBoolean("stored")))
                .list();
    }

    private void link(long mailId, long fileId, String name, long size, boolean stored) {
        boolean linked =
                jdbc.sql("SELECT COUNT(*) FROM mail_attachments WHERE mail_message_id = ? AND case_file_id = ?")
                                .params(mailId, fileId)
                                .query(Long.class)
                                .single()
                        > 0;
        if (!linked) { // the same content twice in one mail is one case file
            jdbc.sql("""
                    INSERT INTO mail_attachments (mail_message_id, case_file_id, file_name, size_bytes, stored)
                    VALUES (?, ?, ?, ?, ?)
                    """)
                    .params(mailId, fileId, name.length() > 255 ? name.substring(0, 255) : name, size, stored)
                    .update();
        }
    }
}
