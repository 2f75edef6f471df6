package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Setup and System event logs exported as text: Event Viewer rows copied or saved as text ({@code Information
 * HOST 1 Microsoft-Windows-Servicing N/A NT AUTHORITY\SYSTEM Initiating changes for package KB5004122. ...}),
 * {@code wevtutil qe Setup /f:text} records ({@code Event[0]:}, {@code Date: 2021-07-20T10:01:02.123}, ...,
 * {@code Description:} and the message), and {@code Get-WinEvent | Format-List}. The columns differ from one export to
 * the next; the messages do not, so each line is read for the messages of the servicing stack
 * (Microsoft-Windows-Servicing, events 1 to 16), of the standalone installer (WUSA) and of the Windows Update client:
 * <ul>
 * <li>{@code Initiating changes for package KB5004122. Current state is Resolved. Target state is Installed. Client
 * id: WindowsUpdateAgent.}: a {@link EventKind#PACKAGE_STATE} with state, target and client;</li>
 * <li>{@code Package KB5004122 was successfully changed to the Installed state.} / {@code ... failed to be changed to
 * the Installed state. Status: 0x8e5e03fa.}: a {@link EventKind#PACKAGE_STATE} with result and code, and an
 * {@link EventKind#UPDATE_ATTEMPT} (install, or uninstall when the target is Absent);</li>
 * <li>{@code A reboot is necessary before package KB... can be changed to the Installed state.}: a
 * {@link EventKind#REBOOT_PENDING};</li>
 * <li>selectable updates (features) turned on or off: a {@link EventKind#PACKAGE_STATE} with the feature;</li>
 * <li>WUSA's {@code Windows update "Security Update for Windows (KB5004298)" could not be installed because of error
 * 2388526074} (a decimal HRESULT, 0x8E5E03FA) and the client's {@code Installation Failure: Windows failed to install
 * the following update with error 0x80073712: ...}: an {@link EventKind#UPDATE_ATTEMPT};</li>
 * <li>User32's event 1074, {@code The process C:\…\agent.exe (HOST) has initiated the restart of computer …}: a
 * {@link EventKind#TOOL_RUN} of the program that restarted the machine.</li>
 * </ul>
 * Every failure code is also an {@link EventKind#ERROR_CODE}, as in the other readers. A time is read where the export
 * states one in ISO form (wevtutil's {@code Date:}, a row's {@code 2021-07-20 10:01:02}); other exports' times depend
 * on the machine's locale and are left unknown.
 */
final class SetupEventsReader implements LogReader {

    private static final String PKG = "(\\S+?)";
    private static final Pattern INITIATING = Pattern.compile("Initiating changes for package " + PKG
            + "\\.\\s+Current state is (.+?)\\.\\s+Target state is (.+?)\\." + "(?:\\s+Client id: (.+?)\\.?\\s*$)?");
    private static final Pattern CHANGED =
            Pattern.compile("Package " + PKG + " was successfully changed to the (.+?) state\\.");
    private static final Pattern NOT_CHANGED = Pattern.compile(
            "Package " + PKG + " failed to be changed to the (.+?) state( and is now partially installed)?\\."
                    + "(?:\\s+Status: (0[xX][0-9A-Fa-f]{1,8}))?");
    private static final Pattern REBOOT = Pattern.compile(
            "A reboot is necessary before (?:package " + PKG + "|the selectable update (\\S+) of package " + PKG
                    + ") can be (?:changed to the (.+?) state|turned (?:on|off))");
    private static final Pattern UPDATE_INITIATING =
            Pattern.compile("Initiating changes to turn (on|off) update (\\S+) of package " + PKG + "\\.");
    private static final Pattern UPDATE_CHANGED =
            Pattern.compile("Selectable update (\\S+) of package " + PKG + " was successfully turned (on|off)");
    private static final Pattern UPDATE_NOT_CHANGED = Pattern.compile("Update (\\S+) of package " + PKG
            + " failed to be turned (on|off)\\.(?:\\s+Status: (0[xX][0-9A-Fa-f]{1,8}))?");
    private static final Pattern WUSA_FAILED = Pattern.compile(
            "Windows update \"(.+?)\" could not be (installed|uninstalled) because of error (0[xX][0-9A-Fa-f]{1,8}|-?\\d{1,10})");
    private static final Pattern WUSA_INSTALLED =
            Pattern.compile("Windows update \"(.+?)\" was successfully (installed|uninstalled)");
    private static final Pattern WU_FAILED = Pattern.compile(
            "Installation Failure: Windows failed to install the following update with error (0[xX][0-9A-Fa-f]{1,8}): (.+?)\\.?\\s*$");
    private static final Pattern WU_INSTALLED = Pattern.compile(
            "Installation Successful: Windows successfully installed the following update: (.+?)\\.?\\s*$");
    private static final Pattern ISO_TIME = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2}):(\\d{2})");
    /**
     * User32's event 1074 (System log): a program started a restart ("The process c:\program files
     * (x86)\netinst\mgmtagnt.exe (MACHINENAME) has initiated the restart of computer {MACHINENAME} on behalf of user NT
     * AUTHORITY\SYSTEM for the following reason: Other (Unplanned)", Microsoft Learn's "Troubleshoot 'Shutdown in
     * Progress' Windows error 0x8007045b"). A restart while servicing runs ends it with 0x8007045B; the program is what
     * the engineer must stop.
     */
    private static final Pattern RESTART =
            Pattern.compile("\\bThe process (.+?) \\([^()]*\\) has initiated the (restart|power"
                    + " off|shutdown) of computer .*? for the following reason:\\s*(.*?)\\s*$");
    /** A provider's name as a column of a row or a record. */
    private static final Pattern PROVIDER =
            Pattern.compile("(?:^|[\\s:])Microsoft-Windows-(?:Servicing|WUSA|WindowsUpdateClient)(?:\\s|$)");

    @Override
    public String format() {
        return "setup-events";
    }

    /** A servicing, WUSA or Windows Update client message, or one of their providers as a column. */
    @Override
    public boolean recognises(LogHead head) {
        return head.anyLine(l -> PROVIDER.matcher(l).find()
                || INITIATING.matcher(l).find()
                || NOT_CHANGED.matcher(l).find()
                || CHANGED.matcher(l).find()
                || WUSA_FAILED.matcher(l).find()
                || WU_FAILED.matcher(l).find()
                || RESTART.matcher(l).find());
    }

    @Override
    public int priority() {
        return 70;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        LocalDateTime recordTime = null;
        for (String line = lines.next(); line != null; line = lines.next()) {
            String t = line.strip();
            if (t.startsWith("Event[")) {
                recordTime = null;
                continue;
            }
            LocalDateTime time = time(t);
            if (t.startsWith("Date:") || t.startsWith("TimeCreated")) {
                recordTime = time;
                continue;
            }
            line(out, lines.number(), line, time != null ? time : recordTime);
        }
    }

    private static void line(LineEmitter out, long n, String line, LocalDateTime time) {
        if (line.indexOf("ackage") >= 0) {
            if (servicing(out, n, line, time)) {
                return;
            }
        }
        if (line.indexOf("Windows update \"") >= 0) {
            Matcher m = WUSA_FAILED.matcher(line);
            if (m.find()) {
                attempt(
                        out,
                        n,
                        line,
                        time,
                        m.group(1),
                        phase(m.group(2)),
                        "failure",
                        DismConsoleReader.code(m.group(3)));
                return;
            }
            m = WUSA_INSTALLED.matcher(line);
            if (m.find()) {
                attempt(out, n, line, time, m.group(1), phase(m.group(2)), "success", null);
                return;
            }
        }
        if (line.indexOf("has initiated the ") >= 0) {
            Matcher m = RESTART.matcher(line);
            if (m.find()) {
                restart(out, n, line, time, m);
                return;
            }
        }
        if (line.indexOf("Installation ") >= 0) {
            Matcher m = WU_FAILED.matcher(line);
            if (m.find()) {
                attempt(out, n, line, time, m.group(2), "install", "failure", ErrorCodes.normalise(m.group(1)));
                return;
            }
            m = WU_INSTALLED.matcher(line);
            if (m.find()) {
                attempt(out, n, line, time, m.group(1), "install", "success", null);
            }
        }
    }

    /** A program's restart: a {@link EventKind#TOOL_RUN} of the program (its file name), with its path and reason. */
    private static void restart(LineEmitter out, long n, String line, LocalDateTime time, Matcher m) {
        String path = m.group(1).strip();
        out.emit(
                EventKind.TOOL_RUN,
                n,
                line,
                time,
                new Facts()
                        .put(Fact.OPERATION, m.group(2))
                        .put(Fact.FILE, path.substring(path.lastIndexOf('\\') + 1))
                        .put(Fact.DETAIL, path + ", reason: " + m.group(3))
                        .put(Fact.SOURCE, "User32 1074"));
    }

    /** The servicing stack's messages; true when the line was one. */
    private static boolean servicing(LineEmitter out, long n, String line, LocalDateTime time) {
        Matcher m = NOT_CHANGED.matcher(line);
        if (m.find()) {
            String target = PackageStates.name(m.group(2));
            String code = m.group(4) == null ? null : ErrorCodes.normalise(m.group(4));
            Facts f = pkg(m.group(1))
                    .put(Fact.TARGET_STATE, target)
                    .put(Fact.RESULT, "failure")
                    .put(Fact.CODE, code)
                    .put(Fact.STATE, m.group(3) == null ? null : "Partially Installed");
            out.emit(EventKind.PACKAGE_STATE, n, line, time, f);
            out.emit(
                    EventKind.UPDATE_ATTEMPT,
                    n,
                    line,
                    time,
                    pkg(m.group(1))
                            .put(Fact.PHASE, phaseOfTarget(target))
                            .put(Fact.RESULT, "failure")
                            .put(Fact.CODE, code)
                            .put(Fact.TARGET_STATE, target));
            errorCode(out, n, line, time, code, m.group(1));
            return true;
        }
        m = CHANGED.matcher(line);
        if (m.find()) {
            String target = PackageStates.name(m.group(2));
            out.emit(
                    EventKind.PACKAGE_STATE,
                    n,
                    line,
                    time,
                    pkg(m.group(1))
                            .put(Fact.STATE, target)
                            .put(Fact.TARGET_STATE, target)
                            .put(Fact.RESULT, "success"));
            out.emit(
                    EventKind.UPDATE_ATTEMPT,
                    n,
                    line,
                    time,
                    pkg(m.group(1))
                            .put(Fact.PHASE, phaseOfTarget(target))
                            .put(Fact.RESULT, "success")
                            .put(Fact.TARGET_STATE, target));
            return true;
        }
        m = INITIATING.matcher(line);
        if (m.find()) {
            out.emit(
                    EventKind.PACKAGE_STATE,
                    n,
                    line,
                    time,
                    pkg(m.group(1))
                            .put(Fact.STATE, PackageStates.name(m.group(2)))
                            .put(Fact.TARGET_STATE, PackageStates.name(m.group(3)))
                            .put(Fact.CLIENT, m.group(4))
                            .put(Fact.DETAIL, "changes initiated"));
            return true;
        }
        m = REBOOT.matcher(line);
        if (m.find()) {
            String p = m.group(1) != null ? m.group(1) : m.group(3);
            out.emit(
                    EventKind.REBOOT_PENDING,
                    n,
                    line,
                    time,
                    pkg(p).put(Fact.FEATURE, m.group(2))
                            .put(Fact.TARGET_STATE, PackageStates.name(m.group(4)))
                            .put(Fact.DETAIL, "a reboot is necessary before the package can change state"));
            return true;
        }
        m = UPDATE_NOT_CHANGED.matcher(line);
        if (m.find()) {
            String code = m.group(4) == null ? null : ErrorCodes.normalise(m.group(4));
            out.emit(
                    EventKind.PACKAGE_STATE,
                    n,
                    line,
                    time,
                    pkg(m.group(2))
                            .put(Fact.FEATURE, m.group(1))
                            .put(Fact.RESULT, "failure")
                            .put(Fact.CODE, code)
                            .put(Fact.DETAIL, "turn " + m.group(3)));
            errorCode(out, n, line, time, code, m.group(2));
            return true;
        }
        m = UPDATE_CHANGED.matcher(line);
        if (m.find()) {
            out.emit(
                    EventKind.PACKAGE_STATE,
                    n,
                    line,
                    time,
                    pkg(m.group(2))
                            .put(Fact.FEATURE, m.group(1))
                            .put(Fact.RESULT, "success")
                            .put(Fact.DETAIL, "turned " + m.group(3)));
            return true;
        }
        m = UPDATE_INITIATING.matcher(line);
        if (m.find()) {
            out.emit(
                    EventKind.PACKAGE_STATE,
                    n,
                    line,
                    time,
                    pkg(m.group(3)).put(Fact.FEATURE, m.group(2)).put(Fact.DETAIL, "turning " + m.group(1)));
            return true;
        }
        return false;
    }

    private static void attempt(
            LineEmitter out,
            long n,
            String line,
            LocalDateTime time,
            String title,
            String phase,
            String result,
            String code) {
        out.emit(
                EventKind.UPDATE_ATTEMPT,
                n,
                line,
                time,
                new Facts()
                        .put(Fact.PHASE, phase)
                        .put(Fact.RESULT, result)
                        .put(Fact.CODE, code)
                        .put(Fact.KB, ServicingIdentities.kb(title))
                        .put(Fact.TITLE, title));
        if (code != null) {
            out.emit(
                    EventKind.ERROR_CODE,
                    n,
                    line,
                    time,
                    new Facts().put(Fact.CODE, code).put(Fact.KB, ServicingIdentities.kb(title)));
        }
    }

    private static void errorCode(LineEmitter out, long n, String line, LocalDateTime time, String code, String pkg) {
        if (code != null) {
            out.emit(EventKind.ERROR_CODE, n, line, time, pkg(pkg).put(Fact.CODE, code));
        }
    }

    /** A package as the events name it: a KB ({@code KB5004122}) or an identity. */
    private static Facts pkg(String name) {
        return new Facts().put(Fact.PACKAGE, name).put(Fact.KB, ServicingIdentities.kb(name));
    }

    private static String phase(String verb) {
        return verb.startsWith("un") ? "uninstall" : "install";
    }

    private static String phaseOfTarget(String target) {
        return "Absent".equalsIgnoreCase(target) || "Uninstalled".equalsIgnoreCase(target) ? "uninstall" : "install";
    }

    private static LocalDateTime time(String t) {
        if (t.indexOf('-') < 0) {
            return null;
        }
        Matcher m = ISO_TIME.matcher(t);
        if (!m.find()) {
            return null;
        }
        try {
            return LocalDateTime.of(
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)));
        } catch (DateTimeException e) {
            return null;
        }
    }
}
