package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The collector script, checked without PowerShell (none runs on this build machine): its text is ASCII, its
 * brackets and strings are closed (a tokenizer of PowerShell's quoting and comments), every Patchdesk function it
 * calls is defined, it sends the requests {@link CollectorRequests} replays against the server, and it writes the files
 * of the layout the engine's fixture holds.
 */
class CollectorScriptTest {

    private final String script = CollectorScript.template();

    @Test
    void theScriptIsAsciiAndItsBracketsAndStringsAreClosed() {
        assertThat(script.chars().allMatch(c -> c < 128)).isTrue();
        assertThat(unbalanced(script)).isEmpty();
        assertThat(unbalanced("if ($a) { 'x' "))
                .as("the checker finds an unclosed brace")
                .isNotEmpty();
        assertThat(unbalanced("Write-Host 'it''s (fine'"))
                .as("'' inside a single-quoted string")
                .isEmpty();
        assertThat(unbalanced("$x = \"a`\"(b\" # ) comment")).isEmpty();
    }

    @Test
    void everyPatchdeskFunctionItCallsIsDefinedAndTheMainOneRuns() {
        Set<String> defined = matches("(?m)^function ([A-Za-z]+-Patchdesk[A-Za-z]*)");
        Set<String> called = matches("\\b([A-Z][a-z]+-Patchdesk[A-Za-z]*)\\b");
        assertThat(defined).containsAll(called);
        assertThat(script.strip()).endsWith("Invoke-PatchdeskCollector");
        assertThat(script).doesNotContain("param(").as("iex runs the text: a param block would not bind");
    }

    @Test
    void itSendsTheTusRequestsTheServerTestsReplay() {
        assertThat(script)
                .contains(
                        "$request.Headers.Add('Tus-Resumable', '1.0.0')",
                        "'Upload-Length' = [string]$length",
                        "'filename ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($fileName))",
                        "'Upload-Metadata' = $metadata",
                        "$request.ContentType = 'application/offset+octet-stream'",
                        "'Upload-Offset' = [string]$offset",
                        "Send-PatchdeskRequest 'HEAD' $UploadUrl",
                        "Send-PatchdeskRequest 'PATCH' $uploadUrl",
                        "Send-PatchdeskRequest 'POST' $PatchdeskUploadUrl",
                        "$PatchdeskChunkBytes = 4MB",
                        "[Net.SecurityProtocolType]::Tls12");
        assertThat(CollectorRequests.CHUNK).isEqualTo(4 * 1024 * 1024);
    }

    @Test
    void itWritesTheLayoutOfTheEnginesFixtureUnderTheAgreedName() throws Exception {
        assertThat(script)
                .contains("'PatchdeskCollector_' + $hostName + '_' + $stamp", "'yyyyMMdd-HHmm'", "($name + '.zip')");
        List<String> fixture = CollectorBundle.files();
        for (String written : List.of(
                "collector.txt",
                "WindowsUpdate.log",
                "ReportingEvents.log",
                "dism-checkhealth.txt",
                "dism-get-packages.txt",
                "systeminfo.txt",
                "setup-events.txt",
                "registry-currentversion.reg")) {
            assertThat(script).as(written).contains("'" + written + "'");
            assertThat(fixture).contains(written);
        }
        assertThat(script).contains("'Logs\\CBS'", "'Logs\\DISM'", "@('*.log', '*.cab')", "@('dism.log')");
        assertThat(fixture)
                .contains("Logs/CBS/CBS.log", "Logs/DISM/dism.log")
                .anyMatch(f -> f.startsWith("Logs/CBS/CbsPersist_") && f.endsWith(".cab"));
        assertThat(script)
                .contains(
                        "'Patchdesk collector 1'",
                        "'CurrentBuild: '",
                        "'UBR: '",
                        "'PendingXml: '",
                        "'SystemDriveFreeBytes: '");
    }

    @Test
    void itsChineseMessagesDecodeToChinese() {
        Matcher m = Pattern.compile("'((?:\\\\u[0-9a-f]{4}|[^'\\\\])*\\\\u[0-9a-f]{4}(?:\\\\u[0-9a-f]{4}|[^'\\\\])*)'")
                .matcher(script);
        List<String> decoded = m.results().map(r -> unescape(r.group(1))).toList();
        assertThat(decoded).contains("已上传到您的支持案例。", "请在以管理员身份运行的 PowerShell 中执行。");
    }

    /** What is left open at the end: brackets outside strings and comments, or an unclosed string. */
    static List<String> unbalanced(String text) {
        Deque<Character> open = new ArrayDeque<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '#') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\'') {
                i++;
                while (i < text.length()
                        && !(text.charAt(i) == '\'' && (i + 1 >= text.length() || text.charAt(i + 1) != '\''))) {
                    i += text.charAt(i) == '\'' ? 2 : 1;
                }
                if (i >= text.length()) {
                    return List.of("unclosed '");
                }
            } else if (c == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    i += text.charAt(i) == '`' ? 2 : 1;
                }
                if (i >= text.length()) {
                    return List.of("unclosed \"");
                }
            } else if ("({[".indexOf(c) >= 0) {
                open.push(c);
            } else if (")}]".indexOf(c) >= 0) {
                char expected = c == ')' ? '(' : c == '}' ? '{' : '[';
                if (open.isEmpty() || open.pop() != expected) {
                    return List.of("unexpected " + c + " at " + i);
                }
            }
            i++;
        }
        return open.stream().map(ch -> "unclosed " + ch).toList();
    }

    private Set<String> matches(String regex) {
        Set<String> found = new LinkedHashSet<>();
        Pattern.compile(regex).matcher(script).results().forEach(r -> found.add(r.group(1)));
        return found;
    }

    private static String unescape(String escaped) {
        Matcher m = Pattern.compile("\\\\u([0-9a-f]{4})").matcher(escaped);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        return m.appendTail(out).toString();
    }
}
