package com.patchdesk.diagnosis.cli;

import com.patchdesk.diagnosis.repair.ComponentIdentity;
import com.patchdesk.diagnosis.repair.DamagedComponents;
import com.patchdesk.diagnosis.repair.DirectoryLibrary;
import com.patchdesk.diagnosis.repair.RepairKit;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patchdesk kit REPORT.json --library DIR --out kit.zip}: a repair kit with exactly the components the report
 * names as damaged or missing, from a library folder laid out as WinSxS. Exit 0 when every component was in the
 * library, 3 when some were not (the kit is still written, and says which builds a donor must have), 2 on bad input.
 */
@Command(
        name = "kit",
        mixinStandardHelpOptions = true,
        description = "Build a repair kit from a JSON report (analyze --format json) and a component library folder.")
final class KitCommand implements Callable<Integer> {

    static final int SOME_MISSING = 3;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REPORT.json", description = "A report of analyze --format json.")
    Path report;

    @Option(
            names = "--library",
            required = true,
            paramLabel = "DIR",
            description =
                    "Components laid out as C:\\Windows\\WinSxS: <identity>\\... and Manifests\\<identity>.manifest.")
    Path library;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The kit zip to write.")
    Path out;

    @Option(names = "--lang", defaultValue = "en", description = "Language of the README first: en or zh-CN.")
    String lang;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(report)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "not a file: " + report);
        }
        if (!Files.isDirectory(library)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "not a folder: " + library);
        }
        List<ComponentIdentity> wanted;
        try {
            wanted = DamagedComponents.inReport(Files.readString(report, StandardCharsets.UTF_8));
        } catch (RuntimeException | IOException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), report + " is not a Patchdesk JSON report: " + e.getMessage());
        }
        if (wanted.isEmpty()) {
            err.println("patchdesk kit: the report names no damaged or missing component; no kit written");
            return 1;
        }
        Path partial = out.resolveSibling(out.getFileName() + ".part");
        RepairKit.Contents contents;
        try (OutputStream target = Files.newOutputStream(partial)) {
            contents = RepairKit.write(wanted, new DirectoryLibrary(library), Locale.forLanguageTag(lang), target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
        PrintWriter stdout = spec.commandLine().getOut();
        contents.included().forEach(id -> stdout.println("in kit:  " + id.folder()));
        contents.missing()
                .forEach(id -> stdout.println("missing: " + id.folder() + " (donor build " + id.build() + ")"));
        stdout.println("wrote " + out);
        return contents.missing().isEmpty() ? CommandLine.ExitCode.OK : SOME_MISSING;
    }
}
