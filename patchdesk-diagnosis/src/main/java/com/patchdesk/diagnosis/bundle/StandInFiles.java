package com.patchdesk.diagnosis.bundle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Files sent in place of a log (the knowledge table {@code knowledge/stand-in-files.tsv}): Windows 10's placeholder
 * WindowsUpdate.log, a binary event log. Each is skipped with what it is and what to send instead, so the customer is
 * asked for the right file rather than told that nothing could be read. The table is read here, by its resource path,
 * because the input side depends on no other part of the engine ({@code InputArchitectureTest}), as
 * {@code read.BenignLines} reads its own. Immutable and shared.
 */
public final class StandInFiles {

    private static final String TABLE = "/com/patchdesk/diagnosis/knowledge/stand-in-files.tsv";
    private static final StandInFiles STANDARD = new StandInFiles(load());

    private final List<StandIn> standIns;

    private StandInFiles(List<StandIn> standIns) {
        this.standIns = standIns;
    }

    public static StandInFiles standard() {
        return STANDARD;
    }

    /**
     * Why a file whose first bytes read {@code head} (its text, or a binary file's bytes as ISO-8859-1) was not read,
     * in English, as {@link SkippedFile#reason()} keeps reasons.
     */
    Optional<String> reasonFor(String head) {
        return standIns.stream()
                .filter(s -> head.contains(s.literal()))
                .map(StandIn::english)
                .findFirst();
    }

    /** The Chinese of a reason this table gave, for a report in Chinese. */
    public Optional<String> chinese(String english) {
        return standIns.stream()
                .filter(s -> s.english().equals(english))
                .map(StandIn::chinese)
                .findFirst();
    }

    private record StandIn(String literal, String english, String chinese) {}

    /** Rows of five tab-separated cells (id, literal with {@code \0} for a zero byte, en, zh-CN, source). */
    private static List<StandIn> load() {
        InputStream in = StandInFiles.class.getResourceAsStream(TABLE);
        if (in == null) {
            throw new IllegalStateException("knowledge table missing from the classpath: " + TABLE);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t", -1))
                    .peek(cells -> {
                        if (cells.length < 5 || cells[1].isEmpty()) {
                            throw new IllegalStateException(
                                    TABLE + ": a row needs five cells and a literal: " + String.join(" | ", cells));
                        }
                    })
                    .map(cells -> new StandIn(cells[1].replace("\\0", "\0"), cells[2], cells[3]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
