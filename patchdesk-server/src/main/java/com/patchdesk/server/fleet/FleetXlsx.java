package com.patchdesk.server.fleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A fleet view as an XLSX workbook (fastexcel): a sheet of the groups and a sheet of the machines, headings in the
 * reader's language, times in the desk's time zone as real date cells, counts as numbers. Text from customers'
 * uploads (host names, titles) is written as string cells, which a spreadsheet never evaluates as a formula.
 */
final class FleetXlsx {

    static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    /** The most characters Excel keeps in one cell. */
    private static final int CELL_LIMIT = 32_767;

    private static final String TIME_FORMAT = "yyyy-mm-dd hh:mm";

    private FleetXlsx() {}

    static ResponseEntity<byte[]> download(FleetView view, Locale locale, ZoneId zone, String name) {
        return ResponseEntity.ok()
                .contentType(XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .body(of(view, locale, zone));
    }

    static byte[] of(FleetView view, Locale locale, ZoneId zone) {
        boolean zh = "zh".equals(locale.getLanguage());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(out, "Patchdesk", "1.0");
            groups(workbook.newWorksheet(zh ? "分组" : "Groups"), view.groups(), zh, zone);
            machines(workbook.newWorksheet(zh ? "计算机" : "Machines"), view.machineList(), zh, zone);
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void groups(Worksheet sheet, List<FleetView.Group> groups, boolean zh, ZoneId zone) {
        heading(
                sheet,
                zh
                        ? List.of("故障特征", "发现", "计算机数", "系统版本", "状态", "首次", "最近", "计算机")
                        : List.of(
                                "signature",
                                "finding",
                                "machines",
                                "builds",
                                "status",
                                "first seen",
                                "last seen",
                                "machine names"));
        int row = 1;
        for (FleetView.Group g : groups) {
            text(sheet, row, 0, g.signature());
            text(
                    sheet,
                    row,
                    1,
                    g.noLogs()
                            ? (zh ? "未能读取任何日志" : "no logs could be read")
                            : g.signature() == null
                                    ? (zh ? "未发现故障" : "no failure found")
                                    : zh ? g.titleZh() : g.titleEn());
            sheet.value(row, 2, g.count());
            text(sheet, row, 3, tally(g.builds()));
            text(sheet, row, 4, tally(g.statuses()));
            time(sheet, row, 5, g.firstSeen(), zone);
            time(sheet, row, 6, g.lastSeen(), zone);
            text(
                    sheet,
                    row,
                    7,
                    g.hosts().stream()
                            .map(label -> FleetView.machineName(label, zh))
                            .collect(java.util.stream.Collectors.joining(", ")));
            row++;
        }
    }

    private static void machines(Worksheet sheet, List<FleetView.Machine> machines, boolean zh, ZoneId zone) {
        heading(
                sheet,
                zh
                        ? List.of("案例", "计算机", "系统版本", "版本名称", "状态", "故障特征", "发现", "日志包数", "首次", "最近", "最近诊断")
                        : List.of(
                                "case",
                                "machine",
                                "build",
                                "edition",
                                "status",
                                "signature",
                                "finding",
                                "bundles",
                                "first seen",
                                "last seen",
                                "latest diagnosis"));
        int row = 1;
        for (FleetView.Machine m : machines) {
            text(sheet, row, 0, m.caseNumber());
            text(sheet, row, 1, FleetView.machineName(m.label(), zh));
            text(sheet, row, 2, m.build());
            text(sheet, row, 3, m.edition());
            text(sheet, row, 4, m.status());
            text(sheet, row, 5, m.signature());
            text(sheet, row, 6, zh ? m.titleZh() : m.titleEn());
            sheet.value(row, 7, m.bundles());
            time(sheet, row, 8, m.firstSeen(), zone);
            time(sheet, row, 9, m.lastSeen(), zone);
            sheet.value(row, 10, m.latestDiagnosisId());
            row++;
        }
    }

    private static void heading(Worksheet sheet, List<String> names) {
        for (int c = 0; c < names.size(); c++) {
            sheet.value(0, c, names.get(c));
        }
        sheet.range(0, 0, 0, names.size() - 1).style().bold().set();
        sheet.freezePane(0, 1);
    }

    private static void text(Worksheet sheet, int row, int column, String value) {
        if (value != null) {
            sheet.value(row, column, value.length() > CELL_LIMIT ? value.substring(0, CELL_LIMIT) : value);
        }
    }

    private static void time(Worksheet sheet, int row, int column, Instant at, ZoneId zone) {
        if (at != null) {
            sheet.value(row, column, at.atZone(zone).toLocalDateTime());
            sheet.style(row, column).format(TIME_FORMAT).set();
        }
    }

    private static String tally(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " ×" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
