package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Console output of a tool that installed an update package and printed how it ended: a configuration or package
 * manager running {@code wusa.exe} or an {@code .msu} (Chef's {@code Ran start "" /wait "...windows8.1-kb2919355-x64.msu"
 * ... returned -2145124329}, Chocolatey's {@code Update KB3035131 installation failed with code 0x00240006 (...)} and
 * {@code - kb3035131 (exited 2359302)}). Each is an install {@link EventKind#UPDATE_ATTEMPT} of the update the line
 * names, with the exit code as an HRESULT: wusa's exit code is one ({@code -2145124329} is 0x80240017
 * WU_E_NOT_APPLICABLE), 3010 is ERROR_SUCCESS_REBOOT_REQUIRED, and the WU_S_* successes ({@code 0x00240006}
 * WU_S_ALREADY_INSTALLED) are no failure. Tools that install updates through the Windows Update API print their own
 * results the same way, one line a step: PSWindowsUpdate's and PSWU's tables ({@code Installation Succeeded … (KB…)},
 * {@code Installer error -2145124318, resultcode 4}), Boxstarter's {@code + Boxstarter finished Install 1 of 1
 * updates}, packer's {@code Search for Windows updates failed with 'Exception from HRESULT: 0x8024401F'} and its
 * win-updates.ps1 {@code Installation Result: 2}, ansible's win_updates result ({@code "failure_hresult_code":
 * 2149842967}, {@code An update loop was detected}) and its own log of the agent's steps. A line that names no update
 * is the update's the output names when it names one only (a result's JSON names it below its code).
 */
final class InstallerConsoleReader implements LogReader {

    /**
     * A line shape: what the package's name and the exit code are in it (kb group 0: the whole line names it; code
     * group 0: the line states a failure without a code), and the phase it tells of.
     */
    private record Shape(Pattern pattern, int kbGroup, int codeGroup, String phase, Outcome outcome, String detail) {
        Shape(Pattern pattern, int kbGroup, int codeGroup) {
            this(pattern, kbGroup, codeGroup, "install");
        }

        Shape(Pattern pattern, int kbGroup, int codeGroup, String phase) {
            this(pattern, kbGroup, codeGroup, phase, Outcome.BY_CODE, null);
        }
    }

    /**
     * How a line says how the step ended: by its code (a failure without one when the shape has no code group), by
     * words, or by the Windows Update API's OperationResultCode (2 succeeded, 3 succeeded with errors, 4 failed, 5
     * aborted).
     */
    private enum Outcome {
        BY_CODE,
        SUCCEEDED,
        FAILED,
        BY_RESULT_CODE
    }

    /** A line of one shape, matched. */
    private record Said(Shape shape, Matcher matcher) {}

    private static final String NUMBER = "(0[xX][0-9A-Fa-f]{1,8}|-?\\d{1,10})";
    /** A code ends the clause: the line, a full stop, a comma, a bracket; never a word ("exited 12 minutes later"). */
    private static final String CODE_END = "(?=[\"')\\]]*\\s*(?:$|[.,;:](?:\\s|$)|\\())";

    /** The date column of a history row, in the locale's order: {@code 9/11/2024}, {@code 2024-09-11}. */
    private static final String ROW_DATE = "\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{1,4}\\b";

    /** The line shapes, each one entry: a new tool's wording is one more (and a fixture). */
    private static final List<Shape> SHAPES = List.of(
            // Chocolatey's KB packages: "Update KB3035131 installation failed with code 0x00240006 (WU_S_...)", and
            // the older extension's "Update KB3035131 installation failed (exit code 1058)." (a Win32 code).
            new Shape(
                    Pattern.compile(
                            "(?i)\\b(KB\\d{6,8})\\b.{0,40}?\\binstall(?:ation)? failed (?:with (?:code|error) |\\(exit"
                                    + " code )" + NUMBER),
                    1,
                    2),
            // A package or its installer run with the exit code it returned: Chef, Ansible, scripts.
            new Shape(
                    Pattern.compile(
                            "(?i)(?:wusa(?:\\.exe)?\\b|\\.msu\\b).*?\\b(?:returned|exit ?code(?: was| is)?|exited with"
                                    + "(?: code)?)\\s*[:=]?\\s*'?" + NUMBER + "'?" + CODE_END),
                    0,
                    1),
            // DISM run by a package manager (Boxstarter, Chocolatey's windowsfeatures): "Command ['"C:\\...\\dism.exe"
            // /Online ... /Enable-Feature /FeatureName:Microsoft-Hyper-V-All /All'] exited with '3010'".
            new Shape(
                    Pattern.compile(
                            "(?i)\\bdism(?:\\.exe)?\\b.*?\\b(?:exited with(?: code)?|returned a non-zero code:)\\s*'?"
                                    + NUMBER + "'?" + CODE_END),
                    0,
                    1),
            // An image build's check of what Windows Update installed (actions/runner-images): "Windows updates failed
            // to
            // install: KB5001148", no code.
            new Shape(Pattern.compile("(?i)\\bWindows updates? failed to install:\\s*(KB\\d{6,8})\\b"), 1, 0),
            // Ansible's win_updates: "Failed to download update (1 of 1) … (KB4487006): Download Result 4" (the
            // OperationResultCode: 4 failed, 5 aborted).
            new Shape(
                    Pattern.compile(
                            "(?i)\\bFailed to download update\\b.{0,300}?\\((KB\\d{6,8})\\)\\s*:\\s*Download Result [45]\\b"),
                    1,
                    0,
                    "download"),
            // Chocolatey's summary of failures: " - kb3035131 (exited 2359302) - Error while running ...".
            new Shape(Pattern.compile("(?i)^\\s*-\\s*(kb\\d{6,8})\\s+\\(exited " + NUMBER + "\\)"), 1, 2),
            // PSWU's event table (bklockwood/PSWU): "Installer error -2145124318, resultcode 4" (the HRESULT in
            // signed decimal) and "Installed updates successfully." Not its "Updates installed; reboot NOT needed.",
            // which it prints after a failure too. Both are rows of its table, after the step's name
            // ("Install-Update"): a sentence that says so is not one.
            new Shape(Pattern.compile("(?i)\\bInstall-Update\\s+Installer error (-?\\d{1,10}), resultcode \\d"), 0, 1),
            new Shape(
                    Pattern.compile("(?i)\\bInstall-Update\\s+Installed updates successfully\\b"),
                    0,
                    0,
                    "install",
                    Outcome.SUCCEEDED,
                    null),
            // PSWindowsUpdate's Get-WUHistory: "Installation   Succeeded  9/11/2024 3:24:1... 2024-09 Cumulative
            // Update for Windows Server 2016 for x64-based Systems (KB5043051)"; "Failed" and "Aborted" rows too.
            new Shape(
                    Pattern.compile("(?i)\\bInstallation\\s+(?:Succeeded|SucceededWithErrors)\\s+" + ROW_DATE
                            + ".*\\((KB\\d{6,8})\\)"),
                    1,
                    0,
                    "install",
                    Outcome.SUCCEEDED,
                    null),
            new Shape(
                    Pattern.compile(
                            "(?i)\\bInstallation\\s+(?:Failed|Aborted)\\s+" + ROW_DATE + ".*\\((KB\\d{6,8})\\)"),
                    1,
                    0,
                    "install",
                    Outcome.FAILED,
                    null),
            // Boxstarter: "+ Boxstarter finished Install 1 of 1 updates: Windows 7 Service Pack 1 for x64-b" (the
            // console wraps the title; the update is the output's own when it names one only).
            new Shape(
                    Pattern.compile(
                            "(?i)^\\+ Boxstarter finished Install \\d+ of \\d+ updates?\\b(?:.*\\((KB\\d{6,8})\\))?"),
                    1,
                    0,
                    "install",
                    Outcome.SUCCEEDED,
                    null),
            // packer-plugin-windows-update: "Search for Windows updates failed with 'Exception from HRESULT:
            // 0x8024401F'. Retrying..." (the scan against the update server).
            new Shape(
                    Pattern.compile("(?i)\\bSearch for Windows updates failed with '[^']*?\\b" + NUMBER + "'"),
                    0,
                    1,
                    "scan"),
            // packer's win-updates.ps1: "Installation Result: 2" (OperationResultCode) and, next, "Reboot Required:
            // True".
            new Shape(
                    Pattern.compile("(?i)^\\S+\\s+Installation Result: ([2-5])\\s*$"),
                    0,
                    1,
                    "install",
                    Outcome.BY_RESULT_CODE,
                    null),
            // ansible.windows win_updates' result: "failure_hresult_code": 2149842967 (unsigned decimal), and its
            // message when an update comes back after every restart.
            new Shape(Pattern.compile("(?i)\"failure_hresult_code\"\\s*:\\s*(\\d{1,10})\\b"), 0, 1),
            new Shape(
                    Pattern.compile("(?i)\"msg\"\\s*:\\s*\"An update loop was detected\\b"),
                    0,
                    0,
                    "install",
                    Outcome.FAILED,
                    "update loop: the update is offered again after each restart (rolled back during the reboot)"),
            // ansible.windows win_updates' own log of the agent's steps (log_path): "2021-03-08 12:38:04Z Found 1
            // updates", the scan that worked.
            new Shape(
                    Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ Found \\d+ updates?\\s*$"),
                    0,
                    0,
                    "scan",
                    Outcome.SUCCEEDED,
                    null));

    /** packer's win-updates.ps1 follows its result with "Reboot Required: True". */
    private static final Pattern REBOOT_REQUIRED_LINE = Pattern.compile("(?i)\\bReboot Required: True\\b");

    /** WU_S_*: Windows Update's successes that say why nothing was done (wuerror.h, facility 0x24, no failure bit). */
    private static final long WU_SUCCESS_MASK = 0xFFFF0000L;

    private static final long WU_SUCCESS = 0x00240000L;
    private static final long WU_S_ALREADY_INSTALLED = 0x00240006L;
    private static final String REBOOT_REQUIRED = "0x80070BC2";

    @Override
    public String format() {
        return "installer-console";
    }

    @Override
    public boolean recognises(LogHead head) {
        return head.anyLine(l -> said(l) != null);
    }

    @Override
    public int priority() {
        return 45;
    }

    /** Events held until the end of the output, when it is known whether it names one update only. */
    private static final int HELD_AT_MOST = 10_000;

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        List<Held> held = new ArrayList<>();
        Set<String> kbs = new LinkedHashSet<>();
        Held awaitingReboot = null;
        boolean tooLong = false;
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (line.length() > 4096) {
                continue;
            }
            String named = ServicingIdentities.kb(line.toUpperCase(Locale.ROOT));
            if (named != null && kbs.size() < 2) {
                kbs.add(named);
            }
            if (awaitingReboot != null && REBOOT_REQUIRED_LINE.matcher(line).find()) {
                awaitingReboot.facts().put(Fact.DETAIL, "reboot required");
            }
            awaitingReboot = null;
            Said said = said(line);
            if (said == null) {
                continue;
            }
            Held h = held(said, line, lines.number());
            if (h == null) {
                continue;
            }
            if (said.shape().outcome() == Outcome.BY_RESULT_CODE) {
                awaitingReboot = h;
            }
            held.add(h);
            if (held.size() >= HELD_AT_MOST) {
                // An output this long is a log, not one update's run: no line of it takes the only KB.
                emitAll(out, held, null);
                tooLong = true;
            }
        }
        emitAll(out, held, kbs.size() == 1 && !tooLong ? kbs.iterator().next() : null);
    }

    /** A line's event, before the update it belongs to is known when the line names none. */
    private record Held(long number, String line, Facts facts) {}

    private static void emitAll(LineEmitter out, List<Held> held, String onlyKb) {
        for (Held h : held) {
            // An install or a download is of an update; a scan is of none.
            if (h.facts().get(Fact.KB) == null
                    && onlyKb != null
                    && !"scan".equals(h.facts().get(Fact.PHASE))) {
                h.facts().put(Fact.KB, onlyKb);
            }
            out.emit(EventKind.UPDATE_ATTEMPT, h.number(), h.line(), null, h.facts());
        }
        held.clear();
    }

    private static Held held(Said said, String line, long number) {
        Shape shape = said.shape();
        Matcher m = said.matcher();
        String code =
                shape.outcome() == Outcome.BY_CODE && shape.codeGroup() != 0 ? code(m.group(shape.codeGroup())) : null;
        if (shape.outcome() == Outcome.BY_CODE && shape.codeGroup() != 0 && code == null) {
            return null;
        }
        long value = code == null ? 0 : Long.parseLong(code.substring(2), 16);
        boolean failure = switch (shape.outcome()) {
            case SUCCEEDED -> false;
            case FAILED -> true;
            case BY_RESULT_CODE -> m.group(shape.codeGroup()).charAt(0) >= '4';
            case BY_CODE -> code == null || (value >= 0x80000000L && !code.equals(REBOOT_REQUIRED));
        };
        String kb = shape.kbGroup() == 0
                ? ServicingIdentities.kb(line.toUpperCase(Locale.ROOT))
                : m.group(shape.kbGroup()) == null
                        ? null
                        : ServicingIdentities.kb(m.group(shape.kbGroup()).toUpperCase(Locale.ROOT));
        Facts facts = new Facts()
                .put(Fact.PHASE, shape.phase())
                .put(Fact.RESULT, failure ? "failure" : "success")
                .put(Fact.CODE, value == 0 ? null : code)
                .put(Fact.KB, kb)
                .put(Fact.DETAIL, shape.detail() != null ? shape.detail() : detail(value))
                .put(Fact.SOURCE, "console");
        return new Held(number, line, facts);
    }

    /** What a Windows Update success code says (WU_S_ALREADY_INSTALLED: nothing was installed now), or null. */
    private static String detail(long value) {
        if (value == WU_S_ALREADY_INSTALLED) {
            return "already installed";
        }
        return (value & WU_SUCCESS_MASK) == WU_SUCCESS ? "Windows Update success code" : null;
    }

    /** The exit code as {@code 0x} and eight digits: hex as written, decimal as wusa's signed HRESULT or a Win32 code. */
    private static String code(String number) {
        if (number.regionMatches(true, 0, "0x", 0, 2)) {
            return ErrorCodes.hex(Long.parseLong(number.substring(2), 16));
        }
        if (number.equals("0")) {
            return "0x00000000";
        }
        return ErrorCodes.fromDecimal(number);
    }

    private static Said said(String line) {
        if (line.length() > 4096) {
            return null;
        }
        for (Shape s : SHAPES) {
            Matcher m = s.pattern().matcher(line);
            if (m.find()) {
                return new Said(s, m);
            }
        }
        return null;
    }
}
