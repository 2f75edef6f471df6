package com.patchdesk.server.mail;

import com.patchdesk.server.config.UtcTimestamps;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Received mail that could not be taken into a case ({@code mail_rejections}), for staff to look at. */
@Repository
public class MailRejections {

    private final JdbcClient jdbc;

    MailRejections(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A rejected mail, as listed to staff. */
    public record Rejection(String identity, String from, String subject, String reason, Long sizeBytes, Instant at) {}

    /** Records a rejection once; polling the same mail again (if moving it failed) adds nothing. */
    void record(Rejection rejection) {
        boolean known = jdbc.sql("SELECT COUNT(*) FROM mail_rejections WHERE identity = ?")
                        .param(rejection.identity())
                        .query(Long.class)
                        .single()
                > 0;
        if (!known) {
            jdbc.sql("""
                    INSERT INTO mail_rejections (identity, from_header, subject, reason, size_bytes, rejected_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
                    .params(
                            rejection.identity(),
                            cut(rejection.from(), 1000),
                            cut(rejection.subject(), 1000),
                            cut(rejection.reason(), 2000),
                            rejection.sizeBytes(),
                            UtcTimestamps.toSql(rejection.at()))
                    .update();
        }
    }

    public List<Rejection> latest(int limit) {
        return jdbc.sql("SELECT * FROM mail_rejections ORDER BY rejected_at DESC, id DESC FETCH FIRST %d ROWS ONLY"
                        .formatted(limit))
                .query((rs, row) -> new Rejection(
                        rs.getString("identity"),
                        rs.getString("from_header"),
                        rs.getString("subject"),
                        rs.getString("reason"),
                        rs.getObject("size_bytes", Long.class),
                        UtcTimestamps.read(rs, "rejected_at")))
                .list();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
