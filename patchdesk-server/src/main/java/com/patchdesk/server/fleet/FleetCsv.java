package com.patchdesk.server.fleet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The machines of a fleet view as CSV (RFC 4180, UTF-8 with a byte-order mark so that Excel reads Chinese). Host
 * names and titles come from customers' uploads: a cell that a spreadsheet would take for a formula
 * ({@code = + - @}, tab, CR) is prefixed with an apostrophe.
 */
final class FleetCsv {

    private FleetCsv() {}

    /** The view's machines as a CSV attachment named {@code name}. */
    static ResponseEntity<byte[]> download(FleetView view, Locale locale, String name) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .body(of(view.machineList(), locale).getBytes(StandardCharsets.UTF_8));
    }

    static String of(List<FleetView.Machine> machines, Locale locale) {
        boolean zh = "zh".equals(locale.getLanguage());
        StringBuilder out = new StringBuilder("\uFEFF");
        row(
                out,
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
        for (FleetView.Machine m : machines) {
            row(
                    out,
                    Arrays.asList(
                            m.caseNumber(),
                            FleetView.machineName(m.label(), zh),
                            m.build(),
                            m.edition(),
                            m.status(),
                            m.signature(),
                            zh ? m.titleZh() : m.titleEn(),
                            String.valueOf(m.bundles()),
                            String.valueOf(m.firstSeen()),
                            String.valueOf(m.lastSeen()),
                            String.valueOf(m.latestDiagnosisId())));
        }
        return out.toString();
    }

    private static void row(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\""
                : safe;
    }
}
