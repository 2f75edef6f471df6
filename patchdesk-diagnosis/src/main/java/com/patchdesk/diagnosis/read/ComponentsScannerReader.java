package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sysnative's ComponentsScanner, which loads the COMPONENTS registry hive (the component store's own database, beside
 * WinSxS) and checks its keys: {@code Loading registry hive from C:\Windows\System32\config\COMPONENTS}, {@code
 * Scanning DerivedData\Components for corruptions}, then {@code 2303 corruptions found in DerivedData\Components}. A
 * count of damaged keys in the hive is damage in the store that DISM and SFC stumble on, so it is a
 * {@link EventKind#STORE_CORRUPTION} naming the key; a count of 0 is none.
 */
final class ComponentsScannerReader implements LogReader {

    /** The tool's own steps, one entry a line shape: they tell its output from other text. */
    private static final List<Pattern> STEPS = List.of(
            Pattern.compile("^Loading registry hive from \\S.{0,200}\\\\COMPONENTS\\s*$"),
            Pattern.compile("^Starting corruption scan\\s*$"),
            Pattern.compile("^Scanning \\S.{0,200}? for corruptions\\s*$"));

    /** Its finding: {@code 2303 corruptions found in DerivedData\Components}. */
    private static final Pattern FOUND =
            Pattern.compile("^(\\d[\\d,]{0,12}) corruptions? found in (\\S.{0,200}?)\\s*$");

    @Override
    public String format() {
        return "components-scanner";
    }

    /** Two of its steps: one "Scanning … for corruptions" line could be anyone's. */
    @Override
    public boolean recognises(LogHead head) {
        return head.countLines(ComponentsScannerReader::step) >= 2;
    }

    /** Above the consoles of other tools: its lines are its own. */
    @Override
    public int priority() {
        return 55;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (line.length() > 1024) {
                continue;
            }
            Matcher m = FOUND.matcher(line);
            if (m.find() && !m.group(1).replace(",", "").matches("0+")) {
                out.emit(
                        EventKind.STORE_CORRUPTION,
                        lines.number(),
                        line,
                        null,
                        new Facts()
                                .put(Fact.DETAIL, m.group(1) + " damaged keys in the COMPONENTS hive's " + m.group(2))
                                .put(Fact.OPERATION, "componentsscanner")
                                .put(Fact.SOURCE, "ComponentsScanner"));
            }
        }
    }

    private static boolean step(String line) {
        if (line.length() > 1024) {
            return false;
        }
        for (Pattern p : STEPS) {
            if (p.matcher(line).find()) {
                return true;
            }
        }
        return false;
    }
}
