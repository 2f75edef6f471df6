package com.patchdesk.server.closing;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.CurrentActor;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Satisfaction ratings per engineer (the case's owner when rated) and per customer organisation, for staff. */
@RestController
class SatisfactionResults {

    private final JdbcClient jdbc;

    SatisfactionResults(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One group's ratings: how many, their average, how many of each score (index 0 = score 1). */
    record Group(Long id, String name, long ratings, double average, List<Long> scores) {}

    record Results(List<Group> byEngineer, List<Group> byOrganisation, List<Comment> latestComments) {}

    record Comment(String caseNumber, String organisation, String engineer, int rating, String comment) {}

    @GetMapping("/api/satisfaction")
    Results results(@CurrentActor Actor actor) {
        if (!actor.isStaff()) {
            throw new AccessDeniedException("satisfaction results are for staff");
        }
        return new Results(
                groups("r.engineer_id", "COALESCE(u.display_name, '')", "LEFT JOIN users u ON u.id = r.engineer_id"),
                groups("r.organisation_id", "o.name", "JOIN organisations o ON o.id = r.organisation_id"),
                jdbc
                        .sql("""
                        SELECT c.number, o.name AS organisation, u.display_name AS engineer, r.rating, r.comment
                        FROM satisfaction_ratings r JOIN cases c ON c.id = r.case_id
                        JOIN organisations o ON o.id = r.organisation_id LEFT JOIN users u ON u.id = r.engineer_id
                        WHERE r.comment IS NOT NULL ORDER BY r.rated_at DESC, r.id DESC""")
                        .query((rs, n) -> new Comment(
                                rs.getString("number"),
                                rs.getString("organisation"),
                                rs.getString("engineer"),
                                rs.getInt("rating"),
                                rs.getString("comment")))
                        .list()
                        .stream()
                        .limit(50)
                        .toList());
    }

    private List<Group> groups(String key, String name, String join) {
        return jdbc.sql("SELECT " + key + " AS id, " + name + " AS name, COUNT(*) AS ratings,"
                        + " AVG(CAST(r.rating AS DOUBLE PRECISION)) AS average,"
                        + " SUM(CASE WHEN r.rating = 1 THEN 1 ELSE 0 END) AS s1,"
                        + " SUM(CASE WHEN r.rating = 2 THEN 1 ELSE 0 END) AS s2,"
                        + " SUM(CASE WHEN r.rating = 3 THEN 1 ELSE 0 END) AS s3,"
                        + " SUM(CASE WHEN r.rating = 4 THEN 1 ELSE 0 END) AS s4,"
                        + " SUM(CASE WHEN r.rating = 5 THEN 1 ELSE 0 END) AS s5"
                        + " FROM satisfaction_ratings r " + join
                        + " GROUP BY " + key + ", " + name + " ORDER BY " + name)
                .query((rs, n) -> new Group(
                        rs.getObject("id", Long.class),
                        rs.getString("name"),
                        rs.getLong("ratings"),
                        Math.round(rs.getDouble("average") * 100) / 100.0,
                        List.of(
                                rs.getLong("s1"),
                                rs.getLong("s2"),
                                rs.getLong("s3"),
                                rs.getLong("s4"),
                                rs.getLong("s5"))))
                .list();
    }
}
