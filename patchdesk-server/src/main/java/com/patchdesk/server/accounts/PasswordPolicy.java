package com.patchdesk.server.accounts;

import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.Dictionary;
import me.gosimple.nbvcxz.resources.DictionaryBuilder;
import me.gosimple.nbvcxz.scoring.Result;

/**
 * Which new passwords are accepted: nbvcxz (a maintained zxcvbn-style estimator with lists of common and breached
 * passwords, names and words, and keyboard patterns) must estimate enough guesses, counting the user's own e-mail
 * address, its parts and their name as words an attacker tries first; and a password containing one of those
 * outright is refused with that reason.
 */
final class PasswordPolicy {

    /** About 10^12 guesses: far beyond an online attack, what nbvcxz's authors suggest for user passwords. */
    private static final double MINIMUM_ENTROPY = 40;

    private static final int MINIMUM_PART = 4;

    private PasswordPolicy() {}

    /** Refuses a password too easy to guess for this user (field {@code field} in the 400). */
    static void check(String field, String password, String email, String displayName) {
        List<String> own = ownWords(email, displayName, true);
        String lower = password.toLowerCase(Locale.ROOT);
        for (String word : ownWords(email, displayName, false)) {
            if (word.length() >= MINIMUM_PART && lower.contains(word)) {
                throw new InvalidInputException(field, Reason.of("problem.password.personal"));
            }
        }
        DictionaryBuilder user =
                new DictionaryBuilder().setDictionaryName("user").setExclusion(true);
        own.forEach(word -> user.addWord(word, 0));
        List<Dictionary> dictionaries = new ArrayList<>(ConfigurationBuilder.getDefaultDictionaries());
        dictionaries.add(user.createDictionary());
        Nbvcxz estimator = new Nbvcxz(new ConfigurationBuilder()
                .setDictionaries(dictionaries)
                .setMinimumEntropy(MINIMUM_ENTROPY)
                .setLocale(Locale.ENGLISH)
                .createConfiguration());
        Result result = estimator.estimate(password);
        if (!result.isMinimumEntropyMet()) {
            throw new InvalidInputException(
                    field, Reason.of(tooEasy(result.getFeedback().getWarningKey())));
        }
    }

    /**
     * The refusal's key: nbvcxz's warning (its resource key, {@code feedback.repeat.warning.likeAAA}) said in the
     * desk's words and languages as {@code problem.password.tooEasy.repeat.warning.likeAAA}, or without a warning
     * when nbvcxz gave none or one the messages do not know (a newer nbvcxz may add some).
     */
    static String tooEasy(String warningKey) {
        String generic = "problem.password.tooEasy";
        if (warningKey == null || !warningKey.startsWith("feedback.")) {
            return generic;
        }
        String key = generic + "." + warningKey.substring("feedback.".length());
        return ResourceBundle.getBundle("messages", Locale.ROOT).containsKey(key) ? key : generic;
    }

    /**
     * The e-mail address, its local part and its pieces, and the name with its words, lower-case; with
     * {@code domain} also the domain's labels (words a guesser tries, but shared by a whole company, so a password
     * merely containing one is not refused outright).
     */
    private static List<String> ownWords(String email, String displayName, boolean domain) {
        List<String> words = new ArrayList<>();
        if (email != null) {
            String address = email.strip().toLowerCase(Locale.ROOT);
            int at = address.indexOf('@');
            String local = at < 0 ? address : address.substring(0, at);
            words.add(address);
            words.add(local);
            words.addAll(List.of(local.split("[._+\\-]")));
            if (domain && at >= 0) {
                words.addAll(List.of(address.substring(at + 1).split("\\.")));
            }
        }
        if (displayName != null) {
            String name = displayName.strip().toLowerCase(Locale.ROOT);
            words.add(name.replace(" ", ""));
            for (String part : name.split("\\s+")) {
                words.add(part);
            }
        }
        words.removeIf(word -> word.length() < MINIMUM_PART);
        return words;
    }
}
