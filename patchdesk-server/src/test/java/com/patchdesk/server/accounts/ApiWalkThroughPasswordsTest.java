package com.patchdesk.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The curl walk-through of docs/api.md creates users and changes passwords: a reader who pastes it must not be
 * refused by the password policy, so every password it sends passes {@link PasswordPolicy} for the user it is for.
 */
class ApiWalkThroughPasswordsTest {

    private static final Path API_MD = Path.of("..", "docs", "api.md");
    private static final Pattern EMAIL = Pattern.compile("\"email\":\"([^\"]+)\"");
    private static final Pattern NAME = Pattern.compile("\"displayName\":\"([^\"]+)\"");
    private static final Pattern PASSWORD = Pattern.compile("\"(?:password|newPassword)\":\"([^\"]+)\"");
    /** A credential of the walk-through, {@code ENG=wang@example.com:secret}: who the unnamed changes are for. */
    private static final Pattern CREDENTIAL = Pattern.compile("\\b(ADMIN|ENG|CUST)=([^:\\s]+@[^:\\s]+):(\\S+)");

    record Sent(String password, String email, String name) {}

    @Test
    void everyPasswordTheWalkThroughSendsPassesThePolicy() throws Exception {
        List<Sent> sent = new ArrayList<>();
        String engineer = null;
        for (String line : Files.readAllLines(API_MD)) {
            Matcher credential = CREDENTIAL.matcher(line);
            while (credential.find()) {
                if (credential.group(1).equals("ENG")) {
                    engineer = credential.group(2);
                }
            }
            Matcher password = PASSWORD.matcher(line);
            while (password.find()) {
                Matcher email = EMAIL.matcher(line);
                Matcher name = NAME.matcher(line);
                // A change of one's own password (PUT /api/users/me/password) is the engineer's.
                sent.add(new Sent(
                        password.group(1),
                        email.find() ? email.group(1) : engineer,
                        name.find() ? name.group(1) : null));
            }
        }
        assertThat(sent).as("passwords in the walk-through").hasSizeGreaterThanOrEqualTo(4);
        for (Sent one : sent) {
            assertThatCode(() -> PasswordPolicy.check("password", one.password(), one.email(), one.name()))
                    .as("%s for %s", one.password(), one.email())
                    .doesNotThrowAnyException();
        }
    }
}
