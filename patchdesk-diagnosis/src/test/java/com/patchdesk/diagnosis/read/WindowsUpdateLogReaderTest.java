package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class WindowsUpdateLogReaderTest {

    @Test
    void scanDownloadAndInstallStepsWithTheirOutcomes() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/download-failed-0x80248007.log");

        assertThat(s.format()).isEqualTo("windows-update-log");
        assertThat(s.facts(EventKind.UPDATE_ATTEMPT))
                .extracting(f -> f.get(Fact.PHASE), f -> f.get(Fact.RESULT), f -> f.get(Fact.CODE))
                .containsExactly(
                        Tuple.tuple("scan", "success", null),
                        Tuple.tuple("download", "failure", "0x80248007"),
                        Tuple.tuple("download", "failure", "0x80248007"),
                        Tuple.tuple("install", "failure", "0x80070490"),
                        Tuple.tuple("install", "failure", "0x80070490"));
    }

    @Test
    void theDownloadFailureIsTiedToTheUpdateTitledOnItsThread() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/download-failed-0x80248007.log");

        Event download = s.of(EventKind.UPDATE_ATTEMPT).get(1);
        assertThat(download.facts())
                .containsEntry(Fact.KB, "KB5032196")
                .containsEntry(
                        Fact.TITLE,
                        "2023-11 Cumulative Update for Windows 10 Version 1809 for x64-based Systems (KB5032196)")
                .containsEntry(Fact.SOURCE, "DownloadManager");
        assertThat(download.source().line()).isEqualTo(6);
        assertThat(download.time()).isEqualTo(LocalDateTime.of(2023, 12, 28, 14, 21, 47));
    }

    @Test
    void everyFailureCodeOnALineIsAlsoAnErrorCodeEventButSuccessIsNot() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/download-failed-0x80248007.log");

        assertThat(s.of(EventKind.ERROR_CODE))
                .extracting(
                        e -> e.source().line(),
                        e -> e.facts().get(Fact.CODE),
                        e -> e.facts().get(Fact.SOURCE))
                .containsExactly(
                        Tuple.tuple(6L, "0x80248007", "DownloadManager"),
                        Tuple.tuple(7L, "0x80248007", "ComApi"),
                        Tuple.tuple(9L, "0x80070490", "Handler"),
                        Tuple.tuple(10L, "0x80070490", "Agent"));
    }

    /**
     * Microsoft's article on 0x80070490 (public real-excerpts corpus, case 06) masks the time as
     * {@code hh:mm:ss.fffff tt} and shows the {@code file_cppLINE [Component]} layout; a bare "error 80070490" is a code.
     */
    @Test
    void maskedTimesAndTheSourceFileLayoutAreReadWithTheComponentInBrackets() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/feature-update-setup360-masked-times.log");

        assertThat(s.format()).isEqualTo("windows-update-log");
        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .extracting(
                        e -> e.source().line(),
                        e -> e.facts().get(Fact.PHASE),
                        e -> e.facts().get(Fact.RESULT),
                        e -> e.facts().get(Fact.CODE),
                        e -> e.facts().get(Fact.SOURCE))
                .containsExactly(
                        Tuple.tuple(8L, "install", "failure", "0x80070490", "Handler"),
                        Tuple.tuple(9L, "install", "failure", "0x80070490", "Handler"),
                        Tuple.tuple(12L, "install", "failure", "0x80070490", "Handler"));
        assertThat(s.events()).allSatisfy(e -> assertThat(e.time()).isNull());
    }

    /** A WSUS Package Publisher thread (public real-excerpts corpus, case 33): the history's resultMapped and the call's counts. */
    @Test
    void theHistorysMappedResultAndTheInstallCallsFailedCountAreFailedInstalls() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/third-party-install-failed-resultmapped-80070643.log");

        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .extracting(
                        e -> e.source().line(),
                        e -> e.facts().get(Fact.RESULT),
                        e -> e.facts().get(Fact.CODE))
                .contains(Tuple.tuple(9L, "failure", "0x80070643"), Tuple.tuple(12L, "failure", null));
        assertThat(s.of(EventKind.ERROR_CODE))
                .extracting(e -> e.facts().get(Fact.CODE))
                .contains("0x80070643", "0x80240022");
    }

    /** The same thread: the signature check says the update is not Microsoft's, a third-party package. */
    @Test
    void microsoftSignedNoIsAThirdPartyUpdatesSignature() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/third-party-install-failed-resultmapped-80070643.log");

        assertThat(s.of(EventKind.UPDATE_SIGNATURE))
                .extracting(
                        e -> e.source().line(),
                        e -> e.facts().get(Fact.DETAIL),
                        e -> e.facts().get(Fact.SOURCE))
                .containsExactly(Tuple.tuple(4L, "not Microsoft-signed", "Misc"));
    }

    @Test
    void twelveHourAndDayFirstDatesGiveTheTimeAndTheThreadsTitleGivesTheKb() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/twelve-hour-and-day-first-layouts.log");

        assertThat(s.format()).isEqualTo("windows-update-log");
        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .extracting(
                        e -> e.time(),
                        e -> e.facts().get(Fact.PHASE),
                        e -> e.facts().get(Fact.CODE),
                        e -> e.facts().get(Fact.KB))
                .containsExactly(
                        Tuple.tuple(LocalDateTime.of(2023, 12, 28, 14, 21, 47), "download", "0x80248007", "KB5032196"),
                        // The only title the log shows stands for a thread that names none.
                        Tuple.tuple(LocalDateTime.of(2023, 12, 28, 14, 30, 2), "install", "0x80070643", "KB5032196"));
    }

    /**
     * The older agent's layout as Microsoft's articles print it (single blanks, thread ids in hex such as {@code 117c}),
     * and the SOAP fault the WSUS server answered with: the web method it refused and its own error code.
     */
    @Test
    void anOldLayoutWithHexThreadIdsIsReadAndTheServersSoapFaultIsAFailedOperation() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/wsus-authorization-soap-fault-hex-thread-ids.log");

        assertThat(s.format()).isEqualTo("windows-update-log");
        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .extracting(f -> f.get(Fact.OPERATION), f -> f.get(Fact.DETAIL))
                .containsExactly(Tuple.tuple("GetAuthorizationCookie", "SOAP fault InternalServerError"));
        assertThat(s.of(EventKind.ERROR_CODE))
                .filteredOn(e -> "Error".equals(e.facts().get(Fact.LEVEL)))
                .extracting(e -> e.facts().get(Fact.CODE), e -> e.source().line())
                .containsExactly(Tuple.tuple("0x80244007", 18L), Tuple.tuple("0x80244007", 19L));
        assertThat(s.of(EventKind.ERROR_CODE))
                .as("the service its thread works for")
                .allSatisfy(e -> assertThat(e.facts())
                        .containsEntry(Fact.CLIENT, "service {3DA21691-E39D-4DA6-8A4B-B43877BCB1B7}"));
    }

    /** A search's end, told by its "Found N updates" line, is one successful scan, not two with the closing line. */
    @Test
    void aSearchThatFoundUpdatesIsOneSuccessfulScan() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/download-failed-0x80248007.log");

        java.util.List<Event> scans = s.of(EventKind.UPDATE_ATTEMPT).stream()
                .filter(e -> "scan".equals(e.facts().get(Fact.PHASE)))
                .toList();
        assertThat(scans).hasSize(1);
        Event scan = scans.get(0);
        assertThat(scan.facts())
                .containsEntry(Fact.PHASE, "scan")
                .containsEntry(Fact.RESULT, "success")
                .containsEntry(Fact.DETAIL, "1 updates found");
        assertThat(scan.source().line()).isEqualTo(2);
    }

    /**
     * A real Windows 10 22H2 log (l02 in eval/real-excerpts-team): the WinRE update's outcome is told by its id alone
     * ("LogHistory called. idUpdate={576B0DD6-…}.200, resultMapped=80070643"), the id named with its KB when the update
     * was reloaded; the call's count names no update and is that one's; the deployment job's exit code 0 is no success.
     */
    @Test
    void anUpdatesOutcomeToldByItsIdAloneIsThatKbs() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/winre-update-failed-told-by-update-id-kb5034441.log");

        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .filteredOn(e -> "failure".equals(e.facts().get(Fact.RESULT)))
                .extracting(e -> e.facts().get(Fact.KB))
                .isNotEmpty()
                .allMatch(kb -> kb == null || kb.equals("KB5034441"))
                .contains("KB5034441");
        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .filteredOn(e -> e.facts().get(Fact.CODE) != null
                        && e.facts().get(Fact.CODE).equals("0x80070643"))
                .extracting(e -> e.facts().get(Fact.KB), e -> e.facts().get(Fact.UPDATE_ID))
                .contains(Tuple.tuple("KB5034441", "576B0DD6-57CC-457B-A5EC-E888491B395D"));
        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .as("the deployment job's exit code is no update's success")
                .noneMatch(e -> "success".equals(e.facts().get(Fact.RESULT))
                        && "KB5034441".equals(e.facts().get(Fact.KB)));
    }

    /**
     * A real fresh install's log (i07 in eval/real-excerpts-team): a display driver, which has no KB, fails by its id
     * and installs at its retry a minute later; the handler's exit code and the call's count after the failure are
     * the same update's, so the retry's success ("resultMapped=0") names the same id.
     */
    @Test
    void aDriversFailureAndItsRetryShareTheUpdateId() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/driver-failed-then-installed-by-retry-0x800f024b.log");
        String id = "4E95DCBD-E67C-46AF-985B-F29D655C3480";

        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .filteredOn(e -> "install".equals(e.facts().get(Fact.PHASE))
                        && "failure".equals(e.facts().get(Fact.RESULT)))
                .isNotEmpty()
                .allMatch(e -> id.equals(e.facts().get(Fact.UPDATE_ID)));
        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .filteredOn(e -> "success".equals(e.facts().get(Fact.RESULT)))
                .extracting(e -> e.facts().get(Fact.UPDATE_ID))
                .contains(id);
    }

    /**
     * The agent found an update no longer applicable when it came to install it (l02 in eval/real-excerpts-team,
     * "installable: No" then "resultMapped=80240017"): not a failure, and the call's count that sums it up is none
     * either.
     */
    @Test
    void anUpdateFoundNotApplicableAtInstallIsNoFailure() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/update-not-applicable-at-install-0x80240017.log");

        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .extracting(e -> e.facts().get(Fact.RESULT))
                .isNotEmpty()
                .containsOnly("not-applicable");
    }

    /**
     * A Windows 7 agent on WSUS (o07 in eval/real-excerpts-team): the reporter's thread names its server by URL only
     * ("Server URL = http://wsus12…:8530/SimpleAuthWebService/SimpleAuth.asmx"); the server was named with its service
     * before, so the reporter's failure is that service's, and that service's later scan can settle it.
     */
    @Test
    void aThreadThatNamesItsServerByUrlWorksForThatServersService() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/win7-wsus-reporter-thread-names-its-server-by-url.log");

        assertThat(s.of(EventKind.ERROR_CODE))
                .filteredOn(e -> "0x80072EFD".equals(e.facts().get(Fact.CODE)))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.facts().get(Fact.CLIENT))
                        .isEqualTo("service {3DA21691-E39D-4DA6-8A4B-B43877BCB1B7}"));
        assertThat(s.of(EventKind.ERROR_CODE))
                .as("the thread that named no server works for none")
                .filteredOn(e -> "0x80072EE2".equals(e.facts().get(Fact.CODE)))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.facts().get(Fact.CLIENT)).isNull());
    }

    /**
     * A real Windows 10 log's Store app downloads (l06 in eval/real-excerpts-team): a progress callback's code is no
     * result of the call; an app package's deployment that failed names its update by the handler's id at the start
     * of the line, and its later "Status: Completed" is that update's success; a deployment ended with E_ABORT after
     * the handler received its job's cancellation was cancelled, not failed.
     */
    @Test
    void storeAppDeploymentsAreTheUpdatesTheHandlerNamesAndACancelledJobIsNoFailure() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/store-app-downloads-403-job-cancelled-then-deployed.log");
        String deployed = "243A9749-DDB7-493C-8C19-CED4BAB5E21F";

        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .as("the progress callback of 0x80244018 is no attempt")
                .noneMatch(e -> "0x80244018".equals(e.facts().get(Fact.CODE)));
        assertThat(s.of(EventKind.ERROR_CODE))
                .anyMatch(e -> "0x80244018".equals(e.facts().get(Fact.CODE)));
        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .filteredOn(e -> deployed.equals(e.facts().get(Fact.UPDATE_ID)))
                .extracting(e -> e.facts().get(Fact.PHASE) + " " + e.facts().get(Fact.RESULT))
                .containsExactly("install failure", "install success");
        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .filteredOn(e ->
                        "C314EA12-129F-4EEB-89D9-CC6CA05B24DC".equals(e.facts().get(Fact.UPDATE_ID)))
                .extracting(e -> e.facts().get(Fact.RESULT))
                .containsExactly("cancelled");
        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .as("a call its caller cancelled (WU_E_CALL_CANCELLED) stopped, it did not fail")
                .filteredOn(e -> "0x8024000B".equals(e.facts().get(Fact.CODE)))
                .extracting(e -> e.facts().get(Fact.RESULT))
                .containsExactly("cancelled", "cancelled");
    }

    /**
     * A deployment that fails with E_ABORT with no cancellation of its job before it is a failure: the cancellation,
     * not the code, tells a cancelled job.
     */
    @Test
    void anAbortedDeploymentWithoutItsJobsCancellationIsAFailure() throws Exception {
        // l06's deployment line alone, without the handler's cancellation before it.
        Scanned s = Scanned.fixture("windowsupdate/store-app-deployment-aborted-without-its-jobs-cancellation.log");

        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .extracting(e -> e.facts().get(Fact.RESULT))
                .containsExactly("failure");
    }

    /**
     * A real Windows 7 log on WSUS (o07 in eval/real-excerpts-team): the handler cannot build the download request of
     * an update whose self-contained file the server lacks ("Request generation for CBS update complete with
     * hr=0x80242006"). That is the download's step, as the agent's "Download failed" after it says, not an install.
     */
    @Test
    void theHandlersRequestGenerationIsTheDownloadsStep() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/win7-download-request-generation-failed-0x80242006.log");

        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .filteredOn(e -> "0x80242006".equals(e.facts().get(Fact.CODE)))
                .isNotEmpty()
                .extracting(e -> e.facts().get(Fact.PHASE))
                .containsOnly("download");
    }

    /**
     * A real Windows 7 log on WSUS (o07 in eval/real-excerpts-team): the cookie's call to WSUS times out on a thread
     * that has named the server's URL but no update service: the failure is that server's, so the server's later
     * scan can settle it. Automatic Updates tells the search's failure after the agent's thread ended it and began a
     * driver search of another service: the failure is the ended search's service, not the new one's.
     */
    @Test
    void aFailureIsTheServerTheThreadNamedAndACallbackIsTheEndedSearchs() throws Exception {
        Scanned s =
                Scanned.fixture("windowsupdate/win7-wsus-cookie-timeouts-then-search-callback-after-next-search.log");
        String wsus = "http://wsus12.birzeit.edu:8530";

        assertThat(s.of(EventKind.ERROR_CODE))
                .filteredOn(e -> e.source().line() == 8)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.facts().get(Fact.SERVER)).isEqualTo(wsus);
                    assertThat(e.facts().get(Fact.CLIENT)).isNull();
                });
        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .filteredOn(e -> e.source().text().contains("Search callback failed"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.facts().get(Fact.CLIENT)).isEqualTo("service {3DA21691-E39D-4DA6-8A4B-B43877BCB1B7}");
                    // A failure of a named service is that service's: no server, which may be another service's.
                    assertThat(e.facts().get(Fact.SERVER)).isNull();
                });
    }

    /**
     * A real Windows 11 log (l03 in eval/real-excerpts-team): the agent gives up the download of an Office update's
     * payload whose signature is not trusted ("*FAILED* [80096004] Error occurred while downloading update
     * 5E223EF3-….101"); the payload's id is the one the update bundles, listed under its title, so the failure is that
     * KB's, and the call's count after it is the same failure.
     */
    @Test
    void aDownloadGivenUpIsTheFailureOfTheUpdateThatBundlesIt() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/office-update-payload-untrusted-0x80096004.log");

        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .filteredOn(e -> "failure".equals(e.facts().get(Fact.RESULT)))
                .extracting(e -> e.facts().get(Fact.PHASE), e -> e.facts().get(Fact.KB))
                .isNotEmpty()
                .containsOnly(Tuple.tuple("download", "KB904018"));
        assertThat(s.of(EventKind.UPDATE_ATTEMPT))
                .extracting(e -> e.facts().get(Fact.CODE))
                .contains("0x80096004");
    }

    private static final String THIRD_PARTY_SERVICE = "service {9A82F72C-FD7C-4379-B332-D557B95B3490}";

    /**
     * Two real excerpts of one Windows 7 machine a week apart (o07 in eval/real-excerpts-team): on 29 October thread ae8
     * of the agent in process 628 searches a third-party service; the agent exits, and on 6 November thread ae8 of the
     * agent in process 528 fails to build a download request. The second failure is not the third-party service's.
     */
    @Test
    void aThreadIdReusedByTheNextAgentProcessIsAnotherThread() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/win7-agent-restarted-thread-id-reused-by-the-next-process.log");

        assertTheDownloadFailureIsNotTheEarlierSearchsService(s);
    }

    /**
     * The same two excerpts with the second agent under the first one's process id, as this machine's agents often
     * were (o07 starts agents as processes 404, 528 and 568 twice each): the agent's exit and start end the old
     * process's threads, so the reused process and thread ids tie nothing across them.
     */
    @Test
    void theAgentsRestartEndsItsThreadsEvenUnderTheSameProcessId() throws Exception {
        Scanned s = Scanned.fixture("windowsupdate/win7-agent-restarted-under-the-same-process-id.log");

        assertTheDownloadFailureIsNotTheEarlierSearchsService(s);
    }

    private static void assertTheDownloadFailureIsNotTheEarlierSearchsService(Scanned s) {
        List<Event> attempts = s.of(EventKind.UPDATE_ATTEMPT);
        assertThat(attempts)
                .filteredOn(e -> "scan".equals(e.facts().get(Fact.PHASE)))
                .extracting(e -> e.facts().get(Fact.CODE), e -> e.facts().get(Fact.CLIENT))
                .contains(Tuple.tuple("0x80248014", THIRD_PARTY_SERVICE));
        assertThat(attempts)
                .filteredOn(e -> "download".equals(e.facts().get(Fact.PHASE)))
                .isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.facts().get(Fact.CODE)).isEqualTo("0x80242006");
                    assertThat(e.facts().get(Fact.CLIENT)).isNull();
                });
    }
}
