package com.patchdesk.diagnosis.read;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Line shapes that servicing writes on healthy machines (the knowledge table {@code knowledge/benign-lines.tsv}, each
 * with the public source that shows it harmless). Readers set such lines aside instead of turning them into error events, and count
 * them, so a healthy machine's routine failures never lead a report. Immutable and shared.
 */
public final class BenignLines {

    private static final BenignLines STANDARD = load();

    private final List<Shape> shapes;

    private BenignLines(List<Shape> shapes) {
        this.shapes = List.copyOf(shapes);
    }

    public static BenignLines standard() {
        return STANDARD;
    }

    /**
     * One known-benign line shape.
     *
     * @param id      stable name, e.g. {@code sqm-upload}
     * @param literal a fixed part of every matching line, looked for before the pattern runs
     * @param pattern found anywhere in the line's text
     * @param reasonEn why the line means nothing for an update
     * @param reasonZh the same in Chinese
     * @param source  where the line can be seen on a healthy machine
     */
    public record Shape(String id, String literal, Pattern pattern, String reasonEn, String reasonZh, String source) {}

    /** The shape {@code text} has, if it is a known-benign line. */
    public Optional<Shape> match(String text) {
        for (Shape s : shapes) {
            if (text.contains(s.literal()) && s.pattern().matcher(text).find()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public Optional<Shape> byId(String id) {
        return shapes.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public List<Shape> shapes() {
        return shapes;
    }

    private static final String TABLE = "/com/patchdesk/diagnosis/knowledge/benign-lines.tsv";

    private static BenignLines load() {
        List<Shape> shapes = new ArrayList<>();
        for (String[] row : rows()) {
            Pattern pattern = Pattern.compile(row[2]);
            if (row[1].isEmpty() || !row[2].contains(row[1])) {
                // The literal is the fast path: a pattern that could match without it would be skipped silently.
                throw new IllegalStateException(
                        "benign-lines.tsv: pattern of " + row[0] + " does not contain its literal '" + row[1] + "'");
            }
            shapes.add(new Shape(row[0], row[1], pattern, row[3], row[4], row[5]));
        }
        return new BenignLines(shapes);
    }

    /** The table's rows of six tab-separated cells; '#' starts a comment line. */
    private static List<String[]> rows() {
        InputStream in = BenignLines.class.getResourceAsStream(TABLE);
        if (in == null) {
            throw new IllegalStateException("knowledge table missing from the classpath: " + TABLE);
        }
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (cells.length < 6) {
                    throw new IllegalStateException(
                            TABLE + ":" + number + " has " + cells.length + " columns, expected 6");
                }
                rows.add(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
