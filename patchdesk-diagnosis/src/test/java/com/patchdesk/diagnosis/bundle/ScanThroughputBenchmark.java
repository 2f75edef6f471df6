package com.patchdesk.diagnosis.bundle;

import com.patchdesk.diagnosis.read.EventKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Prints how fast a CBS-like file is scanned, to compare with {@code grep -c} on the same file.
 * Not a unit test: run it by hand (see docs/performance.md), e.g. with {@code -Xmx256m} to show that memory stays flat.
 * <pre>java -Xmx256m -cp ... com.patchdesk.diagnosis.bundle.ScanThroughputBenchmark target/cbs-1g.log 1024</pre>
 * The file is generated (from the public Windows 7 CBS sample and the Windows 10 failure fixtures)
 * when it does not exist yet; the second argument is its size in MiB.
 */
public final class ScanThroughputBenchmark {

    /** CPU of the whole process: a big file is split and gated on a second thread (see ByteLines). */
    private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private ScanThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "target/cbs-benchmark.log");
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 256;
        if (!Files.exists(file)) {
            generate(file, mib << 20);
        }
        long bytes = Files.size(file);
        for (int round = 1; round <= 3; round++) {
            Map<EventKind, Long> counts = new EnumMap<>(EventKind.class);
            long start = System.nanoTime();
            long cpuStart = OS.getProcessCpuTime();
            BundleScan scan = BundleScanner.scan(file, e -> counts.merge(e.kind(), 1L, Long::sum));
            double seconds = (System.nanoTime() - start) / 1e9;
            // On a shared machine wall time says more about the neighbours than about the scan; CPU time does not.
            double cpuSeconds = (OS.getProcessCpuTime() - cpuStart) / 1e9;
            Runtime rt = Runtime.getRuntime();
            System.out.printf(
                    "round %d: %,d bytes, %,d lines; wall %.2f s = %.0f MiB/s; cpu %.2f s = %.0f MiB/s;"
                            + " heap used %d MiB of max %d MiB; events %s%n",
                    round,
                    bytes,
                    scan.read().get(0).lines(),
                    seconds,
                    bytes / 1048576.0 / seconds,
                    cpuSeconds,
                    bytes / 1048576.0 / cpuSeconds,
                    (rt.totalMemory() - rt.freeMemory()) >> 20,
                    rt.maxMemory() >> 20,
                    counts);
        }
    }

    private static void generate(Path file, long size) throws IOException {
        List<String> lines = new java.util.ArrayList<>(
                Files.readAllLines(Path.of("src/test/resources/corpus/public/loghub-windows/Windows_2k.log")));
        for (String fixture : List.of(
                "package-not-found-0x80070490.log",
                "forward-delta-failed-wkscli.log",
                "component-missing-17763.1879.log",
                "prerequisite-ssu-staged-not-installed.log")) {
            lines.addAll(Files.readAllLines(Path.of("src/test/resources/cbs", fixture)));
        }
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (written < size) {
                for (String line : lines) {
                    out.write(line);
                    out.write("\r\n");
                    written += line.length() + 2;
                }
            }
        }
    }
}
