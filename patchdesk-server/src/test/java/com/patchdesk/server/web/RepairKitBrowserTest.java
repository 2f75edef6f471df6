package com.patchdesk.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.repair.ComponentStore;
import com.patchdesk.server.repair.RepairFixtures;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The repair loop in a browser: the engineer uploads the seed case's checkhealth bundle, opens its diagnosis, builds
 * the repair kit from a library holding the two damaged components, gets the published link and the drafted reply on
 * the case page; the customer downloads the kit through the link without an account.
 */
@Tag("browser")
@DeskTest
@ExtendWith(HeadlessChromium.class)
class RepairKitBrowserTest {

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    ComponentStore library;

    @Test
    void fromDiagnosisToKitToPublishedLinkToTheCustomersDownload(Browser browser) throws Exception {
        Organisation bank = fixtures.organisation("城市商业银行");
        Actor engineer = fixtures.engineer();
        String number = fixtures.openCase(bank).number().value();
        Path donor =
                Files.write(Files.createTempFile("donor", ".zip"), RepairFixtures.donor("donor-seed-components.zip"));
        library.add(donor, "healthy 17763 PC", engineer);
        Files.delete(donor);
        Path bundle =
                Files.createDirectories(Path.of("target", "browser-uploads")).resolve("checkhealth-wkscli.zip");
        Files.write(bundle, RepairFixtures.seedBundle());

        browser.signIn(engineer.email(), DeskFixtures.PASSWORD).open("/cases/" + number);
        assertThat(browser.findAll("#upload-links-heading")).hasSize(1);
        browser.find("#upload-file").sendKeys(bundle.toAbsolutePath().toString());
        browser.click("#upload-heading + form button");
        browser.waitFor(".alert-info");
        browser.open(CaseDeskBrowserTest.awaitDiagnosisLink(browser, number));

        assertThat(browser.text("#repair-kit-heading")).isEqualTo("Repair kit");
        assertThat(browser.text(".repair-kit ul")).contains(RepairFixtures.EFI, RepairFixtures.NET);
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.screenshot("repair-01-diagnosis-offers-kit");
        browser.submit("#build-repair-kit");

        assertThat(browser.path()).isEqualTo("/cases/" + number);
        assertThat(browser.text(".alert-info")).contains("The repair kit is published");
        String link = browser.text("#published-link");
        assertThat(link).contains("/d/");
        assertThat(browser.find("#compose-body").getAttribute("value")).contains(link, "repair.ps1");
        browser.screenshot("repair-02-kit-published-reply-drafted");

        HttpResponse<byte[]> download = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(entries(download.body()))
                .contains(
                        "repair.ps1",
                        "README.txt",
                        "WinSxS/" + RepairFixtures.EFI + "/r/efisys_noprompt.bin",
                        "WinSxS/" + RepairFixtures.NET + "/wkscli.dll");
    }

    private static List<String> entries(byte[] zip) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
