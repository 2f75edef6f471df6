package com.patchdesk.diagnosis.cli;

import com.patchdesk.diagnosis.Diagnosis;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code patchdesk analyze PATH [--format text|json|markdown] [--lang en|zh-CN] [--rules DIR] [--benign]} and
 * {@code patchdesk eval DIR...}.
 * Exit codes: 0 analysed, 2 bad usage, 3 input unreadable. Output is UTF-8 whatever the platform default, because
 * reports carry Chinese text and are piped into files and mail.
 */
@Command(
        name = "patchdesk",
        mixinStandardHelpOptions = true,
        version = "patchdesk 0.1.0",
        description = "Explains why a Windows update failed, from a bundle of servicing logs.",
        subcommands = {AnalyzeCommand.class, EvalCommand.class, CatalogCommand.class, KitCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:analysed (eval: every case passed)",
            "1:eval: some case failed",
            "2:bad usage (unknown option, bad rule file)",
            "3:input unreadable",
            "4:catalog import: file refused, the catalog in use is unchanged"
        })
public final class PatchdeskCommand implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // The standard rules and tables are read on a second thread while picocli parses the command line (measured:
        // 0.02 s less, for a small log and for 1 GiB). Should reading them fail, the command's own first use of them
        // fails too and reports it.
        Thread standards = new Thread(
                () -> {
                    try {
                        Diagnosis.loadStandards();
                    } catch (RuntimeException | Error reportedByTheCommand) {
                        // see above
                    }
                },
                "patchdesk-standards");
        standards.setDaemon(true);
        standards.start();
        System.exit(run(
                utf8(new FileOutputStream(FileDescriptor.out)), utf8(new FileOutputStream(FileDescriptor.err)), args));
    }

    /** Runs one command line with the given streams; what tests call instead of {@link #main}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new PatchdeskCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(out)
                .setErr(err);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. analyze PATH");
    }

    private static PrintWriter utf8(FileOutputStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), false);
    }
}
