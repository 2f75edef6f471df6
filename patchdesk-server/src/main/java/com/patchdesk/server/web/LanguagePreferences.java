package com.patchdesk.server.web;

import com.patchdesk.server.accounts.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stores the language a signed-in user picked with the language switch in {@code users.locale}, so that their
 * next session (and mail written for them) uses it. Only the column's owner-agnostic value is written: the two
 * tags the {@code users_locale_check} constraint allows.
 */
@Component
class LanguagePreferences {

    private final JdbcClient jdbc;

    LanguagePreferences(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void remember(Actor actor, SupportedLanguage language) {
        jdbc.sql("UPDATE users SET locale = :tag WHERE id = :id")
                .param("tag", language.tag())
                .param("id", actor.userId())
                .update();
    }
}
