package com.patchdesk.diagnosis.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a CBS.log of a given size whose line shapes and proportions are those of real CBS logs, for the throughput
 * benchmark (bench/analyze-throughput.sh, issue 16). Unlike {@link CbsLogGenerator}, whose lines the engine's byte gate
 * mostly skips, this one is as dense as a real log.
 *
 * <p>How: real CBS.log lines are read once from the public corpus (the loghub Windows 7 CBS sample and the healthy
 * Windows 8.1/10 excerpts) and turned into templates: the timestamp, CSI sequence number, session ids, KB numbers,
 * file versions, component identity hashes and pointers become slots. The output replays runs of consecutive real
 * lines (so sessions keep their shape), the sources taking turns by fixed line shares ({@link #SOURCES}); each pass
 * over a source gets its own session ids, KB numbers, versions and hashes, and the clock advances by seconds within a
 * run and by hours between some runs (weeks over 1 GiB). Three real failures from the test fixtures are planted at
 * known places, with the clock of that moment: an SSU staged-not-installed failure (KB5032306, 0x800f0922) at 30%,
 * a forward-delta failure (wkscli.dll, 0x800f0986) at 55%, and the KB5032196 resolve failure (0x80070490) in a late
 * session at 90%. A correct analysis must find the three.
 *
 * <p>Deterministic (seed 17763 unless given), streaming (memory is the templates only). Prints to stderr the density
 * of the real sample (weighted by the line shares) and of what it wrote: lines with an HRESULT, with "Failed", with
 * "Session", CSI lines, Error-level lines.
 *
 * <p>Usage: {@code java -cp patchdesk-diagnosis/target/test-classes
 * com.patchdesk.diagnosis.bench.RealMixCbsLogGenerator OUT.log SIZE_MB CORPUS_DIR [SEED]}, CORPUS_DIR being
 * {@code ../shared/corpus/public}.
 */
public final class RealMixCbsLogGenerator {

    /** Real sources (relative to the corpus dir) and the share of output lines each gives. */
    static final String[][] SOURCES = {
        {"loghub-windows/Windows_2k.log", "0.70"},
        {"real-excerpts/25-win81-wu-scan-healthy/bundle/CBS.log", "0.10"},
        {"real-excerpts/17-win10-2004-sfc-clean/bundle/CBS.log", "0.10"},
        {"real-excerpts/22-win10-2004-langfod-healthy/bundle/CBS.log", "0.10"}
    };

    /**
     * Planted failures: test fixture, where (fraction of the size), and lines of it to leave out. The KB5032196
     * fixture reads out KB5032306 (the SSU planted before it) as installed (CurrentState 112), which would rightly
     * clear the SSU failure; that line is left out so that both failures stand. bench/analyze-throughput.sh checks
     * the report for each.
     */
    static final String[][] PLANTS = {
        {"/cbs/prerequisite-ssu-staged-not-installed.log", "0.30", ""},
        {"/cbs/forward-delta-failed-wkscli.log", "0.55", ""},
        {"/cbs/package-not-found-0x80070490.log", "0.90", "package: Package_for_KB5032306"}
    };

    /**
     * How many variants of each source's packages, KB numbers, versions and component hashes the passes cycle
     * through: a real machine's log names the same store of packages session after session (the samples name about
     * 500 packages; times 4 is a large Windows 10 store). Session ids are new in every pass. Unbounded variation
     * (every pass new names) gives 75,000 distinct packages per 100 MB, which no real log has.
     */
    static final int VARIANTS = 4;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern STAMP = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    /** The slots, in one pattern; group numbers are the slot kinds below. */
    private static final Pattern SLOTS = Pattern.compile(
            "(?<=CSI {4})([0-9a-f]{8})(?=[ @])" // 1 CSI sequence
                    + "|\\b(\\d{8})_(\\d{9,10})\\b" // 2,3 session id
                    + "|(?<=KB)(\\d{6,7})\\b" // 4 KB number
                    + "|\\b(\\d{1,2}\\.\\d{1,2}\\.\\d{4,5}\\.)(\\d{1,5})\\b" // 5,6 version: prefix, revision
                    + "|(?<=_)([0-9a-f]{16})\\b" // 7 identity hash
                    + "|(?<=@0x)([0-9a-f]{6,16})\\b"); // 8 pointer

    private static final int LIT = 0, SEQ = 1, SESSION = 2, KB = 4, REVISION = 6, HASH = 7, POINTER = 8;

    /** One line as literal pieces and slots; {@code kinds[i] == LIT} means {@code texts[i]} is written as is. */
    record Template(boolean stamped, int[] kinds, String[] texts, long[] values, boolean sequenced) {}

    record Source(String name, List<Template> lines, double share) {}

    private RealMixCbsLogGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: RealMixCbsLogGenerator OUT.log SIZE_MB CORPUS_DIR [SEED]");
            System.exit(2);
        }
        long target = Long.parseLong(args[1]) * 1024 * 1024;
        long seed = args.length == 4 ? Long.parseLong(args[3]) : 17763;
        long t0 = System.nanoTime();
        Density d = write(Path.of(args[0]), target, Path.of(args[2]), seed);
        System.err.printf("real mix: %s, %d lines, %.1f s%n", args[0], d.lines, (System.nanoTime() - t0) / 1e9);
        System.err.println(d.report());
    }

    static List<Source> sources(Path corpus) throws IOException {
        List<Source> out = new ArrayList<>();
        for (String[] s : SOURCES) {
            List<Template> lines = new ArrayList<>();
            for (String line : Files.readAllLines(corpus.resolve(s[0]), StandardCharsets.UTF_8)) {
                line = line.replace("\uFEFF", "");
                if (!line.isBlank()) {
                    lines.add(template(line));
                }
            }
            out.add(new Source(s[0], lines, Double.parseDouble(s[1])));
        }
        return out;
    }

    static Template template(String line) {
        boolean stamped = STAMP.matcher(line).find();
        String rest = stamped ? line.substring(19) : line;
        List<Integer> kinds = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        Matcher m = SLOTS.matcher(rest);
        int at = 0;
        while (m.find()) {
            int kind = 0;
            for (int g = 1; g <= 8; g++) {
                if (m.group(g) != null) {
                    kind = g;
                    break;
                }
            }
            int start = m.start(kind);
            long value;
            switch (kind) {
                case 2 -> { // session: both parts
                    value = Long.parseLong(m.group(2)) * 10_000_000_000L + Long.parseLong(m.group(3));
                    kind = SESSION;
                }
                case 5 -> { // version: the prefix stays literal, the revision is a slot
                    start = m.start(6);
                    kind = REVISION;
                    value = Long.parseLong(m.group(6));
                }
                case SEQ, HASH, POINTER -> value = Long.parseUnsignedLong(m.group(kind), 16);
                default -> value = Long.parseLong(m.group(kind));
            }
            kinds.add(LIT);
            texts.add(rest.substring(at, start));
            values.add(0L);
            kinds.add(kind);
            texts.add(null);
            values.add(value);
            at = m.end();
        }
        kinds.add(LIT);
        texts.add(rest.substring(at));
        values.add(0L);
        return new Template(
                stamped,
                kinds.stream().mapToInt(Integer::intValue).toArray(),
                texts.toArray(String[]::new),
                values.stream().mapToLong(Long::longValue).toArray(),
                kinds.contains(SEQ));
    }

    /** Counts of the line shapes that make a log dense. */
    static final class Density {
        long lines, hresult, failed, session, csi, error;
        /** The real sample's figures, weighted by the line shares, printed next to these. */
        Density sample;

        void count(CharSequence line) {
            String s = line.toString();
            lines++;
            if (s.contains("HRESULT")) {
                hresult++;
            }
            if (s.contains("Failed")) {
                failed++;
            }
            if (s.contains("Session")) {
                session++;
            }
            if (s.contains(" CSI  ")) {
                csi++;
            }
            if (s.contains(", Error ")) {
                error++;
            }
        }

        String figures() {
            return String.format(
                    "HRESULT %5.1f%%  Failed %5.1f%%  Session %5.1f%%  CSI %5.1f%%  Error %5.2f%%",
                    pct(hresult), pct(failed), pct(session), pct(csi), pct(error));
        }

        private double pct(long n) {
            return lines == 0 ? 0 : 100.0 * n / lines;
        }

        String report() {
            return "  density   real sample (weighted): " + sample.figures() + "\n"
                    + "  density   written:                " + figures();
        }
    }

    static Density write(Path out, long targetBytes, Path corpus, long seed) throws IOException {
        List<Source> sources = sources(corpus);
        Density sample = new Density();
        for (Source s : sources) {
            Density one = new Density();
            for (Template t : s.lines) {
                one.count(renderOne(t, LocalDateTime.of(2020, 1, 1, 0, 0).format(TIME), 0, 0, 0, new Random(0)));
            }
            double w = s.share * 1_000_000 / one.lines;
            sample.lines += Math.round(one.lines * w);
            sample.hresult += Math.round(one.hresult * w);
            sample.failed += Math.round(one.failed * w);
            sample.session += Math.round(one.session * w);
            sample.csi += Math.round(one.csi * w);
            sample.error += Math.round(one.error * w);
        }
        Density written = new Density();
        written.sample = sample;
        Random random = new Random(seed);
        int[] cursor = new int[sources.size()];
        int[] pass = new int[sources.size()];
        long csiSeq = 1;
        LocalDateTime clock = LocalDateTime.of(2023, 11, 6, 7, 12, 0);
        String stamp = clock.format(TIME);
        long bytes = 0;
        int planted = 0;
        StringBuilder line = new StringBuilder(4096);
        try (Writer w = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8), 1 << 20)) {
            while (bytes < targetBytes) {
                if (planted < PLANTS.length && bytes >= Double.parseDouble(PLANTS[planted][1]) * targetBytes) {
                    for (String l : plant(PLANTS[planted][0])) {
                        if (!PLANTS[planted][2].isEmpty() && l.contains(PLANTS[planted][2])) {
                            continue;
                        }
                        String s = STAMP.matcher(l).find() ? stamp + l.substring(19) : l;
                        w.write(s);
                        w.write("\r\n");
                        bytes += s.length() + 2;
                        written.count(s);
                    }
                    planted++;
                    continue;
                }
                // a run of consecutive real lines from one source, chosen by line share
                double pick = random.nextDouble();
                int si = 0;
                for (double acc = sources.get(0).share; si < sources.size() - 1 && pick >= acc; ) {
                    acc += sources.get(++si).share;
                }
                Source src = sources.get(si);
                if (random.nextInt(100) == 0) { // the machine was off, or nothing was serviced, for a while
                    clock = clock.plusMinutes(30 + random.nextInt(8 * 60));
                    stamp = clock.format(TIME);
                }
                int run = 20 + random.nextInt(200);
                for (int i = 0; i < run && bytes < targetBytes; i++) {
                    if (cursor[si] == src.lines.size()) {
                        cursor[si] = 0;
                        pass[si]++;
                    }
                    Template t = src.lines.get(cursor[si]++);
                    if (random.nextInt(4) == 0) {
                        clock = clock.plusSeconds(1 + random.nextInt(2));
                        stamp = clock.format(TIME);
                    }
                    line.setLength(0);
                    render(line, t, stamp, pass[si] * 31 + si, (pass[si] % VARIANTS) * 31 + si, csiSeq, random);
                    if (t.sequenced) {
                        csiSeq++;
                    }
                    w.append(line);
                    w.write("\r\n");
                    bytes += line.length() + 2;
                    written.count(line);
                }
            }
        }
        return written;
    }

    private static List<String> plant(String resource) throws IOException {
        try (InputStream in = RealMixCbsLogGenerator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static String renderOne(Template t, String stamp, int pass, int variant, long seq, Random r) {
        StringBuilder sb = new StringBuilder();
        render(sb, t, stamp, pass, variant, seq, r);
        return sb.toString();
    }

    /**
     * {@code pass} varies session ids, {@code variant} KB numbers, revisions and hashes, consistently within one pass
     * of a source; variant 0 is the real sample's own names.
     */
    private static void render(StringBuilder sb, Template t, String stamp, int pass, int variant, long seq, Random r) {
        if (t.stamped) {
            sb.append(stamp);
        }
        int[] kinds = t.kinds;
        for (int i = 0; i < kinds.length; i++) {
            long v = t.values[i];
            switch (kinds[i]) {
                case LIT -> sb.append(t.texts[i]);
                case SEQ -> hex(sb, seq & 0xffffffffL, 8);
                case SESSION -> {
                    long hi = v / 10_000_000_000L, lo = v % 10_000_000_000L;
                    sb.append(hi + pass / 4)
                            .append('_')
                            .append(1_000_000_000L + (lo + pass * 7_919_993L) % 3_000_000_000L);
                }
                case KB -> sb.append(variant < 31 ? v : 2_000_000 + (v * 131 + variant * 7_717L) % 3_000_000);
                case REVISION -> sb.append(variant < 31 ? v : (v + variant * 37L) % 30_000);
                case HASH -> hex(sb, v ^ (variant * 0x9E3779B97F4A7C15L), 16);
                case POINTER -> sb.append(Long.toHexString(0x7ff000000000L | (r.nextLong() & 0xfffffffffL)));
                default -> throw new IllegalStateException("slot " + kinds[i]);
            }
        }
    }

    private static void hex(StringBuilder sb, long v, int digits) {
        String h = Long.toHexString(v);
        for (int i = h.length(); i < digits; i++) {
            sb.append('0');
        }
        sb.append(h, Math.max(0, h.length() - digits), h.length());
    }
}
