package com.patchdesk.diagnosis.read;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every check that {@link ServicingLogAnalysis} makes on a servicing log line, each described once: the words that
 * must be on a line for it to find anything there, when it runs, and what it emits. Both sides are made from this one
 * list: {@link ServicingGate} looks for the words of every check in the bytes (a line with none of them is turned
 * down undecoded), and the analysis runs a check only on a line that has one of its words.
 *
 * <p>Adding a line shape: an entry here (its words, and the method of {@link ServicingLogAnalysis} that reads the
 * line), and a fixture named after the situation. The gate needs no change: a {@link Word#literal} is looked for at
 * the pair of adjacent bytes its entry names, which should be its rarest in CBS.log text (the gate refuses two
 * literals on one pair at start-up, so a clash shows at once); the other kinds of word are the few checks the gate
 * makes by hand (an error code, "failed to", a version number, "Session: " at the start of the text, Error level,
 * non-ASCII text).
 *
 * <p>The order of the list is the order in which a line's events are emitted.
 */
final class ServicingChecks {

    /** What kind of thing on a line a word stands for. */
    enum Kind {
        /** A literal, looked for at the pair of bytes {@link Word#pair()}. */
        LITERAL,
        /** An error code as {@link ErrorCodes} reads it: "0x" after a keyword (the analysis: any code found). */
        CODE,
        /** "Failed to ", "failed to " (a line of its own), or a bare "fail" where a component is named. */
        FAILED_TO,
        /** "Version", blanks, an optional ':' or '=', blanks and "10.0.": where {@link OsBuilds} may find a build. */
        VERSION,
        /** "Session: " at the start of the text. */
        SESSION_START,
        /** A line of level Error, or one continuing it: the gate admits all of them. */
        ERROR_LEVEL,
        /** A non-ASCII character (zh-CN phrases, GB18030 text): the gate admits all of them. */
        NON_ASCII
    }

    /**
     * A word of a check. {@code alone}: a line with this word may give an event by itself, so the gate admits it;
     * otherwise the word counts only on a line that also names a component (a failure word such as "rror").
     */
    record Word(Kind kind, String text, int pair, boolean alone) {

        static Word literal(String text, int pair) {
            if (pair < 0 || pair + 1 >= text.length()) {
                throw new IllegalArgumentException("no pair " + pair + " in " + text);
            }
            return new Word(Kind.LITERAL, text, pair, true);
        }

        static Word special(Kind kind) {
            return new Word(kind, null, -1, true);
        }

        /** The same word, counting only where a component is named. */
        Word withComponent() {
            return new Word(kind, text, pair, false);
        }

        /** Whether the decoded text may have this word: a necessary condition, cheap. */
        boolean mayBeOn(ServicingLogAnalysis.LineView v) {
            return switch (kind) {
                case LITERAL -> v.text().indexOf(text) >= 0;
                case CODE -> !v.codes().isEmpty();
                case FAILED_TO -> v.text().indexOf("ail") >= 0;
                case VERSION -> v.text().indexOf("Version") >= 0;
                case SESSION_START -> v.text().startsWith("Session: ");
                case ERROR_LEVEL -> v.line().isError();
                case NON_ASCII -> true;
            };
        }
    }

    /**
     * The bit of {@link LineGate#admit}'s answer that stands for a word: one per kind of special word, then one per
     * literal of {@link #ALL} in the order of {@link #literals}. Bit 0 is set in every answer of an admitted line.
     */
    static long bit(Word w) {
        if (w.kind() != Kind.LITERAL) {
            return 1L << (1 + w.kind().ordinal());
        }
        return 1L << (LITERAL_BITS_FROM + literalIndex(w.text()));
    }

    /** The bit of the {@code k}-th literal of {@link #literals}{@code (ALL)}. */
    static long literalBit(int k) {
        return 1L << (LITERAL_BITS_FROM + k);
    }

    private static final int LITERAL_BITS_FROM = 1 + Kind.values().length;

    private static int literalIndex(String text) {
        List<Word> all = literals(ALL);
        for (int k = 0; k < all.size(); k++) {
            if (all.get(k).text().equals(text)) {
                return k;
            }
        }
        throw new IllegalStateException(text + " is no literal of the checks");
    }

    /** What a check does with a line that has one of its words. */
    @FunctionalInterface
    interface Action {
        void run(ServicingLogAnalysis analysis, ServicingLogAnalysis.LineView line);
    }

    /**
     * One check: {@code words} (a line has at least one where the check can find anything), {@code when} (a cheap
     * test on the decoded line, by default: one of the words is there), {@code action} (reads the line and emits its
     * events; it makes its own exact tests).
     */
    record Check(
            String name,
            List<Word> words,
            Predicate<ServicingLogAnalysis.LineView> when,
            boolean ownWhen,
            Action action,
            long bits) {

        Check(
                String name,
                List<Word> words,
                Predicate<ServicingLogAnalysis.LineView> when,
                boolean ownWhen,
                Action action) {
            this(name, words, when, ownWhen, action, 0);
        }

        /** The same check, with the bits of its words (known once every literal of {@link #ALL} is). */
        Check withBits() {
            long b = 0;
            for (Word w : words) {
                b |= bit(w);
            }
            return new Check(name, words, when, ownWhen, action, b);
        }

        /**
         * Whether the check runs on the line: where the gate said which words it found, if one of them is this
         * check's (so the other checks cost nothing) and its own {@code when}, if it has one, holds (the default
         * {@code when}, "one of the words is there", the gate has answered already); elsewhere if {@code when} holds.
         */
        boolean appliesTo(ServicingLogAnalysis.LineView v) {
            long found = v.found();
            if (found == LineGate.ADMITTED) {
                return when.test(v);
            }
            return (found & bits) != 0 && (!ownWhen || when.test(v));
        }
    }

    private static Check check(String name, List<Word> words, Action action) {
        return new Check(
                name,
                words,
                v -> {
                    for (Word w : words) {
                        if (w.mayBeOn(v)) {
                            return true;
                        }
                    }
                    return false;
                },
                false,
                action);
    }

    private static Check check(
            String name, List<Word> words, Predicate<ServicingLogAnalysis.LineView> when, Action action) {
        return new Check(name, words, when, true, action);
    }

    private static Word lit(String text, int pair) {
        return Word.literal(text, pair);
    }

    private static final Word CODE = Word.special(Kind.CODE);
    private static final Word FAILED_TO = Word.special(Kind.FAILED_TO);
    private static final Word ERROR_LEVEL = Word.special(Kind.ERROR_LEVEL);
    /**
     * CSI's status description, after which {@link ErrorCodes} reads the bare status before it ({@code (F) : Error
     * 80092004 [Warning,Facility=FACILITY_NTSSPI,…]}): a code with no "0x". ",F" is on no other servicing line.
     */
    private static final Word CSI_STATUS = lit(",Facility=", 0);

    /** The checks of every servicing log (CBS.log, CbsPersist, DISM.log), in the order their events are emitted. */
    static final List<Check> SERVICING = List.of(
            check(
                    "session",
                    List.of(Word.special(Kind.SESSION_START)),
                    v -> v.text().startsWith("Session: "),
                    ServicingLogAnalysis::session),
            check("servicing-stack", List.of(lit("Loaded Servicing Stack v", 0)), ServicingLogAnalysis::servicingStack),
            check(
                    "image-build",
                    List.of(lit("Build: ", 0)),
                    v -> v.text().startsWith("Build: "),
                    ServicingLogAnalysis::imageBuild),
            check("failed-operation", List.of(FAILED_TO, ERROR_LEVEL), ServicingLogAnalysis::failedOperation),
            // "tate:" and "current:" are in every key of a package state.
            check("package-state", List.of(lit("tate:", 3), lit("current:", 0)), ServicingLogAnalysis::packageState),
            check(
                    "store",
                    List.of(
                            lit("orrupt", 4),
                            lit("issing", 1),
                            lit("[SR]", 0),
                            lit("do not match", 9),
                            lit("Operation: Detect", 0),
                            // CSI's Error that a component's folder of the store is not there (STATUS_..._NOT_FOUND).
                            ERROR_LEVEL),
                    ServicingLogAnalysis::store),
            check(
                    "delta",
                    List.of(lit("ELTA", 0), lit("elta", 1), CODE, lit("FROM_WIN32", 0), CSI_STATUS),
                    ServicingLogAnalysis::delta),
            check("reboot", List.of(lit("eboot", 1), lit("ending.xml", 8)), ServicingLogAnalysis::reboot),
            // ERROR_DISK_FULL is 0x80070070.
            check(
                    "disk-space",
                    List.of(lit("space", 0), lit("DISK_FULL", 2), CODE, lit("FROM_WIN32", 0), CSI_STATUS),
                    ServicingLogAnalysis::diskSpace),
            check(
                    "advanced-installer",
                    List.of(ERROR_LEVEL),
                    v -> v.line().isError()
                            && (v.text().indexOf("ErrorCode: ") >= 0
                                    || v.text().indexOf("queue item Installer: ") >= 0),
                    ServicingLogAnalysis::advancedInstaller),
            // "f:" of "for Inf: ", rare in servicing logs.
            check("driver-result", List.of(lit("for Inf: ", 6)), ServicingLogAnalysis::driverResult),
            // Setup's final result (setupact.log, MOUPG): "Remapping install error [X] -> [Y]", or "Remapping disk full
            // error [X] -> [Y]" when the disk filled. "pi" of "Remapping", on 2.4% of CBS lines ("pp" is on a third:
            // "Applicability", "supported").
            check("setup-result", List.of(lit("Remapping ", 5)), ServicingLogAnalysis::setupResult),
            // Setup past its point of no return: rollback disabled (an upgrade committed), or its deployment ended with
            // 0 at OOBE. "lb" and "oy", on 0.1% and 0.2% of real CBS lines.
            check(
                    "setup-completed",
                    List.of(lit("Rollback disabled successfully", 3), lit("WinDeploy.exe exiting with code [0x0]", 7)),
                    ServicingLogAnalysis::setupCompleted),
            // Sysprep's Appx validation (Sysprep\Panther\setupact.log): an app installed for a user only. "wa", on 1.1%
            // of real CBS lines.
            check(
                    "sysprep-app-not-provisioned",
                    List.of(lit("was installed for a user, but not provisioned", 0)),
                    ServicingLogAnalysis::sysprepAppNotProvisioned),
            // CSI checks each component's hash against the catalogs of the transaction: "n'" of "Couldn't", on 0.04%
            // of real CBS lines.
            check(
                    "component-hash-not-in-catalog",
                    List.of(lit("Couldn't find the hash of component", 5)),
                    ServicingLogAnalysis::componentHashNotInCatalog),
            // CBS's watchdog found servicing making no progress: "gD" of "HangDetect" (0.02% of real CBS lines, all of
            // them "Clearing HangDetect value", routine), "A " (0.09%), "wh" of "while" (0.04%), "hu" of "shutdown"
            // (0.5%).
            check(
                    "hang-detected",
                    List.of(
                            lit("Setting HangDetect value to", 11),
                            lit("A possible hang was detected", 0),
                            lit("No progress detected while", 21),
                            lit("Timed out waiting for shutdown processing", 23)),
                    ServicingLogAnalysis::hangDetected),
            // A feature (selectable update) turned on or off: " u" of "selectable update", on 1.4% of real CBS lines.
            check(
                    "feature-change",
                    List.of(lit("Reporting selectable update change for package: ", 20)),
                    ServicingLogAnalysis::featureChange),
            // The package CBS stages, for a file found missing while it does: "gi" of "Staging".
            check("staging-package", List.of(lit("Exec: Staging Package: ", 9)), ServicingLogAnalysis::stagingPackage),
            // Setup migrating the machine's drivers (MIG, down-level): the driver it is at, for a hang the user then
            // cancels. "dD" of "AddDriverFiles" (0.06% of real CBS lines), "fA" of "AddInfAndCatalog" (none), "kD" of
            // "AddPnPLockDownFiles" (the step after the drivers; none), "rm" of "confirmed" (0.6%).
            check(
                    "setup-driver-migration",
                    List.of(
                            lit("AddDriverFiles: Processing driver: ", 2),
                            lit("AddInfAndCatalog: Adding catalog file: ", 5),
                            lit("Entering AddPnPLockDownFiles", 18),
                            lit("User cancel confirmed", 17)),
                    ServicingLogAnalysis::setupDriverMigration),
            // The start of a Setup run in setupact.log (ServicingLogAnalysis.SETUP_RUN_STARTS): "pH" of "SetupHost",
            // "k/" of "rollback/", "lW" of "InstallWindows", "-l" of "command-line" (WinDeploy's "oy" is its exit's),
            // few on real CBS lines.
            check(
                    "setup-run",
                    List.of(
                            lit("SetupHost Logging Begin", 4),
                            lit("Initiating rollback/uninstall", 18),
                            lit("InstallWindows:Setup Phase = ", 6),
                            lit("WinDeploy.exe launched with command-line", 35)),
                    ServicingLogAnalysis::setupRunStarts),
            // Setup's MigChoice without a code: "gC", nowhere else in servicing logs.
            check(
                    "setup-migration-choice",
                    List.of(lit("MigChoice: Selected install choice is not available", 2)),
                    ServicingLogAnalysis::setupMigrationChoice),
            check(
                    "os-build",
                    List.of(lit("OS Build", 0), Word.special(Kind.VERSION), Word.special(Kind.NON_ASCII)),
                    v -> OsBuilds.mayContain(v.text()),
                    ServicingLogAnalysis::osBuild),
            check("store-verdict", List.of(lit("omponent store", 2)), ServicingLogAnalysis::storeVerdict),
            check(
                    "error-code",
                    List.of(CODE, lit("FROM_WIN32", 0), CSI_STATUS),
                    v -> !v.codes().isEmpty(),
                    ServicingLogAnalysis::errorCodes),
            // Components are reported only where something failed.
            check(
                    "component",
                    List.of(
                            lit("rror", 0).withComponent(),
                            lit("annot repair", 1).withComponent(),
                            lit("not found", 6).withComponent(),
                            lit("orrupt", 4).withComponent(),
                            lit("issing", 1).withComponent(),
                            lit("do not match", 9).withComponent(),
                            FAILED_TO.withComponent(),
                            CODE.withComponent(),
                            lit("FROM_WIN32", 0).withComponent(),
                            CSI_STATUS.withComponent(),
                            ERROR_LEVEL),
                    v -> !v.components().isEmpty(),
                    ServicingLogAnalysis::components));

    /**
     * DISM.log's own lines on top of {@link #SERVICING}: the command DISM was run with, the DismApi call its lines are
     * in ("pu" of "Input", on 0.08% of real CBS lines) and a feature's state as DISM reads it ("M_", 0.09%): the
     * operation a failure belongs to ({@link DismCall}). What the Appx provider says of an app already there ("eq",
     * 0.7%) is read first, so the failure its own line states is told with it.
     */
    static final List<Check> DISM = prepend(
            check(
                    "appx-already-provisioned",
                    List.of(lit("an equal or higher version of the package", 3)),
                    ServicingLogAnalysis::appxAlreadyProvisioned),
            append(
                    SERVICING,
                    check(
                            "dism-command",
                            List.of(lit("Executing command line: ", 12)),
                            ServicingLogAnalysis::dismCommand),
                    // "Im" is on 0.02% of real CBS lines.
                    check(
                            "dism-command-end",
                            List.of(lit("Image session has been closed", 0)),
                            ServicingLogAnalysis::dismCommandEnd),
                    check("dismapi-call", List.of(lit("Input parameters: ", 2)), ServicingLogAnalysis::dismApiCall),
                    check(
                            "dism-feature-state",
                            List.of(lit("DISM_INSTALL_STATE_", 3)),
                            ServicingLogAnalysis::dismFeatureState)));

    /** Every check any servicing reader runs: what {@link ServicingGate} looks for. */
    static final List<Check> ALL = DISM;

    /** The checks with the bits of their words, as the analysis runs them. */
    static final List<Check> SERVICING_RUN =
            SERVICING.stream().map(Check::withBits).toList();

    static final List<Check> DISM_RUN = DISM.stream().map(Check::withBits).toList();

    /** The bits of the words after which {@link ErrorCodes#find} may find a code: without them there is none. */
    static final long CODE_BITS = bit(CODE) | bit(lit("FROM_WIN32", 0)) | bit(CSI_STATUS);
    /** The bit of "Session: " at the start of a line's text, where a session's lines name it as it begins or ends. */
    static final long SESSION_BIT = bit(Word.special(Kind.SESSION_START));

    static {
        if (LITERAL_BITS_FROM + literals(ALL).size() > 63) {
            throw new IllegalStateException("more literals than bits in a long");
        }
    }

    private ServicingChecks() {}

    private static List<Check> append(List<Check> checks, Check... more) {
        List<Check> all = new ArrayList<>(checks);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    private static List<Check> prepend(Check first, List<Check> checks) {
        List<Check> all = new ArrayList<>();
        all.add(first);
        all.addAll(checks);
        return List.copyOf(all);
    }

    /**
     * The distinct literals of {@code checks}, each once, with whether some check admits a line on it alone (a
     * literal both alone and with a component is alone).
     */
    static List<Word> literals(List<Check> checks) {
        Map<String, Word> byText = new LinkedHashMap<>();
        for (Check c : checks) {
            for (Word w : c.words()) {
                if (w.kind() != Kind.LITERAL) {
                    continue;
                }
                Word known = byText.get(w.text());
                if (known != null && known.pair() != w.pair()) {
                    throw new IllegalStateException("the literal " + w.text() + " is named with two pairs");
                }
                byText.put(
                        w.text(),
                        known == null ? w : new Word(Kind.LITERAL, w.text(), w.pair(), known.alone() || w.alone()));
            }
        }
        return List.copyOf(byText.values());
    }

    /** Whether some check of {@code checks} has a word of {@code kind} that admits a line alone. */
    static boolean admitsAlone(List<Check> checks, Kind kind) {
        return checks.stream().flatMap(c -> c.words().stream()).anyMatch(w -> w.kind() == kind && w.alone());
    }
}
