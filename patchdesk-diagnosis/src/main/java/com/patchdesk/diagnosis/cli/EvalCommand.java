package com.patchdesk.diagnosis.cli;

import com.patchdesk.diagnosis.AnalysisOptions;
import com.patchdesk.diagnosis.eval.Evaluation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs the engine over folders of cases ({@code bundle/} + {@code expect.txt} each) and prints one line per case,
 * recall on failure cases, false alarms on healthy ones, and {@code N passed, M failed}. Exit 0 when all passed.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Check the engine against cases: each DIR holds case folders with bundle/ and expect.txt.")
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders of cases (or one case folder).")
    List<Path> folders;

    @Override
    public Integer call() throws IOException {
        for (Path f : folders) {
            if (!Files.isDirectory(f)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "not a folder: " + f);
            }
        }
        Evaluation.Result result = Evaluation.run(folders, AnalysisOptions.defaults());
        PrintWriter out = spec.commandLine().getOut();
        for (Evaluation.CaseResult c : result.cases()) {
            out.println((c.passed() ? "PASS " : "FAIL ")
                    + c.name()
                    + (c.passed() ? "" : ": " + String.join(", ", c.problems()))
                    + (c.firstFinding().isEmpty() ? "" : "   [first: " + c.firstFinding() + "]"));
        }
        out.println(String.format(
                Locale.ROOT,
                "failure cases: %d of %d right (recall %.2f); healthy cases: %d, false alarms: %d",
                result.failureCasesPassed(),
                result.failureCases(),
                result.failureCases() == 0 ? 1.0 : (double) result.failureCasesPassed() / result.failureCases(),
                result.healthyCases(),
                result.falseAlarms()));
        out.println(result.passed() + " passed, " + result.failed() + " failed");
        return result.failed() == 0 && result.passed() > 0 ? CommandLine.ExitCode.OK : 1;
    }
}
