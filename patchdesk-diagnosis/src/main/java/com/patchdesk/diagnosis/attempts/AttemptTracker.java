package com.patchdesk.diagnosis.attempts;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.EventSink;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.read.SourceLine;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Groups the events of one scan into servicing attempts as they stream by, in bounded memory: a machine's CBS.log
 * holds weeks of sessions, most of them routine scans that change nothing; those are only counted. Sessions are
 * followed per file (a line belongs to the latest session opened and not yet finalized in its file); a servicing
 * command read from console output is an attempt of its own. Not thread-safe: one tracker serves one scan.
 */
public final class AttemptTracker implements EventSink {

    private static final String ROLLUP = "Package_for_RollupFix";

    /** Attempts kept; a log with more keeps the latest ones (the current state is at the end) and counts the rest. */
    static final int MAX_KEPT = 1_000;

    private final Map<String, Deque<Open>> openByFile = new HashMap<>();
    /** The file of the previous event and its open sessions: events come file by file, so this is nearly always it. */
    private String lastFile;

    private Deque<Open> lastOpen;
    private final Deque<Attempt> kept = new ArrayDeque<>();
    private long routine;
    private long dropped;

    @Override
    public void accept(Event e) {
        String file = e.source().file();
        if (e.kind() == EventKind.SESSION) {
            session(e, file);
            return;
        }
        if (e.kind() == EventKind.TOOL_RUN && e.factOrNull(Fact.RESULT) != null) {
            Open current = current(file);
            if (current == null) {
                command(e);
                return;
            }
        }
        Open current = current(file);
        if (current != null) {
            current.see(e);
        }
    }

    /** The attempts in reading order, with the open sessions closed as unfinished. Call once, after the scan. */
    public Attempts finish() {
        for (Deque<Open> open : openByFile.values()) {
            while (!open.isEmpty()) {
                close(open.removeFirst(), "unfinished", null, null, null);
            }
        }
        openByFile.clear();
        lastFile = null;
        lastOpen = null;
        return new Attempts(new ArrayList<>(kept), routine, dropped);
    }

    private void session(Event e, String file) {
        String id = orElse(e.factOrNull(Fact.SESSION), "?");
        Deque<Open> open = open(file);
        if ("initialized".equals(e.factOrNull(Fact.DETAIL))) {
            open.addLast(new Open(id, orElse(e.factOrNull(Fact.CLIENT), "?"), e.factOrNull(Fact.OPERATION), e));
            if (open.size() > 64) {
                // Sessions whose end was never written (a crash, a cut log): closed, so they cannot grow forever.
                close(open.removeFirst(), "unfinished", null, null, null);
            }
            return;
        }
        // The session that ends is nearly always the latest opened: found without an iterator.
        Open latest = open.peekLast();
        if (latest != null && latest.id.equals(id)) {
            open.removeLast();
            ended(latest, e);
            return;
        }
        for (var it = open.descendingIterator(); it.hasNext(); ) {
            Open o = it.next();
            if (o.id.equals(id)) {
                it.remove();
                ended(o, e);
                return;
            }
        }
    }

    private void ended(Open o, Event e) {
        String result = orElse(e.factOrNull(Fact.RESULT), "success");
        close(o, result, e.factOrNull(Fact.CODE), e.source(), e.time());
    }

    private static String orElse(String value, String otherwise) {
        return value != null ? value : otherwise;
    }

    private Open current(String file) {
        Deque<Open> open = open(file);
        return open.isEmpty() ? null : open.peekLast();
    }

    private Deque<Open> open(String file) {
        // Every event of a file shares its path String: an identity test is enough, and cheaper than a map look-up.
        if (file != lastFile) {
            lastOpen = openByFile.computeIfAbsent(file, f -> new ArrayDeque<>());
            lastFile = file;
        }
        return lastOpen;
    }

    /** The client of a DISM.exe command's round as DISM.log's reader names it (read/ServicingLogAnalysis.dismCommand). */
    private static final String COMMAND = "command";

    /** The operation of Setup's completion (read/ServicingLogAnalysis.setupCompleted). */
    private static final String SETUP = "Windows Setup";

    private void command(Event e) {
        String result = e.fact(Fact.RESULT).orElse("success");
        Optional<String> code = e.fact(Fact.CODE);
        Optional<String> target = e.fact(Fact.KB).or(() -> e.fact(Fact.PACKAGE));
        keep(new Attempt(
                e.source().file(),
                e.source().line(),
                e.source().line(),
                e.timestamp(),
                e.timestamp(),
                "command",
                e.fact(Fact.OPERATION).orElse("command"),
                // Windows Setup is a client of its own, as the report names a round's client; other tools are commands.
                e.fact(Fact.OPERATION).filter(SETUP::equals).orElse("command"),
                target,
                result,
                code,
                "failure".equals(result) ? Optional.of(e.source()) : Optional.empty()));
    }

    private void close(Open o, String finalResult, String finalCode, SourceLine end, LocalDateTime endTime) {
        String result = "failure".equals(finalResult) || o.failure != null ? "failure" : finalResult;
        if (!o.significant() && !"failure".equals(result)) {
            routine++;
            return;
        }
        String code = finalCode != null ? finalCode : o.failureCode;
        long last = end != null ? end.line() : o.lastLine;
        LocalDateTime endAt = endTime != null ? endTime : o.lastTime;
        keep(new Attempt(
                o.file,
                o.firstLine,
                Math.max(last, o.firstLine),
                Optional.ofNullable(o.startTime),
                Optional.ofNullable(endAt),
                o.command() ? "command" : "cbs-session",
                o.command() && o.operation != null ? o.operation : o.id,
                o.client,
                // A command that names no package is told by what it was run for (/RestoreHealth).
                Optional.ofNullable(o.target() != null ? o.target() : o.command() ? o.operation : null),
                result,
                Optional.ofNullable(code),
                Optional.ofNullable(o.failure)));
    }

    private void keep(Attempt a) {
        kept.addLast(a);
        if (kept.size() > MAX_KEPT) {
            kept.removeFirst();
            dropped++;
        }
    }

    /** A session still open: what it set out to change and what failed so far. */
    private static final class Open {
        final String id;
        final String client;
        /** A DISM.exe command's operation ({@code /RestoreHealth}), for a command's round; null for a CBS session. */
        final String operation;

        final String file;
        final long firstLine;
        final LocalDateTime startTime;
        long lastLine;
        LocalDateTime lastTime;
        /*
         * What target() needs of the packages the session changes, in the order first seen, each with the first KB
         * any of its lines names: worked out as the lines come instead of a map of all the packages, whose look-up of
         * each package's name for every package state was a twentieth of the evidence thread on a typical bundle
         * (JFR, docs/performance-history.md, "Tenth pass").
         */
        /** The first package the session changes. */
        String firstPackage;
        /** The first cumulative update's package ({@code Package_for_RollupFix}) changed. */
        String rollup;
        /** The first KB a line of {@link #rollup} names. */
        String rollupKb;
        /** The first KB named by a line of the first package (in the order first seen) that names one. */
        String firstKb;
        /**
         * The packages first seen before the one that gave {@link #firstKb} and not naming a KB yet, in that order: a later line of one
         * that names a KB makes it the first. Null while there are none (a package's KB is in its name, so nearly
         * always).
         */
        Set<String> withoutKb;

        SourceLine failure;
        String failureCode;

        Open(String id, String client, String operation, Event start) {
            this.id = id;
            this.client = client;
            this.operation = operation;
            this.file = start.source().file();
            this.firstLine = start.source().line();
            this.startTime = start.time();
            this.lastLine = firstLine;
            this.lastTime = startTime;
        }

        void see(Event e) {
            lastLine = Math.max(lastLine, e.source().line());
            if (e.time() != null) {
                lastTime = e.time();
            }
            switch (e.kind()) {
                case PACKAGE_STATE -> {
                    if (e.factOrNull(Fact.TARGET_STATE) != null || e.factOrNull(Fact.FROM_STATE) != null) {
                        String p = e.factOrNull(Fact.PACKAGE);
                        if (p != null) {
                            changed(p, e.factOrNull(Fact.KB));
                        }
                    }
                    if ("failure".equals(e.factOrNull(Fact.RESULT))) {
                        failed(e);
                    }
                }
                case FAILED_OPERATION, DELTA_FAILURE -> {
                    if (e.factOrNull(Fact.CODE) != null) {
                        failed(e);
                    }
                }
                case TOOL_RUN -> {
                    if ("failure".equals(e.factOrNull(Fact.RESULT))) {
                        failed(e);
                    }
                }
                default -> {}
            }
        }

        private void changed(String pkg, String kb) {
            if (firstPackage == null) {
                firstPackage = pkg;
            }
            if (pkg.startsWith(ROLLUP)) {
                if (rollup == null) {
                    rollup = pkg;
                }
                if (rollupKb == null && kb != null && rollup.equals(pkg)) {
                    rollupKb = kb;
                }
            }
            if (kb == null && firstKb != null) {
                // A package first seen after the first that names a KB, or one of those waiting: nothing changes.
                return;
            }
            boolean waiting = withoutKb != null && withoutKb.contains(pkg);
            if (kb == null) {
                if (!waiting) {
                    if (withoutKb == null) {
                        withoutKb = new LinkedHashSet<>();
                    }
                    withoutKb.add(pkg);
                }
            } else if (waiting) {
                // Seen before the first package with a KB: it is the first now, and those after it no longer matter.
                firstKb = kb;
                boolean after = false;
                for (var it = withoutKb.iterator(); it.hasNext(); ) {
                    after |= it.next().equals(pkg);
                    if (after) {
                        it.remove();
                    }
                }
            } else if (firstKb == null) {
                firstKb = kb;
            }
        }

        private void failed(Event e) {
            if (failure == null) {
                failure = e.source();
                failureCode = e.factOrNull(Fact.CODE);
            }
        }

        boolean significant() {
            return firstPackage != null || failure != null || command();
        }

        /**
         * A DISM.exe command read from DISM.log (its client "command", read/ServicingLogAnalysis.dismCommand), from its
         * command line to its closed image session: a round the engineer asked for, listed whatever it changed.
         */
        boolean command() {
            return COMMAND.equals(client);
        }

        /**
         * The cumulative update's KB or package if the session changes one, else the KB of the first package that
         * names one, else the first package; null when it changes none.
         */
        String target() {
            if (rollup != null) {
                return rollupKb != null ? rollupKb : rollup;
            }
            return firstKb != null ? firstKb : firstPackage;
        }
    }
}
