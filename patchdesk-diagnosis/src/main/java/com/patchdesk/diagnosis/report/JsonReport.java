package com.patchdesk.diagnosis.report;

import com.patchdesk.diagnosis.bundle.ReadFile;
import com.patchdesk.diagnosis.bundle.SkippedFile;
import com.patchdesk.diagnosis.knowledge.ErrorCatalog;
import com.patchdesk.diagnosis.knowledge.Localized;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultPrettyPrinter;

/**
 * Writes schema {@value DiagnosisReport#SCHEMA}. The document is built as plain maps so that the field names are
 * spelled out here, next to the schema file, rather than derived from Java names, and written with Jackson's
 * streaming generator (an object mapper would cost a command-line run more start-up than the whole report).
 */
final class JsonReport {

    /** Leaves the stream it writes to open: the caller owns it. */
    private static final JsonFactory JSON =
            JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
    /** Indented as Jackson's default pretty printer does; it keeps state, so one per document. */
    private static final class Indented extends ObjectWriteContext.Base {
        @Override
        public PrettyPrinter getPrettyPrinter() {
            return new DefaultPrettyPrinter();
        }

        @Override
        public boolean hasPrettyPrinter() {
            return true;
        }
    }

    private JsonReport() {}

    static String render(DiagnosisReport report, Locale locale) {
        // As UTF-8 bytes, made a String once: a StringWriter checks every character it appends, which costs a
        // command-line run more than writing the document (a 250 KB report: 60-100 ms of a cold run).
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 14);
        try {
            write(report, locale, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from a stream in memory
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Writes the document as UTF-8 to {@code out}, which stays open: the caller flushes or closes it. */
    static void write(DiagnosisReport report, Locale locale, OutputStream out) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", report.schemaVersion());
        doc.put("language", Localized.isChinese(locale) ? "zh-CN" : "en");
        doc.put("outcome", report.outcome().key());
        doc.put("bundle", bundle(report.bundle(), locale));
        Optional<String> build = report.bundle().osBuild();
        doc.put("machine", machine(report.bundle().machine()));
        doc.put(
                "findings",
                report.findings().stream().map(f -> finding(f, locale, build)).toList());
        doc.put(
                "history",
                report.history().stream().map(f -> finding(f, locale, build)).toList());
        doc.put("timeline", report.timeline().stream().map(JsonReport::timeline).toList());
        Map<String, Object> rounds = new LinkedHashMap<>();
        rounds.put("routineSessions", report.rounds().routineSessions());
        rounds.put("latest", report.rounds().latest().map(r -> round(r, locale)).orElse(null));
        rounds.put(
                "list",
                report.rounds().rounds().stream().map(r -> round(r, locale)).toList());
        doc.put("rounds", rounds);
        try (JsonGenerator json = JSON.createGenerator(new Indented(), out)) {
            write(json, doc);
        } catch (JacksonIOException e) {
            // The stream's own error, with whatever closing the generator added to Jackson's wrapper.
            IOException cause = e.getCause();
            for (Throwable also : e.getSuppressed()) {
                cause.addSuppressed(also);
            }
            throw cause;
        }
        out.write('\n');
    }

    /** The values the document is built of: maps, lists, strings, whole numbers, booleans and null. */
    private static void write(JsonGenerator json, Object value) {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String s) {
            json.writeString(s);
        } else if (value instanceof Integer || value instanceof Long) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                json.writeName(String.valueOf(e.getKey()));
                write(json, e.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Collection<?> items) {
            json.writeStartArray();
            for (Object item : items) {
                write(json, item);
            }
            json.writeEndArray();
        } else {
            throw new IllegalArgumentException(
                    "not a JSON value of the report: " + value.getClass().getName());
        }
    }

    private static Map<String, Object> bundle(BundleSummary bundle, Locale locale) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("input", bundle.input());
        out.put("osBuild", bundle.osBuild().orElse(null));
        out.put("events", bundle.events());
        out.put("eventsNotKept", bundle.eventsNotKept());
        out.put("filesRead", bundle.read().stream().map(JsonReport::read).toList());
        out.put(
                "filesSkipped",
                bundle.skipped().stream().map(JsonReport::skipped).toList());
        out.put(
                "updateAttempts",
                bundle.updateAttempts().stream().map(JsonReport::attempt).toList());
        out.put("benignLines", benign(bundle, locale));
        Map<String, Object> catalog = new LinkedHashMap<>();
        catalog.put("date", bundle.catalog().date());
        catalog.put("source", bundle.catalog().source());
        catalog.put("newestOfLine", bundle.catalog().newestOfLine().orElse(null));
        catalog.put("buildNewerThanCatalog", bundle.catalog().buildNewerThanCatalog());
        out.put("catalog", catalog);
        return out;
    }

    /** Only what the bundle says: a field it does not state is left out rather than null. */
    private static Map<String, Object> machine(Machine m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.host().ifPresent(h -> out.put("host", h));
        m.hostSource().ifPresent(s -> out.put("hostSource", s));
        m.build().ifPresent(b -> out.put("build", b));
        m.edition().ifPresent(e -> out.put("edition", e));
        return out;
    }

    private static Map<String, Object> benign(BundleSummary bundle, Locale locale) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", bundle.benignLineTotal());
        out.put(
                "shapes",
                bundle.benignLines().stream()
                        .map(b -> {
                            Map<String, Object> shape = new LinkedHashMap<>();
                            shape.put("shape", b.shape());
                            shape.put("lines", b.lines());
                            shape.put("reason", b.reason().in(locale));
                            shape.put("example", b.example().location());
                            return shape;
                        })
                        .toList());
        return out;
    }

    private static Map<String, Object> read(ReadFile f) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", f.path());
        out.put("format", f.format());
        out.put("encoding", f.encoding());
        out.put("bytes", f.bytes());
        out.put("lines", f.lines());
        if (f.linesCut() > 0) {
            out.put("linesCut", f.linesCut());
        }
        return out;
    }

    private static Map<String, Object> skipped(SkippedFile f) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", f.path());
        out.put("reason", f.reason());
        return out;
    }

    private static Map<String, Object> attempt(UpdateAttempt a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kb", a.kb().orElse(null));
        out.put("phase", a.phase());
        out.put("outcome", a.outcome());
        out.put("code", a.code().orElse(null));
        out.put("time", a.time().map(Object::toString).orElse(null));
        out.put("source", evidence(a.source()));
        return out;
    }

    /** A finding; {@code build} is the machine's, for codes told differently per build line. */
    static Map<String, Object> finding(Finding f, Locale locale, Optional<String> build) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", f.key());
        out.put("ruleId", f.ruleId());
        out.put("title", f.title(locale));
        out.put("severity", f.severity().key());
        out.put("confidence", f.confidence().key());
        out.put("facts", f.facts());
        ErrorCatalog.standard().describe(f.facts().get("code"), build).ifPresent(code -> {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", code.code());
            error.put("symbol", code.symbol());
            error.put("meaning", code.meaning().in(locale));
            error.put("remedy", code.remedy().in(locale));
            out.put("error", error);
        });
        out.put(
                "evidence",
                f.evidence().stream().map(JsonReport::evidenceWithContext).toList());
        out.put("evidenceCount", f.evidenceCount());
        out.put(
                "remediation",
                f.remediation().stream()
                        .map(s -> {
                            Map<String, Object> step = new LinkedHashMap<>();
                            step.put("text", s.text().in(locale));
                            step.put("command", s.command().orElse(null));
                            return step;
                        })
                        .toList());
        out.put(
                "children",
                f.children().stream().map(c -> finding(c, locale, build)).toList());
        if (!f.rounds().isEmpty()) {
            out.put("rounds", f.rounds());
        }
        return out;
    }

    private static Map<String, Object> round(ServicingRound r, Locale locale) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", r.label());
        out.put("start", r.start().map(Object::toString).orElse(null));
        out.put("end", r.end().map(Object::toString).orElse(null));
        out.put("kind", r.kind());
        out.put("client", r.client());
        out.put("target", r.target().orElse(null));
        out.put("result", r.result());
        out.put("code", r.code().orElse(null));
        out.put("firstLine", r.first().location());
        out.put("failure", r.failure().map(JsonReport::evidence).orElse(null));
        out.put("causeRule", r.causeRule().orElse(null));
        out.put("cause", r.cause().map(c -> c.in(locale)).orElse(null));
        return out;
    }

    private static Map<String, Object> timeline(TimelineEntry t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("time", t.time().toString());
        out.put("kind", t.kind());
        out.put("facts", t.facts());
        out.put("source", evidence(t.source()));
        return out;
    }

    /** Context is written only when the analysis asked for it, so reports without it read as before. */
    private static Map<String, Object> evidenceWithContext(Evidence e) {
        Map<String, Object> out = evidence(e);
        if (!e.before().isEmpty() || !e.after().isEmpty()) {
            out.put("before", e.before().stream().map(JsonReport::nearby).toList());
            out.put("after", e.after().stream().map(JsonReport::nearby).toList());
        }
        return out;
    }

    private static Map<String, Object> nearby(Evidence.NearbyLine n) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("line", n.line());
        out.put("text", n.text());
        return out;
    }

    private static Map<String, Object> evidence(Evidence e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", e.file());
        out.put("line", e.line());
        out.put("text", e.text());
        return out;
    }
}
