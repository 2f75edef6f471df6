package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.knowledge.BuildFamilies;
import com.patchdesk.diagnosis.knowledge.BuildFamily;
import com.patchdesk.diagnosis.knowledge.CatalogUpdate;
import com.patchdesk.diagnosis.knowledge.ErrorCatalog;
import com.patchdesk.diagnosis.knowledge.ErrorCode;
import com.patchdesk.diagnosis.knowledge.OsBuild;
import com.patchdesk.diagnosis.knowledge.StoreRepairTools;
import com.patchdesk.diagnosis.knowledge.UpdateCatalog;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A value a rule computes from its matched facts with the knowledge tables, e.g.
 * {@code stepping_stone: first-update-shipping({ref.version})}. A derivation without an answer leaves the value
 * unset: texts show "?" in its place and a command that needs it is left out rather than printed wrong.
 */
record Derivation(String function, List<Template> arguments) {

    static final List<String> FUNCTIONS = List.of(
            "first-update-shipping",
            "monthly-updates-after",
            "ssu-prerequisite",
            "build-of",
            "os-build",
            "component-version",
            "error-symbol",
            "error-remedy",
            "cab-name",
            "final-update",
            "unconfirmed-prerequisite",
            "latest-confirmed-ssu",
            "other-than",
            "same-as",
            "log-of-kind",
            "package-build",
            "update-of-build",
            "package-version-build",
            "cab-of",
            "msu-of",
            "checkpoints-before",
            "without-restorehealth");
    private static final List<String> TWO_ARGUMENTS = List.of(
            "monthly-updates-after",
            "final-update",
            "other-than",
            "same-as",
            "log-of-kind",
            "checkpoints-before",
            "error-remedy");
    private static final java.util.regex.Pattern COMPONENT_VERSION =
            java.util.regex.Pattern.compile("_(\\d+\\.\\d+\\.\\d+\\.\\d+)_");
    /** The four-part version after a package identity's "~~": a role or feature package's is the OS build it came with. */
    private static final java.util.regex.Pattern PACKAGE_VERSION =
            java.util.regex.Pattern.compile("~~(10\\.0\\.\\d+\\.\\d+)");

    Derivation {
        if (!FUNCTIONS.contains(function)) {
            throw new RuleException("unknown function " + function + "; known: " + FUNCTIONS);
        }
        int wanted = TWO_ARGUMENTS.contains(function) ? 2 : 1;
        if (arguments.size() != wanted) {
            throw new RuleException(function + " takes " + wanted + " argument(s), got " + arguments.size());
        }
    }

    Optional<String> apply(Binding binding) {
        Optional<String> first = arguments.get(0).resolve(binding);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        UpdateCatalog catalog = UpdateCatalog.standard();
        String arg = first.get();
        return switch (function) {
            case "first-update-shipping" ->
                OsBuild.parse(arg).flatMap(catalog::firstShipping).map(CatalogUpdate::kb);
            case "monthly-updates-after" -> {
                String target = arguments.get(1).resolve(binding).orElse("");
                List<CatalogUpdate> path = OsBuild.parse(arg)
                        .map(b -> catalog.monthlyAfter(b, target))
                        .orElse(List.of());
                yield path.isEmpty()
                        ? Optional.empty()
                        : Optional.of(path.stream().map(CatalogUpdate::kb).collect(Collectors.joining(" ")));
            }
            case "final-update" ->
                OsBuild.parse(arg)
                        .flatMap(b -> catalog.finalUpdate(
                                b, arguments.get(1).resolve(binding).orElse("")))
                        .map(CatalogUpdate::kb);
            case "ssu-prerequisite" -> catalog.ssuPrerequisite(arg);
            case "unconfirmed-prerequisite" -> catalog.unconfirmedPrerequisite(arg);
            case "latest-confirmed-ssu" -> catalog.latestConfirmedSsu(arg);
            // The same servicing stack update is often the prerequisite of two steps; list it once.
            case "other-than" ->
                arguments.get(1).resolve(binding).filter(arg::equalsIgnoreCase).isPresent()
                        ? Optional.empty()
                        : Optional.of(arg);
            // A step for one value of a fact only (one code of several a rule matches): set when they are equal.
            case "same-as" ->
                arguments.get(1).resolve(binding).filter(arg::equalsIgnoreCase).isPresent()
                        ? Optional.of(arg)
                        : Optional.empty();
            // The file when it is a log of that kind (setup, windows-update, cbs, dism): a step for one kind of log.
            case "log-of-kind" ->
                arguments
                                .get(1)
                                .resolve(binding)
                                .filter(kind -> kind.equalsIgnoreCase(logKind(arg)))
                                .isPresent()
                        ? Optional.of(arg)
                        : Optional.empty();
            case "build-of" -> catalog.byKb(arg).flatMap(CatalogUpdate::osBuild).map(OsBuild::toString);
            case "os-build" -> OsBuild.parse(arg).map(OsBuild::toString);
            // The update that brings exactly this build; none for a build the catalog does not list (another family).
            case "update-of-build" ->
                OsBuild.parse(arg).flatMap(catalog::bringing).map(CatalogUpdate::kb);
            case "package-build" -> OsBuild.ofCumulativePackage(arg).map(OsBuild::toString);
            case "package-version-build" -> {
                java.util.regex.Matcher m = PACKAGE_VERSION.matcher(arg);
                yield m.find() ? OsBuild.parse(m.group(1)).map(OsBuild::toString) : Optional.empty();
            }
            case "component-version" -> {
                java.util.regex.Matcher m = COMPONENT_VERSION.matcher(arg);
                yield m.find() ? Optional.of(m.group(1)) : Optional.empty();
            }
            // Empty for a code no table names, so that a template's alternative ({symbol|'...'}) takes over.
            case "error-symbol" ->
                ErrorCatalog.standard().describe(arg).map(ErrorCode::symbol).filter(symbol -> !symbol.isEmpty());
            // What the code's table row says to do, in the language named (en, zh-CN): for a code a person copied from
            // a message, where no log says more yet. Empty where the table has no remedy, so a step can depend on it.
            case "error-remedy" -> {
                boolean chinese = arguments
                        .get(1)
                        .resolve(binding)
                        .filter("zh-CN"::equalsIgnoreCase)
                        .isPresent();
                yield ErrorCatalog.standard()
                        .describe(arg)
                        .map(c -> chinese ? c.remedy().zh() : c.remedy().en())
                        .filter(remedy -> !remedy.isBlank());
            }
            // Windows 10's updates are KB3000000 and later: an older KB's package is named after Windows 6.x, unknown
            // here.
            case "cab-name" ->
                kbNumber(arg) < 3_000_000 ? Optional.empty() : Optional.of(packageName(catalog, arg, "cab"));
            // The .cab is installed where the line's servicing stack is a separate update; where the .msu carries it
            // (19041 and later), the .msu is installed whole, so each form resolves only for its lines.
            case "cab-of" ->
                kbNumber(arg) >= 3_000_000 && servicing(catalog, arg) == BuildFamily.Servicing.SEPARATE_SSU
                        ? Optional.of(packageName(catalog, arg, "cab"))
                        : Optional.empty();
            case "msu-of" ->
                kbNumber(arg) >= 3_000_000 && servicing(catalog, arg) != BuildFamily.Servicing.SEPARATE_SSU
                        ? Optional.of(packageName(catalog, arg, "msu"))
                        : Optional.empty();
            // The Windows version's name when its DISM cannot check or repair the store (before Windows 8 / 2012).
            case "without-restorehealth" ->
                OsBuild.parse(arg).flatMap(StoreRepairTools.standard()::withoutRestoreHealth);
            case "checkpoints-before" ->
                OsBuild.parse(arg)
                        .flatMap(from -> arguments
                                .get(1)
                                .resolve(binding)
                                .flatMap(catalog::byKb)
                                .flatMap(CatalogUpdate::osBuild)
                                .map(to -> BuildFamilies.standard().checkpointsBetween(from, to).stream()
                                        .map(BuildFamily.Checkpoint::kb)
                                        .collect(Collectors.joining(" ")))
                                .filter(kbs -> !kbs.isEmpty()));
            default -> throw new IllegalStateException(function);
        };
    }

    private static long kbNumber(String kb) {
        String digits = kb.replaceAll("(?i)^KB", "");
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException notAKb) {
            return Long.MAX_VALUE;
        }
    }

    /** An update the catalog does not know is taken to be of a line with separate servicing stack updates. */
    private static BuildFamily.Servicing servicing(UpdateCatalog catalog, String kb) {
        return catalog.byKb(kb)
                .map(u -> BuildFamilies.standard().servicing(u.line()))
                .orElse(BuildFamily.Servicing.SEPARATE_SSU);
    }

    /** The file name the Microsoft Update Catalog gives: {@code windows11.0-kb5043080-x64.msu} from build 22000 on. */
    private static String packageName(UpdateCatalog catalog, String kb, String extension) {
        boolean eleven = catalog.byKb(kb)
                .map(u -> u.line() >= 22000 && u.line() != 25398)
                .orElse(false);
        return (eleven ? "windows11.0-" : "windows10.0-") + kb.toLowerCase(Locale.ROOT) + "-x64." + extension;
    }

    /**
     * The kind of log a bundle path names, by the names Windows gives them: Setup's Panther logs (setupact.log,
     * setuperr.log), Windows Update's (WindowsUpdate*.log, ReportingEvents.log), DISM's, else CBS's.
     */
    static String logKind(String path) {
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
                .toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith("setupact") || name.startsWith("setuperr")) {
            return "setup";
        }
        if (name.startsWith("windowsupdate") || name.startsWith("reportingevents")) {
            return "windows-update";
        }
        return name.startsWith("dism") ? "dism" : "cbs";
    }
}
