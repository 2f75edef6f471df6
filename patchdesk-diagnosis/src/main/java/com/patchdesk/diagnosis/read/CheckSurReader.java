package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CheckSUR.log, the report of the System Update Readiness Tool (KB947821) on Windows 7 / Server 2008 R2: each
 * {@code (f)} line is damage it found (a missing or corrupt package manifest, catalog, component manifest or payload,
 * a registry entry), each {@code (fix)} line one it repaired, and the summary says how many it found and fixed and
 * which repair files it did not have. Found damage is a {@link EventKind#STORE_CORRUPTION} naming the package or
 * component and file; the summary is the store's {@link EventKind#STORE_HEALTH}.
 */
final class CheckSurReader implements LogReader {

    /** {@code (f)\tCBS MUM Missing\t0x00000002\tservicing\packages\Package_for_KB...mum}. */
    private static final Pattern FOUND =
            Pattern.compile("^\\(f\\)\\s+([A-Za-z][A-Za-z ]+?)\\s+(0x[0-9A-Fa-f]{8})\\s+(\\S.*?)\\s*$");

    private static final Pattern FOUND_ERRORS = Pattern.compile("Found (\\d+) errors?");
    private static final Pattern FIXED_ERRORS = Pattern.compile("Fixed (\\d+) errors?");

    @Override
    public String format() {
        return "checksur-log";
    }

    /**
     * The tool's headings in a file without servicing-log columns: from Windows 8 on, CBS.log itself writes "Checking
     * System Update Readiness." and the same headings as stamped lines, and that is a CBS.log.
     */
    @Override
    public boolean recognises(LogHead head) {
        return head.servicingLines() == 0
                && (head.contains("Checking System Update Readiness")
                        || head.contains("Checking Package Manifests and Catalogs")
                        || head.contains("Unavailable repair files:"));
    }

    /** Above the CBS.log reader: a CheckSUR report pasted into CBS.log's folder is still a CheckSUR report. */
    @Override
    public int priority() {
        return 85;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        long found = -1;
        long fixed = 0;
        boolean unavailable = false;
        long summaryLine = 0;
        String summaryText = null;
        for (String line = lines.next(); line != null; line = lines.next()) {
            String t = line.strip();
            Matcher f = FOUND.matcher(t);
            if (f.find()) {
                damage(out, lines.number(), line, f.group(1).strip(), f.group(2), f.group(3));
                continue;
            }
            Matcher n = FOUND_ERRORS.matcher(t);
            if (n.find()) {
                found = Long.parseLong(n.group(1));
                summaryLine = lines.number();
                summaryText = line;
            } else if (t.startsWith("No errors detected")) {
                found = 0;
                summaryLine = lines.number();
                summaryText = line;
            }
            Matcher x = FIXED_ERRORS.matcher(t);
            if (x.find()) {
                fixed = Long.parseLong(x.group(1));
            }
            if (t.startsWith("Unavailable repair files")) {
                unavailable = true;
            }
        }
        if (found >= 0 && summaryText != null) {
            String health = found == 0 || (fixed >= found && !unavailable) ? "healthy" : "not-repairable";
            out.emit(
                    EventKind.STORE_HEALTH,
                    summaryLine,
                    summaryText,
                    null,
                    new Facts()
                            .put(Fact.HEALTH, health)
                            .put(
                                    Fact.DETAIL,
                                    "CheckSUR: " + found + " found, " + fixed + " fixed"
                                            + (unavailable ? ", repair files unavailable" : ""))
                            .put(Fact.OPERATION, "checksur"));
        }
    }

    private static void damage(LineEmitter out, long number, String line, String category, String code, String what) {
        Facts facts = new Facts().put(Fact.DETAIL, category).put(Fact.OPERATION, "checksur");
        ServicingIdentities.PackageId pkg = ServicingIdentities.firstPackage(what);
        if (pkg != null) {
            facts.put(Fact.PACKAGE, pkg.identity()).put(Fact.KB, pkg.kb());
        }
        List<ServicingIdentities.ComponentId> components = ServicingIdentities.components(what);
        if (!components.isEmpty()) {
            facts.put(Fact.COMPONENT, components.get(0).identity())
                    .put(Fact.VERSION, components.get(0).version());
        }
        String file = what.replace('\\', '/');
        int slash = file.lastIndexOf('/');
        facts.put(Fact.FILE, (slash >= 0 ? file.substring(slash + 1) : file).split("\\s")[0]);
        // The code column is the tool's own status (a Win32 value such as 0x00000002), not an HRESULT: not a code fact.
        out.emit(EventKind.STORE_CORRUPTION, number, line, null, facts);
    }
}
