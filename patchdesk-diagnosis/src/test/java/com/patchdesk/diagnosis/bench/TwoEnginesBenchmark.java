package com.patchdesk.diagnosis.bench;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of the engine in one JVM, each in a class loader of its own, analysing the same bundles in turn as a warm
 * analysis worker does (three lines of context, the JSON report in both languages): round after round, one engine and
 * then the other, the order swapped every round. Prints each round's CPU a bundle (the process's, all threads: the
 * engine's own threads and the collector's) and, over the last two thirds of the rounds, the mean and the median of
 * each. On this shared virtual machine the same jar's figures moved by 10% from one run to the next, more than most
 * changes do; taken in turn within one process, both engines meet the same moments of the machine, so their ratio holds
 * where separate runs cannot show it. The two share the JDK's own compiled code (streams, maps), whose profile a
 * worker running one engine would not mix. Used by {@code bench/engine-ab.sh}.
 *
 * <p>Usage: {@code java -cp patchdesk-diagnosis/target/test-classes com.patchdesk.diagnosis.bench.TwoEnginesBenchmark
 * ROUNDS A.jar B.jar BUNDLE...} (the engine's command-line jars, {@code patchdesk-diagnosis-*-cli.jar}).
 */
public final class TwoEnginesBenchmark {

    private TwoEnginesBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || Integer.parseInt(args[0]) < 1) {
            System.err.println("usage: TwoEnginesBenchmark ROUNDS A.jar B.jar BUNDLE...");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[0]);
        Engine[] engines = {new Engine(Path.of(args[1])), new Engine(Path.of(args[2]))};
        List<Path> bundles = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            bundles.add(Path.of(args[i]));
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[][] cpu = new double[2][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int turn = 0; turn < 2; turn++) {
                int e = round % 2 == 0 ? turn : 1 - turn;
                // What the other engine left in the heap is not this one's to collect.
                System.gc();
                long before = os.getProcessCpuTime();
                for (Path bundle : bundles) {
                    engines[e].analyse(bundle);
                }
                cpu[e][round] = (os.getProcessCpuTime() - before) / 1e9 / bundles.size();
            }
            System.out.printf(
                    Locale.ROOT,
                    "round %d: A %.3f s  B %.3f s CPU a bundle%n",
                    round + 1,
                    cpu[0][round],
                    cpu[1][round]);
        }
        double[] mean = new double[2];
        for (int e = 0; e < 2; e++) {
            double[] late = Arrays.copyOfRange(cpu[e], rounds / 3, rounds);
            Arrays.sort(late);
            mean[e] = Arrays.stream(late).average().orElse(Double.NaN);
            System.out.printf(
                    Locale.ROOT,
                    "%s %s: rounds %d-%d, CPU a bundle: mean %.4f s, median %.4f s%n",
                    e == 0 ? "A" : "B",
                    args[1 + e],
                    rounds / 3 + 1,
                    rounds,
                    mean[e],
                    late[late.length / 2]);
        }
        System.out.printf(Locale.ROOT, "B / A: %.3f%n", mean[1] / mean[0]);
    }

    /** One build of the engine, reached by reflection through its own class loader. */
    private static final class Engine {
        private final Method analyze;
        private final Object options;
        private final Method write;
        private final Object json;

        Engine(Path jar) throws Exception {
            ClassLoader loader =
                    new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> diagnosis = Class.forName("com.patchdesk.diagnosis.Diagnosis", true, loader);
            Class<?> optionsType = Class.forName("com.patchdesk.diagnosis.AnalysisOptions", true, loader);
            options = optionsType
                    .getMethod("withContextLines", int.class)
                    .invoke(optionsType.getMethod("defaults").invoke(null), 3);
            analyze = diagnosis.getMethod("analyze", Path.class, optionsType);
            Class<?> format = Class.forName("com.patchdesk.diagnosis.report.ReportFormat", true, loader);
            Class<?> report = Class.forName("com.patchdesk.diagnosis.report.DiagnosisReport", true, loader);
            json = format.getField("JSON").get(null);
            write = format.getMethod("write", report, Locale.class, OutputStream.class);
        }

        void analyse(Path bundle) throws Exception {
            Object report = analyze.invoke(null, bundle, options);
            for (Locale language : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
                write.invoke(json, report, language, OutputStream.nullOutputStream());
            }
        }
    }
}
