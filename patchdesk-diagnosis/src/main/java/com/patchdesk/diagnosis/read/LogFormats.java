package com.patchdesk.diagnosis.read;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises a log by its first few kilobytes, never by its name: collectors name and place files
 * differently, and CbsPersist logs, DISM output saved as "result.txt" or a CBS.log renamed by a
 * customer must all be read for what they are.
 */
public final class LogFormats {

    private static final int LINES_LOOKED_AT = 80;

    private static final Pattern REPORTING_EVENT = Pattern.compile(
            "^\\{[0-9A-Fa-f\\-]{36}\\}\\t\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    private static final Pattern WINDOWS_UPDATE = Pattern.compile(
            "^\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d+\\s+\\d+\\s+\\d+\\s+\\S+"
                    + "|^\\d{4}-\\d{2}-\\d{2}\\t\\d{2}:\\d{2}:\\d{2}:\\d{3}\\s+[0-9a-fA-F]+\\s+[0-9a-fA-F]+\\s+\\S+");
    private static final Pattern REGISTRY = Pattern.compile("^(?:Windows Registry Editor Version \\d|REGEDIT4)");

    private static final LogReader CBS = new CbsLogReader();
    private static final LogReader DISM_LOG = new DismLogReader();
    private static final LogReader WINDOWS_UPDATE_LOG = new WindowsUpdateLogReader();
    private static final LogReader REPORTING_EVENTS = new ReportingEventsReader();
    private static final LogReader DISM_CONSOLE = new DismConsoleReader();
    private static final LogReader SFC_CONSOLE = new SfcConsoleReader();
    private static final LogReader REGISTRY_EXPORT = new RegistryExportReader();
    private static final LogReader OS_VERSION_TEXT = new OsVersionTextReader();

    private LogFormats() {
    }

    /** The reader for the text that starts with {@code head}, if any reader knows it. */
    public static Optional<LogReader> recognise(String head) {
        String[] lines = head.split("\r?\n", LINES_LOOKED_AT + 1);
        int servicing = 0;
        int dismSource = 0;
        int firstText = -1;
        for (int i = 0; i < Math.min(lines.length, LINES_LOOKED_AT); i++) {
            String line = lines[i];
            if (firstText < 0 && !line.isBlank()) {
                firstText = i;
            }
            if (REPORTING_EVENT.matcher(line).find()) {
                return Optional.of(REPORTING_EVENTS);
            }
            if (WINDOWS_UPDATE.matcher(line).find()) {
                return Optional.of(WINDOWS_UPDATE_LOG);
            }
            if (ServicingLine.isStamped(line)) {
                ServicingLine l = ServicingLine.parse(line, null);
                if (!l.level().isEmpty() && !l.source().isEmpty()) {
                    servicing++;
                    if (l.source().equals("DISM")) {
                        dismSource++;
                    }
                }
            }
        }
        if (servicing > 0) {
            // DISM.log is written by DISM; CBS.log has some DISM lines among its CBS and CSI ones.
            return Optional.of(dismSource * 2 > servicing ? DISM_LOG : CBS);
        }
        if (head.contains("Deployment Image Servicing and Management tool") || head.contains("部署映像服务和管理工具")) {
            return Optional.of(DISM_CONSOLE);
        }
        if (head.contains("Windows Resource Protection") || head.contains("Windows 资源保护")
                || head.contains("Beginning system scan") || head.contains("开始系统扫描")) {
            return Optional.of(SFC_CONSOLE);
        }
        if (firstText >= 0 && REGISTRY.matcher(lines[firstText].strip()).find()) {
            return Optional.of(REGISTRY_EXPORT);
        }
        for (int i = 0; i < Math.min(lines.length, LINES_LOOKED_AT); i++) {
            if (OsVersionTextReader.SYSTEMINFO.matcher(lines[i]).find() || OsBuilds.find(lines[i]) != null) {
                return Optional.of(OS_VERSION_TEXT);
            }
        }
        return Optional.empty();
    }
}
