package com.patchdesk.diagnosis.report;

import java.util.Optional;

/**
 * The update catalog a report was made with, so a reader knows how current its KB names are.
 *
 * @param date                  the catalog's date (updates released after it are unknown to it)
 * @param source                where its rows come from
 * @param newestOfLine          the newest build the catalog knows on the machine's line, when the build is known
 * @param buildNewerThanCatalog the machine's build is newer than anything the catalog knows of its line: a newer
 *                              catalog should be imported before trusting the plan's KB names
 */
public record CatalogUse(String date, String source, Optional<String> newestOfLine, boolean buildNewerThanCatalog) {}
