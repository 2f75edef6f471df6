package com.patchdesk.diagnosis.read;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the servicing stack's own log lines say, shared by CBS.log, CbsPersist_*.log and DISM.log
 * (DISM.log repeats CBS and CSI lines of DISM sessions, and CBS.log carries DISM lines). One instance
 * reads one file. Every check starts with a cheap {@code indexOf} so that the expressions run only on
 * the few lines that can match: most lines of a CBS.log say nothing a diagnosis needs.
 *
 * <p>A CBS.log says the same things over and over: every session re-reads the applicability and state of the same
 * packages, in lines that differ only in their timestamp. What a line says is remembered by its level, source and
 * text (for the lines whose findings depend on nothing but themselves), so a repeat costs a look-up, not the checks.
 */
final class ServicingLogAnalysis {

    private static final Pattern STACK = Pattern.compile("Loaded Servicing Stack v(\\d+\\.\\d+\\.\\d+\\.\\d+)");
    /** {@code Build: 22621.1.amd64fre.ni_release.220506-1250}. */
    private static final Pattern IMAGE_BUILD = Pattern.compile("^Build: (\\d{4,5}\\.\\d+)\\.[a-z0-9]+fre\\b");
    /** The build part of {@code 10.0.22621.3801}, {@code 6.1.7601.23505} or {@code 22621.1}. */
    private static final Pattern BASE_BUILD = Pattern.compile("^(?:\\d+\\.\\d+\\.)?(\\d{4,5})\\.\\d+$");

    /**
     * The same failure as Windows 10 and later state it when CSI gives up on the installer and rolls back: {@code (F)
     * Failed execution of queue item Installer: HTTP Installer ({...}) with HRESULT HRESULT_FROM_WIN32(1058).  Failure
     * will not be ignored: A rollback will be initiated ...}. One whose failure "will be ignored" changed nothing.
     */
    private static final Pattern AI_QUEUE_FAILURE = Pattern.compile(
            "Failed execution of queue item Installer: (.+?) \\(\\{[^}]*\\}\\) with HRESULT (\\S+?)\\.?\\s+Failure will not be ignored");

    private static final Pattern DRIVER_RESULT = Pattern.compile(
            "Recording result: 0[xX]([0-9A-Fa-f]{1,8}), for Inf: (\\S+\\.inf)\\b", Pattern.CASE_INSENSITIVE);

    private static final Pattern AI_FAILURE =
            Pattern.compile("Installer: ([^\\t]+?)\\s+Binary Name: (\\S+)\\s+ErrorCode: (?:0x)?([0-9A-Fa-f]{8})\\b");
    /**
     * A line that says there is none: "No component store corruption detected", "Exec: Will not run corruption
     * repair because no store corruption found".
     */
    private static final Pattern NO_CORRUPTION =
            Pattern.compile("No component store corruption detected|because no (?:store )?corruption (?:was )?found");

    /**
     * CSI at level Error, failing to open a component's own folder of the store (or a file in it) because it is not
     * there: {@code (F) STATUS_OBJECT_NAME_NOT_FOUND #1442392# from ...SysCreateFile(... on:[120]"\??\C:\Windows\WinSxS
     * \x86_microsoft-windows-i..l-keyboard-0000420_31bf3856ad364e35_6.0.6000.16386_none_e499ad916795d771"; ...)}: a
     * payload of the store is missing (a Vista SFC run that stopped there; x02 in eval/real-excerpts-team). Folders
     * of the store that are no component's ({@code WinSxS\Temp}, {@code Manifests}, {@code Backup}) do not match.
     */
    private static final Pattern MISSING_COMPONENT_FOLDER = Pattern.compile(
            "STATUS_OBJECT_(?:NAME|PATH)_NOT_FOUND\\b.*\\\\WinSxS\\\\((?:amd64|x86|wow64|msil|arm64|arm)_[^\\\\\"\\s]+_"
                    + "[0-9a-f]{16}_\\d+\\.\\d+\\.\\d+\\.\\d+_[^\\\\\"\\s]+)",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern REBOOT_YES = Pattern.compile("(?i)reboot required\\s*[:=]\\s*(?:yes|true)\\b");
    private static final Pattern QUOTED_FILE =
            Pattern.compile("\\[l:\\d+\\]'([^']+)'|'([^'\\\\/]+\\.[A-Za-z0-9]{1,8})'");
    private static final Pattern PATH_FILE =
            Pattern.compile("[\\\\/]([A-Za-z0-9_.\\-]+\\.[A-Za-z0-9]{1,8})(?=[\\s,\\]'\"]|$)");
    private static final Pattern NAMED_FILE = Pattern.compile("\\bfile ([A-Za-z0-9_\\-]+\\.[A-Za-z0-9]{1,8})\\b");
    /**
     * How many distinct lines are remembered, and up to which length: several thousand cover the packages and
     * components a log keeps repeating, in a few MB as logs go (8 MB of text at worst, and as much again in the table
     * of their bytes, {@link RememberedLines}). A dense real mix re-reads the state of more packages than
     * 2,048 lines hold (5,139 distinct state lines in its first 400,000), and each line forgotten was analysed again
     * and grouped again by value: 8,192 took a fifth off the CPU time of 256 MB, and 32,768 no more off that and less
     * off a GiB (docs/performance-history.md, "Second pass").
     */
    private static final int REMEMBERED_LINES = 8_192;

    private static final int REMEMBERED_TEXT_CHARS = 1_024;
    /** A line that gave more events than this (a list of codes, say) is not remembered, to keep the memory small. */
    private static final int REMEMBERED_EVENTS = 4;
    /** A delta failure is often spread over a few CSI lines: the file on one, the error on the next. */
    private static final int DELTA_CONTEXT_LINES = 20;

    private static final Pattern TEXT_COMPONENT =
            Pattern.compile("\\bof ([A-Za-z0-9.\\-_]+), version (\\d+\\.\\d+\\.\\d+\\.\\d+)");
    private static final Pattern COUNT = Pattern.compile(":\\s*(\\d{1,15})\\b");
    private static final Pattern FREE = Pattern.compile(
            "(?i)(?:free(?: disk)? space[^0-9]{0,32}|has )(?<![\\w.\\\\])(\\d{1,3}(?:,\\d{3}){1,4}|\\d{1,15})(?![\\d,])\\]?\\s*(bytes|[KMGT]B?)?\\b");
    /**
     * An amount that is a requirement or a share, not what is free: Setup's "Desired Post upgrade free space: [2281] MB",
     * "Post upgrade free space percentage: [2281] MB" (its "Free space on System Drive: [62405] MB" is the amount).
     */
    private static final Pattern NOT_AN_AMOUNT_FREE =
            Pattern.compile("(?i)desired|percentage|required|requirement|needed|\\bneeds?\\b");
    /** A shortage denied: Setup's "We are not low on disk space", ConX's "checked InsufficientDiskSpace, found NoIssue". */
    private static final Pattern NO_SHORTAGE =
            Pattern.compile("(?i)\\bnot (?:under )?(?:low|insufficient)|found NoIssue");
    /** Words that state a shortage, not only an amount ("System volume has 400G free disk space" is an amount). */
    private static final Pattern SHORTAGE = Pattern.compile(
            "(?i)not enough|insufficient|too little|low (?:on )?disk|disk (?:is )?full|DISK_FULL|out of (?:disk )?space");

    private static final Pattern ROLLUP_BUILD = Pattern.compile("~~?(\\d{4,5}\\.\\d+)\\.\\d+\\.\\d+$");
    private static final Pattern SR_REPAIRING = Pattern.compile("\\[SR\\] Repairing (\\d+) component");

    private static final BenignLines BENIGN = BenignLines.standard();

    private static final Pattern DISM_COMMAND = Pattern.compile("Executing command line: (.*)$");

    private final LineEmitter out;
    /** The checks this log's lines get ({@link ServicingChecks}). */
    private final List<ServicingChecks.Check> checks;

    private ServicingLine previous;
    private long detectedCorruption = -1;
    private boolean detectOnly;
    /** The features an enable or disable named (dismApiCall), whose states DISM reads later (dismFeatureState). */
    private final java.util.Set<String> changedFeatures = new java.util.HashSet<>();

    /** More features than a log's enables and disables name: a bound, not a limit anyone meets. */
    private static final int CHANGED_FEATURES = 10_000;

    /** The driver Setup's migration is at (setupDriverMigration), when, and its catalog's oemNN name. */
    private String migratingDriver;

    private LocalDateTime migratingSince;
    private String migratingInf;
    private String deltaFile;
    private String deltaComponent;
    private String deltaVersion;
    private long deltaLine = -DELTA_CONTEXT_LINES - 1;
    /** The line of CSI's last "Hydration failed with error … Delta Type: Reverse Delta" (hydration). */
    private long reverseDeltaLine = -2;

    private final LineClock clock = new LineClock();
    /** What recent lines said, least recently repeated first (the eldest is dropped past {@link #REMEMBERED_LINES}). */
    private final Map<Said, RememberedLines.Line> said = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Said, RememberedLines.Line> eldest) {
            return size() > REMEMBERED_LINES;
        }
    };
    /** The same lines, told by their bytes where the file's parts are gated ({@link ServicingGate#admit}). */
    private final RememberedLines remembered = new RememberedLines(REMEMBERED_LINES);
    /** The events of the line being analysed, while it may be remembered. */
    private List<Emission> emitted;
    /** What the gate found on the line being analysed ({@link ServicingGate#admit}), or {@link LineGate#ADMITTED}. */
    private long found = LineGate.ADMITTED;
    /** Whether the line being analysed read or changed what the lines before it left (store check, delta context). */
    private boolean usedState;
    /** The package CBS said it is staging ("Exec: Staging Package: …"), until the next one. */
    private ServicingIdentities.PackageId staging;
    /**
     * Whether the line being analysed named a session as it began or ended. Its session id is new, so the line never
     * comes again: remembering it only pushed out a line that does. On the real Windows 7 sample a session begins
     * every fourth line (1.27 million of the 1.58 million lines remembered in a GiB of the real mix).
     */
    private boolean opensOrClosesSession;

    private static final Emission[] NO_EMISSIONS = new Emission[0];

    /** How many DismApi processes' calls are kept: a log interleaves two or three at a time. */
    private static final int DISM_PROCESSES = 16;
    /** The DISM operation under way, the last one started ({@link DismCall}). */
    private DismCall dismCall;
    /** The Setup run the lines are in ({@link #setupRunStarts}), or null where the log shows no run's start. */
    private String setupRun;
    /** The round of the DISM.exe command under way ({@link #dismCommand}), until its image session is closed. */
    private String commandSession;
    /** That command's line, its operation, and the code of the first Error line that failed in it. */
    private String commandLine;

    private String commandOperation;
    private String commandCode;
    /**
     * The DismApi call each client process is at, by its PID: DismApi's own lines name their process, and another
     * client's call may start while one runs. The host's lines (DISM Package Manager, another PID) take the last call.
     */
    private final Map<String, DismCall> dismCalls = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DismCall> eldest) {
            return size() > DISM_PROCESSES;
        }
    };

    ServicingLogAnalysis(LineEmitter out) {
        this(out, ServicingChecks.SERVICING_RUN);
    }

    ServicingLogAnalysis(LineEmitter out, List<ServicingChecks.Check> checks) {
        this.out = out;
        this.checks = checks;
    }

    /** A gate for this analysis's file, whose parts' gates tell the lines this analysis remembers by their bytes. */
    ServicingGate gate() {
        return ServicingGate.forFile(remembered);
    }

    /**
     * A line a {@link ServicingGate} let through, with its note: a continuation line takes level and source from the
     * last stamped line before it, also when the gate turned that line down.
     */
    ServicingLine line(String raw, long number, Object gateNote, long found) {
        return line(raw, number, gateNote, found, null);
    }

    /**
     * As {@link #line(String, long, Object, long)}, with what the gate prepared for the line
     * ({@link ServicingGate#prepare}): the line parsed with its note's columns, as this would parse it, or a remembered
     * line the gate recognised (then the columns of the line, with no text, are returned).
     */
    ServicingLine line(String raw, long number, Object gateNote, long found, Object prepared) {
        if (gateNote instanceof ServicingGate.Carry carry && carry.line() != null) {
            previous = carry.line();
        }
        if (prepared instanceof RememberedLines.Line known) {
            // A stamped line the gate told by its bytes: its note's columns are its own, and its events are known.
            give(known.emissions, raw, number);
            return previous;
        }
        this.found = found;
        try {
            return line(prepared instanceof ServicingLine p ? p : ServicingLine.parse(raw, previous), raw, number);
        } finally {
            this.found = LineGate.ADMITTED;
        }
    }

    private void give(Emission[] emissions, String raw, long number) {
        if (emissions.length > 0) {
            LocalDateTime time = clock.ofStamped(raw);
            for (Emission e : emissions) {
                out.emit(e.kind(), number, raw, time, e.facts());
                if (commandSession != null) {
                    inCommand(e.kind(), e.facts());
                }
            }
        }
    }

    /** The line just parsed, for readers that look at more than this class does. */
    ServicingLine line(String raw, long number) {
        return line(ServicingLine.parse(raw, previous), raw, number);
    }

    private ServicingLine line(ServicingLine l, String raw, long number) {
        previous = l;
        // A line on which the gate found "Session: " names a session as it begins or ends (new ids, never repeated),
        // or seldom says anything else: it is analysed, not looked up.
        Said key = l.text().length() > REMEMBERED_TEXT_CHARS
                        || (found != LineGate.ADMITTED && (found & ServicingChecks.SESSION_BIT) != 0)
                ? null
                : new Said(l.stamped(), l.level(), l.source(), l.text());
        RememberedLines.Line known = key == null ? null : said.get(key);
        if (known != null) {
            for (Emission e : known.emissions) {
                out.emit(e.kind(), number, raw, clock.of(l), e.facts());
                if (commandSession != null) {
                    inCommand(e.kind(), e.facts());
                }
            }
        } else {
            analyseAndRemember(l, number, key);
        }
        return l;
    }

    /** Kept apart from {@link #line}, which is mostly a look-up, so that the compiler keeps that one small. */
    private void analyseAndRemember(ServicingLine l, long number, Said key) {
        if (key == null) {
            analyse(l, number);
            return;
        }
        emitted = new ArrayList<>(2);
        usedState = false;
        opensOrClosesSession = false;
        try {
            analyse(l, number);
            if (!usedState && !opensOrClosesSession && emitted.size() <= REMEMBERED_EVENTS) {
                RememberedLines.Line line = new RememberedLines.Line(
                        key.stamped(), key.level(), key.source(), key.text(), emitted.toArray(NO_EMISSIONS));
                said.put(key, line);
                remembered.add(line, said.values());
            }
        } finally {
            emitted = null;
        }
    }

    /** A line as the checks see it: what it says depends on these alone (the timestamp apart). */
    private record Said(boolean stamped, String level, String source, String text) {
        // Written out: the generated ones go through method handles, which cost this hot look-up compile time.
        @Override
        public int hashCode() {
            return (text.hashCode() * 31 + Objects.hashCode(level)) * 31 + Objects.hashCode(source) + (stamped ? 1 : 0);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Said s
                    && stamped == s.stamped
                    && text.equals(s.text)
                    && Objects.equals(level, s.level)
                    && Objects.equals(source, s.source);
        }
    }

    /** One event a line gave, to give again for a repeat of the line. */
    record Emission(EventKind kind, FactMap facts) {}

    private void analyse(ServicingLine l, long number) {
        String t = l.text();

        // Where the gate found no word a code needs, there is none to look for.
        List<ErrorCodes.Mention> codes =
                found != LineGate.ADMITTED && (found & ServicingChecks.CODE_BITS) == 0 ? List.of() : ErrorCodes.find(t);
        Optional<BenignLines.Shape> benign = BENIGN.match(t);
        if (benign.isPresent()) {
            // Routine on healthy machines: counted, never read for failures, however bad it sounds.
            emit(
                    EventKind.BENIGN_LINE,
                    l,
                    number,
                    new Facts()
                            .put(Fact.BENIGN, benign.get().id())
                            .put(
                                    Fact.CODE,
                                    codes.isEmpty() ? null : codes.get(0).code()));
            return;
        }
        if (!l.stamped()
                && !l.columned()
                && t.strip().startsWith("[gle=")
                && t.strip().endsWith("]")) {
            // CSI's last Win32 error wrapped onto a line of its own: it belongs to the line before, which states the
            // failure (ErrorCodes.lastErrorsLast), and is usually E_FAIL whatever failed.
            return;
        }
        LineView v = new LineView(l, number, codes, found);
        for (ServicingChecks.Check check : checks) {
            if (check.appliesTo(v)) {
                check.action().run(this, v);
            }
        }
    }

    /**
     * A line as the checks of {@link ServicingChecks} see it: the parsed line, its number, its error codes, and what
     * several checks share, worked out once and only when a check asks.
     */
    static final class LineView {
        private final ServicingLine line;
        private final long number;
        private final List<ErrorCodes.Mention> codes;
        private final long found;
        private ServicingIdentities.PackageId pkg;
        private boolean pkgRead;
        private List<ServicingIdentities.ComponentId> components;

        LineView(ServicingLine line, long number, List<ErrorCodes.Mention> codes, long found) {
            this.line = line;
            this.number = number;
            this.codes = codes;
            this.found = found;
        }

        /** The words of the checks the gate found on the line ({@link ServicingChecks#bit}), or {@link LineGate#ADMITTED}. */
        long found() {
            return found;
        }

        ServicingLine line() {
            return line;
        }

        String text() {
            return line.text();
        }

        long number() {
            return number;
        }

        List<ErrorCodes.Mention> codes() {
            return codes;
        }

        String firstCode() {
            return codes.isEmpty() ? null : codes.get(0).code();
        }

        /** The first package identity on the line, or null. */
        ServicingIdentities.PackageId pkg() {
            if (!pkgRead) {
                pkg = ServicingIdentities.firstPackage(line.text());
                pkgRead = true;
            }
            return pkg;
        }

        /** The component identities of the line where something failed there; none elsewhere. */
        List<ServicingIdentities.ComponentId> components() {
            if (components == null) {
                String t = line.text();
                // The token test comes first as it is rarely true.
                boolean failureContext = ServicingIdentities.mayHaveComponent(t)
                        && (line.isError()
                                || t.indexOf("ail") >= 0
                                || t.indexOf("rror") >= 0
                                || t.indexOf("orrupt") >= 0
                                || t.indexOf("issing") >= 0
                                || t.indexOf("not found") >= 0
                                || t.indexOf("do not match") >= 0
                                || t.indexOf("annot repair") >= 0
                                || !codes.isEmpty());
                components = failureContext ? ServicingIdentities.components(t) : List.of();
            }
            return components;
        }
    }

    void servicingStack(LineView v) {
        Matcher m = STACK.matcher(v.text());
        if (m.find()) {
            emit(EventKind.SERVICING_STACK, v.line(), v.number(), new Facts().put(Fact.SSU_VERSION, m.group(1)));
            baseBuild(v.line(), v.number(), m.group(1), "the servicing stack's version");
        }
    }

    void imageBuild(LineView v) {
        Matcher m = IMAGE_BUILD.matcher(v.text());
        if (m.find()) {
            baseBuild(v.line(), v.number(), m.group(1), "the build string CBS logs at start-up");
        }
    }

    void packageState(LineView v) {
        String t = v.text();
        ServicingIdentities.PackageId pkg = v.pkg();
        if (pkg != null && (t.indexOf("tate") >= 0 || t.indexOf("current: ") >= 0)) {
            packageState(v.line(), v.number(), t, pkg);
        }
    }

    void store(LineView v) {
        String t = v.text();
        if (t.indexOf("orrupt") >= 0
                || t.indexOf("issing") >= 0
                || t.indexOf("[SR]") >= 0
                || t.indexOf("do not match") >= 0
                || t.indexOf("Operation: Detect") >= 0
                || (v.line().isError()
                        && t.indexOf("_NOT_FOUND") >= 0
                        && (t.indexOf("WinSxS") >= 0 || t.indexOf("winsxs") >= 0 || t.indexOf("WINSXS") >= 0))) {
            store(v.line(), v.number(), t, v.pkg(), v.components());
        }
    }

    void delta(LineView v) {
        String t = v.text();
        if (t.indexOf("ELTA") >= 0 || t.indexOf("elta") >= 0 || hasCode(v.codes(), "0x800F0986")) {
            delta(v.line(), v.number(), t, v.codes(), v.components());
        }
    }

    void reboot(LineView v) {
        String t = v.text();
        if (t.indexOf("eboot") >= 0 || t.indexOf("ending.xml") >= 0) {
            reboot(v.line(), v.number(), t);
        }
    }

    /**
     * A driver of the update that the driver operations queue could not install at startup, with its result: {@code
     * Doqe: Recording result: 0x8007000d, for Inf: mshdc.inf} (Microsoft Learn, "Error ERROR_INVALID_DATA at startup
     * after installing updates" and "Error 0x80070003 at startup after you install a Windows update").
     */
    void driverResult(LineView v) {
        Matcher m = DRIVER_RESULT.matcher(v.text());
        // A failure HRESULT only: a success with information (0x00000BC2, a restart needed) fails nothing.
        if (m.find()) {
            failedWith(v, m.group(1), "install driver", Fact.FILE, m.group(2));
        }
    }

    /** A failed operation of the line with its code (eight hex digits), when the code is a failure HRESULT. */
    private void failedWith(LineView v, String hexDigits, String operation, Fact fact, String value) {
        long code = Long.parseLong(hexDigits, 16);
        if (code >= 0x80000000L) {
            failed(
                    v,
                    new Facts()
                            .put(Fact.CODE, ErrorCodes.hex(code))
                            .put(Fact.OPERATION, operation)
                            .put(fact, value));
        }
    }

    /**
     * Setup's result as it ends an upgrade: "Finalize: Remapping install error [0x80070032] -> [0xC1900108] for
     * telemetry". The first code is what failed; the second is the one Setup reports (and Windows Update shows).
     */
    void setupResult(LineView v) {
        Matcher m = SETUP_RESULT.matcher(v.text());
        if (m.find()) {
            failedWith(
                    v, m.group(1), SETUP_RESULT_OPERATION, Fact.DETAIL, ErrorCodes.hex(Long.parseLong(m.group(2), 16)));
        }
    }

    /**
     * "Exec: Staging Package: Package_3_for_KB2706045~31bf3856ad364e35~amd64~~6.1.1.0, Update: …": remembered for a
     * file found missing while it is staged, which then names the package it belongs to (the one to remove and
     * install again on Windows 7; a10 in eval/real-excerpts-team). No event of its own.
     */
    void stagingPackage(LineView v) {
        ServicingIdentities.PackageId pkg = ServicingIdentities.firstPackage(v.text());
        if (pkg != null) {
            staging = pkg;
        }
        usedState = true;
    }

    /**
     * Setup's "MigChoice: Selected install choice is not available." (setuperr.log, no code on the line): the text of
     * MOSETUP_E_COMPAT_MIGCHOICE_BLOCK, 0xC1900204 (Microsoft's "Windows upgrade error codes": the migration choice
     * selected is not available), which Setup reports for it.
     */
    void setupMigrationChoice(LineView v) {
        failed(
                v,
                new Facts()
                        .put(Fact.CODE, "0xC1900204")
                        .put(Fact.OPERATION, "keep the apps and files (MigChoice)")
                        .put(Fact.DETAIL, "Selected install choice is not available"));
    }

    /**
     * Setup's driver migration and a cancel by the user: {@code MIG AddDriverFiles: Processing driver: HP Dock Audio,
     * Synaptics, Synaptics}, {@code AddInfAndCatalog: Adding catalog file: …\oem26.cat}, then nothing for minutes, then
     * {@code MOUPG CInstallUI::ConfirmCanceled: User cancel confirmed}. Setup writes a line per driver it migrates, so a
     * driver still the last one {@link #STALLED} and more after its line is where Setup stopped progressing; the
     * 0x800704D3 (ERROR_REQUEST_ABORTED) lines after the cancel are the cancel, not the cause (c04 in
     * eval/real-excerpts-team: an HP dock's audio driver, fixed by disconnecting the dock and removing the driver).
     */
    void setupDriverMigration(LineView v) {
        usedState = true;
        String t = v.text();
        LocalDateTime time = clock.of(v.line());
        Matcher driver = MIGRATING_DRIVER.matcher(t);
        if (driver.find()) {
            migratingDriver = driver.group(1).strip();
            migratingSince = time;
            migratingInf = null;
            return;
        }
        if (t.indexOf("Entering AddPnPLockDownFiles") >= 0) {
            // The drivers are done: Setup went on (m02 in eval/real-excerpts-team writes 88,000 lines after it), so a
            // later cancel is no stop at the last driver.
            migratingDriver = null;
            return;
        }
        Matcher catalog = MIGRATING_CATALOG.matcher(t);
        if (catalog.find()) {
            migratingInf = catalog.group(1).toLowerCase(Locale.ROOT) + ".inf";
            return;
        }
        if (t.indexOf("User cancel confirmed") < 0) {
            return;
        }
        boolean stalled = migratingDriver != null
                && migratingSince != null
                && time != null
                && !time.isBefore(migratingSince.plus(STALLED));
        failed(
                v,
                new Facts()
                        .put(Fact.CODE, "0x800704D3")
                        .put(Fact.SYMBOL, "ERROR_REQUEST_ABORTED")
                        .put(Fact.OPERATION, "upgrade cancelled by the user")
                        .put(Fact.PHASE, stalled ? "driver migration" : null)
                        .put(Fact.DETAIL, stalled ? migratingDriver : null)
                        .put(Fact.FILE, stalled ? migratingInf : null));
        migratingDriver = null;
    }

    /** How long after its last driver line Setup's migration counts as stopped: it writes several a second. */
    private static final java.time.Duration STALLED = java.time.Duration.ofMinutes(1);

    private static final Pattern MIGRATING_DRIVER =
            Pattern.compile("AddDriverFiles: Processing driver: ([^\\r\\n]{1,300})");
    private static final Pattern MIGRATING_CATALOG =
            Pattern.compile("AddInfAndCatalog: Adding catalog file: .{0,300}?\\\\(oem\\d{1,5})\\.cat\\b");

    /**
     * Sysprep's "Package Microsoft.LanguageExperiencePackzh-CN_19041.3.8.0_neutral__8wekyb3d8bbwe was installed for a
     * user, but not provisioned for all users." (SYSPRP, Sysprep\Panther\setupact.log): generalize stops, and the next
     * lines give 0x80073CF2 ("Failed to remove apps for the current user"). Microsoft's KB2769827 names this package as
     * the one to remove for the user (o11 in eval/real-excerpts-team).
     */
    void sysprepAppNotProvisioned(LineView v) {
        Matcher m = APPX_NOT_PROVISIONED.matcher(v.text());
        if (m.find()) {
            failed(
                    v,
                    new Facts()
                            .put(Fact.CODE, "0x80073CF2")
                            .put(Fact.OPERATION, "Sysprep generalize")
                            .put(Fact.LEVEL, v.line().isError() ? "Error" : null)
                            .put(Fact.DETAIL, m.group(1))
                            // The app's name (its full name up to the version), as provisioning lists it.
                            .put(Fact.TITLE, m.group(1).split("_", 2)[0]));
        }
    }

    /**
     * CBS's watchdog: servicing made no progress for its time-out (15 minutes by default) and TrustedInstaller gives up
     * on it. {@code Setting HangDetect value to 3} (the value Microsoft quotes; no other is known from a real log) then
     * {@code Startup: will attempt a restart to recover} (Microsoft Learn, "Troubleshoot 'Shutdown in Progress' Windows error 0x8007045b"), or at shutdown {@code Shtd: Timed out
     * waiting for shutdown processing to complete - no progress detected in last 900000 milliseconds} (KB3064434).
     * After the restart CBS says so: {@code Startup: A possible hang was detected on the last boot. [HRESULT =
     * 0x800f0920 …]}, {@code Startup: No progress detected while needing to process the advanced operation queue,
     * rolling back …} (g05 in eval/real-excerpts-team). The update is rolled back; CBS_E_HANG_DETECTED is what Windows
     * Update then reports. "Clearing HangDetect value" is CBS's routine reset and says nothing.
     */
    void hangDetected(LineView v) {
        Matcher m = HANG.matcher(v.text());
        if (m.find()) {
            failed(
                    v,
                    new Facts()
                            .put(Fact.CODE, "0x800F0920")
                            .put(Fact.SYMBOL, "CBS_E_HANG_DETECTED")
                            .put(Fact.OPERATION, "hang detection")
                            .put(Fact.PHASE, m.group().startsWith("Timed out") ? "shutdown" : "startup")
                            .put(Fact.DETAIL, m.group().strip()));
        }
    }

    private static final Pattern HANG =
            Pattern.compile("Setting HangDetect value to 3\\b|A possible hang was detected on the last boot"
                    + "|No progress detected while needing to process the [a-z ]{1,60}queue"
                    + "|Timed out waiting for shutdown processing to complete"
                    + "(?: - no progress detected in last \\d{1,12} millisec(?:ond)?s)?");

    /**
     * A feature (a selectable update of a package) turned on or off: {@code Reporting selectable update change for
     * package: Microsoft-Windows-Deployment-Services-Package~…~6.3.9600.16384, update:
     * Microsoft-Windows-Deployment-Services, start: Installed, applicable: Resolved, target: Resolved}. As the event
     * log's selectable-update events ({@link SetupEventsReader}): a {@link EventKind#PACKAGE_STATE} with the feature,
     * the states and "turning off" (from Installed to below it) or "turning on" (to Installed), so a failure of the
     * package's change can be told as the removal or the addition of a role (u09 in eval/real-excerpts-team).
     */
    void featureChange(LineView v) {
        Matcher m = FEATURE_CHANGE.matcher(v.text());
        ServicingIdentities.PackageId pkg = v.pkg();
        if (!m.find() || pkg == null) {
            return;
        }
        String from = PackageStates.name(m.group(2));
        String target = PackageStates.name(m.group(3));
        boolean on = "Installed".equals(target) && !"Installed".equals(from);
        boolean off = "Installed".equals(from) && !"Installed".equals(target);
        Facts f = new Facts()
                .put(Fact.FEATURE, m.group(1))
                .put(Fact.FROM_STATE, from)
                .put(Fact.TARGET_STATE, target)
                .put(Fact.DETAIL, on ? "turning on" : off ? "turning off" : null);
        withPackage(f, pkg);
        emit(EventKind.PACKAGE_STATE, v.line(), v.number(), f);
    }

    private static final Pattern FEATURE_CHANGE = Pattern.compile(
            "selectable update change for package: [^,]{1,300}, update: ([A-Za-z0-9._-]{1,200}), start: (\\w{1,40}),"
                    + " applicable: \\w{1,40}, target: (\\w{1,40})");

    /**
     * CSI's {@code Couldn't find the hash of component: Microsoft-Windows-BootEnvironment-OS-Loader.Resources, Version =
     * 6.1.7601.23136, pA = …, Culture = …, … in the catalog [l:192{96}]"\SystemRoot\WinSxS\Catalogs\33aa….cat"}: a
     * component of the transaction is not signed by any catalog it staged, and CSI then fails the transaction with
     * CRYPT_E_NOT_FOUND ({@code (F) : Error 80092004 … AddImplicationsToCatalogsAndVerifyComponentHashes}). Written at
     * level Info, so it is read by what it says; the code is CSI's answer to it, given here so the failure lines
     * that follow are explained by it.
     */
    void componentHashNotInCatalog(LineView v) {
        Matcher m = HASH_NOT_IN_CATALOG.matcher(v.text());
        if (m.find()) {
            failed(
                    v,
                    new Facts()
                            .put(Fact.CODE, "0x80092004")
                            .put(Fact.SYMBOL, "CRYPT_E_NOT_FOUND")
                            .put(Fact.OPERATION, "verify component hash")
                            .put(Fact.COMPONENT, m.group(1))
                            .put(Fact.VERSION, m.group(2))
                            .put(Fact.FILE, m.group(3)));
        }
    }

    private static final Pattern HASH_NOT_IN_CATALOG = Pattern.compile(
            "Couldn't find the hash of component: ([A-Za-z0-9.\\-_]{1,200}), Version = (\\d+\\.\\d+\\.\\d+\\.\\d+)"
                    + "(?:.{0,600}? in the catalog [^\"]{0,40}\"(?:[^\"]{0,300}\\\\)?([0-9A-Za-z._-]{1,200}\\.cat)\")?");

    private static final Pattern APPX_NOT_PROVISIONED = Pattern.compile(
            "Package ([A-Za-z0-9._~-]{3,300}) was installed for a user, but not provisioned for all users");

    /**
     * Setup went past its point of no return: "SP Rollback disabled successfully" (an upgrade is committed, the
     * previous Windows cannot come back) or "WinDeploy.exe exiting with code [0x0]" (deployment ended at OOBE). Its
     * error lines before that did not stop it (m01, m05 in eval/real-excerpts-team).
     */
    void setupCompleted(LineView v) {
        String t = v.text();
        boolean committed = t.indexOf("Rollback disabled successfully") >= 0
                && "SP".equals(v.line().source());
        boolean deployed = t.indexOf("[windeploy.exe] WinDeploy.exe exiting with code [0x0]") >= 0;
        if (!committed && !deployed) {
            return;
        }
        emit(
                EventKind.TOOL_RUN,
                v,
                new Facts()
                        .put(Fact.OPERATION, SETUP_OPERATION)
                        .put(Fact.RESULT, "success")
                        .put(Fact.DETAIL, committed ? "committed" : "deployed"));
    }

    /** Windows Setup as the operation of a {@link EventKind#TOOL_RUN}. */
    static final String SETUP_OPERATION = "Windows Setup";

    /** The operation of Setup's result ({@link #setupResult}), as rules match it. */
    static final String SETUP_RESULT_OPERATION = "upgrade by Windows Setup";

    /** CSI's {@code (F) Failed in StartService for [30]"clr_optimization_v4.0.30319_32" with error code 2}. */
    private static final Pattern START_SERVICE = Pattern.compile(
            "Failed in StartService for (?:\\[\\d+\\])?\"([^\"]{1,200})\" with error code (\\d{1,10})\\b");

    /**
     * "Remapping install error [0x80070032] -> [0xC1900108]", and "Remapping disk full error [0x80070070] ->
     * [0xC19001DF]" where Setup ran out of space (w02 in eval/real-excerpts-team).
     */
    private static final Pattern SETUP_RESULT = Pattern.compile(
            "Remapping (?:install|disk full) error \\[0x([0-9A-Fa-f]{8})\\] -> \\[0x([0-9A-Fa-f]{8})\\]");

    void diskSpace(LineView v) {
        String t = v.text();
        // "disk space", "free space", "not enough space"; ERROR_DISK_FULL is 0x80070070.
        if ((t.indexOf("space") >= 0
                        && (t.indexOf("isk space") >= 0
                                || t.indexOf("ree space") >= 0
                                || t.indexOf("enough space") >= 0))
                || t.indexOf("DISK_FULL") >= 0
                || hasCode(v.codes(), "0x80070070")) {
            diskSpace(v.line(), v.number(), t);
        }
    }

    void advancedInstaller(LineView v) {
        advancedInstaller(v.line(), v.number(), v.text());
    }

    void osBuild(LineView v) {
        String build = OsBuilds.find(v.text());
        if (build != null) {
            emit(EventKind.OS_BUILD, v.line(), v.number(), new Facts().put(Fact.OS_BUILD, build));
        }
    }

    void storeVerdict(LineView v) {
        if (v.text().indexOf("omponent store") >= 0) {
            storeVerdict(v.line(), v.number(), v.text());
        }
    }

    void errorCodes(LineView v) {
        List<ServicingIdentities.ComponentId> components = v.components();
        for (ErrorCodes.Mention code : v.codes()) {
            Facts f = new Facts().put(Fact.CODE, code.code()).put(Fact.SYMBOL, code.symbol());
            withPackage(f, v.pkg());
            dismCallFacts(f, v.line());
            if (!components.isEmpty()) {
                f.put(Fact.COMPONENT, components.get(0).identity())
                        .put(Fact.VERSION, components.get(0).version());
            }
            emit(EventKind.ERROR_CODE, v.line(), v.number(), f);
        }
    }

    void components(LineView v) {
        for (ServicingIdentities.ComponentId c : v.components()) {
            Facts f = new Facts()
                    .put(Fact.COMPONENT, c.identity())
                    .put(Fact.VERSION, c.version())
                    .put(Fact.FILE, c.file())
                    .put(Fact.CODE, v.firstCode());
            withPackage(f, v.pkg());
            emit(EventKind.COMPONENT_REFERENCE, v.line(), v.number(), f);
        }
    }

    /** DISM.log: {@code Executing command line: dism.exe /Online /Cleanup-Image /RestoreHealth}. */
    void dismCommand(LineView v) {
        if (v.text().indexOf("Executing command line: ") >= 0) {
            Matcher m = DISM_COMMAND.matcher(v.text());
            if (m.find()) {
                // A DISM.exe command: what its failures are is known only from its own lines.
                usedState = true;
                dismCall = DismCall.COMMAND;
                dismCalls.clear();
                String command = m.group(1).trim();
                String operation = DismCommands.operation(command);
                if (commandSession != null) {
                    // The command before ended without its "Image session has been closed" (a crash, a cut log).
                    endCommand(v, "unfinished");
                }
                // The command is a round of its own, from this line to its "Image session has been closed": what failed
                // in between is its failure, and the report's rounds say how each command ended.
                commandSession = "dism.exe@" + v.number();
                commandLine = command;
                commandOperation = operation;
                commandCode = null;
                emit(
                        EventKind.SESSION,
                        v,
                        new Facts()
                                .put(Fact.SESSION, commandSession)
                                .put(Fact.CLIENT, COMMAND_CLIENT)
                                .put(Fact.OPERATION, operation)
                                .put(Fact.DETAIL, "initialized"));
                emit(
                        EventKind.TOOL_RUN,
                        v,
                        new Facts()
                                .put(Fact.OPERATION, operation)
                                .put(Fact.RESULT, "started")
                                .put(Fact.DETAIL, command));
            }
        }
    }

    /**
     * DISM.log's {@code DISM.EXE: Image session has been closed. Reboot required=no.}: the command begun by the last
     * {@code Executing command line} is over; whether it failed is what its lines between told (the round's failure).
     */
    void dismCommandEnd(LineView v) {
        if (v.text().indexOf("Image session has been closed") >= 0) {
            // Whether the line ends a command depends on what came before it: never remembered by its bytes alone.
            usedState = true;
            if (commandSession != null) {
                endCommand(v, "success");
            }
        }
    }

    /**
     * A Setup run starts: a new Setup process writes to setupact.log. Its events carry the run (as their {@link
     * Fact#SESSION}) until the next one, so that what a run ended with (the user's cancel) speaks for its own lines
     * only: Setup's log holds several runs, one after the other, and a machine's Panther folder weeks of them.
     */
    void setupRunStarts(LineView v) {
        String t = v.text();
        for (String start : SETUP_RUN_STARTS) {
            if (t.indexOf(start) >= 0) {
                usedState = true;
                setupRun = "setup@" + v.number();
                return;
            }
        }
    }

    /**
     * The first line of a Setup process in the real excerpts of eval/real-excerpts-team: the upgrade's host ({@code
     * *************** SetupHost Logging Begin ***************}, w08, m04), a rollback after the restart ({@code SP
     * Initiating rollback/uninstall, phase = 0}, m04), Setup booted from media or in a phase after a restart ({@code
     * IBS InstallWindows:Setup Phase = 2}, m06, m07), and the new Windows' first boot ({@code [windeploy.exe]
     * WinDeploy.exe launched with command-line []...}, m05, m07).
     */
    static final List<String> SETUP_RUN_STARTS = List.of(
            "SetupHost Logging Begin",
            "Initiating rollback/uninstall",
            "InstallWindows:Setup Phase = ",
            "WinDeploy.exe launched with command-line");

    /** The first failure an Error line tells while a DISM.exe command runs is the command's (endCommand). */
    private void inCommand(EventKind kind, java.util.Map<Fact, String> facts) {
        if (commandCode == null && kind == EventKind.FAILED_OPERATION && "Error".equals(facts.get(Fact.LEVEL))) {
            commandCode = facts.get(Fact.CODE);
        }
    }

    private void endCommand(LineView v, String result) {
        String source = commandCode == null ? null : DismCommands.payloadSource(commandLine);
        if (source != null) {
            // A command given a source that failed anyway (dism /Online /Cleanup-Image /RestoreHealth
            // /Source:I:\sources\install.wim /LimitAccess, 14 in the shared corpus): the engineer's next step is not
            // "find a source" but a better one, as the console's telling of the same run says
            // (given-source-lacks-files).
            emit(
                    EventKind.TOOL_RUN,
                    v,
                    new Facts()
                            .put(Fact.OPERATION, commandOperation)
                            .put(Fact.RESULT, "failure")
                            .put(Fact.CODE, commandCode)
                            .put(Fact.PAYLOAD_SOURCE, source)
                            .put(Fact.FEATURE, DismCommands.feature(commandLine))
                            .put(Fact.DETAIL, commandLine));
        }
        emit(
                EventKind.SESSION,
                v,
                new Facts()
                        .put(Fact.SESSION, commandSession)
                        .put(Fact.DETAIL, "finalized")
                        .put(Fact.RESULT, result));
        commandSession = null;
    }

    /** The client of a DISM.exe command's round ({@link #dismCommand}), as the attempts and the report name it. */
    static final String COMMAND_CLIENT = "command";

    /** DismApi.dll's {@code Input parameters: Session: 2, FeatureName: … - DismGetFeatureInfoInternal}: a call starts. */
    void dismApiCall(LineView v) {
        DismCall call = DismCall.started(v.text());
        if (call != null) {
            usedState = true;
            dismCall = call;
            if (call.target() != null && changedFeatures.size() < CHANGED_FEATURES) {
                changedFeatures.add(call.feature());
            }
            String pid = DismCall.pid(v.text());
            if (pid != null) {
                dismCalls.put(pid, call);
            }
        }
    }

    /**
     * DISM's {@code Feature Recall with CBS state 2(CbsInstallStateResolved) being mapped to dism state
     * 2(DISM_INSTALL_STATE_REMOVED)}, written as it reads a feature's state: the feature's state as DISM names it
     * ({@link DismCall#featureState}), a {@link EventKind#PACKAGE_STATE} with the feature. A later state that is the
     * one a failed enable or disable was for settles that failure.
     */
    void dismFeatureState(LineView v) {
        // Only for a feature an enable or disable named: DISM writes the line for every feature it lists (a thousand
        // in one Get-WindowsOptionalFeature), which would crowd the timeline out.
        usedState = true;
        Matcher m = DISM_FEATURE_STATE.matcher(v.text());
        if (m.find() && changedFeatures.contains(m.group(1))) {
            emit(
                    EventKind.PACKAGE_STATE,
                    v.line(),
                    v.number(),
                    new Facts().put(Fact.FEATURE, m.group(1)).put(Fact.STATE, DismCall.featureState(m.group(2))));
        }
    }

    private static final Pattern DISM_FEATURE_STATE = Pattern.compile(
            "\\bFeature (\\S{1,200}) with CBS state -?\\d{1,3}\\(\\w{1,60}\\) being mapped to dism state"
                    + " -?\\d{1,3}\\(DISM_INSTALL_STATE_([A-Z_]{1,40})\\)");

    /**
     * The Appx provider's {@code Msg:[Failed while adding package A_1.0 since an equal or higher version of the
     * package, A_1.1, already exists]}: the app is provisioned at that version already, and the operation's failures
     * from here on are the refusal of the older one ({@link DismCall#ALREADY_PROVISIONED}).
     */
    void appxAlreadyProvisioned(LineView v) {
        if (APPX_ALREADY_PROVISIONED.matcher(v.text()).find()) {
            usedState = true;
            String pid = DismCall.pid(v.text());
            DismCall call = pid == null ? null : dismCalls.get(pid);
            if (call == null) {
                call = dismCall == null ? DismCall.COMMAND : dismCall;
            }
            dismCall = call.with(DismCall.ALREADY_PROVISIONED);
            if (pid != null) {
                dismCalls.put(pid, dismCall);
            }
        }
    }

    private static final Pattern APPX_ALREADY_PROVISIONED = Pattern.compile(
            "Failed while adding package \\S{1,300} since an equal or higher version of the package, \\S{1,300},? already"
                    + " exists");

    /**
     * What a failure on a DISM line is, from the operation it is in ({@link DismCall}): a query's answer, the refusal
     * of an older app, or the failed enable or disable of a feature (with the state that settles it).
     */
    private void dismCallFacts(Facts f, ServicingLine l) {
        if (!"DISM".equals(l.source())) {
            return;
        }
        // The same line means another thing in another call: it is not remembered.
        usedState = true;
        String pid = DismCall.pid(l.text());
        DismCall call = pid == null ? null : dismCalls.get(pid);
        if (call == null) {
            call = dismCall;
        }
        if (call != null) {
            f.putIfAbsent(Fact.PHASE, call.phase())
                    .putIfAbsent(Fact.FEATURE, call.feature())
                    .putIfAbsent(Fact.TARGET_STATE, call.target());
        }
    }

    /**
     * The base build ({@code 22621}) that a servicing stack version ({@code 10.0.22621.3801}) or CBS's
     * {@code Build: 22621.1.amd64fre...} line states, for logs that state no build otherwise. Neither says the update
     * revision the machine is at (the stack's revision is its own), so the build is given without one, as systeminfo's.
     */
    private void baseBuild(ServicingLine l, long number, String version, String from) {
        Matcher m = BASE_BUILD.matcher(version);
        if (m.find()) {
            emit(
                    EventKind.OS_BUILD,
                    l,
                    number,
                    new Facts()
                            .put(Fact.OS_BUILD, m.group(1))
                            .put(Fact.DETAIL, "base build from " + from + "; the update revision is not stated"));
        }
    }

    /**
     * CSI's summary of an advanced installer that failed ({@code (F) Installer: Network Drivers Binary Name:
     * NetSetupAI.dll ErrorCode: 800106d9 Phase: 31 ...}, an Error line): the installer's code is printed without "0x".
     */
    private void advancedInstaller(ServicingLine l, long number, String t) {
        Matcher q = AI_QUEUE_FAILURE.matcher(t);
        if (q.find()) {
            List<ErrorCodes.Mention> codes = ErrorCodes.find(q.group(2));
            if (!codes.isEmpty()) {
                emit(
                        EventKind.ERROR_CODE,
                        l,
                        number,
                        new Facts()
                                .put(Fact.CODE, codes.get(0).code())
                                .put(
                                        Fact.DETAIL,
                                        "advanced installer " + q.group(1).strip()));
            }
            return;
        }
        Matcher m = AI_FAILURE.matcher(t);
        if (m.find()) {
            emit(
                    EventKind.ERROR_CODE,
                    l,
                    number,
                    new Facts()
                            .put(Fact.CODE, ErrorCodes.hex(Long.parseLong(m.group(3), 16)))
                            .put(Fact.FILE, m.group(2))
                            .put(Fact.DETAIL, "advanced installer " + m.group(1).strip()));
        }
    }

    /** A failed operation the line tells, with its facts. */
    private void failed(LineView v, Facts facts) {
        emit(EventKind.FAILED_OPERATION, v, facts);
    }

    /** An event of the line {@code v} is on. */
    private void emit(EventKind kind, LineView v, Facts facts) {
        emit(kind, v.line(), v.number(), facts);
    }

    void emit(EventKind kind, ServicingLine l, long number, Facts facts) {
        LocalDateTime time = clock.of(l);
        if (!l.source().isEmpty()) {
            facts.putIfAbsent(Fact.SOURCE, l.source());
        }
        if (l.isError()) {
            // What engineers search CBS.log for first (", Error"): rules may ask for it.
            facts.putIfAbsent(Fact.LEVEL, "Error");
        }
        if (setupRun != null) {
            // The run is no part of the line's bytes: a line of one run is never given again for another's.
            usedState = true;
            facts.putIfAbsent(Fact.SESSION, setupRun);
        }
        FactMap frozen = facts.frozen();
        if (commandSession != null) {
            inCommand(kind, frozen);
        }
        if (emitted != null) {
            emitted.add(new Emission(kind, frozen));
            opensOrClosesSession |= kind == EventKind.SESSION;
        }
        out.emit(kind, number, l.raw(), time, frozen);
    }

    /** {@code Session: 31078557_123 initialized by client WindowsUpdateAgent, ...} and {@code ... finalized. Reboot required: no [HRESULT = ...]}. */
    void session(LineView v) {
        // What was staged belongs to the session before: a file missing later is not its.
        staging = null;
        ServicingLine l = v.line();
        long number = v.number();
        List<ErrorCodes.Mention> codes = v.codes();
        String t = l.text();
        int idStart = "Session: ".length();
        int idEnd = t.indexOf(' ', idStart);
        if (idEnd <= idStart) {
            return;
        }
        String id = t.substring(idStart, idEnd);
        String initialized = " initialized by client ";
        if (t.startsWith(initialized, idEnd)) {
            int from = idEnd + initialized.length();
            int comma = t.indexOf(',', from);
            String client = t.substring(from, comma < 0 ? t.length() : comma).strip();
            if (client.endsWith(".")) {
                client = client.substring(0, client.length() - 1);
            }
            emit(
                    EventKind.SESSION,
                    l,
                    number,
                    new Facts().put(Fact.SESSION, id).put(Fact.CLIENT, client).put(Fact.DETAIL, "initialized"));
        } else if (t.startsWith(" finalized", idEnd)) {
            String code = codes.isEmpty() ? null : codes.get(0).code();
            emit(
                    EventKind.SESSION,
                    l,
                    number,
                    new Facts()
                            .put(Fact.SESSION, id)
                            .put(Fact.DETAIL, "finalized")
                            .put(Fact.RESULT, code == null ? "success" : "failure")
                            .put(Fact.CODE, code));
        }
    }

    void failedOperation(LineView v) {
        ServicingLine l = v.line();
        String t = v.text();
        int at = t.indexOf("Failed to ");
        int skip = "Failed to ".length();
        if (at < 0) {
            at = t.indexOf("failed to ");
        }
        if (at < 0 && l.isError()) {
            at = t.indexOf("Failed ");
            skip = "Failed ".length();
        }
        if (at < 0) {
            return;
        }
        Matcher service = START_SERVICE.matcher(t);
        if (service.find()) {
            // An advanced installer could not start a service: the Win32 code it names is the failure, not the
            // E_FAIL of its [gle=...].
            emit(
                    EventKind.FAILED_OPERATION,
                    l,
                    v.number(),
                    new Facts()
                            .put(Fact.OPERATION, "start service " + service.group(1))
                            .put(Fact.CODE, ErrorCodes.fromDecimal(service.group(2)))
                            .put(Fact.DETAIL, service.group(1)));
            return;
        }
        String operation = operation(t, at + skip);
        if (operation.isEmpty()) {
            return;
        }
        Facts f = new Facts().put(Fact.OPERATION, operation).put(Fact.CODE, v.firstCode());
        withPackage(f, v.pkg());
        dismCallFacts(f, l);
        if (operation.equals("find file")) {
            // A file found missing while a package is staged is that package's: the line's events depend on what
            // came before it, also when nothing is being staged (a repeat of the line later may be).
            usedState = true;
            if (v.pkg() == null && staging != null) {
                withPackage(f, staging);
            }
        }
        List<ServicingIdentities.ComponentId> components = v.components();
        if (!components.isEmpty()) {
            f.put(Fact.COMPONENT, components.get(0).identity())
                    .put(Fact.VERSION, components.get(0).version());
            if (operation.equals("find file")) {
                // "Failed to find file: <component>\vbscript.dll": the file of the component that is missing.
                f.put(Fact.FILE, components.get(0).file());
            }
        }
        emit(EventKind.FAILED_OPERATION, l, v.number(), f);
    }

    /** "resolve package" from "Failed to resolve package 'Package_2_for_...' [HRESULT = ...]". */
    static String operation(String t, int from) {
        int end = t.length();
        for (int i = from; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '['
                    || c == '\''
                    || c == '"'
                    || c == ':'
                    || c == '\\'
                    || c == '('
                    || c == ','
                    || c == '{'
                    || (c == '.' && (i + 1 == t.length() || t.charAt(i + 1) == ' '))
                    || (c == ' ' && i + 1 < t.length() && t.charAt(i + 1) == '-')) {
                end = i;
                break;
            }
        }
        String op = t.substring(from, Math.min(end, from + 160)).trim();
        // A package or component identity is a fact of its own, not part of what failed.
        int tilde = op.indexOf('~');
        if (tilde >= 0) {
            op = op.substring(0, Math.max(0, op.lastIndexOf(' ', tilde))).trim();
        }
        return op;
    }

    // The keys of a package state line, made once (as varargs they were an array per line: JFR allocation samples).
    private static final String[] STATE_KEYS = {
        "current: ", "CurrentState: ", "CurrentState:", "current state: ", "Current state: ", ", state: ", "State: "
    };
    private static final String[] START_KEYS = {"start: "};
    private static final String[] TARGET_KEYS = {
        "target: ", "TargetState: ", "TargetState:", "targeted: ", "target state: ", "Target state: "
    };
    private static final String[] STATUS_KEYS = {"status: "};
    private static final String[] FAILURE_SOURCE_KEYS = {"failure source: "};

    private void packageState(ServicingLine l, long number, String t, ServicingIdentities.PackageId pkg) {
        // ", state: " and not "state: ": an "applicable state" is what could be installed, not what is.
        String state = first(t, STATE_KEYS);
        if (state == null) {
            return;
        }
        Facts f = new Facts().put(Fact.STATE, PackageStates.name(state));
        withPackage(f, pkg);
        f.put(Fact.FROM_STATE, PackageStates.name(first(t, START_KEYS)));
        f.put(Fact.TARGET_STATE, PackageStates.name(first(t, TARGET_KEYS)));
        String status = first(t, STATUS_KEYS);
        long value = status == null ? -1 : ErrorCodes.value(status);
        if (value >= 0) {
            f.put(Fact.RESULT, value == 0 ? "success" : "failure")
                    .put(Fact.CODE, value == 0 ? null : ErrorCodes.hex(value));
        }
        String failureSource = first(t, FAILURE_SOURCE_KEYS);
        if (failureSource != null) {
            f.put(Fact.DETAIL, "failure source: " + failureSource);
        } else if (t.startsWith("Appl: ")) {
            // Applicability restates a parent's state hundreds of times a scan (o01: 246 lines in two days). As the
            // operation, a principal fact, it keeps the restatements in a group of their own in the evidence store, so
            // a real change of the package to the same state is not sampled away among them.
            f.put(Fact.OPERATION, Event.APPLICABILITY_CHECK);
        }
        emit(EventKind.PACKAGE_STATE, l, number, f);
        if ("Installed".equals(f.get(Fact.STATE))
                && !"failure".equals(f.get(Fact.RESULT))
                && pkg.identity().startsWith("Package_for_RollupFix")) {
            // A cumulative update installed: the machine is at the build it brings (…~~17763.5329.1.9).
            Matcher m = ROLLUP_BUILD.matcher(pkg.identity());
            if (m.find()) {
                emit(EventKind.OS_BUILD, l, number, new Facts().put(Fact.OS_BUILD, m.group(1)));
            }
        }
    }

    /** The value after the first of the keys that occurs, up to ',' or '[' or the end. */
    static String first(String t, String... keys) {
        for (String key : keys) {
            int at = t.indexOf(key);
            // "State: " must not match inside "ApplicableState: ".
            if (at >= 0 && (at == 0 || !Character.isLetter(t.charAt(at - 1)))) {
                int from = at + key.length();
                int end = from;
                while (end < t.length() && t.charAt(end) != ',' && t.charAt(end) != '[' && t.charAt(end) != ';') {
                    end++;
                }
                String value = t.substring(from, end).trim();
                if (value.endsWith(".")) {
                    value = value.substring(0, value.length() - 1);
                }
                if (!value.isEmpty()) {
                    return value;
                }
            }
        }
        return null;
    }

    private void store(
            ServicingLine l,
            long number,
            String t,
            ServicingIdentities.PackageId pkg,
            List<ServicingIdentities.ComponentId> components) {
        usedState = true;
        if (t.indexOf("Operation: Detect") >= 0) {
            detectOnly = t.indexOf("Detect only") >= 0;
            return;
        }
        if (t.indexOf("Total Detected Corruption") >= 0) {
            long n = count(t);
            detectedCorruption = n;
            if (n > 0) {
                emit(
                        EventKind.STORE_CORRUPTION,
                        l,
                        number,
                        new Facts().put(Fact.DETAIL, n + " corruption(s) detected by the store check"));
            }
            return;
        }
        if (t.indexOf("Total Repaired Corruption") >= 0) {
            long repaired = count(t);
            // A check that only detects (ScanHealth) and found damage says what its console says: repairable.
            String health = detectedCorruption == 0
                    ? "healthy"
                    : detectOnly
                            ? detectedCorruption > 0 ? "repairable" : null
                            : repaired >= detectedCorruption && detectedCorruption > 0 ? "healthy" : "not-repairable";
            if (health != null && detectedCorruption >= 0) {
                Facts f = new Facts()
                        .put(Fact.HEALTH, health)
                        .put(
                                Fact.DETAIL,
                                "store check: " + detectedCorruption + " detected, " + repaired + " repaired");
                if (detectedCorruption > 0 && "healthy".equals(health)) {
                    f.put(Fact.RESULT, StoreVerdicts.REPAIRED_RESULT);
                }
                emit(EventKind.STORE_HEALTH, l, number, f);
            }
            return;
        }
        if (t.indexOf("[SR]") >= 0) {
            sfcLine(l, number, t, components);
            return;
        }
        if (t.indexOf("Detect/Repair") >= 0
                || t.indexOf("business scenario") >= 0
                || t.indexOf("orruption detect and repair") >= 0) {
            // The name of a store check, not a verdict: its session ("Session(DISM ... Store Corruption
            // Detect/Repair)"), its event-log records ("Failed to write store corruption detect and repair start
            // event") and its outcome as an operation ("failed to perform store corruption detect and repair
            // operation [CBS_E_CANCEL]").
            return;
        }
        if ((t.indexOf("orruptions were fixed") >= 0
                        || t.indexOf("orruption was fixed") >= 0
                        || t.indexOf("orruption was repaired") >= 0
                        || t.indexOf("orruptions were repaired") >= 0)
                && t.indexOf("not") < 0
                && t.indexOf("Not") < 0) {
            // "Not all CSI corruption was fixed" is the opposite verdict: the summary's counts tell it.
            // "All WCP store corruptions were fixed", "All CSI corruption was fixed": the repair's verdict. Every
            // RestoreHealth writes it, also one that found nothing: a repair only where the check counted damage.
            Facts f = new Facts().put(Fact.HEALTH, "healthy");
            if (detectedCorruption > 0) {
                f.put(Fact.DETAIL, "corruption repaired").put(Fact.RESULT, StoreVerdicts.REPAIRED_RESULT);
            } else {
                f.put(Fact.DETAIL, "no corruption to repair");
            }
            emit(EventKind.STORE_HEALTH, l, number, f);
            return;
        }
        Matcher folder = l.isError() ? MISSING_COMPONENT_FOLDER.matcher(t) : null;
        if (folder != null && folder.find()) {
            emit(
                    EventKind.STORE_CORRUPTION,
                    l,
                    number,
                    new Facts().put(Fact.DETAIL, "payload missing").put(Fact.COMPONENT, folder.group(1)));
            return;
        }
        String detail = t.indexOf("mark store corrupt") >= 0
                ? "store marked corrupt"
                : t.indexOf("Payload Corrupt") >= 0
                        ? "payload corrupt"
                        : t.indexOf("Payload Missing") >= 0
                                ? "payload missing"
                                : t.indexOf("Manifest Missing") >= 0 || t.indexOf("manifest missing") >= 0
                                        ? "manifest missing"
                                        : t.indexOf("Manifest Corrupt") >= 0 || t.indexOf("manifest corrupt") >= 0
                                                ? "manifest corrupt"
                                                : t.indexOf("Hashes for file member") >= 0
                                                                && t.indexOf("do not match") >= 0
                                                        ? "hash mismatch"
                                                        : t.indexOf("Store Corruption") >= 0
                                                                        || t.indexOf("Store corruption") >= 0
                                                                        || t.indexOf("store corruption") >= 0
                                                                ? "store corruption"
                                                                : null;
        // "CSI Payload Corruption:\t2" and the like are counters of the store-check summary, not findings; a
        // "(Fixed)" entry of a repair's list was repaired by the same run.
        if (detail == null
                || NO_CORRUPTION.matcher(t).find()
                || t.indexOf("Corruption:") >= 0
                || t.indexOf("(Fixed)") >= 0) {
            return;
        }
        Facts f = new Facts().put(Fact.DETAIL, detail);
        componentFacts(f, t, components);
        withPackage(f, pkg);
        emit(EventKind.STORE_CORRUPTION, l, number, f);
    }

    private void sfcLine(ServicingLine l, long number, String t, List<ServicingIdentities.ComponentId> components) {
        if (t.indexOf("Cannot repair") >= 0
                || t.indexOf("Could not reproject") >= 0
                || t.indexOf("corrupt") >= 0
                || t.indexOf("Corrupt") >= 0) {
            Facts f = new Facts().put(Fact.DETAIL, t.indexOf("Cannot repair") >= 0 ? "cannot repair" : "corrupt file");
            componentFacts(f, t, components);
            emit(EventKind.STORE_CORRUPTION, l, number, f);
            return;
        }
        String detail = null;
        if (t.indexOf("Verify complete") >= 0) {
            detail = "verify complete";
        } else if (t.indexOf("Repair complete") >= 0) {
            detail = "repair complete";
        } else if (t.indexOf("Beginning Verify and Repair") >= 0) {
            detail = "verify and repair started";
        } else {
            Matcher m = SR_REPAIRING.matcher(t);
            if (m.find()) {
                detail = "repairing " + m.group(1) + " component(s)";
            }
        }
        if (detail != null) {
            emit(
                    EventKind.TOOL_RUN,
                    l,
                    number,
                    new Facts().put(Fact.OPERATION, "sfc").put(Fact.DETAIL, detail));
        }
    }

    private void componentFacts(Facts f, String t, List<ServicingIdentities.ComponentId> components) {
        if (!components.isEmpty()) {
            ServicingIdentities.ComponentId c = components.get(0);
            f.put(Fact.COMPONENT, c.identity()).put(Fact.VERSION, c.version()).put(Fact.FILE, c.file());
        } else {
            Matcher m = TEXT_COMPONENT.matcher(t);
            if (m.find()) {
                f.put(Fact.COMPONENT, m.group(1)).put(Fact.VERSION, m.group(2));
            }
        }
        if (!f.has(Fact.FILE)) {
            f.put(Fact.FILE, fileNamed(t));
        }
    }

    private void delta(
            ServicingLine l,
            long number,
            String t,
            List<ErrorCodes.Mention> codes,
            List<ServicingIdentities.ComponentId> components) {
        usedState = true;
        if (t.indexOf("Hydration failed for component") >= 0 && hydration(l, number, t)) {
            return;
        }
        if (t.indexOf("Mode: Delta") >= 0
                && t.replace("Mode: Delta", "").indexOf("elta") < 0
                && t.indexOf("ELTA") < 0
                && codes.stream().noneMatch(c -> c.code().startsWith("0x800F098"))) {
            // An advanced installer's summary names its mode ("Mode: Delta"): no delta was applied or failed there.
            return;
        }
        boolean forward = t.indexOf("FORWARD_DELTA") >= 0
                || t.indexOf("orward delta") >= 0
                || t.indexOf("orward Delta") >= 0
                || hasCode(codes, "0x800F0986");
        boolean reverse = t.indexOf("REVERSE_DELTA") >= 0
                || t.indexOf("everse delta") >= 0
                || t.indexOf("everse Delta") >= 0
                || hasCode(codes, "0x800F0985");
        boolean failed = forward || reverse || t.indexOf("ail") >= 0 || t.indexOf("rror") >= 0;
        if (!failed || (t.indexOf("elta") < 0 && t.indexOf("ELTA") < 0 && codes.isEmpty())) {
            return;
        }
        String code = forward
                ? "0x800F0986"
                : reverse ? "0x800F0985" : codes.isEmpty() ? null : codes.get(0).code();
        Facts f = new Facts()
                .put(Fact.CODE, code)
                .put(
                        Fact.SYMBOL,
                        forward
                                ? "PSFX_E_APPLY_FORWARD_DELTA_FAILED"
                                : reverse ? "PSFX_E_APPLY_REVERSE_DELTA_FAILED" : null)
                .put(Fact.DETAIL, forward ? "forward delta" : reverse ? "reverse delta" : "delta");
        componentFacts(f, t, components);
        if (reverse && !forward) {
            // CSI's "Hydration failed for component …" on the next line is this reverse delta's (14 in the shared
            // corpus: "Delta Type: Reverse Delta" then the component and its file).
            usedState = true;
            reverseDeltaLine = number;
        }
        if (number - deltaLine <= DELTA_CONTEXT_LINES) {
            f.putIfAbsent(Fact.FILE, deltaFile)
                    .putIfAbsent(Fact.COMPONENT, deltaComponent)
                    .putIfAbsent(Fact.VERSION, deltaVersion);
        }
        if (f.has(Fact.FILE) || f.has(Fact.COMPONENT)) {
            deltaFile = f.get(Fact.FILE);
            deltaComponent = f.get(Fact.COMPONENT);
            deltaVersion = f.get(Fact.VERSION);
            deltaLine = number;
        }
        emit(EventKind.DELTA_FAILURE, l, number, f);
    }

    /**
     * CSI's {@code (F) Hydration failed for component Microsoft-Windows-COM-Base, version 10.0.22000.778, … on file
     * wincorlib.dll with NTSTATUS -1073283059. Matching Component = Microsoft-Windows-COM-Base, version
     * 10.0.22000.653, …}: the new file is built from its forward delta on the installed (matching) version's file, and
     * that failed; the matching version is the baseline. The NTSTATUS (0xC007000D, from ERROR_INVALID_DATA) is the
     * code, not the line's generic {@code [gle=0x80004005]}.
     */
    private boolean hydration(ServicingLine l, long number, String t) {
        Matcher m = HYDRATION.matcher(t);
        if (!m.find()) {
            return false;
        }
        String ntstatus = m.group(4);
        String status = ntstatus.startsWith("0x")
                ? ErrorCodes.hex(Long.parseLong(ntstatus.substring(2), 16))
                : ErrorCodes.fromDecimal(ntstatus);
        // The baseline is the matching (installed) version. Its WinSxS folder is not on the line: the folder's name
        // ends in a hash and long names are shortened ("amd64_microsoft-windows-w..ationservice-netapi_…"), so the
        // rule finds it by the file and the version rather than by a name made up here.
        String baseline = m.group(5) != null ? m.group(5) : m.group("target");
        usedState = true;
        boolean reverse = number - reverseDeltaLine <= 1;
        Facts f = new Facts()
                .put(Fact.CODE, status)
                .put(Fact.DETAIL, reverse ? "reverse delta" : "forward delta")
                .put(Fact.OPERATION, "hydration")
                .put(Fact.FILE, m.group(3))
                .put(Fact.COMPONENT, m.group(1))
                .put(Fact.VERSION, baseline);
        emit(EventKind.DELTA_FAILURE, l, number, f);
        return true;
    }

    private static final Pattern HYDRATION = Pattern.compile(
            "Hydration failed for component ([A-Za-z0-9.\\-_]{1,200}), version (?<target>\\d+\\.\\d+\\.\\d+\\.\\d+).{0,300}? on file"
                    + " ([A-Za-z0-9._$~-]{1,260}) with NTSTATUS (-?\\d{1,10}|0x[0-9A-Fa-f]{8})(?:.{0,200}?Matching Component = [^,]{1,200},"
                    + " version (\\d+\\.\\d+\\.\\d+\\.\\d+))?");

    private void reboot(ServicingLine l, long number, String t) {
        // pending.xml named while CBS gathers files for an error report ("Not able to add ...pending.xml to WER
        // report", "... because it is missing") says nothing of a restart: the file is usually absent.
        boolean pending = REBOOT_YES.matcher(t).find()
                || t.indexOf("RebootPending") >= 0
                || (t.toLowerCase(Locale.ROOT).contains("pending.xml")
                        && t.indexOf("not ") < 0
                        && t.indexOf("No ") < 0
                        && t.indexOf("no pending") < 0
                        && t.indexOf("WER report") < 0
                        && t.indexOf("Error Report") < 0);
        if (pending) {
            emit(
                    EventKind.REBOOT_PENDING,
                    l,
                    number,
                    new Facts()
                            .put(
                                    Fact.DETAIL,
                                    t.toLowerCase(Locale.ROOT).contains("pending.xml")
                                            ? "pending.xml"
                                            : "reboot required"));
        }
    }

    private void diskSpace(ServicingLine l, long number, String t) {
        Facts f = new Facts().put(Fact.DETAIL, t.length() > 160 ? t.substring(0, 160) : t);
        Matcher m = FREE.matcher(t);
        // What names the amount is the text before it: "Free space on system drive: [1500] MB, required: [20480] MB"
        // states the amount free, and then what is needed.
        if (m.find() && !NOT_AN_AMOUNT_FREE.matcher(t.substring(0, m.start(1))).find()) {
            long value = Long.parseLong(m.group(1).replace(",", ""));
            String unit = m.group(2) == null ? "bytes" : m.group(2).toUpperCase(Locale.ROOT);
            long factor = switch (unit.charAt(0)) {
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                case 'G' -> 1L << 30;
                case 'T' -> 1L << 40;
                default -> 1;
            };
            if (value <= Long.MAX_VALUE / factor) {
                f.put(Fact.FREE_BYTES, Long.toString(value * factor));
            }
        }
        if (SHORTAGE.matcher(t).find() && !NO_SHORTAGE.matcher(t).find()) {
            f.put(Fact.RESULT, "failure");
        }
        emit(EventKind.DISK_SPACE, l, number, f);
    }

    private void storeVerdict(ServicingLine l, long number, String t) {
        String health = StoreVerdicts.health(t);
        if (health != null) {
            emit(
                    EventKind.STORE_HEALTH,
                    l,
                    number,
                    StoreVerdicts.markRepaired(new Facts().put(Fact.HEALTH, health), t));
        }
    }

    static String fileNamed(String t) {
        Matcher q = QUOTED_FILE.matcher(t);
        if (q.find()) {
            return q.group(1) != null ? q.group(1) : q.group(2);
        }
        Matcher p = PATH_FILE.matcher(t);
        String last = null;
        while (p.find()) {
            last = p.group(1);
        }
        if (last == null) {
            Matcher n = NAMED_FILE.matcher(t);
            if (n.find()) {
                last = n.group(1);
            }
        }
        return last;
    }

    private static long count(String t) {
        Matcher m = COUNT.matcher(t);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static boolean hasCode(List<ErrorCodes.Mention> codes, String code) {
        for (ErrorCodes.Mention m : codes) {
            if (m.code().equals(code)) {
                return true;
            }
        }
        return false;
    }

    private static void withPackage(Facts f, ServicingIdentities.PackageId pkg) {
        if (pkg != null) {
            f.put(Fact.PACKAGE, pkg.identity()).put(Fact.KB, pkg.kb());
        }
    }
}
