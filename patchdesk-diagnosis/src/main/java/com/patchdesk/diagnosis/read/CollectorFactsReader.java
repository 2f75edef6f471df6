package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code collector.txt}, the facts the Patchdesk log collector ({@code PatchdeskCollector.ps1}) writes beside the logs
 * it gathers, one {@code Key: value} a line under the header {@code Patchdesk collector 1}:
 * <ul>
 * <li>{@code CurrentBuild} and {@code UBR} (from the registry): an {@link EventKind#OS_BUILD};</li>
 * <li>{@code PendingXml: present} ({@code C:\Windows\WinSxS\pending.xml} exists): an {@link EventKind#REBOOT_PENDING};</li>
 * <li>{@code SystemDriveFreeBytes}: a {@link EventKind#DISK_SPACE} with the free bytes (the rule decides what is too
 * little).</li>
 * </ul>
 * Other keys (host, edition, time of collection) are for people and are not events.
 */
final class CollectorFactsReader implements LogReader {

    static final String HEADER = "Patchdesk collector 1";
    private static final Pattern LINE = Pattern.compile("^([A-Za-z]+)\\s*:\\s*(.*?)\\s*$");

    @Override
    public String format() {
        return "patchdesk-collector";
    }

    @Override
    public boolean recognises(LogHead head) {
        String first = head.firstText();
        return first != null && first.strip().equals(HEADER);
    }

    @Override
    public int priority() {
        return 110;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        String build = null;
        String ubr = null;
        long buildLine = 0;
        String buildText = null;
        for (String line = lines.next(); line != null; line = lines.next()) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String value = m.group(2);
            switch (m.group(1)) {
                case "CurrentBuild" -> build = value.matches("\\d{4,5}") ? value : null;
                case "UBR" -> {
                    ubr = value.matches("\\d{1,6}") ? value : null;
                    buildLine = lines.number();
                    buildText = line;
                }
                case "PendingXml" -> {
                    if (value.equalsIgnoreCase("present")) {
                        out.emit(
                                EventKind.REBOOT_PENDING,
                                lines.number(),
                                line,
                                null,
                                new Facts().put(Fact.DETAIL, "pending.xml"));
                    }
                }
                case "SystemDriveFreeBytes" -> {
                    if (value.matches("\\d{1,19}")) {
                        out.emit(
                                EventKind.DISK_SPACE,
                                lines.number(),
                                line,
                                null,
                                new Facts()
                                        .put(Fact.FREE_BYTES, value)
                                        .put(Fact.DETAIL, "free space on the system drive"));
                    }
                }
                default -> {
                    // a fact for people, not an event
                }
            }
        }
        if (build != null && ubr != null) {
            out.emit(
                    EventKind.OS_BUILD,
                    buildLine,
                    buildText,
                    null,
                    new Facts()
                            .put(Fact.OS_BUILD, build + "." + ubr)
                            .put(Fact.DETAIL, "registry CurrentBuild and UBR, as the collector read them"));
        }
    }
}
