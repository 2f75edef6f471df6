package com.patchdesk.diagnosis;

import com.patchdesk.diagnosis.attempts.Attempt;
import com.patchdesk.diagnosis.attempts.AttemptTracker;
import com.patchdesk.diagnosis.attempts.Attempts;
import com.patchdesk.diagnosis.bundle.ArrivingScan;
import com.patchdesk.diagnosis.bundle.BundleScan;
import com.patchdesk.diagnosis.bundle.BundleScanner;
import com.patchdesk.diagnosis.bundle.BundleUnreadableException;
import com.patchdesk.diagnosis.bundle.CollectorName;
import com.patchdesk.diagnosis.bundle.MachineBundles;
import com.patchdesk.diagnosis.bundle.SeveralMachinesException;
import com.patchdesk.diagnosis.knowledge.ErrorCatalog;
import com.patchdesk.diagnosis.knowledge.Localized;
import com.patchdesk.diagnosis.knowledge.OsBuild;
import com.patchdesk.diagnosis.knowledge.UpdateCatalog;
import com.patchdesk.diagnosis.read.BenignLines;
import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.report.BenignLineCount;
import com.patchdesk.diagnosis.report.BundleSummary;
import com.patchdesk.diagnosis.report.CatalogUse;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.report.Evidence;
import com.patchdesk.diagnosis.report.Finding;
import com.patchdesk.diagnosis.report.Machine;
import com.patchdesk.diagnosis.report.Outcome;
import com.patchdesk.diagnosis.report.ServicingRound;
import com.patchdesk.diagnosis.report.Severity;
import com.patchdesk.diagnosis.report.TimelineEntry;
import com.patchdesk.diagnosis.report.UpdateAttempt;
import com.patchdesk.diagnosis.rules.EvidenceStore;
import com.patchdesk.diagnosis.rules.MachineBuild;
import com.patchdesk.diagnosis.rules.RuleBook;
import com.patchdesk.diagnosis.rules.Verdict;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's entry point: scan a bundle into a bounded evidence store, run the rules, and assemble the report.
 * Stateless and thread-safe; every call uses its own evidence store.
 */
public final class Diagnosis {

    /** Kinds worth a line of their own in the timeline; error lines are left to the findings that cite them. */
    private static final Set<EventKind> TIMELINE_KINDS = EnumSet.of(
            EventKind.UPDATE_ATTEMPT,
            EventKind.SESSION,
            EventKind.PACKAGE_STATE,
            EventKind.STORE_HEALTH,
            EventKind.TOOL_RUN,
            EventKind.DELTA_FAILURE,
            EventKind.REBOOT_PENDING,
            EventKind.DISK_SPACE);

    private static final int TIMELINE_MAX = 500;

    private Diagnosis() {}

    /**
     * Scans {@code input} (a zip, a folder or a single log) in one streaming pass and runs the standard rules.
     *
     * @throws BundleUnreadableException when the input as a whole cannot be opened; unreadable files inside it are
     *                                   listed as skipped in the report instead; {@link SeveralMachinesException}
     *                                   when it is a zip of several machines' bundles
     */
    public static DiagnosisReport analyze(Path input) throws BundleUnreadableException {
        return analyze(input, RuleBook.standard());
    }

    /** As {@link #analyze(Path)}, with another rule book (e.g. the standard one plus a folder of rules). */
    public static DiagnosisReport analyze(Path input, RuleBook rules) throws BundleUnreadableException {
        return analyze(input, AnalysisOptions.defaults().withRules(rules));
    }

    /**
     * As {@link #analyze(Path)}, with the given rules, and with {@link AnalysisOptions#contextLines()} lines around
     * each evidence line of the findings, read in a second pass over only the files the findings cite.
     */
    public static DiagnosisReport analyze(Path input, AnalysisOptions options) throws BundleUnreadableException {
        List<MachineBundles.Part> machines = MachineBundles.of(input);
        if (!machines.isEmpty()) {
            throw new SeveralMachinesException(machines);
        }
        Collection collection = new Collection(options);
        BundleScan scan;
        try {
            scan = BundleScanner.scan(input, collection.handOff);
        } catch (RuntimeException | Error | BundleUnreadableException e) {
            collection.handOff.abandon();
            throw e;
        }
        return collection.report(scan, input, options);
    }

    /** Where a scan's events go: its servicing attempts and its evidence, kept on a second thread (EventHandOff). */
    private static final class Collection {
        final EvidenceStore evidence;
        final AttemptTracker attempts = new AttemptTracker();
        final EventHandOff handOff;

        Collection(AnalysisOptions options) {
            evidence = new EvidenceStore(options.rules().finestWindow());
            handOff = new EventHandOff(event -> {
                attempts.accept(event);
                evidence.accept(event);
            });
        }

        /** The report once the scan is over: the rules over what was collected, context read from {@code input}. */
        DiagnosisReport report(BundleScan scan, Path input, AnalysisOptions options) {
            handOff.finish();
            return EvidenceContext.attach(
                    diagnose(scan, evidence, options.rules(), attempts.finish()), input, options.contextLines());
        }
    }

    /**
     * A report of a bundle analysed while it arrived.
     *
     * @param report            the report, the one {@link #analyze(Path, AnalysisOptions)} gives for the complete file
     * @param readWhileArriving whether it came from reading the bytes as they arrived; false when the complete file had
     *                          to be read again (a damaged zip, one whose central directory disagrees with its local
     *                          headers, an entry that could not be streamed, ...)
     */
    public record Arrived(DiagnosisReport report, boolean readWhileArriving) {}

    /**
     * As {@link #analyze(Path, AnalysisOptions)}, for a bundle whose bytes are still arriving, so that the analysis
     * overlaps the upload instead of following it. The bytes are scanned from {@code arriving} as they come ({@code
     * read} blocks until more are there; the stream ends once the upload is complete, and is not closed here); once it
     * has ended, {@code input} - a file, never a folder - must hold exactly those bytes. What was read is then checked
     * against the complete file ({@link BundleScanner#scanArriving}), and the report is the one {@code analyze(input,
     * options)} gives, byte for byte: built from the arriving read when the check confirms it, else by reading
     * {@code input} again (a zip whose central directory disagrees with its local headers, a damaged zip, an entry
     * whose data could not be streamed...). The context lines are always read from {@code input}.
     *
     * @throws UncheckedIOException      when {@code arriving} fails before its end: the upload broke off, and there is
     *                                   no complete file to report on
     * @throws BundleUnreadableException as {@code analyze} throws it for the complete file ({@link
     *                                   SeveralMachinesException} for a zip of several machines' bundles)
     */
    public static Arrived arrived(Path input, InputStream arriving, AnalysisOptions options)
            throws BundleUnreadableException {
        Collection collection = new Collection(options);
        ArrivingScan scan;
        try {
            scan = BundleScanner.scanArriving(input, arriving, collection.handOff);
        } catch (RuntimeException | Error e) {
            collection.handOff.abandon();
            throw e;
        }
        // Only the complete file says whether it is a zip of several machines: analyze refuses those before reading.
        List<MachineBundles.Part> machines = MachineBundles.of(input);
        if (!machines.isEmpty()) {
            collection.handOff.abandon();
            throw new SeveralMachinesException(machines);
        }
        if (!scan.confirmed()) {
            collection.handOff.abandon();
            return new Arrived(analyze(input, options), false);
        }
        return new Arrived(collection.report(scan.scan(), input, options), true);
    }

    /**
     * Reads the standard rules and knowledge tables now rather than on first use. The command line calls this on a
     * second thread as it starts, so that reading them (a tenth of a second) overlaps picocli's start-up instead of
     * delaying the scan.
     */
    public static void loadStandards() {
        RuleBook.standard();
        ErrorCatalog.standard();
        UpdateCatalog.standard();
    }

    /** Runs the standard rules over evidence already collected from {@code scan}. */
    public static DiagnosisReport diagnose(BundleScan scan, EvidenceStore evidence) {
        return diagnose(scan, evidence, RuleBook.standard());
    }

    /** Runs {@code rules} over evidence already collected from {@code scan}. */
    public static DiagnosisReport diagnose(BundleScan scan, EvidenceStore evidence, RuleBook rules) {
        return diagnose(scan, evidence, rules, Attempts.NONE);
    }

    /** Runs {@code rules} over evidence already collected from {@code scan}, whose servicing attempts are known. */
    public static DiagnosisReport diagnose(BundleScan scan, EvidenceStore evidence, RuleBook rules, Attempts attempts) {
        Verdict verdict = rules.diagnose(evidence, attempts);
        // One pass over the kept events (tens of thousands on a big log) instead of one per question asked of them.
        Map<EventKind, List<Event>> events = new EnumMap<>(EventKind.class);
        List<Event> timed = new ArrayList<>();
        for (Event e : evidence.events()) {
            events.computeIfAbsent(e.kind(), k -> new ArrayList<>()).add(e);
            if (TIMELINE_KINDS.contains(e.kind())
                    && e.time() != null
                    && !Event.APPLICABILITY_CHECK.equals(e.factOrNull(Fact.OPERATION))) {
                timed.add(e);
            }
        }
        Optional<String> build = osBuild(events);
        BundleSummary summary = new BundleSummary(
                scan.input(),
                scan.read(),
                scan.skipped(),
                build,
                attempts(events.getOrDefault(EventKind.UPDATE_ATTEMPT, List.of())),
                evidence.seen(),
                evidence.notKept(),
                benignLines(evidence),
                catalogUse(build),
                machine(scan, events, build));
        // A file cut short is listed as skipped but its lines count: only an input that gave nothing is unread.
        Outcome outcome = scan.read().isEmpty() && evidence.seen() == 0 ? Outcome.NOTHING_READ : verdict.outcome();
        return new DiagnosisReport(
                DiagnosisReport.SCHEMA,
                summary,
                outcome,
                verdict.chain(),
                verdict.history(),
                timeline(timed),
                rounds(attempts, verdict));
    }

    /** Rounds shown in a report: the latest ones, where the current state is. */
    private static final int ROUNDS_SHOWN = 200;

    /**
     * The servicing rounds, oldest first, each with the root finding that explains it: the first root whose own
     * lines, or whose symptoms' lines, were written in that round.
     */
    private static ServicingRound.All rounds(Attempts attempts, Verdict verdict) {
        List<Attempt> all = attempts.chronological();
        List<ServicingRound> rounds = new ArrayList<>();
        for (Attempt a : all.subList(Math.max(0, all.size() - ROUNDS_SHOWN), all.size())) {
            // A failed round's cause is a problem: a check that passed in it ("found healthy") explains no failure,
            // and naming it there read as "failure, cause: check passed". No cause is shown rather than that one.
            boolean failed = "failure".equals(a.result());
            Optional<Finding> cause = verdict.chain().stream()
                    .filter(root -> root.concernsRound(a.label()))
                    .filter(root -> !failed || root.severity() != Severity.INFO)
                    .findFirst()
                    .or(() -> verdict.history().stream()
                            .filter(f -> f.rounds().contains(a.label()))
                            .filter(f -> !failed || f.severity() != Severity.INFO)
                            .findFirst());
            rounds.add(new ServicingRound(
                    a.label(),
                    a.start(),
                    a.end(),
                    a.kind(),
                    a.client(),
                    a.target().map(Diagnosis::update),
                    a.result(),
                    a.code(),
                    new Evidence(a.file(), a.firstLine(), ""),
                    a.failure().map(f -> new Evidence(f.file(), f.line(), f.text())),
                    cause.map(Finding::ruleId),
                    cause.map(Finding::title)));
        }
        return new ServicingRound.All(rounds, attempts.routineSessions() + attempts.dropped());
    }

    /** The catalog in use and whether the machine is newer than anything it knows of the machine's line. */
    private static CatalogUse catalogUse(Optional<String> build) {
        UpdateCatalog catalog = UpdateCatalog.standard();
        Optional<OsBuild> machine = build.flatMap(OsBuild::parse);
        Optional<OsBuild> newest = machine.flatMap(b -> catalog.newest(b.line()));
        boolean newer =
                machine.isPresent() && newest.isPresent() && machine.get().isAfter(newest.get());
        return new CatalogUse(catalog.date().toString(), catalog.source(), newest.map(OsBuild::toString), newer);
    }

    /** A cumulative update's package named by its update when the catalog knows the build it brings. */
    private static String update(String target) {
        Optional<OsBuild> build = OsBuild.ofCumulativePackage(target);
        return build.flatMap(b -> UpdateCatalog.standard().bringing(b).map(u -> u.kb() + " (" + b + ")"))
                .orElse(target);
    }

    /** The known-benign lines the readers set aside, one count per shape, the most frequent first. */
    private static List<BenignLineCount> benignLines(EvidenceStore evidence) {
        Map<String, BenignLineCount> byShape = new LinkedHashMap<>();
        for (EvidenceStore.GroupCount g : evidence.groups(EventKind.BENIGN_LINE)) {
            String shape = g.first().fact(Fact.BENIGN).orElse("?");
            BenignLineCount earlier = byShape.get(shape);
            Localized reason = BenignLines.standard()
                    .byId(shape)
                    .map(s -> new Localized(s.reasonEn(), s.reasonZh()))
                    .orElse(Localized.same(shape));
            if (earlier == null) {
                byShape.put(shape, new BenignLineCount(shape, reason, g.count(), evidence(g.first())));
            } else {
                Evidence first = earlier.example().line() <= g.first().source().line()
                                && earlier.example()
                                        .file()
                                        .equals(g.first().source().file())
                        ? earlier.example()
                        : evidence(g.first());
                byShape.put(shape, new BenignLineCount(shape, reason, earlier.lines() + g.count(), first));
            }
        }
        return byShape.values().stream()
                .sorted(Comparator.comparingLong(BenignLineCount::lines)
                        .reversed()
                        .thenComparing(BenignLineCount::shape))
                .toList();
    }

    /**
     * The machine as the bundle states it: systeminfo's host name wins over the collector's name (a bundle renamed
     * or collected on another machine keeps its systeminfo), then the input's name, then a folder inside it.
     */
    private static Machine machine(BundleScan scan, Map<EventKind, List<Event>> events, Optional<String> build) {
        Optional<String> stated = machineFact(events, Fact.HOST);
        Optional<String> named = stated.isPresent()
                ? Optional.empty()
                : CollectorName.host(
                                Path.of(scan.input()).getFileName() == null
                                        ? scan.input()
                                        : Path.of(scan.input()).getFileName().toString())
                        .or(() -> scan.read().stream()
                                .map(f -> CollectorName.host(f.path()))
                                .flatMap(Optional::stream)
                                .findFirst());
        Optional<String> host = stated.or(() -> named);
        Optional<String> source =
                stated.isPresent() ? Optional.of(Machine.FROM_SYSTEMINFO) : named.map(n -> Machine.FROM_COLLECTOR_NAME);
        return new Machine(host, source, build, machineFact(events, Fact.EDITION));
    }

    private static Optional<String> machineFact(Map<EventKind, List<Event>> events, Fact fact) {
        return events.getOrDefault(EventKind.MACHINE, List.of()).stream()
                .map(e -> e.fact(fact))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** The highest build any source states ({@link OsBuild#highest}); rules read the same as {@code machine.build}. */
    private static Optional<String> osBuild(Map<EventKind, List<Event>> events) {
        return MachineBuild.of(events.getOrDefault(EventKind.OS_BUILD, List.of()).stream())
                .map(OsBuild::toString);
    }

    /** Two records of one attempt are at most this far apart (the WU log's failure and END lines, ReportingEvents). */
    private static final Duration SAME_ATTEMPT = Duration.ofMinutes(2);

    /**
     * Update attempts in time order, one per attempt: WindowsUpdate.log states a failure on the failing line and
     * again on the phase's END line, and ReportingEvents.log repeats it, so records that agree on update, phase,
     * outcome and code within {@link #SAME_ATTEMPT} are one attempt, cited by its first line.
     */
    private static List<UpdateAttempt> attempts(List<Event> events) {
        List<UpdateAttempt> attempts = new ArrayList<>();
        events.stream()
                .sorted(Comparator.comparing((Event e) -> e.timestamp().isEmpty())
                        .thenComparing(
                                e -> e.timestamp().orElse(null), Comparator.nullsLast(Comparator.naturalOrder())))
                .map(e -> new UpdateAttempt(
                        e.fact(Fact.KB),
                        e.fact(Fact.PHASE).orElse("unknown"),
                        e.fact(Fact.RESULT).orElse("unknown"),
                        e.fact(Fact.CODE),
                        e.timestamp(),
                        evidence(e)))
                .forEach(attempt -> {
                    if (!recorded(attempts, attempt)) {
                        attempts.add(attempt);
                    }
                });
        return List.copyOf(attempts);
    }

    /** Whether {@code attempt} repeats one of {@code kept}; both are in time order, so only the last few can. */
    private static boolean recorded(List<UpdateAttempt> kept, UpdateAttempt attempt) {
        for (int i = kept.size() - 1; i >= 0; i--) {
            UpdateAttempt earlier = kept.get(i);
            if (sameAttempt(earlier, attempt)) {
                return true;
            }
            if (earlier.time().isPresent()
                    && attempt.time().isPresent()
                    && earlier.time().get().isBefore(attempt.time().get().minus(SAME_ATTEMPT))) {
                return false;
            }
        }
        return false;
    }

    private static boolean sameAttempt(UpdateAttempt a, UpdateAttempt b) {
        return a.time().isPresent()
                && b.time().isPresent()
                && a.kb().equals(b.kb())
                && a.phase().equals(b.phase())
                && a.outcome().equals(b.outcome())
                && a.code().equals(b.code())
                && Duration.between(a.time().get(), b.time().get()).abs().compareTo(SAME_ATTEMPT) <= 0;
    }

    /**
     * The latest {@link #TIMELINE_MAX} entries in time order: the failure being diagnosed is the newest part. The
     * events come in reading order, which the stable sort keeps among the lines of one second.
     */
    private static List<TimelineEntry> timeline(List<Event> timedInReadingOrder) {
        return LatestInTime.of(timedInReadingOrder, TIMELINE_MAX).stream()
                .map(e -> {
                    Map<String, String> facts = new LinkedHashMap<>();
                    e.facts().forEach((k, v) -> facts.put(k.key(), v));
                    return new TimelineEntry(
                            e.timestamp().orElseThrow(), e.kind().name(), facts, evidence(e));
                })
                .toList();
    }

    private static Evidence evidence(Event e) {
        return new Evidence(e.source().file(), e.source().line(), e.source().text());
    }
}
