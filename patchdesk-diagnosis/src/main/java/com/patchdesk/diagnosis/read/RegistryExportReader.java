package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A .reg export (regedit writes UTF-16LE): from the key holding {@code "CurrentBuild"="17763"} and
 * {@code "UBR"=dword:00000306}, the OS build {@code 17763.774}.
 */
final class RegistryExportReader implements LogReader {

    private static final Pattern BUILD = Pattern.compile("^\"CurrentBuild(?:Number)?\"=\"(\\d{4,5})\"");
    private static final Pattern UBR = Pattern.compile("^\"UBR\"=dword:([0-9A-Fa-f]{8})");

    @Override
    public String format() {
        return "registry-export";
    }

    private static final Pattern HEADER = Pattern.compile("^(?:Windows Registry Editor Version \\d|REGEDIT4)");

    /** regedit's header on the first line with text. */
    @Override
    public boolean recognises(LogHead head) {
        String first = head.firstText();
        return first != null && HEADER.matcher(first.strip()).find();
    }

    @Override
    public int priority() {
        return 40;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        String build = null;
        Long ubr = null;
        boolean stated = false;
        for (String line = lines.next(); line != null; line = lines.next()) {
            String l = line.strip();
            if (l.startsWith("[")) {
                build = null;
                ubr = null;
                stated = false;
                continue;
            }
            Matcher b = BUILD.matcher(l);
            Matcher u = UBR.matcher(l);
            if (b.find()) {
                build = b.group(1);
            } else if (u.find()) {
                ubr = Long.parseLong(u.group(1), 16);
            } else {
                continue;
            }
            if (build != null && ubr != null && !stated) {
                out.emit(
                        EventKind.OS_BUILD,
                        lines.number(),
                        line,
                        null,
                        new Facts()
                                .put(Fact.OS_BUILD, build + "." + ubr)
                                .put(Fact.DETAIL, "registry CurrentBuild and UBR"));
                stated = true;
            }
        }
    }
}
