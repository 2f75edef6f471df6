package com.patchdesk.diagnosis.bench;

import com.patchdesk.diagnosis.Diagnosis;
import com.patchdesk.diagnosis.report.DiagnosisReport;
import com.patchdesk.diagnosis.report.ReportFormat;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The engine in one long-lived JVM, diagnosing one file after another (as an application embedding the library
 * would; the server runs each analysis in a child JVM of its own). Analyses the same file
 * RUNS times in one process (scan, rules and JSON report each time) and prints one line per run, {@code run N: WALL
 * s CPU s}, wall and process CPU (all threads, JIT included). The first run pays for start-up and compilation like
 * a command-line run; the later ones show the engine once compiled. Used by {@code bench/analyze-throughput.sh warm}.
 *
 * <p>Usage: {@code java -cp patchdesk-diagnosis-*-cli.jar:patchdesk-diagnosis/target/test-classes
 * com.patchdesk.diagnosis.bench.WarmAnalyzeBenchmark FILE RUNS}
 */
public final class WarmAnalyzeBenchmark {

    private WarmAnalyzeBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: WarmAnalyzeBenchmark FILE RUNS");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String first = null;
        for (int run = 1; run <= runs; run++) {
            long cpu = os.getProcessCpuTime();
            long t = System.nanoTime();
            DiagnosisReport report = Diagnosis.analyze(file);
            String json = ReportFormat.JSON.render(report, Locale.ENGLISH);
            double wall = (System.nanoTime() - t) / 1e9;
            double used = (os.getProcessCpuTime() - cpu) / 1e9;
            System.out.printf(Locale.ROOT, "run %d: %.3f s %.3f s%n", run, wall, used);
            if (first == null) {
                first = json;
            } else if (!first.equals(json)) {
                throw new IllegalStateException("run " + run + " gave another report than run 1");
            }
        }
        System.err.printf(
                Locale.ROOT,
                "%d MB, outcome of run 1: %s%n",
                Files.size(file) >> 20,
                first == null
                        ? "none"
                        : first.lines()
                                .filter(l -> l.contains("\"outcome\""))
                                .findFirst()
                                .orElse("?")
                                .trim());
    }
}
