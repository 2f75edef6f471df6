package com.patchdesk.diagnosis.bundle;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ByteLinesTest {

    @Test
    void crlfAndLfLinesAndATruncatedLastLineAreAllCounted() throws IOException {
        ByteLines lines = lines("first\r\nsecond\nthird cut off mid-li".getBytes(StandardCharsets.UTF_8), 100);

        assertThat(all(lines)).containsExactly("first", "second", "third cut off mid-li");
        assertThat(lines.number()).isEqualTo(3);
    }

    @Test
    void emptyLinesCountAndAnEmptyFileHasNone() throws IOException {
        assertThat(all(lines("a\n\n\nb\n".getBytes(StandardCharsets.UTF_8), 100))).containsExactly("a", "", "", "b");
        assertThat(all(lines(new byte[0], 100))).isEmpty();
    }

    @Test
    void aLineOfAMillionCharactersIsCutAndTheNextLineKeepsItsNumber() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("x".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("\nafter\n".getBytes(StandardCharsets.US_ASCII));
        ByteLines lines = lines(out.toByteArray(), 100);

        String first = lines.next();
        assertThat(first.length()).isLessThanOrEqualTo(300).isGreaterThanOrEqualTo(100);
        assertThat(lines.next()).isEqualTo("after");
        assertThat(lines.number()).isEqualTo(2);
    }

    @Test
    void eachLineIsUtf8WhenValidAndGb18030OtherwiseSoMixedFilesSurvive() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("映像版本: 10.0.17763.774\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes("可以修复组件存储。\n".getBytes(Charset.forName("GBK")));
        ByteLines lines = lines(out.toByteArray(), 100);

        assertThat(all(lines)).containsExactly("映像版本: 10.0.17763.774", "可以修复组件存储。");
        assertThat(lines.usedGb18030()).isTrue();
    }

    @Test
    void aUtf8LineCutInsideACharacterStaysUtf8() throws IOException {
        String chinese = "组件".repeat(400);
        ByteLines lines = lines((chinese + "\n").getBytes(StandardCharsets.UTF_8), 101);

        assertThat(lines.next()).startsWith("组件组件").doesNotContain("\uFFFD");
        assertThat(lines.usedGb18030()).isFalse();
    }

    @Test
    void linesSpanningTheReadBufferAreJoined() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        List<String> read = all(lines(text.toString().getBytes(StandardCharsets.US_ASCII), 100));

        assertThat(read).hasSize(20_000);
        assertThat(read.get(12_345)).isEqualTo("line 12345");
    }

    @Test
    void utf16LinesAreCutTheSameWay() throws IOException {
        CharLines lines = new CharLines(new StringReader("y".repeat(200_000) + "\r\nnext\r\n"), 100);

        assertThat(lines.next()).hasSize(100);
        assertThat(lines.next()).isEqualTo("next");
        assertThat(lines.next()).isNull();
        assertThat(lines.number()).isEqualTo(2);
    }

    private static ByteLines lines(byte[] bytes, int maxLineChars) {
        return new ByteLines(new ByteArrayInputStream(bytes), maxLineChars);
    }

    private static List<String> all(com.patchdesk.diagnosis.read.LineSource lines) throws IOException {
        List<String> read = new ArrayList<>();
        for (String line = lines.next(); line != null; line = lines.next()) {
            read.add(line);
        }
        return read;
    }
}
