package com.patchdesk.bench;

import com.patchdesk.diagnosis.Diagnosis;
import com.patchdesk.diagnosis.bundle.BundleScanner;
import com.patchdesk.diagnosis.report.ReportFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The engine once compiled, on one log file: reading it (BundleScanner with a sink that only counts events) and the
 * whole analysis (scan, rules and the JSON report). The file is a JMH parameter, by default a real CBS fixture of the
 * engine's tests; {@code -p file=/path/to/CBS.log} measures another (e.g. one made by bench/analyze-throughput.sh).
 * Paths are relative to the repository root, where the benchmarks are run from.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnalyzeBenchmark {

    @Param("patchdesk-diagnosis/src/test/resources/cbs/component-missing-17763.1879.log")
    public String file;

    private Path input;

    @Setup(Level.Trial)
    public void locate() {
        input = Path.of(file);
        if (!Files.isRegularFile(input)) {
            throw new IllegalStateException(input.toAbsolutePath() + " is not a file: run from the repository root");
        }
    }

    @Benchmark
    public long scan() throws Exception {
        long[] events = new long[1];
        BundleScanner.scan(input, event -> events[0]++);
        return events[0];
    }

    @Benchmark
    public void analyzeAndRenderJson(Blackhole hole) throws Exception {
        hole.consume(ReportFormat.JSON.render(Diagnosis.analyze(input), Locale.ENGLISH));
    }
}
