package com.patchdesk.server.diagnoses;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The main class of a warm analysis worker ({@link WarmWorker}): a child JVM that analyses bundles one at a time, as
 * {@link DiagnosisChild} does once, so that the engine it has compiled serves the next bundle too. Never loads Spring.
 *
 * <p>Requests come one per line on standard input, {@link Request#line()}: the bundle's file name in the worker's
 * working folder (where the server has linked it, so the report names the upload), the output folder and the case's
 * language, each percent-encoded. The answer is one line on standard output: {@value #OK}, {@value #REJECTED} (the
 * bundle as a whole cannot be read; {@code rejected.txt} says why) or {@value #FAILED} and a message. Anything else
 * the engine or the JVM would print goes to standard error, never into the answers. The worker ends when its input
 * closes, when its server is gone ({@link ParentProcessWatch}), or on running out of memory
 * ({@code -XX:+ExitOnOutOfMemoryError}), which costs only the bundle in hand.
 */
public final class AnalysisWorker {

    static final String OK = "ok";
    static final String REJECTED = "rejected";
    static final String FAILED = "failed";

    private AnalysisWorker() {}

    public static void main(String[] args) throws IOException {
        ParentProcessWatch.start();
        PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = requests.readLine(); line != null; line = requests.readLine()) {
            answers.println(answer(Request.parse(line)));
        }
    }

    private static String answer(Request request) {
        try {
            return DiagnosisChild.analyseInto(Path.of(request.bundleName()), request.out(), request.locale())
                    ? OK
                    : REJECTED;
        } catch (IOException | RuntimeException e) {
            // A fault of this bundle's analysis (the one-shot child would have exited 1): the server fails the
            // attempt and retires this worker, so nothing it left behind reaches the next bundle.
            e.printStackTrace();
            return FAILED + " " + String.valueOf(e).replaceAll("\\s+", " ");
        }
    }

    /** One bundle to analyse: its file name in the worker's folder, where to write, the case's language. */
    record Request(String bundleName, Path out, Locale locale) {

        String line() {
            return encode(bundleName) + " " + encode(out.toString()) + " " + encode(locale.toLanguageTag());
        }

        static Request parse(String line) {
            String[] fields = line.split(" ", -1);
            if (fields.length != 3) {
                throw new IllegalArgumentException("not a request: " + line);
            }
            return new Request(decode(fields[0]), Path.of(decode(fields[1])), Locale.forLanguageTag(decode(fields[2])));
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }

        private static String decode(String value) {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        }
    }
}
