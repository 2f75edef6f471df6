package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a cloud's fleet patching agent writes about a patch run on a Windows machine: AWS Systems Manager's
 * AWS-RunPatchBaseline (its PatchBaselineOperations module, as Run Command shows its output), Google's OS Config agent
 * (a patch job's steps) and Azure Update Manager's WindowsPatchExtension (WindowsUpdateExtension.log). The agents drive
 * the Windows Update API, so a failed search or install is an {@link EventKind#UPDATE_ATTEMPT} of the agent with the
 * HRESULT the API returned. But an agent also fails on its own: it cannot fetch its module before it calls Windows
 * Update, or it cannot tell its service how the run went. Those are {@link EventKind#FAILED_OPERATION}s of the agent
 * (phase {@code prepare} or {@code report}): nothing in them is a failure of Windows' servicing, and no servicing code
 * is read out of them (AWS's {@code failed to run commands: exit status 4294967295} is the agent's exit, not an
 * HRESULT).
 *
 * <p>Each line shape is one entry of {@link #SHAPES}; a tool's new wording is one more entry and a fixture.
 */
final class PatchAgentOutputReader implements LogReader {

    static final String AWS = "AWS Patch Manager";
    static final String GOOGLE = "Google OS Config";
    static final String AZURE = "Azure Update Manager";

    /** What a line says. */
    enum Says {
        /** A routine line that only shows whose output this is. */
        ROUTINE,
        /** The agent starts fetching what it needs before it can call Windows Update (its own module). */
        PREPARING,
        /** It has what it needs: a failure from now on is not of its preparation. */
        PREPARED,
        /** A Windows Update step failed; its HRESULT is on this line or on one of the next few. */
        UPDATE_STEP_FAILED,
        /** The HRESULT of the step the lines before named. */
        STEP_CODE,
        /** The agent stopped with a message: its own failure while it was preparing. */
        AGENT_FAILED,
        /** The agent could not report the run's state to its service: the run itself did not fail for it. */
        REPORT_FAILED
    }

    /**
     * A line shape of one tool. {@code what} is the phase of a Windows Update step (group 1 when {@code null}: the
     * verb the line uses) or the operation the agent was at; {@code detailGroup} the message (0: none).
     */
    record Shape(String tool, Pattern pattern, Says says, String what, int detailGroup, boolean identifies) {}

    private static final String HRESULT = "(0x[0-9A-Fa-f]{8})\\b";

    static final List<Shape> SHAPES = List.of(
            // AWS-RunPatchBaseline on Windows fetches the PatchBaselineOperations PowerShell module from S3 first
            // ("Preparing to download …", "Downloading PatchBaselineOperations PowerShell module from https://… to
            // C:\Windows\TEMP\Amazon.PatchBaselineOperations-1.29.zip."), then says it has it.
            new Shape(
                    AWS,
                    Pattern.compile(
                            "\\b(?:Preparing to download|Downloading) PatchBaselineOperations PowerShell module\\b"),
                    Says.PREPARING,
                    "download of its PatchBaselineOperations module from S3",
                    0,
                    true),
            new Shape(
                    AWS,
                    Pattern.compile(
                            "\\bSuccessfully downloaded and installed the PatchBaselineOperations PowerShell module\\b"),
                    Says.PREPARED,
                    null,
                    0,
                    true),
            new Shape(
                    AWS,
                    Pattern.compile("\\bPatchBaselineOperations Assessment Results\\b"),
                    Says.ROUTINE,
                    null,
                    0,
                    true),
            // Invoke-PatchBaselineOperation's exception: "Exception Details: An error occurred when attempting to
            // search Windows Update." then, a few lines on, "Error Message: Exception from HRESULT: 0x80072EE2" and the
            // Windows Update API's call (WUApiLib.IUpdateSearcher.Search).
            new Shape(
                    AWS,
                    Pattern.compile("\\bAn error occurred when attempting to (search|download|install)\\b[^.]{0,40}?"
                            + "\\bWindows Updates?\\b"),
                    Says.UPDATE_STEP_FAILED,
                    null,
                    0,
                    true),
            // The same, wrapped by the console after "An error occurred when ".
            new Shape(
                    AWS,
                    Pattern.compile("^\\s*attempting to (search|download|install) Windows Updates?\\b"),
                    Says.UPDATE_STEP_FAILED,
                    null,
                    0,
                    false),
            // Its timed log in the same output: "11/22/2020 09:18:59 UTC | Error | Searching for updates resulted in
            // error: Exception from HRESULT: 0x80240437".
            new Shape(
                    AWS,
                    Pattern.compile("\\|\\s*Error\\s*\\|\\s*Searching for updates resulted in error:.*?\\b" + HRESULT),
                    Says.UPDATE_STEP_FAILED,
                    "scan",
                    1,
                    true),
            // The HRESULT of the step named above it (after the timed line, which names its own step).
            new Shape(AWS, Pattern.compile("\\bException from HRESULT: " + HRESULT), Says.STEP_CODE, null, 1, false),
            // The script's own stop: "PatchWindows\_script.ps1 : An error occurred when executing
            // PatchBaselineOperations: Unable to connect to the remote server".
            new Shape(
                    AWS,
                    Pattern.compile(
                            "\\bAn error occurred when executing PatchBaselineOperations:\\s*(\\S.{0,300}?)\\s*$"),
                    Says.AGENT_FAILED,
                    "PatchBaselineOperations",
                    1,
                    true),
            // OS Config's patch task (agentendpoint/patch_task.go): "Error running postPatchReboot: error reporting
            // state REBOOTING: error calling ReportTaskProgress: code: \"Canceled\", message: \"context canceled\"".
            // The agent could not tell the service the state; the task's output is then FAILED whatever Windows did
            // (GoogleCloudPlatform/osconfig#994, fixed in #1055: the restart tore the call down).
            new Shape(
                    GOOGLE,
                    Pattern.compile("\\berror reporting (state \\w+|completed state): (.{0,300}?\\bReportTask"
                            + "(?:Progress|Complete)\\b.{0,300}?)\\s*$"),
                    Says.REPORT_FAILED,
                    null,
                    2,
                    true),
            // "Failed to apply patches: …": the Windows Update step the agent ran failed.
            new Shape(
                    GOOGLE,
                    Pattern.compile("\\bFailed to apply patches: (.{1,300}?)\\s*$"),
                    Says.UPDATE_STEP_FAILED,
                    "install",
                    1,
                    false),
            // WindowsPatchExtension's WindowsUpdateExtension.log: "[Info]  Patch operation is successfully started.",
            // "[Info]  Automatic windows update setting is already at the desired setting of NoAutoUpdate=[1]. No
            // change
            // is applied." (NoAutoUpdate=1 is what a customer-managed schedule wants: the extension patches, not AU).
            new Shape(
                    AZURE,
                    Pattern.compile(
                            "^\\[(?:Info|Warn|Error)\\]\\s+(?:Patch operation\\b|Core patch process\\b|Automatic"
                                    + " windows update setting\\b)"),
                    Says.ROUTINE,
                    null,
                    0,
                    true));

    /** The HRESULT of a step comes within this many lines of it (AWS's output has an empty line between lines). */
    private static final int CODE_WITHIN = 12;

    private static final Pattern CODE_IN_MESSAGE = Pattern.compile("\\b" + HRESULT);

    @Override
    public String format() {
        return "patch-agent-output";
    }

    @Override
    public boolean recognises(LogHead head) {
        return head.anyLine(l -> {
            Said said = said(l);
            return said != null && said.shape().identifies();
        });
    }

    /** Above the installer consoles': the agents' lines quote no installer, but they are surer. */
    @Override
    public int priority() {
        return 47;
    }

    private record Said(Shape shape, Matcher matcher) {
        String group(int index) {
            return index == 0 || matcher.group(index) == null ? null : matcher.group(index);
        }
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        String preparing = null;
        String stepPhase = null;
        String stepTool = null;
        long stepLine = 0;
        for (String line = lines.next(); line != null; line = lines.next()) {
            Said said = said(line);
            if (said == null) {
                continue;
            }
            Shape shape = said.shape();
            long number = lines.number();
            if (stepPhase != null && number - stepLine > CODE_WITHIN) {
                stepPhase = null;
            }
            switch (shape.says()) {
                case ROUTINE -> {}
                case PREPARING -> preparing = shape.what();
                case PREPARED -> preparing = null;
                case UPDATE_STEP_FAILED -> {
                    String phase = shape.what() != null
                            ? shape.what()
                            : phase(said.matcher().group(1));
                    String code = code(said.group(shape.detailGroup()));
                    if (code != null) {
                        out.emit(EventKind.UPDATE_ATTEMPT, number, line, null, attempt(shape.tool(), phase, code));
                    } else {
                        stepPhase = phase;
                        stepTool = shape.tool();
                        stepLine = number;
                    }
                }
                case STEP_CODE -> {
                    String code = code(said.group(shape.detailGroup()));
                    if (stepPhase != null) {
                        out.emit(EventKind.UPDATE_ATTEMPT, number, line, null, attempt(stepTool, stepPhase, code));
                        stepPhase = null;
                    } else if (code != null) {
                        out.emit(
                                EventKind.ERROR_CODE,
                                number,
                                line,
                                null,
                                new Facts().put(Fact.CODE, code).put(Fact.CLIENT, shape.tool()));
                    }
                }
                case AGENT_FAILED ->
                    out.emit(
                            EventKind.FAILED_OPERATION,
                            number,
                            line,
                            null,
                            agent(shape.tool(), preparing != null ? "prepare" : null)
                                    .put(Fact.OPERATION, preparing != null ? preparing : shape.what())
                                    .put(Fact.DETAIL, said.group(shape.detailGroup())));
                case REPORT_FAILED ->
                    out.emit(
                            EventKind.FAILED_OPERATION,
                            number,
                            line,
                            null,
                            agent(shape.tool(), "report")
                                    .put(
                                            Fact.OPERATION,
                                            "report of the patch run's "
                                                    + said.matcher().group(1))
                                    .put(Fact.DETAIL, said.group(shape.detailGroup())));
            }
        }
    }

    private static Facts attempt(String tool, String phase, String code) {
        return agent(tool, phase)
                .put(Fact.RESULT, "failure")
                .put(Fact.CODE, code)
                .put(Fact.LEVEL, "Error");
    }

    private static Facts agent(String tool, String phase) {
        return new Facts().put(Fact.CLIENT, tool).put(Fact.PHASE, phase).put(Fact.SOURCE, "patch-agent");
    }

    /** The Windows Update API's verbs as the phases of an update attempt. */
    private static String phase(String verb) {
        return "search".equalsIgnoreCase(verb) ? "scan" : verb.toLowerCase(java.util.Locale.ROOT);
    }

    /** The first HRESULT of a failure in a message, as {@code 0x} and eight digits; null when none is. */
    private static String code(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = CODE_IN_MESSAGE.matcher(message);
        if (!m.find()) {
            return null;
        }
        long value = Long.parseLong(m.group(1).substring(2), 16);
        return value >= 0x80000000L ? ErrorCodes.hex(value) : null;
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
