package com.patchdesk.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text with placeholders: {@code {clause.fact}} takes a fact of the event bound to a clause, {@code {name}} a
 * derived value, and {@code {a.kb|b.kb|'this update'}} tries alternatives left to right, ending in a quoted literal.
 * A template resolves to nothing when a placeholder has no value and no literal fallback.
 */
record Template(String source, List<Part> parts) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");
    private static final Pattern REFERENCE = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z_-]+)?");

    sealed interface Part {}

    record Literal(String text) implements Part {}

    /** Alternatives tried in order; {@code fallback} is the quoted literal at the end, if any. */
    record Placeholder(List<String> references, Optional<String> fallback) implements Part {}

    static Template parse(String source) {
        List<Part> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(source);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(new Literal(source.substring(at, m.start())));
            }
            parts.add(placeholder(m.group(1), source));
            at = m.end();
        }
        if (at < source.length()) {
            parts.add(new Literal(source.substring(at)));
        }
        return new Template(source, List.copyOf(parts));
    }

    private static Placeholder placeholder(String body, String source) {
        List<String> references = new ArrayList<>();
        Optional<String> fallback = Optional.empty();
        String[] alternatives = body.split("\\|");
        for (int i = 0; i < alternatives.length; i++) {
            String alt = alternatives[i].trim();
            if (alt.length() >= 2 && alt.startsWith("'") && alt.endsWith("'") && i == alternatives.length - 1) {
                fallback = Optional.of(alt.substring(1, alt.length() - 1));
            } else if (REFERENCE.matcher(alt).matches()) {
                references.add(alt);
            } else {
                throw new RuleException("bad placeholder {" + body + "} in \"" + source
                        + "\": use {clause.fact}, {derived} or a final quoted literal like {a.kb|'this update'}");
            }
        }
        return new Placeholder(List.copyOf(references), fallback);
    }

    /** Every reference of every placeholder ({@code clause.fact} or a derived name), in order. */
    List<String> references() {
        List<String> all = new ArrayList<>();
        for (Part part : parts) {
            if (part instanceof Placeholder placeholder) {
                all.addAll(placeholder.references());
            }
        }
        return all;
    }

    /** Whether a placeholder takes a value from the binding; a template of literal text alone does not. */
    boolean usesBinding() {
        for (Part part : parts) {
            if (part instanceof Placeholder) {
                return true;
            }
        }
        return false;
    }

    Optional<String> resolve(Binding binding) {
        // Most conditions are one literal or one placeholder, tested against every candidate event.
        if (parts.size() == 1) {
            return parts.get(0) instanceof Placeholder placeholder
                    ? value(placeholder, binding)
                    : Optional.of(((Literal) parts.get(0)).text());
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
            } else if (part instanceof Placeholder placeholder) {
                Optional<String> value = value(placeholder, binding);
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                out.append(value.get());
            }
        }
        return Optional.of(out.toString());
    }

    /**
     * As {@link #resolve}, for a command an engineer copies into a shell: nothing when a value taken from the logs holds
     * a character that ends an argument or starts another command in cmd.exe (quotes, {@code & | < > ^ ;}, a line
     * break), or, in a PowerShell command, a {@code $} or a backtick. A log is the customer's upload and is not
     * trusted: a crafted package or file name must not become a second command. {@code %} and {@code $} stay allowed
     * in cmd.exe commands, where a source such as {@code \\fs01\d$\sxs} or {@code %windir%} is an ordinary path. The
     * step's text still shows the value, for the engineer to read.
     */
    Optional<String> resolveCommand(Binding binding) {
        boolean powershell = source.toLowerCase(java.util.Locale.ROOT).contains("powershell");
        for (Part part : parts) {
            if (part instanceof Placeholder placeholder) {
                Optional<String> value = value(placeholder, binding);
                if (value.isPresent()
                        && (CMD_SPECIAL.matcher(value.get()).find()
                                || (powershell
                                        && POWERSHELL_SPECIAL
                                                .matcher(value.get())
                                                .find()))) {
                    return Optional.empty();
                }
            }
        }
        return resolve(binding);
    }

    private static final Pattern CMD_SPECIAL = Pattern.compile("[\"'&|<>^;\\r\\n]");
    private static final Pattern POWERSHELL_SPECIAL = Pattern.compile("[$`]");

    /** Renders the text with {@code missing} in place of every placeholder that has no value. */
    String render(Binding binding, String missing) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
            } else if (part instanceof Placeholder placeholder) {
                out.append(value(placeholder, binding).orElse(missing));
            }
        }
        return out.toString();
    }

    private static Optional<String> value(Placeholder placeholder, Binding binding) {
        for (String reference : placeholder.references()) {
            Optional<String> value = binding.lookup(reference);
            if (value.isPresent()) {
                return value;
            }
        }
        return placeholder.fallback();
    }
}
