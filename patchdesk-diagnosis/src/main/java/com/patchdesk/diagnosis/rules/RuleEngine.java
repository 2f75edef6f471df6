package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.attempts.Attempt;
import com.patchdesk.diagnosis.attempts.Attempts;
import com.patchdesk.diagnosis.knowledge.Localized;
import com.patchdesk.diagnosis.knowledge.OsBuild;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.report.Evidence;
import com.patchdesk.diagnosis.report.Finding;
import com.patchdesk.diagnosis.report.Outcome;
import com.patchdesk.diagnosis.report.RemediationStep;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Runs rules over the kept evidence: joins each rule's clauses, drops matches an {@code absent} clause forbids,
 * moves matches a {@code superseded-by} clause finds to history, merges matches with the same principal facts into
 * one finding, and links findings into chains (explicit {@code explains} links, and symptoms under the cause that
 * shares their evidence).
 */
final class RuleEngine {

    /** Matches per rule; beyond this the evidence is already overwhelming and joins would only cost time. */
    static final int MAX_MATCHES = 2_000;
    /** Evidence lines listed per finding; the total is still counted. */
    static final int EVIDENCE_SHOWN = 5;

    private RuleEngine() {}

    static Verdict run(List<Rule> rules, EvidenceStore store) {
        return run(rules, store, Attempts.NONE);
    }

    static Verdict run(List<Rule> rules, EvidenceStore store, Attempts attempts) {
        KeptByKind kept = new KeptByKind(store.kept(), clausesOf(rules));
        // What every rule may read of the machine: its build as the report states it ({machine.build}) and its
        // servicing stack's ({machine.stack}).
        Binding start = Binding.ofMachine(
                MachineBuild.of(kept.ofKind(EventKind.OS_BUILD).map(EvidenceStore.Kept::event)),
                OsBuild.highest(kept.ofKind(EventKind.SERVICING_STACK)
                        .map(k -> k.event().facts().get(Fact.SSU_VERSION))));
        Optional<String> latestFailedRound = attempts.latestFailed().map(Attempt::label);
        Optional<Attempt> latestRound = attempts.latest();
        // The rules read the kept events and the attempts and change neither: each is matched on its own, on both
        // cores, and their drafts are joined in the rules' order, as one loop would (the rules were a seventh of a
        // dense log's time, on one thread: docs/performance-history.md, "Dense input").
        RuleResult[] results = new RuleResult[rules.size()];
        IntStream.range(0, rules.size())
                .parallel()
                .forEach(index -> results[index] =
                        runRule(rules.get(index), index, kept, start, attempts, latestFailedRound, latestRound));
        List<Draft> active = new ArrayList<>();
        List<Draft> history = new ArrayList<>();
        boolean installed = false;
        boolean healthy = false;
        for (int index = 0; index < rules.size(); index++) {
            Rule rule = rules.get(index);
            RuleResult r = results[index];
            active.addAll(r.current().values());
            history.addAll(r.superseded().values());
            installed |= rule.marksInstalled() && !r.current().isEmpty();
            healthy |= rule.marksHealthy() && !r.current().isEmpty();
        }
        Comparator<Draft> order = Comparator.<Draft>comparingInt(
                        d -> d.rule.severity().ordinal())
                .thenComparingInt(d -> d.rule.rank())
                .thenComparingInt(d -> d.ruleIndex)
                .thenComparingLong(Draft::firstSeq);
        active.sort(order);
        history.sort(Comparator.comparingLong(Draft::firstSeq));
        List<Finding> chain = latestRoundFirst(chain(active), latestFailedRound);
        boolean failed = active.stream().anyMatch(d -> d.rule.severity().isFailure());
        Outcome outcome = failed
                ? Outcome.FAILURE_DIAGNOSED
                : installed ? Outcome.INSTALLED : healthy ? Outcome.HEALTHY : Outcome.NO_FAILURE_FOUND;
        // A failure a later install settled is no failure any more: history reads as information, whatever the rule's
        // severity was while it stood.
        return new Verdict(
                chain,
                history.stream().map(d -> d.finding(List.of()).asHistory()).toList(),
                outcome);
    }

    /** Every clause of the rules, each once. */
    private static Set<Clause> clausesOf(List<Rule> rules) {
        Set<Clause> clauses = new LinkedHashSet<>();
        for (Rule rule : rules) {
            clauses.addAll(rule.match());
            clauses.addAll(rule.absent());
            clauses.addAll(rule.supersededBy());
        }
        return clauses;
    }

    /** The active and superseded drafts of one rule. */
    private record RuleResult(Map<Map<String, String>, Draft> current, Map<Map<String, String>, Draft> superseded) {}

    private static RuleResult runRule(
            Rule rule,
            int index,
            KeptByKind kept,
            Binding start,
            Attempts attempts,
            Optional<String> latestFailedRound,
            Optional<Attempt> latestRound) {
        Map<Map<String, String>, Draft> current = new LinkedHashMap<>();
        Map<Map<String, String>, Draft> superseded = new LinkedHashMap<>();
        List<Candidates> supersedingCandidates = candidates(rule.supersededBy(), kept);
        for (Binding binding : matches(rule, kept, start)) {
            Map<String, String> facts = new LinkedHashMap<>();
            rule.facts()
                    .forEach((name, t) ->
                            t.resolve(binding).filter(v -> !v.isBlank()).ifPresent(v -> facts.put(name, v)));
            boolean isHistory = anyClauseMatches(rule.supersededBy(), binding, supersedingCandidates);
            if (rule.perRound()) {
                // A failure of its round: the same failure in another round is another finding, and a round that a
                // later failed round followed is history (the latest failure is the diagnosis).
                Optional<Attempt> attempt = roundOf(binding, attempts);
                Optional<String> round = attempt.map(Attempt::label);
                round.ifPresent(r -> facts.put("round", r));
                boolean laterRoundFailed = latestFailedRound.isPresent() && !latestFailedRound.equals(round);
                boolean laterRoundSucceeded = attempt.isPresent()
                        && latestRound.isPresent()
                        && !latestRound.get().failed()
                        && latestRound.get() != attempt.get()
                        && settles(latestRound.get(), attempt.get());
                isHistory |= round.isPresent() && (laterRoundFailed || laterRoundSucceeded);
            }
            Map<Map<String, String>, Draft> into = isHistory ? superseded : current;
            into.computeIfAbsent(facts, f -> new Draft(rule, index, f, attempts))
                    .bindings
                    .add(binding);
        }
        foldLessDetailed(current, superseded);
        superseded.keySet().removeAll(current.keySet());
        return new RuleResult(current, superseded);
    }

    /**
     * One failure told by two logs: when CBS.log and WindowsUpdate.log both state a code, a match may rest on the
     * line that names the update or on one that does not, giving the same finding with and without {@code kb}. A
     * draft whose facts are all in a more detailed draft of the same rule, and that shares a log line with it, is
     * the same finding: its evidence joins the detailed one.
     */
    private static void foldLessDetailed(
            Map<Map<String, String>, Draft> current, Map<Map<String, String>, Draft> superseded) {
        List<Draft> all = new ArrayList<>(current.values());
        all.addAll(superseded.values());
        for (Draft lesser : all) {
            for (Draft fuller : all) {
                Map<Map<String, String>, Draft> home = current.get(fuller.facts) == fuller
                        ? current
                        : superseded.get(fuller.facts) == fuller ? superseded : null;
                if (fuller != lesser
                        && home != null
                        && fuller.facts.size() > lesser.facts.size()
                        && fuller.facts.entrySet().containsAll(lesser.facts.entrySet())
                        && fuller.lines().stream().anyMatch(lesser.lines()::contains)) {
                    // The detailed draft decides: a failure a later install superseded is history in both tellings.
                    fuller.bindings.addAll(lesser.bindings);
                    fuller.seqs = null;
                    fuller.lines = null;
                    current.remove(lesser.facts, lesser);
                    superseded.remove(lesser.facts, lesser);
                    break;
                }
            }
        }
    }

    /**
     * The causes of the latest failed round lead: a later failure is always the diagnosis, whatever the rank of the
     * causes of earlier rounds that still stand. The order is otherwise kept.
     */
    private static List<Finding> latestRoundFirst(List<Finding> roots, Optional<String> latestFailedRound) {
        if (latestFailedRound.isEmpty()) {
            return roots;
        }
        // Only failures move ahead: a code the latest round also wrote, at level information, stays below the errors.
        java.util.function.Predicate<Finding> ahead =
                f -> f.severity().isFailure() && f.concernsRound(latestFailedRound.get());
        List<Finding> ordered = new ArrayList<>();
        roots.stream().filter(ahead).forEach(ordered::add);
        roots.stream().filter(ahead.negate()).forEach(ordered::add);
        return ordered;
    }

    /**
     * Whether a later successful round settles a failed one: it installed the same update, or a cumulative update of
     * the same build family at least as new. An SSU, another KB or an older cumulative update leaves the failure open.
     */
    static boolean settles(Attempt later, Attempt failed) {
        if (later.target().isEmpty() || failed.target().isEmpty()) {
            return false;
        }
        if (later.target().get().equalsIgnoreCase(failed.target().get())) {
            return true;
        }
        Optional<OsBuild> l = OsBuild.ofCumulativePackage(later.target().get());
        Optional<OsBuild> f = OsBuild.ofCumulativePackage(failed.target().get());
        return l.isPresent()
                && f.isPresent()
                && l.get().build() == f.get().build()
                && l.get().compareTo(f.get()) >= 0;
    }

    /** The round of the binding's latest line, if that line was written during a servicing attempt. */
    private static Optional<Attempt> roundOf(Binding binding, Attempts attempts) {
        Optional<Attempt> round = Optional.empty();
        long latest = Long.MIN_VALUE;
        for (EvidenceStore.Kept k : binding.events()) {
            if (k.seq() > latest) {
                Optional<Attempt> a = attempts.of(
                        k.event().source().file(), k.event().source().line());
                if (a.isPresent()) {
                    latest = k.seq();
                    round = a;
                }
            }
        }
        return round;
    }

    /** All bindings of the rule's match clauses that survive derivations and absent clauses. */
    private static List<Binding> matches(Rule rule, KeptByKind kept, Binding start) {
        List<Binding> joined = new ArrayList<>();
        join(rule.match(), 0, start, candidates(rule.match(), kept), joined);
        List<Candidates> forbidden = candidates(rule.absent(), kept);
        List<Binding> result = new ArrayList<>();
        for (Binding b : joined) {
            Optional<Binding> derived = derive(rule, b);
            if (derived.isPresent() && !anyClauseMatches(rule.absent(), derived.get(), forbidden)) {
                result.add(derived.get());
            }
        }
        return result;
    }

    /**
     * Each clause's candidate events, in reading order: the kept events of its kinds that meet the conditions that use
     * no binding ({@link KeptByKind#candidates}). Those conditions give every binding the same answer, so they are
     * tested once per run here, not once per binding and candidate: a {@code superseded-by} clause (a later cumulative
     * install, say) was tested against every package state for each of up to {@link #MAX_MATCHES} bindings, 86% of a
     * typical bundle's analysis in a warm JVM (JFR, docs/performance-history.md, "Third pass"). For a binding, {@link
     * Candidates#mayMatch} narrows them further by the values it gives.
     */
    private static List<Candidates> candidates(List<Clause> clauses, KeptByKind kept) {
        List<Candidates> perClause = new ArrayList<>();
        for (Clause c : clauses) {
            perClause.add(kept.candidates(c));
        }
        return perClause;
    }

    private static void join(
            List<Clause> clauses, int i, Binding binding, List<Candidates> candidates, List<Binding> out) {
        if (out.size() >= MAX_MATCHES) {
            return;
        }
        if (i == clauses.size()) {
            out.add(binding);
            return;
        }
        Clause clause = clauses.get(i);
        if (clause.each()) {
            // Every match, in time order, becomes part of one binding: one finding that names them all.
            List<EvidenceStore.Kept> all = new ArrayList<>();
            for (EvidenceStore.Kept k : candidates.get(i).mayMatch(clause, binding)) {
                if (clause.test(k, binding)) {
                    all.add(k);
                }
            }
            if (!all.isEmpty()) {
                all.sort(Chronology.ORDER);
                join(clauses, i + 1, binding.withAll(clause.name(), all), candidates, out);
            } else if (clause.optional()) {
                join(clauses, i + 1, binding, candidates, out);
            }
            return;
        }
        if (clause.optional()) {
            // An optional clause adds detail (which update was the target, which package was missing); one match is
            // enough, and taking every match would split one finding into one per detail. The best one is the
            // closest to the clause it is related to, else the latest: the first one read is often a stale repeat.
            Optional<EvidenceStore.Kept> best = Optional.empty();
            for (EvidenceStore.Kept k : candidates.get(i).mayMatch(clause, binding)) {
                if (clause.test(k, binding) && (best.isEmpty() || clause.isBetter(k, best.get(), binding))) {
                    best = Optional.of(k);
                }
            }
            join(clauses, i + 1, best.map(k -> binding.with(clause.name(), k)).orElse(binding), candidates, out);
            return;
        }
        for (EvidenceStore.Kept k : candidates.get(i).mayMatch(clause, binding)) {
            if (clause.test(k, binding)) {
                join(clauses, i + 1, binding.with(clause.name(), k), candidates, out);
            }
        }
    }

    private static Optional<Binding> derive(Rule rule, Binding binding) {
        Binding b = binding;
        for (Map.Entry<String, Derivation> d : rule.derive().entrySet()) {
            Optional<String> value = d.getValue().apply(b);
            if (value.isPresent()) {
                b = b.withDerived(d.getKey(), value.get());
            }
        }
        return Optional.of(b);
    }

    private static boolean anyClauseMatches(List<Clause> clauses, Binding binding, List<Candidates> candidates) {
        if (clauses.isEmpty()) {
            return false;
        }
        Collection<EvidenceStore.Kept> bound = binding.events();
        for (int i = 0; i < clauses.size(); i++) {
            Clause clause = clauses.get(i);
            for (EvidenceStore.Kept k : candidates.get(i).mayMatch(clause, binding)) {
                if (!bound.contains(k) && clause.test(k, binding)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Links drafts into trees. A draft goes under the closest of the drafts that explain it: when both a store
     * corruption and the delta failure it causes explain an install failure, the failure goes under the delta
     * failure, which goes under the corruption.
     */
    private static List<Finding> chain(List<Draft> drafts) {
        Map<Draft, Draft> parent = new IdentityHashMap<>();
        for (Draft child : drafts) {
            List<Draft> eligible = drafts.stream()
                    .filter(candidate -> candidate != child && explains(candidate, child))
                    .toList();
            for (Draft candidate : eligible) {
                boolean closer = eligible.stream().anyMatch(other -> other != candidate && explains(candidate, other));
                if (!closer && !isAncestor(child, candidate, parent)) {
                    parent.put(child, candidate);
                    break;
                }
            }
            if (!parent.containsKey(child)) {
                eligible.stream()
                        .filter(c -> !isAncestor(child, c, parent))
                        .findFirst()
                        .ifPresent(c -> parent.put(child, c));
            }
        }
        Map<Draft, List<Draft>> children = new IdentityHashMap<>();
        for (Draft d : drafts) {
            Draft p = parent.get(d);
            if (p != null) {
                children.computeIfAbsent(p, x -> new ArrayList<>()).add(d);
            }
        }
        return drafts.stream()
                .filter(d -> !parent.containsKey(d))
                .map(d -> tree(d, children))
                .toList();
    }

    private static Finding tree(Draft d, Map<Draft, List<Draft>> children) {
        return d.finding(children.getOrDefault(d, List.of()).stream()
                .map(c -> tree(c, children))
                .toList());
    }

    private static boolean isAncestor(Draft possibleAncestor, Draft of, Map<Draft, Draft> parent) {
        for (Draft p = of; p != null; p = parent.get(p)) {
            if (p == possibleAncestor) {
                return true;
            }
        }
        return false;
    }

    private static boolean explains(Draft cause, Draft symptom) {
        for (Rule.Explains e : cause.rule.explains()) {
            if (e.rule().equals(symptom.rule.id())
                    && e.same().entrySet().stream()
                            .allMatch(s -> cause.facts.get(s.getKey()) != null
                                    && cause.facts.get(s.getKey()).equalsIgnoreCase(symptom.facts.get(s.getValue())))) {
                return true;
            }
        }
        if (symptom.rule.role() == Rule.Role.SYMPTOM && cause.rule.role() == Rule.Role.CAUSE) {
            Set<String> mine = symptom.lines();
            return cause.lines().stream().anyMatch(mine::contains);
        }
        return false;
    }

    /** Matches of one rule with the same principal facts, on their way to become one finding. */
    private static final class Draft {
        final Rule rule;
        final int ruleIndex;
        final Map<String, String> facts;
        final List<Binding> bindings = new ArrayList<>();
        private final Attempts attempts;
        private Set<Long> seqs;
        private Set<String> lines;

        Draft(Rule rule, int ruleIndex, Map<String, String> facts, Attempts attempts) {
            this.rule = rule;
            this.ruleIndex = ruleIndex;
            this.facts = facts;
            this.attempts = attempts;
        }

        /** The labels of the attempts this draft's lines were written in, oldest first. */
        List<String> rounds() {
            if (attempts.list().isEmpty()) {
                return List.of();
            }
            Map<String, Attempt> found = new LinkedHashMap<>();
            bindings.forEach(b -> b.events()
                    .forEach(k -> attempts.of(
                                    k.event().source().file(),
                                    k.event().source().line())
                            .ifPresent(a -> found.putIfAbsent(a.file() + ":" + a.firstLine(), a))));
            return found.values().stream()
                    .sorted(Comparator.comparing(
                            (Attempt a) -> a.start().orElse(null), Comparator.nullsLast(Comparator.naturalOrder())))
                    .map(Attempt::label)
                    .distinct()
                    .toList();
        }

        Set<Long> seqs() {
            if (seqs == null) {
                seqs = new HashSet<>();
                bindings.forEach(b -> b.events().forEach(k -> seqs.add(k.seq())));
            }
            return seqs;
        }

        /** The log lines ({@code file:line}) this draft rests on; two events of one line are the same evidence. */
        Set<String> lines() {
            if (lines == null) {
                lines = new HashSet<>();
                bindings.forEach(b ->
                        b.events().forEach(k -> lines.add(k.event().source().location())));
            }
            return lines;
        }

        long firstSeq() {
            return seqs().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        }

        Finding finding(List<Finding> children) {
            Binding first = bindings.get(0);
            // One line can carry several events (an error code and a failed operation); cite it once.
            Map<String, EvidenceStore.Kept> distinct = new TreeMap<>();
            bindings.forEach(b -> b.events()
                    .forEach(k -> distinct.putIfAbsent(k.event().source().location(), k)));
            List<EvidenceStore.Kept> lines = new ArrayList<>(distinct.values());
            // In time order, so the evidence reads as the story (download failed, then install failed); lines
            // without a time follow, by file and line.
            lines.sort(Chronology.ORDER);
            long unseen = 0;
            Map<EvidenceStore.Group, Boolean> groups = new IdentityHashMap<>();
            for (EvidenceStore.Kept k : lines) {
                if (groups.put(k.group(), Boolean.TRUE) == null) {
                    unseen += k.group().count() - k.group().size();
                }
            }
            List<RemediationStep> steps = new ArrayList<>();
            int listed = 0;
            for (Rule.Step s : rule.remediation()) {
                if (s.when().isPresent() && s.when().get().resolve(first).isEmpty()) {
                    continue;
                }
                if (s.unless().isPresent() && s.unless().get().resolve(first).isPresent()) {
                    continue;
                }
                List<EvidenceStore.Kept> items = s.each().map(first::all).orElse(List.of());
                if (items.isEmpty()) {
                    RemediationStep step = step(s, first);
                    steps.add(s.otherwise() && !steps.isEmpty() ? step.otherwise() : step);
                    continue;
                }
                // One step per match (the same text twice is one step), the first few; the rest are counted.
                Map<String, RemediationStep> byText = new LinkedHashMap<>();
                for (EvidenceStore.Kept item : items) {
                    Binding one = first.withAll(s.each().get(), List.of(item));
                    RemediationStep step = step(s, one);
                    // The same command is the same step, whichever line it was told for (a component two scans
                    // found corrupt: one copy of its folder).
                    byText.putIfAbsent(step.command().orElse(step.text().en()), step);
                }
                List<RemediationStep> all = new ArrayList<>(byText.values());
                steps.addAll(all.subList(0, Math.min(all.size(), Clause.LISTED)));
                listed = Math.max(listed, Math.min(all.size(), Clause.LISTED));
                if (all.size() > Clause.LISTED) {
                    int more = all.size() - Clause.LISTED;
                    steps.add(new RemediationStep(
                            new Localized(
                                    "... and " + more
                                            + " more like the steps above (see the evidence for all of them).",
                                    "……另有 " + more + " 项需同样处理（全部见证据行）。"),
                            Optional.empty()));
                }
            }
            // Each listed match cites its own line, so the evidence grows with the list.
            List<Evidence> evidence = lines.stream()
                    .limit(EVIDENCE_SHOWN + listed)
                    .map(k -> new Evidence(
                            k.event().source().file(),
                            k.event().source().line(),
                            k.event().source().text()))
                    .toList();
            return new Finding(
                    rule.id(),
                    new Localized(marked(rule.titleEn(), first), marked(rule.titleZh(), first)),
                    rule.severity(),
                    rule.confidence(),
                    facts,
                    evidence,
                    lines.size() + unseen,
                    steps,
                    children,
                    rounds());
        }

        private static RemediationStep step(Rule.Step s, Binding b) {
            return new RemediationStep(
                    new Localized(marked(s.en(), b), marked(s.zh(), b)),
                    s.command().flatMap(c -> c.resolveCommand(b)));
        }

        /** A value the logs did not give shows as "?" rather than hiding the whole sentence. */
        /** A title: a value left empty at its end ({symbol|''} of a code no table names) leaves no blank behind. */
        private static String marked(Template t, Binding b) {
            return t.render(b, "?").strip();
        }
    }

    static void requireUniqueIds(List<Rule> rules) {
        Set<String> seen = new HashSet<>();
        for (Rule r : rules) {
            if (!seen.add(r.id())) {
                throw new RuleException(r.origin() + ": rule id " + r.id() + " is defined twice");
            }
        }
    }
}
