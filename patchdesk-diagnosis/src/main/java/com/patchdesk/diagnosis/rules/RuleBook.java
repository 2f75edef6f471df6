package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.attempts.Attempts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A set of rules. The standard book is the YAML files under {@code com/patchdesk/diagnosis/rules/} listed in
 * {@code index.txt} there (an index rather than a classpath scan, so it works the same inside the shaded jar).
 * {@link #withDirectory(Path)} adds the rules of a folder; a rule with the id of a standard rule replaces it.
 * Immutable; one book can diagnose many bundles at once.
 */
public final class RuleBook {

    private static final String BASE = "/com/patchdesk/diagnosis/rules/";
    private static final RuleBook STANDARD = loadStandard();

    private final List<Rule> rules;
    private final Duration finestWindow;

    private RuleBook(List<Rule> rules) {
        RuleEngine.requireUniqueIds(rules);
        this.rules = List.copyOf(rules);
        this.finestWindow = rules.stream()
                .flatMap(r -> Stream.of(r.match(), r.absent(), r.supersededBy()).flatMap(List::stream))
                .flatMap(clause -> clause.within().stream())
                .min(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    public static RuleBook standard() {
        return STANDARD;
    }

    /**
     * This book plus the rules in {@code directory} ({@code *.yaml} / {@code *.yml}, not recursive).
     *
     * @throws RuleException when the folder cannot be read or a rule file is wrong; the message names the file
     */
    public RuleBook withDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new RuleException(directory + ": not a folder of rule files");
        }
        Map<String, Rule> byId = new LinkedHashMap<>();
        rules.forEach(r -> byId.put(r.id(), r));
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new RuleException(directory + ": cannot list rule files: " + e.getMessage(), e);
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                Rule rule = RuleParser.parse(in, file.toString());
                byId.put(rule.id(), rule);
            } catch (IOException e) {
                throw new RuleException(file + ": cannot read: " + e.getMessage(), e);
            }
        }
        return new RuleBook(new ArrayList<>(byId.values()));
    }

    /**
     * The narrowest {@code within} of these rules, zero when none has one: what an {@link EvidenceStore} needs to know
     * to keep {@code within} exact.
     */
    public Duration finestWindow() {
        return finestWindow;
    }

    /**
     * The facts of rule {@code ruleId} whose value lists an {@code each} clause's matches (every damaged component,
     * "a, b, c (+12)"): evidence that differs between machines with the same cause, so no part of what identifies the
     * cause (the server's fleet signatures). Empty for a rule this book does not have.
     */
    public Set<String> listFacts(String ruleId) {
        return rules.stream()
                .filter(r -> r.id().equals(ruleId))
                .findFirst()
                .map(Rule::listFacts)
                .orElse(Set.of());
    }

    /** The rule ids in evaluation order. */
    /** The rules themselves, for checks of what every rule says (package tests). */
    List<Rule> rules() {
        return rules;
    }

    public List<String> ids() {
        return rules.stream().map(Rule::id).toList();
    }

    /** Runs every rule over the evidence of one bundle. */
    public Verdict diagnose(EvidenceStore evidence) {
        return diagnose(evidence, Attempts.NONE);
    }

    /** Runs every rule over the evidence of one bundle, whose servicing attempts are {@code attempts}. */
    public Verdict diagnose(EvidenceStore evidence, Attempts attempts) {
        return RuleEngine.run(rules, evidence, attempts);
    }

    private static RuleBook loadStandard() {
        List<Rule> rules = new ArrayList<>();
        for (String file : index()) {
            try (InputStream in = RuleBook.class.getResourceAsStream(BASE + file)) {
                if (in == null) {
                    throw new RuleException(BASE + "index.txt lists " + file + " but it is not on the classpath");
                }
                rules.add(RuleParser.parse(in, file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new RuleBook(rules);
    }

    /** The standard rule files, in the order of {@code index.txt}. */
    static List<String> index() {
        InputStream in = RuleBook.class.getResourceAsStream(BASE + "index.txt");
        if (in == null) {
            throw new IllegalStateException(BASE + "index.txt is missing from the classpath");
        }
        List<String> files = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.lines()
                    .map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
