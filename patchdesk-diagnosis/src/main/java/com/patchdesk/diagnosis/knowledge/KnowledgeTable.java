package com.patchdesk.diagnosis.knowledge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the tab-separated tables shipped next to this class; '#' starts a comment line. */
final class KnowledgeTable {

    private KnowledgeTable() {}

    static List<String[]> rows(String resource, int columns) {
        InputStream in = KnowledgeTable.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("knowledge table missing from the classpath: " + resource);
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
                if (cells.length < columns) {
                    throw new IllegalStateException(
                            resource + ":" + number + " has " + cells.length + " columns, expected " + columns);
                }
                rows.add(Arrays.copyOf(cells, columns));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
