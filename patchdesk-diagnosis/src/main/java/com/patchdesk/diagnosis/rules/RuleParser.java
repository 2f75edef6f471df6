package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.report.Confidence;
import com.patchdesk.diagnosis.report.Severity;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads one rule file. Every mistake is reported with the file name and the place in the rule, because the people
 * who write rules are support engineers, not the authors of this class.
 */
final class RuleParser {

    /**
     * YAML 1.2 with the loader's default (JSON) schema: plain scalars other than JSON's numbers, booleans and null stay
     * text, as they did with Jackson. A key given twice is an error rather than a silent overwrite.
     */
    private static final LoadSettings YAML =
            LoadSettings.builder().setAllowDuplicateKeys(false).build();

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smhd])");
    private static final Pattern FUNCTION = Pattern.compile("([a-z-]+)\\((.*)\\)");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Set<String> TOP_LEVEL = Set.of(
            "id",
            "title",
            "severity",
            "confidence",
            "role",
            "rank",
            "marks",
            "scope",
            "match",
            "absent",
            "superseded-by",
            "facts",
            "derive",
            "explains",
            "remediation",
            "description");
    private static final Set<String> VALUE_KEYS = Set.of("text", "source-file");

    private final String origin;

    private RuleParser(String origin) {
        this.origin = origin;
    }

    static Rule parse(InputStream in, String origin) {
        Object tree;
        try {
            tree = new Load(YAML).loadFromInputStream(in);
        } catch (YamlEngineException e) {
            throw new RuleException(origin + ": not valid YAML: " + e.getMessage(), e);
        }
        return new RuleParser(origin).rule(map(tree, "the file", origin));
    }

    /**
     * Every placeholder of the rule's texts, facts, derivations and steps names something the rule has: a clause
     * ({@code {e.kb}}), a derived value ({@code {ssu}}) or the machine ({@code {machine.build}}, {@code
     * {machine.stack}}). A misspelt one would otherwise resolve to nothing, silently: a step's {@code when} never
     * shown, an {@code unless} never leaving its step out.
     */
    private void checkReferences(Rule rule, Set<String> clauses) {
        Map<String, Template> templates = new LinkedHashMap<>();
        templates.put("title.en", rule.titleEn());
        templates.put("title.zh-CN", rule.titleZh());
        rule.facts().forEach((k, t) -> templates.put("facts." + k, t));
        rule.derive().forEach((k, d) -> {
            for (int i = 0; i < d.arguments().size(); i++) {
                templates.put("derive." + k + "[" + i + "]", d.arguments().get(i));
            }
        });
        for (int i = 0; i < rule.remediation().size(); i++) {
            Rule.Step step = rule.remediation().get(i);
            String at = "remediation[" + i + "]";
            templates.put(at + ".en", step.en());
            templates.put(at + ".zh-CN", step.zh());
            step.command().ifPresent(t -> templates.put(at + ".command", t));
            step.when().ifPresent(t -> templates.put(at + ".when", t));
            step.unless().ifPresent(t -> templates.put(at + ".unless", t));
        }
        templates.forEach((where, template) -> {
            for (Template.Part part : template.parts()) {
                if (part instanceof Template.Placeholder placeholder) {
                    for (String reference : placeholder.references()) {
                        if (!knows(reference, clauses, rule.derive().keySet())) {
                            throw error(where + ": {" + reference + "} names no clause, derived value or machine"
                                    + " value; clauses "
                                    + clauses.stream().sorted().toList() + ", derived "
                                    + rule.derive().keySet() + ", machine " + Binding.MACHINE_VALUES);
                        }
                    }
                }
            }
        });
    }

    private static boolean knows(String reference, Set<String> clauses, Set<String> derived) {
        int dot = reference.indexOf('.');
        if (dot < 0) {
            return derived.contains(reference);
        }
        String name = reference.substring(0, dot);
        return name.equals(Binding.MACHINE)
                ? Binding.MACHINE_VALUES.contains(reference.substring(dot + 1))
                : clauses.contains(name);
    }

    private Rule rule(Map<String, Object> yaml) {
        for (String key : yaml.keySet()) {
            if (!TOP_LEVEL.contains(key)) {
                throw error("unknown key '" + key + "'; allowed: " + TOP_LEVEL);
            }
        }
        String id = required(yaml, "id");
        if (!ID.matcher(id).matches()) {
            throw error("id '" + id + "' must be lower-case letters, digits and dashes");
        }
        Map<String, Object> title = map(yaml.get("title"), "title");
        List<Clause> match = clauses(yaml.get("match"), "match", false);
        if (match.isEmpty()) {
            throw error("match needs at least one clause");
        }
        Set<String> names = new HashSet<>();
        for (Clause c : match) {
            if (c.name().equals(Binding.MACHINE)) {
                throw error("clause name '" + Binding.MACHINE + "' is reserved: {" + Binding.MACHINE
                        + ".build} is the machine's OS build; give the clause another name");
            }
            if (!names.add(c.name())) {
                throw error("clause name '" + c.name() + "' used twice");
            }
        }
        Map<String, Template> facts = new LinkedHashMap<>();
        map(yaml.getOrDefault("facts", Map.of()), "facts").forEach((k, v) -> facts.put(k, template(v, "facts." + k)));
        Map<String, Derivation> derive = new LinkedHashMap<>();
        map(yaml.getOrDefault("derive", Map.of()), "derive").forEach((k, v) -> derive.put(k, derivation(v, k)));
        String marks = optional(yaml, "marks").orElse("");
        if (!marks.isEmpty() && !marks.equals("installed") && !marks.equals("healthy")) {
            throw error("marks can only be 'installed' or 'healthy'");
        }
        String scope = optional(yaml, "scope").orElse("state");
        if (!scope.equals("state") && !scope.equals("round")) {
            throw error("scope can only be 'state' (the default) or 'round'");
        }
        Rule rule = new Rule(
                id,
                origin,
                template(requiredIn(title, "en", "title"), "title.en"),
                template(requiredIn(title, "zh-CN", "title"), "title.zh-CN"),
                enumValue(() -> Severity.ofKey(required(yaml, "severity")), "severity", "critical|error|warning|info"),
                enumValue(() -> Confidence.ofKey(required(yaml, "confidence")), "confidence", "high|medium|low"),
                enumValue(
                        () -> Rule.Role.valueOf(
                                optional(yaml, "role").orElse("cause").toUpperCase(Locale.ROOT)),
                        "role",
                        "cause|symptom"),
                Integer.parseInt(optional(yaml, "rank").orElse("100")),
                marks,
                scope.equals("round"),
                match,
                clauses(yaml.get("absent"), "absent", true),
                clauses(yaml.get("superseded-by"), "superseded-by", true),
                facts,
                derive,
                explains(yaml.get("explains")),
                steps(
                        yaml.get("remediation"),
                        match.stream()
                                .filter(Clause::each)
                                .map(Clause::name)
                                .collect(java.util.stream.Collectors.toSet())));
        checkReferences(rule, names);
        return rule;
    }

    private List<Clause> clauses(Object yaml, String where, boolean anonymous) {
        if (yaml == null) {
            return List.of();
        }
        List<Clause> clauses = new ArrayList<>();
        int i = 0;
        for (Object item : SharedClauses.standard().expand(list(yaml, where), where, origin)) {
            String at = where + "[" + i++ + "]";
            Map<String, Object> c = map(item, at);
            String name = anonymous ? at : requiredIn(c, "name", at);
            List<Clause.Alternative> alternatives = new ArrayList<>();
            if (c.containsKey("any")) {
                int j = 0;
                for (Object alt : list(c.get("any"), at + ".any")) {
                    alternatives.add(alternative(map(alt, at + ".any[" + j + "]"), at + ".any[" + j++ + "]"));
                }
            } else {
                alternatives.add(alternative(c, at));
            }
            Optional<Duration> within = optionalIn(c, "within").map(w -> duration(w, at));
            Optional<String> after = optionalIn(c, "after");
            Optional<String> before = optionalIn(c, "before");
            if (within.isPresent() && after.isEmpty() && before.isEmpty()) {
                throw error(at + ": 'within' needs 'after' or 'before'");
            }
            if (after.isPresent() && before.isPresent()) {
                throw error(at + ": give 'after' or 'before', not both");
            }
            clauses.add(new Clause(
                    name,
                    alternatives,
                    after,
                    before,
                    within,
                    Boolean.parseBoolean(optionalIn(c, "optional").orElse("false")),
                    Boolean.parseBoolean(optionalIn(c, "each").orElse("false"))));
        }
        return clauses;
    }

    private Clause.Alternative alternative(Map<String, Object> yaml, String at) {
        Object kindYaml = yaml.get("kind");
        if (kindYaml == null) {
            throw error(at + ": needs 'kind' (one of " + List.of(EventKind.values()) + ")");
        }
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        for (Object k : kindYaml instanceof List<?> l ? l : List.of(kindYaml)) {
            kinds.add(enumValue(
                    () -> EventKind.valueOf(String.valueOf(k).trim().toUpperCase(Locale.ROOT)),
                    at + ".kind",
                    List.of(EventKind.values()).toString()));
        }
        Map<String, Condition> conditions = new LinkedHashMap<>();
        map(yaml.getOrDefault("where", Map.of()), at + ".where").forEach((key, value) -> {
            if (!VALUE_KEYS.contains(key)) {
                enumValue(
                        () -> Fact.ofKey(key),
                        at + ".where." + key,
                        "a fact key (" + factKeys() + ") or text/source-file");
            }
            conditions.put(key, condition(key, value, at + ".where." + key));
        });
        return Clause.Alternative.of(kinds, conditions);
    }

    private Condition condition(String key, Object value, String at) {
        if (!(value instanceof Map<?, ?>)) {
            return new Condition.Equals(template(scalar(key, value), at));
        }
        Map<String, Object> spec = map(value, at);
        if (spec.size() != 1) {
            throw error(at + ": give exactly one test, e.g. {one-of: [...]}");
        }
        Map.Entry<String, Object> test = spec.entrySet().iterator().next();
        Object arg = test.getValue();
        return switch (test.getKey()) {
            case "one-of" ->
                new Condition.OneOf(list(arg, at).stream()
                        .map(o -> template(scalar(key, o), at))
                        .toList());
            case "not-one-of" ->
                new Condition.NotOneOf(list(arg, at).stream()
                        .map(o -> template(scalar(key, o), at))
                        .toList());
            case "matches" -> {
                try {
                    yield new Condition.Matches(Pattern.compile(String.valueOf(arg)));
                } catch (PatternSyntaxException e) {
                    throw error(at + ": bad regex: " + e.getDescription());
                }
            }
            case "present" -> new Condition.Present(Boolean.parseBoolean(String.valueOf(arg)));
            case "above" -> new Condition.VersionCompare(template(arg, at), Condition.VersionCompare.Comparison.ABOVE);
            case "at-least" ->
                new Condition.VersionCompare(template(arg, at), Condition.VersionCompare.Comparison.AT_LEAST);
            case "below" -> new Condition.VersionCompare(template(arg, at), Condition.VersionCompare.Comparison.BELOW);
            case "same-or-newer-than" -> new Condition.SameOrNewerUpdate(template(arg, at));
            case "less-than" -> {
                try {
                    yield new Condition.LessThan(
                            Long.parseLong(String.valueOf(arg).replace("_", "").strip()));
                } catch (NumberFormatException e) {
                    throw error(at + ": less-than takes a whole number, not " + arg);
                }
            }
            case "catalog" -> {
                String name = String.valueOf(arg).toLowerCase(Locale.ROOT);
                if (!Condition.InCatalog.NAMES.contains(name)) {
                    throw error(at + ": catalog must be one of " + Condition.InCatalog.NAMES);
                }
                yield new Condition.InCatalog(name);
            }
            default ->
                throw error(
                        at + ": unknown test '" + test.getKey()
                                + "'; use one-of, not-one-of, matches, present, above, at-least, below, less-than, same-or-newer-than or catalog");
        };
    }

    /**
     * YAML reads an unquoted {@code 0x80070490} as a number; a code is turned back into the form the logs use so
     * that rule authors need not remember to quote it.
     */
    private static String scalar(String key, Object value) {
        if (value instanceof Number n && key.equals("code")) {
            return String.format(Locale.ROOT, "0x%08X", n.longValue());
        }
        return String.valueOf(value);
    }

    private List<Rule.Explains> explains(Object yaml) {
        if (yaml == null) {
            return List.of();
        }
        List<Rule.Explains> explains = new ArrayList<>();
        int i = 0;
        for (Object item : SharedClauses.standard().expand(list(yaml, "explains"), "explains", origin)) {
            String at = "explains[" + i++ + "]";
            Map<String, Object> e = map(item, at);
            Map<String, String> same = new LinkedHashMap<>();
            Object sameYaml = e.get("same");
            if (sameYaml instanceof Map<?, ?>) {
                map(sameYaml, at + ".same").forEach((k, v) -> same.put(k, String.valueOf(v)));
            } else if (sameYaml != null) {
                list(sameYaml, at + ".same").forEach(f -> same.put(String.valueOf(f), String.valueOf(f)));
            }
            explains.add(new Rule.Explains(requiredIn(e, "rule", at), same));
        }
        return explains;
    }

    private List<Rule.Step> steps(Object yaml, Set<String> eachClauses) {
        if (yaml == null) {
            return List.of();
        }
        List<Rule.Step> steps = new ArrayList<>();
        int i = 0;
        for (Object item : SharedClauses.standard().expand(list(yaml, "remediation"), "remediation", origin)) {
            String at = "remediation[" + i++ + "]";
            Map<String, Object> s = map(item, at);
            Optional<String> each = optionalIn(s, "each");
            each.ifPresent(name -> {
                if (!eachClauses.contains(name)) {
                    throw error(at + ".each: '" + name + "' is not a match clause with 'each: true'");
                }
            });
            steps.add(new Rule.Step(
                    template(requiredIn(s, "en", at), at + ".en"),
                    template(requiredIn(s, "zh-CN", at), at + ".zh-CN"),
                    optionalIn(s, "command").map(c -> template(c, at + ".command")),
                    optionalIn(s, "when").map(c -> template(c, at + ".when")),
                    optionalIn(s, "unless").map(c -> template(c, at + ".unless")),
                    each,
                    optionalIn(s, "otherwise").map(Boolean::parseBoolean).orElse(false)));
        }
        return steps;
    }

    private Derivation derivation(Object yaml, String name) {
        Matcher m = FUNCTION.matcher(String.valueOf(yaml).trim());
        if (!m.matches()) {
            throw error("derive." + name + ": write function(arguments), e.g. first-update-shipping({ref.version})");
        }
        List<Template> args = new ArrayList<>();
        for (String arg : m.group(2).split(",")) {
            args.add(template(arg.trim(), "derive." + name));
        }
        try {
            return new Derivation(m.group(1), args);
        } catch (RuleException e) {
            throw error("derive." + name + ": " + e.getMessage());
        }
    }

    private Template template(Object value, String at) {
        try {
            return Template.parse(String.valueOf(value));
        } catch (RuleException e) {
            throw error(at + ": " + e.getMessage());
        }
    }

    private Duration duration(String text, String at) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw error(at + ".within: write a number and s, m, h or d, e.g. 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private <T> T enumValue(java.util.function.Supplier<T> parse, String at, String allowed) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw error(at + ": must be " + allowed);
        }
    }

    private static String factKeys() {
        return List.of(Fact.values()).stream().map(Fact::key).toList().toString();
    }

    private String required(Map<String, Object> yaml, String key) {
        return requiredIn(yaml, key, "rule");
    }

    private Optional<String> optional(Map<String, Object> yaml, String key) {
        return optionalIn(yaml, key);
    }

    private String requiredIn(Map<String, Object> yaml, String key, String at) {
        return optionalIn(yaml, key).orElseThrow(() -> error(at + ": '" + key + "' is required"));
    }

    private static Optional<String> optionalIn(Map<String, Object> yaml, String key) {
        Object v = yaml.get(key);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    private Map<String, Object> map(Object yaml, String at) {
        return map(yaml, at, origin);
    }

    /** A mapping with text keys; a key written as a number or boolean ({@code 1: x}) is taken as its text. */
    private static Map<String, Object> map(Object yaml, String at, String origin) {
        if (!(yaml instanceof Map<?, ?> m)) {
            throw new RuleException(origin + ": " + at + " must be a mapping (key: value)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getKey() == null) {
                throw new RuleException(origin + ": " + at + " has an empty key");
            }
            out.put(String.valueOf(e.getKey()), e.getValue());
        }
        return out;
    }

    private List<?> list(Object yaml, String at) {
        if (!(yaml instanceof List<?> l)) {
            throw error(at + " must be a list (- item)");
        }
        return l;
    }

    private RuleException error(String message) {
        return new RuleException(origin + ": " + message);
    }
}
