package com.patchdesk.server.fleet;

import com.patchdesk.server.problems.ResourceNotFoundException;
import java.time.ZoneId;
import java.util.Locale;
import org.springframework.http.ResponseEntity;

/**
 * A fleet view as a file to download: {@code csv} ({@link FleetCsv}) or {@code xlsx} ({@link FleetXlsx}), named
 * {@code <name>-machines.<format>}. The console and the API serve both formats from one endpoint per scope.
 */
final class FleetExport {

    private FleetExport() {}

    static ResponseEntity<byte[]> download(String format, FleetView view, Locale locale, ZoneId zone, String name) {
        return switch (format) {
            case "csv" -> FleetCsv.download(view, locale, name + "-machines.csv");
            case "xlsx" -> FleetXlsx.download(view, locale, zone, name + "-machines.xlsx");
            // Any other suffix is a page that does not exist, as for an unknown path.
            default -> throw new ResourceNotFoundException("no export as " + format);
        };
    }
}
