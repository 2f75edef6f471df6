package com.patchdesk.diagnosis.cli;

import com.patchdesk.diagnosis.AnalysisOptions;
import com.patchdesk.diagnosis.Diagnosis;
import com.patchdesk.diagnosis.bundle.BundleLimits;
import com.patchdesk.diagnosis.bundle.BundleUnreadableException;
import com.patchdesk.diagnosis.bundle.MachineBundles;
import com.patchdesk.diagnosis.bundle.SeveralMachinesException;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.report.Outcome;
import com.patchdesk.diagnosis.report.ReportFormat;
import com.patchdesk.diagnosis.rules.RuleBook;
import com.patchdesk.diagnosis.rules.RuleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Analyses one bundle (zip, folder or single log) and prints the report; only the report goes to stdout. */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = "Diagnose a log bundle: a .zip, a folder or a single log file.")
final class AnalyzeCommand implements Callable<Integer> {

    static final int UNREADABLE = 3;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "The bundle to analyse.")
    Path input;

    @Option(
            names = "--format",
            defaultValue = "text",
            paramLabel = "FORMAT",
            description = "text (default), json (schema patchdesk.diagnosis/1) or markdown.")
    ReportFormat format;

    @Option(names = "--lang", defaultValue = "en", paramLabel = "LANG", description = "en (default) or zh-CN.")
    String language;

    @Option(
            names = "--rules",
            paramLabel = "DIR",
            description = "A folder of extra rule files (*.yaml); a rule with a standard rule's id replaces it.")
    Path rules;

    @Option(
            names = "--context",
            defaultValue = "0",
            paramLabel = "N",
            description = "Show N lines before and after each evidence line (0-20; default 0, no second read).")
    int context;

    @Option(
            names = "--benign",
            description =
                    "After the report, list the known-benign lines that were set aside, by shape, with why each is harmless.")
    boolean benign;

    @Override
    public Integer call() {
        if (context < 0 || context > AnalysisOptions.MAX_CONTEXT_LINES) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--context must be between 0 and " + AnalysisOptions.MAX_CONTEXT_LINES + ", not " + context);
        }
        Locale locale = locale();
        RuleBook book;
        try {
            book = rules == null ? RuleBook.standard() : RuleBook.standard().withDirectory(rules);
        } catch (RuleException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rules: " + e.getMessage());
        }
        DiagnosisReport report;
        try {
            report = Diagnosis.analyze(input, new AnalysisOptions(book, context));
        } catch (SeveralMachinesException e) {
            return eachMachine(e.parts(), new AnalysisOptions(book, context), locale);
        } catch (BundleUnreadableException e) {
            spec.commandLine().getErr().println("patchdesk: cannot read " + input + ": " + e.getMessage());
            return UNREADABLE;
        }
        spec.commandLine().getOut().print(format.render(report, locale));
        if (benign && format != ReportFormat.JSON) {
            spec.commandLine().getOut().print(ReportFormat.benignLines(report, locale));
        }
        if (report.outcome() == Outcome.NOTHING_READ) {
            // The report names every file and why it was not read; the exit code tells a script it says nothing.
            spec.commandLine().getErr().println("patchdesk: no log could be read from " + input);
            return UNREADABLE;
        }
        return CommandLine.ExitCode.OK;
    }

    /**
     * A zip of several machines' bundles: says so on stderr, then diagnoses each machine on its own (JSON: an array
     * of reports, one per machine, in the zip's order). Exit code: UNREADABLE when no machine's logs could be read.
     */
    private int eachMachine(List<MachineBundles.Part> parts, AnalysisOptions options, Locale locale) {
        spec.commandLine()
                .getErr()
                .println("patchdesk: " + input + " " + new SeveralMachinesException(parts).getMessage());
        List<String> rendered = new ArrayList<>();
        boolean anyRead = false;
        for (MachineBundles.Part part : parts) {
            Path folder = null;
            Path copy = null;
            try {
                folder = Files.createTempDirectory("patchdesk-machine-");
                copy = folder.resolve(part.fileName());
                MachineBundles.copy(input, part, copy, BundleLimits.defaults().maxTotalBytes());
                DiagnosisReport report = Diagnosis.analyze(copy, options);
                anyRead |= report.outcome() != Outcome.NOTHING_READ;
                rendered.add(format.render(report, locale));
            } catch (IOException e) {
                spec.commandLine().getErr().println("patchdesk: cannot read " + part.entry() + ": " + e.getMessage());
            } finally {
                deleteQuietly(copy);
                deleteQuietly(folder);
            }
        }
        var out = spec.commandLine().getOut();
        if (format == ReportFormat.JSON) {
            out.print("[\n"
                    + String.join(",\n", rendered.stream().map(String::strip).toList()) + "\n]\n");
        } else {
            rendered.forEach(out::print);
        }
        return anyRead ? CommandLine.ExitCode.OK : UNREADABLE;
    }

    private static void deleteQuietly(Path path) {
        try {
            if (path != null) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // A temp file left behind is not worth failing the report for.
        }
    }

    private Locale locale() {
        return switch (language.toLowerCase(Locale.ROOT)) {
            case "en" -> Locale.ENGLISH;
            case "zh-cn", "zh_cn", "zh" -> Locale.SIMPLIFIED_CHINESE;
            default ->
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--lang must be en or zh-CN, not " + language);
        };
    }
}
