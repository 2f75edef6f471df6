package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Console output of a tool that installed an update package and printed how it ended: a configuration or package
 * manager running {@code wusa.exe} or an {@code .msu} (Chef's {@code Ran start "" /wait "...windows8.1-kb2919355-x64.msu"
 * ... returned -2145124329}, Chocolatey's {@code Update KB3035131 installation failed with code 0x00240006 (...)} and
 * {@code - kb3035131 (exited 2359302)}). Each is an install {@link EventKind#UPDATE_ATTEMPT} of the update the line
 * names, with the exit code as an HRESULT: wusa's exit code is one ({@code -2145124329} is 0x80240017
 * WU_E_NOT_APPLICABLE), 3010 is ERROR_SUCCESS_REBOOT_REQUIRED, and the WU_S_* successes ({@code 0x00240006}
 * WU_S_ALREADY_INSTALLED) are no failure.
 */
final class InstallerConsoleReader implements LogReader {

    /**
     * A line shape: what the package's name and the exit code are in it (kb group 0: the whole line names it; code
     * group 0: the line states a failure without a code), and the phase it tells of.
     */
    private record Shape(Pattern pattern, int kbGroup, int codeGroup, String phase) {
        Shape(Pattern pattern, int kbGroup, int codeGroup) {
            this(pattern, kbGroup, codeGroup, "install");
        }
    }

    /** A line of one shape, matched. */
    private record Said(Shape shape, Matcher matcher) {}

    private static final String NUMBER = "(0[xX][0-9A-Fa-f]{1,8}|-?\\d{1,10})";
    /** A code ends the clause: the line, a full stop, a comma, a bracket; never a word ("exited 12 minutes later"). */
    private static final String CODE_END = "(?=[\"')\\]]*\\s*(?:$|[.,;:](?:\\s|$)|\\())";

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
            new Shape(Pattern.compile("(?i)^\\s*-\\s*(kb\\d{6,8})\\s+\\(exited " + NUMBER + "\\)"), 1, 2));

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

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        for (String line = lines.next(); line != null; line = lines.next()) {
            Said said = said(line);
            if (said == null) {
                continue;
            }
            Shape shape = said.shape();
            Matcher m = said.matcher();
            String code = shape.codeGroup() == 0 ? null : code(m.group(shape.codeGroup()));
            if (code == null && shape.codeGroup() != 0) {
                continue;
            }
            long value = code == null ? 0 : Long.parseLong(code.substring(2), 16);
            boolean failure = code == null || (value >= 0x80000000L && !code.equals(REBOOT_REQUIRED));
            String kb = ServicingIdentities.kb(
                    shape.kbGroup() == 0
                            ? line.toUpperCase(Locale.ROOT)
                            : m.group(shape.kbGroup()).toUpperCase(Locale.ROOT));
            out.emit(
                    EventKind.UPDATE_ATTEMPT,
                    lines.number(),
                    line,
                    null,
                    new Facts()
                            .put(Fact.PHASE, shape.phase())
                            .put(Fact.RESULT, failure ? "failure" : "success")
                            .put(Fact.CODE, value == 0 ? null : code)
                            .put(Fact.KB, kb)
                            .put(Fact.DETAIL, detail(value))
                            .put(Fact.SOURCE, "console"));
        }
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
        if (line.length() > 4096
                || (line.indexOf('K') < 0
                        && line.indexOf('k') < 0
                        && line.indexOf("wusa") < 0
                        && line.indexOf("ism") < 0
                        && line.indexOf("ISM") < 0)) {
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
