package com.patchdesk.server.cases;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.DeskLocale;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.Reason;
import com.patchdesk.server.problems.ResourceNotFoundException;
import com.patchdesk.server.problems.VersionMismatchException;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scoping, analysis update and closure summary texts in zh-CN and en. Stored in the database so admins can edit
 * them; seeded on start from {@code case-templates/NAME.LOCALE.mustache} when missing. Rendering uses logic-less
 * Mustache over plain maps, so an edited template can only place data, never run code.
 */
@Service
public class CaseTemplates implements ApplicationRunner {

    /**
     * Plain text, not HTML: nothing is escaped. A key the context lacks is an error (caught when saving) rather
     * than silently empty; {@link TemplateContext} never holds nulls, so no null handling is configured.
     */
    private static final Mustache.Compiler MUSTACHE = Mustache.compiler()
            .escapeHTML(false)
            .strictSections(true)
            .emptyStringIsFalse(true); // {{^case.reportedKb}}not known yet{{/case.reportedKb}} for empty fields

    private final JdbcClient jdbc;
    private final TemplateContext contexts;
    private final AuditTrail audit;
    private final Clock clock;

    CaseTemplates(JdbcClient jdbc, TemplateContext contexts, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.contexts = contexts;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Seeds the templates that are not in the database yet, and brings templates nobody edited (version 0) up to
     * the current seed; edited ones are never overwritten.
     */
    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        for (TemplateName name : TemplateName.values()) {
            for (Locale locale : DeskLocale.SUPPORTED) {
                String tag = DeskLocale.tag(locale);
                Optional<CaseTemplate> stored = find(name, tag);
                TemplateText text = seed(name, tag);
                if (stored.isEmpty()) {
                    insert(name, tag, text);
                } else if (stored.get().version() == 0
                        && (!stored.get().subject().equals(text.subject())
                                || !stored.get().body().equals(text.body()))) {
                    jdbc.sql("UPDATE templates SET subject = :subject, body = :body"
                                    + " WHERE name = :name AND locale = :locale AND version = 0")
                            .param("subject", text.subject())
                            .param("body", text.body())
                            .param("name", name.name())
                            .param("locale", tag)
                            .update();
                }
            }
        }
    }

    public List<CaseTemplate> list() {
        return jdbc.sql("SELECT * FROM templates ORDER BY name, locale")
                .query(CaseTemplates::row)
                .list();
    }

    public CaseTemplate get(TemplateName name, String locale) {
        return find(name, DeskLocale.tag(parseLocale(locale)))
                .orElseThrow(() -> new ResourceNotFoundException("no template " + name + " in " + locale));
    }

    /** Replaces a template's text after checking that it compiles and only uses keys of {@link TemplateContext}. */
    @Transactional
    public CaseTemplate update(Actor admin, TemplateName name, String locale, TemplateText text, Long expectedVersion) {
        if (!admin.isAdmin()) {
            throw new AccessDeniedException("only admins edit templates");
        }
        CaseTemplate before = get(name, locale);
        if (expectedVersion != null && expectedVersion != before.version()) {
            throw new VersionMismatchException(
                    "template " + name + " " + before.locale() + " is at version " + before.version(),
                    before.version());
        }
        check("subject", text.subject());
        check("body", text.body());
        int updated = jdbc.sql("""
                UPDATE templates SET subject = :subject, body = :body, version = version + 1, updated_at = :at,
                                     updated_by = :by
                WHERE name = :name AND locale = :locale AND version = :version""")
                .param("subject", text.subject())
                .param("body", text.body())
                .param("at", UtcTimestamps.toSql(clock.instant()))
                .param("by", admin.userId())
                .param("name", name.name())
                .param("locale", before.locale())
                .param("version", before.version())
                .update();
        if (updated == 0) {
            throw new VersionMismatchException("template " + name + " was changed meanwhile", before.version() + 1);
        }
        CaseTemplate after = get(name, locale);
        audit.record(
                admin,
                "template",
                after.id(),
                null,
                "updated " + name + " " + before.locale(),
                List.of(
                        FieldChange.of("subject", before.subject(), text.subject()),
                        FieldChange.of("body", before.body(), text.body())));
        return after;
    }

    /** Renders a template for a case, in {@code locale} or else the case's language. */
    public RenderedText render(CaseRef ref, TemplateName name, String locale, Actor engineer) {
        return render(ref, name, locale, engineer, null);
    }

    /** As {@link #render(CaseRef, TemplateName, String, Actor)}, with an upload link just made (null: none). */
    public RenderedText render(
            CaseRef ref, TemplateName name, String locale, Actor engineer, TemplateUploadLink uploadLink) {
        CaseTemplate template = get(name, locale == null ? DeskLocale.tag(ref.language()) : locale);
        Map<String, Object> context = contexts.of(ref, engineer, DeskLocale.parse(template.locale()), uploadLink);
        return new RenderedText(
                MUSTACHE.compile(template.subject()).execute(context).strip(),
                MUSTACHE.compile(template.body()).execute(context),
                template.locale());
    }

    /**
     * Renders a template text as it would read, from a sample case ({@link TemplateContext#sample()}), without
     * saving it: the admin console's preview. Refused like {@link #update} when the text does not render.
     */
    public RenderedText preview(String locale, TemplateText text) {
        check("subject", text.subject());
        check("body", text.body());
        Locale language = parseLocale(locale);
        Map<String, Object> sample = contexts.previewSample(language);
        return new RenderedText(
                MUSTACHE.compile(text.subject()).execute(sample).strip(),
                MUSTACHE.compile(text.body()).execute(sample),
                DeskLocale.tag(language));
    }

    static void check(String field, String text) {
        if (text.contains("{{=")) {
            throw new InvalidInputException(field, Reason.of("problem.template.delimiters"));
        }
        Matcher tag = TAG.matcher(text);
        while (tag.find()) {
            if (!KNOWN_NAMES.contains(tag.group(1))) {
                throw new InvalidInputException(
                        field,
                        Reason.of(
                                "problem.template.unknownData",
                                tag.group(1),
                                String.join(", ", new TreeSet<>(KNOWN_NAMES))));
            }
        }
        try {
            MUSTACHE.compile(text).execute(TemplateContext.sample());
        } catch (MustacheException | UnsupportedOperationException e) {
            // Partials ({{> name}}) end up here: no template loader is configured on purpose.
            throw new InvalidInputException(
                    field, Reason.of("problem.template.doesNotRender", String.valueOf(e.getMessage())));
        }
    }

    /** Variable and section tags; comments ({{! }}) and partials ({{> }}, refused by Mustache itself) are left out. */
    private static final Pattern TAG = Pattern.compile("\\{\\{\\{?\\s*[#^/&]?\\s*([^!>}\\s][^}\\s]*)\\s*}?}}");

    /**
     * Every name a template may use: full dotted paths, and the names that are valid inside a section
     * (e.g. {@code summary} inside {@code {{#updates}}}).
     */
    private static final Set<String> KNOWN_NAMES = knownNames();

    private static Set<String> knownNames() {
        Set<String> names = new HashSet<>(Set.of("."));
        collect("", TemplateContext.sample(), names);
        return Set.copyOf(names);
    }

    private static void collect(String prefix, Map<?, ?> map, Set<String> names) {
        map.forEach((key, value) -> {
            String name = key.toString();
            names.add(name);
            names.add(prefix + name);
            if (value instanceof Map<?, ?> child) {
                collect(prefix + name + ".", child, names);
                collect("", child, names);
            } else if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> item) {
                collect("", item, names);
            }
        });
    }

    private Optional<CaseTemplate> find(TemplateName name, String locale) {
        return jdbc.sql("SELECT * FROM templates WHERE name = :name AND locale = :locale")
                .param("name", name.name())
                .param("locale", locale)
                .query(CaseTemplates::row)
                .optional();
    }

    private void insert(TemplateName name, String locale, TemplateText text) {
        jdbc.sql("""
                INSERT INTO templates (name, locale, subject, body, version, updated_at)
                VALUES (:name, :locale, :subject, :body, 0, :at)""")
                .param("name", name.name())
                .param("locale", locale)
                .param("subject", text.subject())
                .param("body", text.body())
                .param("at", UtcTimestamps.toSql(clock.instant()))
                .update();
    }

    /** A seed file starts with {@code Subject: ...}, then an empty line, then the body. */
    static TemplateText seed(TemplateName name, String locale) {
        String path = "case-templates/" + name.name().toLowerCase(Locale.ROOT) + "." + locale + ".mustache";
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            String content = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
            int split = content.indexOf("\n\n");
            if (!content.startsWith("Subject: ") || split < 0) {
                throw new IllegalStateException(path + " must start with 'Subject: ' and an empty line");
            }
            return new TemplateText(
                    content.substring("Subject: ".length(), split).strip(), content.substring(split + 2));
        } catch (IOException e) {
            throw new UncheckedIOException("missing template seed " + path, e);
        }
    }

    private static Locale parseLocale(String locale) {
        try {
            return DeskLocale.parse(locale);
        } catch (IllegalArgumentException e) {
            throw new ResourceNotFoundException("no template language " + locale);
        }
    }

    private static CaseTemplate row(ResultSet rs, int rowNum) throws SQLException {
        return new CaseTemplate(
                rs.getLong("id"),
                TemplateName.valueOf(rs.getString("name")),
                rs.getString("locale"),
                rs.getString("subject"),
                rs.getString("body"),
                rs.getInt("version"),
                UtcTimestamps.read(rs, "updated_at"),
                rs.getObject("updated_by", Long.class));
    }
}
