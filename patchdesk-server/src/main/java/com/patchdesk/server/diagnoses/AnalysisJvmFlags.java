package com.patchdesk.server.diagnoses;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The JIT and collector flags of an analysis JVM, read from the engine's {@code analysis-jvm.conf}, the file the
 * {@code patchdesk} launcher reads too: one source, so a child analysis runs as the command line does.
 */
record AnalysisJvmFlags(
        long c1OnlyBelowBytes,
        List<String> smallInput,
        List<String> largeInput,
        List<String> always,
        List<String> warmWorker) {

    static final String RESOURCE = "/com/patchdesk/diagnosis/analysis-jvm.conf";
    static final AnalysisJvmFlags STANDARD = load();

    AnalysisJvmFlags {
        smallInput = List.copyOf(smallInput);
        largeInput = List.copyOf(largeInput);
        always = List.copyOf(always);
        warmWorker = List.copyOf(warmWorker);
    }

    /** The flags for an input of {@code bytes}. */
    List<String> forInput(long bytes) {
        List<String> flags = new ArrayList<>(bytes < c1OnlyBelowBytes ? smallInput : largeInput);
        flags.addAll(always);
        return List.copyOf(flags);
    }

    /** The flags of a warm analysis worker ({@link WarmAnalyzer}), which takes inputs below {@code c1OnlyBelowBytes}. */
    List<String> forWarmWorker() {
        List<String> flags = new ArrayList<>(warmWorker);
        flags.addAll(always);
        return List.copyOf(flags);
    }

    private static AnalysisJvmFlags load() {
        Properties p = new Properties();
        try (InputStream in = AnalysisJvmFlags.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath (it comes with the engine)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AnalysisJvmFlags(
                Long.parseLong(p.getProperty("c1_only_below_bytes").strip()),
                words(p, "small_input"),
                words(p, "large_input"),
                words(p, "always"),
                words(p, "warm_worker"));
    }

    private static List<String> words(Properties p, String key) {
        String value = p.getProperty(key, "").strip();
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
    }
}
