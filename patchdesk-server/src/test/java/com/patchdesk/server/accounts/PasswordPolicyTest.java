package com.patchdesk.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.patchdesk.server.problems.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** A refused password is told why in the desk's words, in both its languages, whatever nbvcxz warned of. */
class PasswordPolicyTest {

    private static final ResourceBundle CHINESE = ResourceBundle.getBundle("messages", Locale.SIMPLIFIED_CHINESE);
    private static final ResourceBundle ENGLISH = ResourceBundle.getBundle(
            "messages",
            Locale.ROOT,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));

    @Test
    void everyWarningNbvcxzCanGiveHasItsOwnRefusalInBothLanguages() {
        // nbvcxz's own list of feedback texts: a warning a newer version adds shows up here.
        List<String> warnings = ResourceBundle.getBundle("feedback", Locale.ROOT).keySet().stream()
                .filter(key -> key.contains(".warning."))
                .sorted()
                .toList();

        assertThat(warnings).hasSizeGreaterThanOrEqualTo(10);
        for (String warning : warnings) {
            String key = PasswordPolicy.tooEasy(warning);
            assertThat(key).as(warning).isNotEqualTo("problem.password.tooEasy");
            assertThat(ENGLISH.getString(key)).as(key).startsWith("is too easy to guess: ");
            assertThat(CHINESE.getString(key)).as(key).startsWith("太容易被猜到：").doesNotContain("guess", "你");
        }
        assertThat(PasswordPolicy.tooEasy(null)).isEqualTo("problem.password.tooEasy");
        assertThat(PasswordPolicy.tooEasy("feedback.someday.warning.new")).isEqualTo("problem.password.tooEasy");
    }

    @Test
    void aWeakPasswordIsRefusedWithWhatMakesItWeak() {
        InvalidInputException repeated = catchThrowableOfType(
                InvalidInputException.class,
                () -> PasswordPolicy.check("newPassword", "aaaaaaaaaaaaaaaa", "li.na@bank.example", "Li Na"));
        InvalidInputException personal = catchThrowableOfType(
                InvalidInputException.class,
                () -> PasswordPolicy.check("newPassword", "li.na-copper-lantern", "li.na@bank.example", "Li Na"));

        assertThat(repeated.field()).isEqualTo("newPassword");
        assertThat(repeated.reason().key()).isEqualTo("problem.password.tooEasy.repeat.warning.likeAAA");
        assertThat(repeated.getMessage()).contains("repeats like \"aaa\"");
        assertThat(CHINESE.getString(repeated.reason().key())).contains("像“aaa”这样的重复");
        assertThat(personal.reason().key()).isEqualTo("problem.password.personal");
    }
}
