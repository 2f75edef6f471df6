package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WindowsUpdate.log, as {@code Get-WindowsUpdateLog} writes it on Windows 10
 * ({@code 2023/11/20 10:21:33.1234567 1234  5678  Agent  text}) and in the older tab-separated form
 * ({@code 2016-09-28<TAB>04:30:31:123<TAB> 996<TAB> c4c<TAB>Agent<TAB>text}). Steps that end with an
 * outcome become {@link EventKind#UPDATE_ATTEMPT}s; the update they concern is taken from the line, or
 * else from the last {@code Title = ...} line of the same thread. Every failure code a line states
 * ({@code hr=0x80070005}, {@code error 0x800F0922}) is also an {@link EventKind#ERROR_CODE}, as in CBS.log, so the
 * rules about common codes work on a bundle that has only Windows Update logs.
 */
final class WindowsUpdateLogReader implements LogReader {

    private static final BenignLines BENIGN = BenignLines.standard();

    private static final Pattern CODE = Pattern.compile("0[xX]([0-9A-Fa-f]{8})\\b");
    /**
     * A failure HRESULT printed without "0x" after a word that names it: {@code resultMapped=80070643},
     * {@code returned unknown error 80070490}, {@code hr=8024402C}.
     */
    private static final Pattern BARE_CODE = Pattern.compile(
            "(?i)\\b(?:error|hr|result|resultMapped|code|failed with)\\s*[=:]?\\s*(8[0-9A-Fa-f]{7})\\b");
    /** {@code Install call complete (succeeded = 0, succeeded with errors = 0, failed = 1, ...}. */
    private static final Pattern FAILED_COUNT = Pattern.compile("\\bfailed = (\\d+)");

    private static final Pattern SUCCEEDED_COUNT = Pattern.compile("\\bsucceeded = (\\d+)");
    private static final Pattern BLANKS = Pattern.compile("\\s{2,}");
    private static final Pattern TITLE = Pattern.compile("\\bTitle\\s*=\\s*(.+?)\\s*$");
    private static final int REMEMBERED_THREADS = 64;
    /** The lines of the agent's process starting or ending (see {@link #restarts}). */
    private static final List<String> RESTART_MARKERS =
            List.of("Logging initialized", "Service: Service startup", "Service exit", "WU client version");
    /** Between a process's id and its thread's in a thread's key. */
    private static final char PROCESS_END = '/';
    /** {@code ServiceID = {7971F918-...}} (a search's service), {@code + ServiceId = {3DA21691-...}, Server URL = ...}. */
    private static final Pattern SERVICE_ID =
            Pattern.compile("(?i)\\bServiceI[Dd]\\s*=\\s*\\{([0-9A-Fa-f]{8}-[0-9A-Fa-f-]{27})\\}");
    /** {@code GetTargetedServiceMapping: C5B2E08D-… -> 3DA21691-…}: the service a targeted one is searched through. */
    private static final Pattern SERVICE_MAPPING =
            Pattern.compile("GetTargetedServiceMapping: [0-9A-Fa-f-]{36} -> ([0-9A-Fa-f]{8}-[0-9A-Fa-f-]{27})\\b");
    /** The server of a URL the agent names ({@code Server URL = http://wsus12.example.edu:8530/ClientWebService/…}). */
    private static final Pattern SERVER_URL = Pattern.compile("Server URL = (https?://[^/\\s]{1,200})");
    /** The server of a request that failed ({@code SendRequestUsingProxy failed for <http://au.download…/…>}). */
    private static final Pattern REQUEST_URL = Pattern.compile("failed for <(https?://[^/\\s>]{1,200})");
    /** The components of the agent's callers' side, which tell a search's result on threads of their own. */
    private static final java.util.Set<String> CLIENT_SIDE = java.util.Set.of("COMAPI", "ComApi", "AU");
    /** A download call's progress callback, which tells a code the call goes on from. */
    private static final String PROGRESS_CALLBACK = "with code Call progress and error";
    /** The handler's end of an app package's deployment that worked ({@code {…} deployment completed: …}), lower case. */
    private static final String DEPLOYMENT_COMPLETED = "deployment completed: status: completed";
    /** The handler's end of an app package's deployment, after the package's update id. */
    private static final String APP_DEPLOYMENT = "} deployment completed";
    /** The handler's note that the agent cancelled an update's download job, the update's id after it. */
    private static final String JOB_CANCELLED = "Handler received download job cancellation for ";
    /** E_ABORT, the extended code of a deployment ended by its job's cancellation. */
    private static final String ABORTED = "0x80004004";
    /** WU_E_CALL_CANCELLED. */
    private static final String CALL_CANCELLED = "0x8024000B";
    /** WU_E_NOT_APPLICABLE. */
    private static final String NOT_APPLICABLE = "0x80240017";
    /** How far after a search's "Found N updates" line the agent closes the search. */
    private static final int SEARCH_END_LINES = 5;
    /** An update's id as the agent prints it ({@code 576B0DD6-57CC-457B-A5EC-E888491B395D}, then its revision). */
    private static final Pattern UPDATE_ID =
            Pattern.compile("\\b([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\\b");
    /** A line of a bundle's list of ids: the id alone, after the agent's stars ({@code *       {2F7E14AF-…}.200}). */
    private static final Pattern BUNDLED_ID = Pattern.compile(
            "^[*\\s]*\\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\\}?(?:\\.\\d{1,5})?\\s*$");
    /** The callers that search and download a repair's payload, not updates: DISM's RestoreHealth ("MCR"). */
    private static final java.util.Set<String> REPAIR_CALLERS = java.util.Set.of("TrustedInstaller MCR");
    /** {@code * START * Finding updates CallerId = TrustedInstaller MCR  Id = 7}: who searched. */
    private static final Pattern SEARCH_CALLER =
            Pattern.compile("START \\* Finding updates CallerId = ([^,]{1,100}?)\\s+Id = \\d");
    /** How far after the agent's {@code Title =} line its {@code UpdateId =} line comes: the next line. */
    private static final int PAIRED_LINES = 2;
    /** How far after an update's failure its thread tells it again ("Exit code = …"): a line or two in real logs. */
    private static final int RETOLD_LINES = 10;
    /** How far after an update's failure the call's count that sums it up comes: about 20 lines in real logs. */
    private static final int SUMMED_UP_LINES = 200;
    /** How many update ids the reader keeps with their KB: more than a month of a machine's updates. */
    private static final int REMEMBERED_UPDATES = 4096;

    /**
     * A line shape of WindowsUpdate.log that is a fact by itself: the literal every such line has (a cheap test before
     * the expression), the expression, and the event it makes.
     */
    private record LineFact(String literal, Pattern pattern, EventKind kind, Function<Matcher, Facts> facts) {}

    /**
     * The line facts, each one entry: a new shape is one more (and a fixture). The update attempts and codes below are
     * more than one line's business (titles per thread, counts, benign shapes) and are read by hand.
     */
    private static final List<LineFact> LINE_FACTS = List.of(
            // The signature check of a downloaded update: "Microsoft signed: No" is a third-party update (WSUS Package
            // Publisher, Patch My PC, ...), which Windows Update installs by running the package's own installer.
            new LineFact(
                    "Microsoft signed: No",
                    Pattern.compile("^Microsoft signed:\\s+No\\b"),
                    EventKind.UPDATE_SIGNATURE,
                    m -> new Facts().put(Fact.DETAIL, "not Microsoft-signed")),
            // The end of a search that worked: "Found 3 updates and 92 categories in search; evaluated appl. rules
            // of 1825 out of 3207 deployed entities" (both layouts). A scan that failed earlier is over.
            new LineFact(
                    "categories in search",
                    Pattern.compile("\\bFound (\\d+) updates and \\d+ categories in search\\b"),
                    EventKind.UPDATE_ATTEMPT,
                    m -> new Facts()
                            .put(Fact.PHASE, "scan")
                            .put(Fact.RESULT, "success")
                            .put(Fact.DETAIL, m.group(1) + " updates found")),
            // A download the agent gave up, its code in brackets: "DownloadManager *FAILED* [80096004] Error occurred
            // while downloading update 5E223EF3-….101; notifying dependent calls." (l03 in eval/real-excerpts-team: an
            // Office update's payload whose signature was not trusted). A transient one (Delivery Optimization's
            // 80D03805, l05) is settled by the same update's later download.
            new LineFact(
                    "Error occurred while downloading update",
                    Pattern.compile("\\*FAILED\\* \\[(8[0-9A-Fa-f]{7})\\] Error occurred while downloading update"
                            + " \\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})"),
                    EventKind.UPDATE_ATTEMPT,
                    m -> new Facts()
                            .put(Fact.PHASE, "download")
                            .put(Fact.RESULT, "failure")
                            .put(Fact.CODE, ErrorCodes.hex(Long.parseLong(m.group(1), 16)))
                            .put(Fact.UPDATE_ID, m.group(2).toUpperCase(Locale.ROOT))),
            // The SOAP fault the update server (WSUS) answered a request with, as the web service layer prints it:
            // "detail: <detail><ErrorCode>InvalidParameters</ErrorCode><Message>parameters.OtherCachedUpdateIDs
            // </Message>...<Method>"http://.../ClientWebService/SyncUpdates"</Method></detail>". What the server
            // refused (the request) and why (its error code and message) say where to fix it.
            new LineFact(
                    "<ErrorCode>",
                    Pattern.compile("<ErrorCode>\\s*([^<]*?)\\s*</ErrorCode>\\s*<Message>\\s*([^<]*?)\\s*</Message>"
                            + ".*?<Method>[\"\\s]*[^<\"]*/(\\w+)[\"\\s]*</Method>"),
                    EventKind.FAILED_OPERATION,
                    WindowsUpdateLogReader::soapFault),
            new LineFact(
                    "Soap fault detail",
                    Pattern.compile("Soap fault detail: errorCode='\\s*([^']*?)\\s*', message='\\s*([^']*?)\\s*'"
                            + ".*?method='[\"\\s]*[^'\"]*/(\\w+)[\"\\s]*'"),
                    EventKind.FAILED_OPERATION,
                    WindowsUpdateLogReader::soapFault));

    /** The server's error code and message as the detail, the web method it refused as the operation. */
    private static Facts soapFault(Matcher m) {
        String detail = m.group(2).isEmpty() ? m.group(1) : m.group(1) + ": " + m.group(2);
        return new Facts().put(Fact.OPERATION, m.group(3)).put(Fact.DETAIL, "SOAP fault " + detail);
    }

    @Override
    public String format() {
        return "windows-update-log";
    }

    private static final Pattern ENTRY =
            Pattern.compile("^\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d+\\s+\\d+\\s+\\d+\\s+\\S+"
                    + "|^\\d{4}-\\d{2}-\\d{2}\\t\\d{2}:\\d{2}:\\d{2}:\\d{3}\\s+[0-9a-fA-F]+\\s+[0-9a-fA-F]+\\s+\\S+");

    /**
     * The other layouts of Get-WindowsUpdateLog and of excerpts: a 12-hour time with AM/PM, a date in the machine's
     * order, a time masked by whoever quoted it ({@code hh:mm:ss.fffff tt}), and the source file and line before the
     * component ({@code downloadmanager_cpp16907 [DownloadManager]}), and the older agent's layout with single blanks
     * as articles print it, its thread id in hex ({@code 2017-05-04 18:00:07:854 1676 117c WS ...}). What stays is:
     * time, process and thread ids, component, text.
     */
    private static final Pattern LOOSE_ENTRY = Pattern.compile(
            "^\\s*(?:(\\d{4}[/-]\\d{1,2}[/-]\\d{1,2}|\\d{1,2}[/.]\\d{1,2}[/.]\\d{4}|[yY]{4}[/-][mM]{1,2}[/-][dD]{1,2}|[mMdD]{1,2}/[mMdD]{1,2}/[yY]{4})\\s+)?"
                    + "(?:(\\d{1,2}):(\\d{2}):(\\d{2})(?:[.:,]\\d+)?|[hH]{1,2}:mm:ss(?:[.:]f+)?)"
                    + "(?:\\s+(AM|PM|am|pm|tt|TT))?\\s+(\\d{1,6})\\s+([0-9A-Fa-f]{1,8})\\s+"
                    + "(?:[A-Za-z0-9_]+_(?:cpp|c|h)\\d+\\s+\\[([A-Za-z][\\w]*)\\]|([A-Za-z][\\w]*))(?:\\s+(.*))?$");

    /** An entry of any layout: date (or not), time, process, thread and component. */
    @Override
    public boolean recognises(LogHead head) {
        return head.anyLine(
                l -> ENTRY.matcher(l).find() || LOOSE_ENTRY.matcher(l).find());
    }

    @Override
    public int priority() {
        return 90;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        Titles titles = new Titles();
        // Where the search's end was told by its "Found N updates" line, the agent's closing line a moment later
        // ("* END * Finding updates ..., Exit code = 0x00000000") is the same scan, not a second one.
        String foundOn = null;
        long foundAt = Long.MIN_VALUE;
        Titles services = new Titles();
        String lastService = null;
        Map<String, String> servers = new HashMap<>();
        UpdateIds updates = new UpdateIds();
        Map<String, String> serverOnThread = recent(REMEMBERED_THREADS);
        SearchEnd searchEnded = null;
        for (String line = lines.next(); line != null; line = lines.next()) {
            Parsed parsed = parse(line);
            if (parsed == null) {
                continue;
            }
            String t = parsed.text;
            if (restarts(t)) {
                // The agent's process starts or ends: the steps its threads had open are over, and a thread of the
                // same id in the process started next (its id may be the old one's) begins afresh.
                String process = process(parsed.thread);
                titles.endProcess(process);
                services.endProcess(process);
                updates.endProcess(process);
                serverOnThread.keySet().removeIf(k -> k.startsWith(process));
                foundOn = foundOn != null && foundOn.startsWith(process) ? null : foundOn;
            }
            if (t.indexOf("ervice") >= 0) {
                Matcher service = SERVICE_ID.matcher(t);
                Matcher server = t.indexOf("Server URL = ") >= 0 ? SERVER_URL.matcher(t) : null;
                if (service.find()) {
                    lastService = "service {" + service.group(1).toUpperCase(Locale.ROOT) + "}";
                    services.remember(parsed.thread, lastService);
                    if (server != null && server.find()) {
                        servers.put(server.group(1).toLowerCase(Locale.ROOT), lastService);
                    }
                } else if (server != null && server.find()) {
                    // A thread that talks to a server by its URL alone (the reporter's and the cookie's calls to
                    // WSUS: "Server URL = http://wsus12…:8530/SimpleAuthWebService/SimpleAuth.asmx") works for the
                    // service that server was named for.
                    String named = servers.get(server.group(1).toLowerCase(Locale.ROOT));
                    if (named != null) {
                        services.remember(parsed.thread, named);
                    }
                }
                Matcher mapped = SERVICE_MAPPING.matcher(t);
                if (mapped.find()) {
                    // A search of a targeted service goes to the server of the service it maps to (a driver search
                    // through WSUS: "GetTargetedServiceMapping: C5B2E08D-… -> 3DA21691-…"): that is the one reached.
                    lastService = "service {" + mapped.group(1).toUpperCase(Locale.ROOT) + "}";
                    services.remember(parsed.thread, lastService);
                }
            }
            // The update service the thread works for (Windows Update, WSUS, the Store): the same service's later scan
            // is what ends a failure to reach it, another's is not. The client's side of a search (COMAPI, AU) runs
            // on threads that name no service: its result is that of the search the agent ended last (o07 in
            // eval/real-excerpts-team: AU's "Search callback failed, result = 0x80072EE2" comes after the agent's
            // thread ended the WSUS search and began the next caller's driver search of another service), else of
            // the one it named last.
            String service = services.onThread(parsed.thread);
            String server = serverOfThread(t, parsed.thread, serverOnThread);
            if (service == null && CLIENT_SIDE.contains(parsed.component)) {
                service = searchEnded != null && searchEnded.service() != null ? searchEnded.service() : lastService;
                server = server == null && searchEnded != null ? searchEnded.server() : server;
            }
            Parsed p = parsed.serving(service, server);
            for (LineFact f : LINE_FACTS) {
                if (t.indexOf(f.literal()) >= 0) {
                    Matcher m = f.pattern().matcher(t);
                    if (m.find()) {
                        Facts facts =
                                f.facts().apply(m).put(Fact.SOURCE, p.component).put(Fact.CLIENT, p.service);
                        facts.put(Fact.SERVER, "success".equals(facts.get(Fact.RESULT)) ? p.server : p.failedServer());
                        String id = facts.get(Fact.UPDATE_ID);
                        String caller = id == null ? null : updates.callerOf(id);
                        if (caller != null && REPAIR_CALLERS.contains(caller)) {
                            // DISM's repair fetching its payload through the agent (i07 in eval/real-excerpts-team):
                            // its failure is the repair's, which DISM's and CBS's logs tell; no update failed.
                            continue;
                        }
                        if (id != null) {
                            facts.put(Fact.KB, updates.kbOf(t));
                            if ("failure".equals(facts.get(Fact.RESULT))) {
                                updates.failed(new UpdateIds.Failure(
                                        facts.get(Fact.PHASE),
                                        facts.get(Fact.KB),
                                        id,
                                        "failure",
                                        facts.get(Fact.CODE),
                                        p.service,
                                        p.thread,
                                        lines.number()));
                            }
                        }
                        out.emit(f.kind(), lines.number(), line, p.time, facts);
                        if ("scan".equals(facts.get(Fact.PHASE))) {
                            foundOn = p.thread;
                            foundAt = lines.number();
                        }
                    }
                }
            }
            if (t.indexOf("  END  ") >= 0) {
                titles.ended(p.thread);
            }
            if (t.indexOf("END") >= 0 && t.indexOf("Finding updates") >= 0 && !CLIENT_SIDE.contains(p.component)) {
                // "**  END  **  Agent: Finding updates [CallerId = AutomaticUpdates]", "* END * Finding updates
                // CallerId = …": the search whose result the caller's side tells next.
                searchEnded = new SearchEnd(p.service, p.server);
            }
            updates.see(t, p.thread, lines.number());
            if (t.startsWith(JOB_CANCELLED)) {
                updates.cancellation(t);
            }
            if (t.indexOf("CallerId = ") >= 0 || t.indexOf(" to search result") >= 0) {
                updates.search(t, p.thread);
            }
            if (t.indexOf("Title") >= 0) {
                Matcher m = TITLE.matcher(t);
                if (m.find()) {
                    titles.remember(p.thread, m.group(1));
                    updates.titled(m.group(1), p.thread, lines.number());
                    continue;
                }
            }
            if (t.indexOf("0x") >= 0 || t.indexOf("0X") >= 0 || t.indexOf('8') >= 0) {
                if (errorCodes(out, p, lines.number(), line)) {
                    continue; // a known-benign line: set aside, no attempt made of it either
                }
            }
            boolean candidate = t.indexOf("resultMapped") >= 0
                    || t.indexOf("failed = ") >= 0
                    || t.indexOf("Exit code") >= 0
                    || t.indexOf("hr=") >= 0
                    || t.indexOf("hr =") >= 0
                    || t.indexOf("ail") >= 0
                    || t.indexOf("rror") >= 0
                    || t.indexOf("ucceeded") >= 0
                    || t.indexOf("complete") >= 0;
            if (!candidate) {
                continue;
            }
            if (t.indexOf("Deployment job Id") >= 0
                    && t.indexOf(": Ending ") >= 0
                    && t.indexOf("Exit code = 0x00000000") >= 0) {
                // The deployment job's own exit code ("Ending Installing updates, …, Exit code = 0x00000000") is 0
                // when one of its updates failed (l02 in eval/real-excerpts-team): each update's outcome is told by
                // its own lines (LogHistory, "Install call complete (… failed = 1").
                continue;
            }
            boolean searchEndTold = p.thread.equals(foundOn) && lines.number() - foundAt <= SEARCH_END_LINES;
            attempt(out, p, lines.number(), line, titles, updates, searchEndTold);
        }
    }

    /**
     * Whether the line is the agent's process starting or ending: a process's first line on Windows 7 ({@code
     * ===========  Logging initialized (build: 7.6.7601.23806, …)}), the service's {@code ** START **  Service: Service
     * startup} and {@code Service exit} (both layouts), and the first line a Windows 10 agent writes, {@code WU client
     * version 10.0.17763.1852} (l08 in eval/real-excerpts-team restarts eleven times in a day).
     */
    private static boolean restarts(String t) {
        for (String marker : RESTART_MARKERS) {
            if (t.indexOf(marker) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The agent prints HRESULTs as {@code 0x} and eight digits after many words ({@code Download failed 0x80248007},
     * {@code hr=}, {@code error =}) and prints no addresses, so every such failure value is a code here.
     */
    /** The codes of a line as error events; true when the line is of a known-benign shape (set aside instead). */
    private static boolean errorCodes(LineEmitter out, Parsed p, long number, String line) {
        var benign = BENIGN.match(p.text);
        if (benign.isPresent()) {
            // Routine on healthy machines ("GetTimer, returned hr = 0x80248007"): counted, never a failure.
            out.emit(
                    EventKind.BENIGN_LINE,
                    number,
                    line,
                    p.time,
                    new Facts().put(Fact.BENIGN, benign.get().id()).put(Fact.SOURCE, p.component));
            return true;
        }
        // The agent has no level column; FATAL marks its error lines. "failed" is not enough: a healthy agent writes
        // many ("Send failed with hr = 80072efd" from its telemetry, lookups of absent values).
        String level = p.text.indexOf("FATAL") >= 0 ? "Error" : null;
        Matcher m = CODE.matcher(p.text);
        String previous = null;
        while (m.find()) {
            long value = Long.parseLong(m.group(1), 16);
            String code = ErrorCodes.hex(value);
            if (value >= 0x80000000L && !code.equals(previous)) {
                out.emit(
                        EventKind.ERROR_CODE,
                        number,
                        line,
                        p.time,
                        new Facts()
                                .put(Fact.CODE, code)
                                .put(Fact.SOURCE, p.component)
                                .put(Fact.LEVEL, level)
                                .put(Fact.CLIENT, p.service)
                                .put(Fact.SERVER, p.failedServer()));
                previous = code;
            }
        }
        if (previous == null) {
            String bare = bareCode(p.text);
            if (bare != null) {
                out.emit(
                        EventKind.ERROR_CODE,
                        number,
                        line,
                        p.time,
                        new Facts()
                                .put(Fact.CODE, bare)
                                .put(Fact.SOURCE, p.component)
                                .put(Fact.LEVEL, level)
                                .put(Fact.CLIENT, p.service)
                                .put(Fact.SERVER, p.failedServer()));
            }
        }
        return false;
    }

    /**
     * The update server the thread talks to: the one this line names ({@code Server URL = http://wsus12…:8530/…}, a
     * failed request's {@code <http://au.download.windowsupdate.com/…>}), else the one the thread named last. The
     * protocol talker names its server before each call, so the server of a thread's failure is known even where the
     * thread named no update service (o07 in eval/real-excerpts-team: the cookie's calls to WSUS timed out before the
     * thread first named WSUS's service).
     */
    private static String serverOfThread(String t, String thread, Map<String, String> serverOnThread) {
        boolean searchStarts = t.indexOf("START") >= 0 && t.indexOf("Finding updates") >= 0;
        if (searchStarts || (t.indexOf("ServiceI") >= 0 && t.indexOf("Server URL") < 0)) {
            // A new search, or a service named without its server: the server named before may be another service's.
            serverOnThread.remove(thread);
            return null;
        }
        if (t.indexOf("://") >= 0) {
            Matcher named = t.indexOf("Server URL = ") >= 0 ? SERVER_URL.matcher(t) : REQUEST_URL.matcher(t);
            if (named.find()) {
                String server = named.group(1).toLowerCase(Locale.ROOT);
                serverOnThread.put(thread, server);
                return server;
            }
        }
        return serverOnThread.get(thread);
    }

    /** The first failure code printed without "0x" after a word naming it, or null. */
    private static String bareCode(String t) {
        Matcher m = BARE_CODE.matcher(t);
        return m.find() ? ErrorCodes.hex(Long.parseLong(m.group(1), 16)) : null;
    }

    private static void attempt(
            LineEmitter out,
            Parsed p,
            long number,
            String line,
            Titles titles,
            UpdateIds updates,
            boolean searchEndTold) {
        String t = p.text;
        if (t.indexOf(PROGRESS_CALLBACK) >= 0) {
            // "WU client calls back to download call {…} with code Call progress and error 0x80244018": the call goes
            // on (the agent refreshes the download's link and tries again, l06 in eval/real-excerpts-team); its result
            // is the "Call complete" callback or the caller's count at its end. The code stays an error line.
            return;
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.indexOf("  ") >= 0) {
            // Excerpts pasted from tables keep runs of blanks inside the text ("completed   successfully").
            lower = BLANKS.matcher(lower).replaceAll(" ");
        }
        String code = null;
        boolean sawZero = false;
        Matcher m = CODE.matcher(t);
        while (m.find()) {
            long value = Long.parseLong(m.group(1), 16);
            if (value == 0) {
                sawZero = true;
            } else if (value >= 0x80000000L && code == null) {
                code = ErrorCodes.hex(value);
            }
        }
        if (code == null) {
            code = bareCode(t);
        }
        Matcher failedCount = FAILED_COUNT.matcher(t);
        boolean countedFailure = failedCount.find() && Integer.parseInt(failedCount.group(1)) > 0;
        Matcher succeededCount = SUCCEEDED_COUNT.matcher(t);
        boolean countedSuccess = !countedFailure
                && t.indexOf("failed = 0") >= 0
                && succeededCount.find()
                && Integer.parseInt(succeededCount.group(1)) > 0;
        String result;
        if (code != null || countedFailure) {
            result = "failure";
        } else if (countedSuccess) {
            result = "success";
        } else if ((sawZero && (lower.contains("exit code") || lower.contains("hr=")))
                || lower.contains(DEPLOYMENT_COMPLETED)
                || lower.contains("resultmapped=0,")
                || lower.contains("succeeded")
                || lower.contains("completed successfully")) {
            result = "success";
        } else {
            return;
        }
        String phase = phase(lower, p.component);
        if (phase == null || (searchEndTold && phase.equals("scan") && result.equals("success"))) {
            return;
        }
        if (result.equals("success") && lower.contains("uninstall")) {
            return; // an update removed ("operation = Uninstall, resultMapped=0") is no install of it
        }
        String kb = ServicingIdentities.kb(t);
        String title = null;
        if (kb == null) {
            title = titles.of(p.thread);
            String titled = title == null ? null : ServicingIdentities.kb(title);
            // The update's id where the line names one ("LogHistory called. idUpdate={576B0DD6-…}.200") is exact; the
            // thread's last title may be another update's.
            kb = updates.kbOf(t);
            if (kb == null && t.indexOf(APP_DEPLOYMENT) < 0) {
                kb = titled;
            } else if (kb == null || (titled != null && !titled.equals(kb))) {
                // A Store app's deployment ("{243A9749-…} deployment completed: …") is that app package's, never the
                // KB the thread's last title named (the handler's threads carry the titles of other updates).
                title = null;
            }
        }
        String id = UpdateIds.first(t);
        String client = p.service;
        if (phase.equals("install") && NOT_APPLICABLE.equals(code)) {
            // WU_E_NOT_APPLICABLE at install time: the agent found the update no longer applies ("The update … is for
            // Install, installable: No"; a newer one superseded it, l02 and o07 in eval/real-excerpts-team). Nothing
            // failed on the machine; the update is not installed, and the report says so.
            result = "not-applicable";
        }
        if (CALL_CANCELLED.equals(code)) {
            // WU_E_CALL_CANCELLED: the caller cancelled its own call ("Call Aborted and error 0x8024000b", a scan's
            // "Call error code = 0x8024000B" when a newer search replaced it, l06): stopped, not failed.
            result = "cancelled";
        }
        if (result.equals("failure") && phase.equals("install") && updates.cancelledDeployment(id, t)) {
            // "{C314EA12-…} deployment completed: Status: Error, HR: 0x80073cf9, Extended HR: 0x80004004" after the
            // handler's "received download job cancellation for C314EA12-…": the agent cancelled the update's job
            // itself (a new search replaced it, l06); the app package's error is E_ABORT's, nothing failed to install.
            result = "cancelled";
        }
        if (result.equals("success")) {
            updates.succeeded(kb, id);
        }
        if (result.equals("failure") && kb == null && id == null) {
            // A failure that names no update is the one told a moment before by id or KB: on the same thread (the
            // handler's "Exit code = 0x8024200B" after its "Driver Install of {4E95DCBD-…}"), or, for a call's count
            // ("Install call complete (succeeded = 0, …, failed = 1"), on any thread: so a retry of it settles it too,
            // and a count of an update found not applicable is no failure either.
            UpdateIds.Failure last =
                    updates.lastFailure(phase, p.thread, countedFailure, t.startsWith("Exit code"), number);
            if (last != null) {
                kb = last.kb();
                id = last.id();
                result = last.result();
                code = code == null && !result.equals("failure") ? last.code() : code;
                client = last.client();
            }
        } else if (!result.equals("success")) {
            updates.failed(new UpdateIds.Failure(phase, kb, id, result, code, p.service, p.thread, number));
        }
        out.emit(
                EventKind.UPDATE_ATTEMPT,
                number,
                line,
                p.time,
                new Facts()
                        .put(Fact.PHASE, phase)
                        .put(Fact.RESULT, result)
                        .put(Fact.CODE, code)
                        .put(Fact.KB, kb)
                        .put(Fact.TITLE, title)
                        .put(Fact.UPDATE_ID, id)
                        .put(Fact.SOURCE, p.component)
                        .put(Fact.CLIENT, client)
                        .put(Fact.SERVER, result.equals("success") ? p.server : p.failedServer()));
    }

    /** The phase the text names, else the one the writing component stands for. */
    static String phase(String text, String component) {
        // TrustedInstaller's client ("ClientId = TrustedInstaller MCR", fetching a repair's payload) installs nothing.
        String lower = text.indexOf("trustedinstaller") >= 0 ? text.replace("trustedinstaller", "") : text;
        if (lower.contains("finding updates")
                || lower.contains("search")
                || lower.contains("scan")
                || lower.contains("detect")) {
            return "scan";
        }
        // The handler's "Request generation for CBS update complete with hr=0x80242006" is the download's first step:
        // it builds the download request of the update's files (o07 in eval/real-excerpts-team).
        if (lower.contains("download") || lower.contains("request generation")) {
            return "download";
        }
        // The agent logs the outcome of an install in the update's history.
        if (lower.contains("loghistory")) {
            return "install";
        }
        if (lower.contains("install") || lower.contains("commit")) {
            return "install";
        }
        return switch (component) {
            case "DownloadManager" -> "download";
            case "Handler", "Deployment" -> "install";
            default -> null;
        };
    }

    /** The service and server of the search the agent ended last. */
    private record SearchEnd(String service, String server) {}

    private record Parsed(
            LocalDateTime time, String thread, String component, String text, String service, String server) {

        /**
         * The server a failure is told for: only where the thread named no update service. A failure of a named
         * service is that service's (a later scan of the same service ends it); the server a thread named last may be
         * another service's, as when a search of another service starts on the thread and fails before its own
         * server is named.
         */
        String failedServer() {
            return service == null ? server : null;
        }

        Parsed(LocalDateTime time, String thread, String component, String text) {
            this(time, thread, component, text, null, null);
        }

        Parsed serving(String service, String server) {
            return service == null && server == null
                    ? this
                    : new Parsed(time, thread, component, text, service, server);
        }
    }

    /** Date, time, process, thread, component, text; null for a line that is not an entry. */
    private static Parsed parse(String line) {
        Parsed p = parseFixed(line);
        if (p != null && !p.component.contains("_cpp")) {
            return p;
        }
        return parseLoose(line);
    }

    /** The layouts {@link #LOOSE_ENTRY} describes; the time only where the date and time are stated in full. */
    private static Parsed parseLoose(String line) {
        if (line.isEmpty()) {
            return null;
        }
        char first = line.charAt(0);
        if (!Character.isDigit(first)
                && first != 'h'
                && first != 'H'
                && first != 'y'
                && first != 'Y'
                && first != 'm'
                && first != 'M'
                && first != 'd'
                && first != 'D'
                && first != ' ') {
            return null;
        }
        Matcher m = LOOSE_ENTRY.matcher(line);
        if (!m.find()) {
            return null;
        }
        String component = m.group(8) != null ? m.group(8) : m.group(9);
        return new Parsed(
                looseTime(m), thread(m.group(6), m.group(7)), component, m.group(10) == null ? "" : m.group(10));
    }

    private static LocalDateTime looseTime(Matcher m) {
        String date = m.group(1);
        if (date == null || m.group(2) == null || !Character.isDigit(date.charAt(0))) {
            return null;
        }
        String[] d = date.split("[/.-]");
        try {
            int year;
            int month;
            int day;
            if (d[0].length() == 4) {
                year = Integer.parseInt(d[0]);
                month = Integer.parseInt(d[1]);
                day = Integer.parseInt(d[2]);
            } else {
                year = Integer.parseInt(d[2]);
                int a = Integer.parseInt(d[0]);
                int b = Integer.parseInt(d[1]);
                // Get-WindowsUpdateLog writes the machine's short date: month first (en-US) unless the first is no
                // month,
                // or the date is written with dots (day first in most locales that use them).
                boolean dayFirst = a > 12 || date.indexOf('.') >= 0;
                month = dayFirst ? b : a;
                day = dayFirst ? a : b;
            }
            int hour = Integer.parseInt(m.group(2));
            String half = m.group(5);
            if (half != null && (half.equalsIgnoreCase("PM") || half.equalsIgnoreCase("AM"))) {
                if (hour > 12) {
                    return null;
                }
                hour = hour % 12 + (half.equalsIgnoreCase("PM") ? 12 : 0);
            }
            return LocalDateTime.of(year, month, day, hour, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
        } catch (DateTimeException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static Parsed parseFixed(String line) {
        if (line.length() < 24 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(3))) {
            return null;
        }
        char sep = line.charAt(4);
        if ((sep != '/' && sep != '-') || line.charAt(7) != sep) {
            return null;
        }
        int[] bounds = new int[8];
        int from = 0;
        for (int field = 0; field < 4; field++) {
            int start = skipBlank(line, from);
            int end = toBlank(line, start);
            bounds[field * 2] = start;
            bounds[field * 2 + 1] = end;
            from = end;
        }
        int componentStart = skipBlank(line, from);
        int componentEnd = toBlank(line, componentStart);
        if (componentEnd <= componentStart) {
            return null;
        }
        int textStart = skipBlank(line, componentEnd);
        String thread = thread(line.substring(bounds[4], bounds[5]), line.substring(bounds[6], bounds[7]));
        return new Parsed(
                time(line, bounds[3]), thread, line.substring(componentStart, componentEnd), line.substring(textStart));
    }

    /**
     * A thread's key: its process's id and its own. The agent's threads' ids are reused by the agent started next (a
     * new process, o07 and q01 in eval/real-excerpts-team), so a thread id alone would tie a step of one process to a
     * result of another.
     */
    private static String thread(String process, String thread) {
        return process + PROCESS_END + thread.toLowerCase(Locale.ROOT);
    }

    /** The process's part of a thread's key: what {@link #thread} puts before the thread's own id. */
    private static String process(String threadKey) {
        return threadKey.substring(0, threadKey.indexOf(PROCESS_END) + 1);
    }

    private static LocalDateTime time(String line, int timeEnd) {
        try {
            return LocalDateTime.of(
                    Integer.parseInt(line, 0, 4, 10),
                    Integer.parseInt(line, 5, 7, 10),
                    Integer.parseInt(line, 8, 10, 10),
                    Integer.parseInt(line, 11, 13, 10),
                    Integer.parseInt(line, 14, 16, 10),
                    Integer.parseInt(line, 17, 19, 10));
        } catch (DateTimeException | NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static int skipBlank(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int toBlank(String s, int i) {
        while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
            i++;
        }
        return i;
    }

    /**
     * The KB of each update id the log has named with it: the agent reloads an update by id with its title
     * ({@code Deserialized installable update 2024-01 Security Update … (KB5034441), UpdateID = {576B0DD6-…}.200}),
     * or states the id after the title on the same thread ({@code * Title = …}, then {@code * UpdateId = {…}}), and
     * later tells the update's outcome by its id alone ({@code LogHistory called. idUpdate={576B0DD6-…}.200,
     * resultMapped=80070643}).
     */
    private static final class UpdateIds {
        private final Map<String, String> kbs = recent(REMEMBERED_UPDATES);

        /** An update's failure as a line told it, for the lines after it that tell it again without naming it. */
        record Failure(
                String phase,
                String kb,
                String id,
                String result,
                String code,
                String client,
                String thread,
                long line) {}

        private Failure lastFailure;

        /** Kept only when it names its update: a failure naming none cannot be retold as an update's. */
        void failed(Failure f) {
            if (f.kb() != null || f.id() != null) {
                lastFailure = f;
            }
        }

        /**
         * The update failure told last in the same phase: for a thread's bare exit code ("Exit code = 0x8024200B"), on
         * the same thread within {@code RETOLD_LINES} lines; for a call's count, on any thread within {@code
         * SUMMED_UP_LINES}; null otherwise (a line with failure words of its own may tell the next update's failure
         * before naming it).
         */
        Failure lastFailure(String phase, String thread, boolean count, boolean exitCode, long line) {
            Failure f = lastFailure;
            if (f == null || !f.phase().equals(phase)) {
                return null;
            }
            long distance = line - f.line();
            long reach = count ? SUMMED_UP_LINES : exitCode && f.thread().equals(thread) ? RETOLD_LINES : -1;
            return distance <= reach ? f : null;
        }

        /** An update installed (or downloaded) after all: its failure is no longer the one lines after it retell. */
        void succeeded(String kb, String id) {
            Failure f = lastFailure;
            if (f != null && ((id != null && id.equals(f.id())) || (kb != null && kb.equals(f.kb())))) {
                lastFailure = null;
            }
        }

        private String title;
        private String titleThread;
        private long titleLine = Long.MIN_VALUE;

        /** The agent's {@code * Title = …} line, which its {@code * UpdateId = {…}} line follows on the same thread. */
        void titled(String text, String thread, long line) {
            title = text;
            titleThread = thread;
            titleLine = line;
        }

        /**
         * An update id named with its KB: on the line itself ({@code Deserialized installable update … (KB5034441),
         * UpdateID = {…}}), or by the title on the line just before on the same thread (the agent's {@code Title =} and
         * {@code UpdateId =} pair). A title further back may be another update's, so it names nothing; and a title's
         * KB never replaces a KB a line stated with the id.
         */
        void see(String text, String thread, long line) {
            if (bundleKb != null) {
                String bundled = bundled(text, thread, line);
                if (bundled != null) {
                    kbs.putIfAbsent(bundled, bundleKb);
                    bundleLine = line;
                    return;
                }
            }
            if (text.indexOf("Bundles ") >= 0 && text.indexOf(" updates:") >= 0) {
                // "* Bundles 1 updates:" then one id a line: the update's payloads, which the download and the
                // installer name by their own ids (a download refused as untrusted names the bundled id).
                boolean justNamed = thread.equals(namedThread) && line - namedLine <= PAIRED_LINES;
                bundleKb = justNamed ? kbs.get(namedId) : null;
                bundleThread = thread;
                bundleLine = line;
                return;
            }
            boolean names = text.indexOf("UpdateID = ") >= 0 || text.indexOf("UpdateId = ") >= 0;
            if (!names) {
                return;
            }
            String id = first(text);
            if (id == null) {
                return;
            }
            String kb = ServicingIdentities.kb(text);
            if (kb != null) {
                kbs.put(id, kb);
            } else if (title != null && thread.equals(titleThread) && line - titleLine <= PAIRED_LINES) {
                String titled = ServicingIdentities.kb(title);
                if (titled != null) {
                    kbs.putIfAbsent(id, titled);
                }
            }
            namedId = id;
            namedThread = thread;
            namedLine = line;
        }

        private String namedId;
        private String namedThread;
        private long namedLine = Long.MIN_VALUE;
        private String bundleKb;
        private String bundleThread;
        private long bundleLine;

        /** The id a line of a bundle's list is ({@code *       {2F7E14AF-…}.200}), right after the list's head. */
        private String bundled(String text, String thread, long line) {
            if (!thread.equals(bundleThread) || line - bundleLine > 1) {
                bundleKb = null;
                return null;
            }
            Matcher m = BUNDLED_ID.matcher(text);
            if (!m.matches()) {
                bundleKb = null;
                return null;
            }
            return m.group(1).toUpperCase(Locale.ROOT);
        }

        private final Map<String, String> callerOnThread = recent(REMEMBERED_THREADS);
        private final Map<String, String> callers = recent(REMEMBERED_UPDATES);

        /**
         * Who searched for an update: {@code * START * Finding updates CallerId = TrustedInstaller MCR  Id = 7} on a
         * thread, then {@code Added update C820C6E2-….1 to search result} there. DISM's repair fetches its payload so
         * (the caller "TrustedInstaller MCR"): that download is the repair's, not an update's.
         */
        void search(String text, String thread) {
            Matcher started = SEARCH_CALLER.matcher(text);
            if (started.find()) {
                callerOnThread.put(thread, started.group(1).strip());
                return;
            }
            if (text.indexOf("END * Finding updates") >= 0) {
                callerOnThread.remove(thread); // the search is over: the thread may serve another caller next
                return;
            }
            String caller = callerOnThread.get(thread);
            if (caller != null && text.startsWith("Added update ")) {
                String id = first(text);
                if (id != null) {
                    // The first caller that found the update: a repair's search finding it later does not make an
                    // update that Automatic Updates found a repair's payload.
                    callers.putIfAbsent(id, caller);
                }
            }
        }

        /**
         * The process's threads ended: the agent restarted. A failure one of them told is retold by none of the next
         * process's lines, and a title, bundle or search a thread of it began names nothing after.
         */
        void endProcess(String process) {
            if (lastFailure != null && lastFailure.thread().startsWith(process)) {
                lastFailure = null;
            }
            if (titleThread != null && titleThread.startsWith(process)) {
                title = null;
                titleThread = null;
            }
            if (namedThread != null && namedThread.startsWith(process)) {
                namedThread = null;
            }
            if (bundleThread != null && bundleThread.startsWith(process)) {
                bundleKb = null;
                bundleThread = null;
            }
            callerOnThread.keySet().removeIf(k -> k.startsWith(process));
        }

        String callerOf(String id) {
            return callers.get(id);
        }

        private final Map<String, String> cancelled = recent(REMEMBERED_THREADS);

        /** The handler's {@code Handler received download job cancellation for C314EA12-…}: that job was cancelled. */
        void cancellation(String text) {
            Matcher id = UPDATE_ID.matcher(text);
            if (id.find(JOB_CANCELLED.length())) {
                cancelled.put(id.group(1).toUpperCase(Locale.ROOT), "");
            }
        }

        /**
         * Whether a deployment's failure is its cancelled job's end: the update's job was cancelled before and the
         * deployment ended with E_ABORT. The cancellation is used up, so the update's next deployment fails for real.
         */
        boolean cancelledDeployment(String id, String text) {
            return id != null && cancelled.remove(id) != null && text.indexOf(ABORTED) >= 0;
        }

        /** The first update id on the line, upper case, or null. */
        static String first(String text) {
            if (text.indexOf('-') < 0) {
                return null;
            }
            Matcher id = UPDATE_ID.matcher(text);
            while (id.find()) {
                if (namesAnUpdate(text, id.start())) {
                    return id.group(1).toUpperCase(Locale.ROOT);
                }
            }
            return null;
        }

        /**
         * Whether the id at {@code at} is an update's: "update" just before it ({@code idUpdate={…}}, {@code update id
         * …}, {@code Update …}, {@code UpdateID = {…}}) or the handler's {@code Install of {…}}; a deployment job's, a
         * call's or a service's id is not.
         */
        private static boolean namesAnUpdate(String text, int at) {
            int from = Math.max(0, at - 12);
            for (int i = text.indexOf('p', from); i >= 0 && i < at; i = text.indexOf('p', i + 1)) {
                if (i > 0 && text.regionMatches(true, i - 1, "update", 0, 6)) {
                    return true;
                }
            }
            // The handler's "{C314EA12-…} deployment completed: Status: Error, …" (an app package of the Store).
            if (at == 1 && text.charAt(0) == '{' && text.startsWith("} deployment completed", at + 36)) {
                return true;
            }
            // The handler's "Driver Install of {4E95DCBD-…} on pci\ven_10de…".
            return text.lastIndexOf("Install of {", at) >= from;
        }

        /** The KB of the first update id on the line that the log has named with one, or null. */
        String kbOf(String text) {
            if (kbs.isEmpty() || text.indexOf('-') < 0) {
                return null;
            }
            String id = first(text);
            return id == null ? null : kbs.get(id);
        }
    }

    /**
     * The last value (an update's title, a service) per thread, for a few dozen threads; for titles, the one any thread
     * saw if only one was seen.
     */
    private static final class Titles {
        private final Map<String, String> byThread = recent(REMEMBERED_THREADS);
        private String only;
        private String onlyThread;
        private boolean onlyEnded;
        private boolean several;

        void remember(String thread, String title) {
            byThread.put(thread, title);
            if (only == null) {
                only = title;
            } else if (!only.equals(title)) {
                several = true;
            }
            if (only.equals(title)) {
                onlyThread = thread;
                onlyEnded = false;
            }
        }

        /**
         * A call ended on a thread ("**  END  **  Agent: Installing updates"): its title no longer names what fails later
         * on that thread, and the only title of the log, named there, no longer names what fails on other threads (a wusa install's title does not name the scans
         * that fail for a month after it: q01 in eval/real-excerpts-team).
         */
        void ended(String thread) {
            byThread.remove(thread);
            if (thread.equals(onlyThread)) {
                onlyEnded = true;
            }
        }

        /** The process's threads ended: the agent restarted. */
        void endProcess(String process) {
            for (String thread : List.copyOf(byThread.keySet())) {
                if (thread.startsWith(process)) {
                    ended(thread);
                }
            }
            if (onlyThread != null && onlyThread.startsWith(process)) {
                onlyEnded = true;
            }
        }

        /** The value of this thread alone (no fallback to the only one seen). */
        String onThread(String thread) {
            return byThread.get(thread);
        }

        String of(String thread) {
            String title = byThread.get(thread);
            return title != null ? title : several || onlyEnded ? null : only;
        }
    }

    /** A map that keeps the {@code most} entries used last: a log's threads and updates come and go. */
    private static Map<String, String> recent(int most) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > most;
            }
        };
    }
}
