package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SetupDiag's results (Microsoft's tool that reads Windows Setup's logs after a failed upgrade and names the known
 * cause), as its text ({@code SetupDiagResults.log}) or XML ({@code SetupDiagResults.xml}) gives them: the profile that
 * matched ({@code Matching Profile found: FindRollbackFailure}, {@code <ProfileName>}), the last phase and operation,
 * and the result with its extended code ({@code Error = 0x8007000D-0x2000C}, {@code ErrorCode = 0xC190020E, ExCode =
 * 0x4001E}). SetupDiag has done the reading already: its result is one {@link EventKind#FAILED_OPERATION} of the
 * operation {@value #OPERATION}, given at the end of the file once the phase and operation are known. The log entries
 * it quotes ({@code LogEntry: … Error SP …}) are its evidence, not failures of their own.
 */
final class SetupDiagReader implements LogReader {

    /** The operation of SetupDiag's result, as rules match it. */
    static final String OPERATION = "upgrade by Windows Setup, as SetupDiag found";

    /** {@code Error = 0x8007000D-0x2000C} and {@code Last Operation: Error: 0xC190020E - 0x4001E}. */
    private static final Pattern RESULT =
            Pattern.compile("(?i)\\bError\\s*[=:]\\s*0x([0-9A-F]{8})\\s*-\\s*0x([0-9A-F]{1,8})\\b");
    /**
     * The XML's {@code ErrorCode = 0xC190020E, ExCode = 0x4001E}, and for a failed rollback {@code RollbackErrorCode =
     * 0x800736CC, ExtendedCode = 0x20003} (w01 in eval/real-excerpts-team).
     */
    private static final Pattern DETAILS = Pattern.compile("(?i)\\b(?:Rollback)?ErrorCode\\s*=\\s*0x([0-9A-F]{8})\\b"
            + "(?:.*?\\b(?:ExCode|ExtendedCode)\\s*=\\s*0x([0-9A-F]{1,8})\\b)?");

    private static final Pattern PROFILE =
            Pattern.compile("(?i)(?:Matching Profile found:\\s*|<ProfileName>\\s*)([A-Za-z][A-Za-z0-9_]{2,80})");
    /** The text's {@code Last Phase = Safe OS} or {@code Phase Name:}, the XML's {@code <PhaseName>Safe OS</PhaseName>}. */
    private static final Pattern PHASE = Pattern.compile(
            "(?i)^\\s*(?:Last Phase\\s*=|Phase Name:|<PhaseName>)\\s*(\\S.{0,80}?)\\s*(?:</PhaseName>\\s*)?$");
    /** The same for the operation: {@code Last Operation =}, {@code Operation Name:}, {@code <OperationName>}. */
    private static final Pattern STEP =
            Pattern.compile("(?i)^\\s*(?:Last Operation\\s*=|Operation Name:|<OperationName>)"
                    + "\\s*(\\S.{0,200}?)\\s*(?:</OperationName>\\s*)?$");

    /**
     * The times SetupDiag states of the upgrade and of its failed step: the text's {@code UpgradeEndTime = 5/23/2023
     * 12:32:46 AM} (m03 in eval/real-excerpts-team), the XML's {@code <OperationStartTime>01/18/2025
     * 13:58:26</OperationStartTime>} (c07); an end not reached is {@code 01/01/0001 00:00:00}.
     */
    private static final Pattern TIME =
            Pattern.compile("(?i)(?:Upgrade(?:Start|End)Time\\s*=\\s*|<(?:Upgrade|Phase|Operation)(?:Start|End)Time>)"
                    + "(\\d{1,2})/(\\d{1,2})/(\\d{4}) (\\d{1,2}):(\\d{2}):(\\d{2})(?:\\s*([AP]M))?");

    @Override
    public String format() {
        return "setupdiag-results";
    }

    /** Its own words: the text's header, the XML's elements; not "SetupDiag reports", which a person's note quotes. */
    @Override
    public boolean recognises(LogHead head) {
        return head.contains("SetupDiag version")
                || head.contains("Matching Profile found:")
                || head.contains("<ProfileName>")
                || head.contains("<FailureDetails>")
                || head.contains("<SetupDiag");
    }

    /**
     * Above the CBS.log reader, which would read the log entries SetupDiag quotes ("LogEntry: 2023-05-23 00:32:46,
     * Error SP …") as a servicing log's lines.
     */
    @Override
    public int priority() {
        return 86;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        String code = null;
        String extended = null;
        String profile = null;
        String phase = null;
        String step = null;
        long resultNumber = 0;
        String resultLine = null;
        LocalDateTime time = null;
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (line.length() > 4000) {
                continue; // not SetupDiag's: its lines are short
            }
            if (line.indexOf("Time") >= 0) {
                LocalDateTime stated = time(line);
                if (stated != null && (time == null || stated.isAfter(time))) {
                    time = stated;
                }
            }
            // The text's "Error = X-Y" or the XML's "ErrorCode = X, ExCode = Y": the first gives the result, a later
            // XML line may still give the extended code.
            Matcher r = RESULT.matcher(line);
            Matcher m = r.find() ? r : DETAILS.matcher(line);
            if (m == r || m.find()) {
                if (code == null) {
                    code = ErrorCodes.hex(Long.parseLong(m.group(1), 16));
                    resultNumber = lines.number();
                    resultLine = line;
                }
                if (extended == null && m.group(2) != null) {
                    extended = "0x" + m.group(2).toUpperCase(Locale.ROOT);
                }
            }
            Matcher p = PROFILE.matcher(line);
            if (profile == null && p.find()) {
                profile = p.group(1);
            }
            Matcher ph = PHASE.matcher(line);
            if (phase == null && ph.find()) {
                phase = ph.group(1);
            }
            Matcher s = STEP.matcher(line);
            if (step == null && s.find()) {
                step = s.group(1);
            }
        }
        if (resultLine == null) {
            return; // no result: SetupDiag found no known failure
        }
        StringBuilder detail = new StringBuilder();
        if (phase != null) {
            detail.append("phase ").append(phase);
        }
        if (step != null) {
            detail.append(detail.isEmpty() ? "" : ", ")
                    .append("last operation '")
                    .append(step)
                    .append('\'');
        }
        if (extended != null) {
            detail.append(detail.isEmpty() ? "" : ", ").append("extended code ").append(extended);
        }
        if (profile != null) {
            detail.append(detail.isEmpty() ? "" : ", ").append("profile ").append(profile);
        }
        new LineEmitter(path, sink)
                .emit(
                        EventKind.FAILED_OPERATION,
                        resultNumber,
                        resultLine,
                        time,
                        new Facts()
                                .put(Fact.CODE, code)
                                .put(Fact.OPERATION, OPERATION)
                                .put(Fact.DETAIL, detail.toString()));
    }

    /**
     * The time a line states, or null: the upgrade's or the failed step's, so that the result is ordered in time with
     * the other logs' lines (a later upgrade that went on settles it, an earlier one does not). SetupDiag writes the
     * machine's short date, month first on the machines the excerpts come from unless the first number is no month.
     */
    private static LocalDateTime time(String line) {
        Matcher m = TIME.matcher(line);
        if (!m.find()) {
            return null;
        }
        try {
            int a = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(2));
            int year = Integer.parseInt(m.group(3));
            int hour = Integer.parseInt(m.group(4));
            if (m.group(7) != null) {
                hour = hour % 12 + (m.group(7).equalsIgnoreCase("PM") ? 12 : 0);
            }
            boolean dayFirst = a > 12;
            LocalDateTime t = LocalDateTime.of(
                    year,
                    dayFirst ? b : a,
                    dayFirst ? a : b,
                    hour,
                    Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)));
            return year > 1 ? t : null;
        } catch (DateTimeException e) {
            return null;
        }
    }
}
