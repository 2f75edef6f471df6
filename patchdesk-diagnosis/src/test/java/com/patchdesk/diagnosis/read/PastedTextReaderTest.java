package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a customer pastes when no log is at hand: the update history's text, a dialog's code, Setup's result. */
class PastedTextReaderTest {

    /**
     * Windows Update's history as a forum post copied it (Traditional Chinese, h05 in eval/real-excerpts-team): the
     * update's title with its KB, then its status with the code; the About page's build; a dialog's code alone.
     */
    @Test
    void theHistorysTitleAboveItsStatusNamesTheUpdateThatFailed() throws Exception {
        Scanned s = Scanned.fixture("pasted-text/wu-history-zh-tw-kb-then-code.txt");

        assertThat(s.format()).isEqualTo("pasted-text");
        assertThat(s.facts(EventKind.OS_BUILD))
                .extracting(f -> f.get(Fact.OS_BUILD))
                .containsExactly("19044.2075");
        // The dialog's code, above the history, is the same update's: the only one the text names.
        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(
                        Tuple.tuple("KB5022282", "failure", "0x80242FFF"),
                        Tuple.tuple("KB5022282", "failure", "0x800F081F"));
        assertThat(s.of(EventKind.ERROR_CODE)).isEmpty();
    }

    /** Setup's result with its extended code: the code is Setup's, the extended one tells the phase it failed in. */
    @Test
    void setupsExtendedCodeTellsThePhase() throws Exception {
        Scanned s = Scanned.fixture("pasted-text/setup-result-with-extended-code.txt");

        assertThat(s.facts(EventKind.ERROR_CODE))
                .extracting(f -> f.get(Fact.CODE), f -> f.get(Fact.DETAIL))
                .containsExactly(Tuple.tuple("0xC1900101", "phase SAFE_OS, extended code 0x20017"));
    }

    /** An installer's own log (IE11's, every line timed) is a log of a kind not known here, not a person's notes. */
    @Test
    void aLogWhoseLinesStartWithATimeIsNotPastedText() throws Exception {
        Scanned s = Scanned.fixture("pasted-text/an-installers-own-log-is-not-pasted-text.log");

        assertThat(s.scan().read()).isEmpty();
        assertThat(s.events()).isEmpty();
    }

    /** What Windows says without its code stands for it: "参数错误" is ERROR_INVALID_PARAMETER (k09). */
    @Test
    void aMessageWithoutItsCodeStandsForIt() throws Exception {
        Scanned s = Scanned.fixture("pasted-text/param-error-message-without-code.zh-CN.txt");

        assertThat(s.format()).isEqualTo("pasted-text");
        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.CODE))
                .contains(Tuple.tuple("KB3213986", "0x80070057"));
    }

    /**
     * A note about one update names it in the commands after the message (k03): the message's failure is that update's,
     * as the only one the text names.
     */
    @Test
    void aFailureInANoteAboutOneUpdateIsThatUpdates() throws Exception {
        Scanned s = Scanned.fixture("pasted-text/not-applicable-update-named-in-the-commands-after.zh-CN.txt");

        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(Tuple.tuple("KB4503290", "failure", "0x80240017"));
    }

    /**
     * An issue template (s04 in eval/real-excerpts-team): "可以安装成功" under "预期结果" is what the writer expected,
     * "安装时报错 0x800f081f" under "实际结果" is what happened.
     */
    @Test
    void anIssueTemplatesExpectedResultIsNoResult() throws Exception {
        Scanned s = Scanned.fixture("pasted-text/issue-template-expected-result-is-no-result.zh-CN.txt");

        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f)
                        .containsEntry(Fact.KB, "KB5043145")
                        .containsEntry(Fact.RESULT, "failure")
                        .containsEntry(Fact.CODE, "0x800F081F"));
    }

    /**
     * What the skip must not swallow: "Unexpected result:" is what happened, and an expected-result section ends at its
     * blank line.
     */
    @Test
    void onlyTheExpectedResultIsSkippedAndOnlyUpToItsEnd(@TempDir Path dir) throws Exception {
        Path unexpected = Files.writeString(
                dir.resolve("unexpected.txt"), "Unexpected result:\nKB5034441 failed with error 0x80070643\n");
        Path section = Files.writeString(dir.resolve("section.txt"), "预期结果：\n更新安装成功\n\nKB5034441 安装失败，错误 0x80070643\n");

        for (Path p : List.of(unexpected, section)) {
            assertThat(Scanned.path(p).facts(EventKind.UPDATE_ATTEMPT))
                    .as(p.getFileName().toString())
                    .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                    .containsExactly(Tuple.tuple("KB5034441", "failure", "0x80070643"));
        }
    }

    /**
     * A note in words is a note, even when a sentence sounds like a tool's row ("installed updates successfully") or
     * quotes SetupDiag: the tools' readers take their own outputs only.
     */
    @Test
    void aNoteThatSoundsLikeAToolsOutputIsANote(@TempDir Path dir) throws Exception {
        Path pswu = Files.writeString(
                dir.resolve("pswu.txt"),
                "Last month we installed updates successfully on this server.\n"
                        + "This month KB5034441 failed with error 0x80070643.\n");
        Path setupDiag = Files.writeString(
                dir.resolve("setupdiag.txt"),
                "We ran it and SetupDiag reports nothing, so we looked at Windows Update instead.\n"
                        + "KB5034441 failed with error 0x80070643 three times.\n");

        for (Path p : List.of(pswu, setupDiag)) {
            Scanned s = Scanned.path(p);
            assertThat(s.format()).as(p.getFileName().toString()).isEqualTo("pasted-text");
            assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                    .extracting(f -> f.get(Fact.KB), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                    .containsExactly(Tuple.tuple("KB5034441", "failure", "0x80070643"));
        }
    }

    /**
     * A person's notes that quote SFC's verdict beside Setup's result (h02 in eval/real-excerpts-team): SFC prints no
     * code, so the file is notes, not SFC's output; Setup's code and its phase are read, and SFC's sentence as SFC's.
     */
    @Test
    void notesQuotingSfcBesideSetupsCodeAreNotes() throws Exception {
        Scanned s = Scanned.fixture("pasted-text/notes-quoting-sfc-beside-setups-code.zh-CN.txt");

        assertThat(s.format()).isEqualTo("pasted-text");
        assertThat(s.facts(EventKind.ERROR_CODE))
                .extracting(f -> f.get(Fact.CODE), f -> f.get(Fact.DETAIL))
                .containsExactly(Tuple.tuple("0xC1900101", "phase SAFE_OS, extended code 0x20017"));
    }

    /** SFC's output alone is SFC's, read by its own reader. */
    @Test
    void sfcsOutputAloneIsSfcs(@TempDir Path dir) throws Exception {
        Path sfc = Files.writeString(
                dir.resolve("sfc.txt"),
                "Beginning system scan.  This process will take some time.\n"
                        + "Windows Resource Protection did not find any integrity violations.\n");

        assertThat(Scanned.path(sfc).format()).isEqualTo("sfc-console");
    }

    /** A German admin's note (x04): "Fehler" says the code is a failure; two lines state the same code. */
    @Test
    void aGermanNoteSaysFehler() throws Exception {
        Scanned s = Scanned.fixture("pasted-text/german-note-fehler-code.de.txt");

        assertThat(s.format()).isEqualTo("pasted-text");
        assertThat(s.facts(EventKind.ERROR_CODE))
                .extracting(f -> f.get(Fact.CODE))
                .containsOnly("0x800F0986")
                .isNotEmpty();
    }

    /**
     * "fehlerfrei" is "without errors": a note saying the repair ran clean names its code as no failure; "konnte nicht"
     * and "nicht möglich" say something failed.
     */
    @Test
    void fehlerfreiIsNoFailureAndKonnteNichtIs(@TempDir Path dir) throws Exception {
        Path clean = Files.writeString(
                dir.resolve("notiz.txt"),
                "DISM /RestoreHealth lief fehlerfrei durch, im Log steht nur 0x800f0805.\n",
                StandardCharsets.UTF_8);
        Path failed = Files.writeString(
                dir.resolve("notiz2.txt"),
                "Das Update konnte leider nicht installiert werden, Code 0x800f0922.\n",
                StandardCharsets.UTF_8);

        assertThat(Scanned.path(clean).facts(EventKind.ERROR_CODE))
                .allSatisfy(f -> assertThat(f.get(Fact.LEVEL)).isNull());
        assertThat(Scanned.path(failed).facts(EventKind.ERROR_CODE))
                .extracting(f -> f.get(Fact.CODE) + " " + f.get(Fact.LEVEL))
                .containsExactly("0x800F0922 Error");
    }

    /** A code written without its "0x" right after "错误代码" (x05) is the code; eight hex digits elsewhere are not. */
    @Test
    void aCodeWithoutItsPrefixAfterTheWordsErrorCode() throws Exception {
        Scanned s = Scanned.fixture("pasted-text/code-without-0x-after-error-code.zh-CN.txt");

        assertThat(s.format()).isEqualTo("pasted-text");
        assertThat(s.facts(EventKind.ERROR_CODE))
                .extracting(f -> f.get(Fact.CODE))
                .containsExactly("0x800F0983");
    }

    @Test
    void eightHexDigitsWithoutTheWordsErrorCodeAreNoCode(@TempDir Path dir) throws Exception {
        Path note = dir.resolve("note.txt");
        Files.writeString(note, "The update failed. Its hash is 8a3f00c1 and the build 17763.\n");

        assertThat(Scanned.path(note).of(EventKind.ERROR_CODE)).isEmpty();
    }

    /** A note quoting Windows Update's "RebootRequired key exists" (x07) says a restart is pending. */
    @Test
    void aNoteQuotingTheRebootRequiredKeySaysARestartIsPending() throws Exception {
        Scanned s = Scanned.fixture("pasted-text/not-applicable-with-reboot-required-key.txt");

        assertThat(s.of(EventKind.REBOOT_PENDING)).hasSize(1);
        assertThat(s.facts(EventKind.ERROR_CODE))
                .extracting(f -> f.get(Fact.CODE))
                .containsExactly("0x80240017");
    }
}
