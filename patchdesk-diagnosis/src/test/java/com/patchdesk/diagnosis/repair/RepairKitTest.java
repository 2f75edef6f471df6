package com.patchdesk.diagnosis.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.patchdesk.diagnosis.Diagnosis;
import com.patchdesk.diagnosis.cli.PatchdeskCommand;
import com.patchdesk.diagnosis.report.ReportFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Repair kits from the seed case: the diagnosis of the checkhealth bundle names the efisys and netapi components; a
 * library holding them gives a kit with exactly those folders and manifests, the repair script and the README.
 * Donor zips are checked before anything is taken.
 */
class RepairKitTest {

    static final Path FIXTURES = Path.of("src/test/resources/com/patchdesk/diagnosis/repair");
    static final String EFI =
            "amd64_microsoft-windows-b..ironment-dvd-efisys_31bf3856ad364e35_10.0.17763.4974_none_aff3b818b4d7548d";
    static final String NET =
            "amd64_microsoft-windows-w..ationservice-netapi_31bf3856ad364e35_10.0.17763.2803_none_c2d208398729f542";

    @Test
    void anIdentityIsParsedIntoItsPartsAndNothingElseIsOne() {
        ComponentIdentity id = ComponentIdentity.parse(NET).orElseThrow();
        assertThat(id.architecture()).isEqualTo("amd64");
        assertThat(id.name()).isEqualTo("microsoft-windows-w..ationservice-netapi");
        assertThat(id.publicKeyToken()).isEqualTo("31bf3856ad364e35");
        assertThat(id.version()).isEqualTo("10.0.17763.2803");
        assertThat(id.culture()).isEqualTo("none");
        assertThat(id.hash()).isEqualTo("c2d208398729f542");
        assertThat(id.build()).hasValue("17763.2803");
        // The .NET Framework's components carry its version, not Windows' build (14 in the shared corpus).
        assertThat(ComponentIdentity.parse(
                                "amd64_microsoft.transactions.bridge_b03f5f7f11d50a3a_4.0.15912.0_none_24cc42d7e5ee6a16")
                        .orElseThrow()
                        .build())
                .isEmpty();
        assertThat(ComponentIdentity.parse("amd64_not-a-component")).isEmpty();
        assertThat(ComponentIdentity.parse(NET + "_x")).isEmpty();
        assertThat(ComponentIdentity.parse(
                        "wow64_microsoft-windows-gdi32_31bf3856ad364e35_10.0.17763.5122_zh-cn_8f3a9c4c2a1e6b2d"))
                .hasValueSatisfying(c -> assertThat(c.culture()).isEqualTo("zh-cn"));
    }

    @Test
    void theSeedDiagnosisAndALibraryHoldingItsComponentsGiveAKitOfExactlyThose(@TempDir Path dir) throws Exception {
        Path report = seedReport(dir);
        assertThat(DamagedComponents.inReport(Files.readString(report)))
                .extracting(ComponentIdentity::folder)
                .containsExactly(NET, EFI);
        Path kit = dir.resolve("kit.zip");
        StringWriter out = new StringWriter();

        int exit = new CommandLine(new PatchdeskCommand())
                .setOut(new PrintWriter(out))
                .execute(
                        "kit",
                        report.toString(),
                        "--library",
                        FIXTURES.resolve("library").toString(),
                        "--out",
                        kit.toString(),
                        "--lang",
                        "zh-CN");

        assertThat(exit).as(out.toString()).isZero();
        List<String> names = entries(kit);
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "WinSxS/Manifests/" + NET + ".manifest",
                        "WinSxS/" + NET + "/wkscli.dll",
                        "WinSxS/" + NET + "/f/wkscli.dll",
                        "WinSxS/" + NET + "/r/wkscli.dll",
                        "WinSxS/Manifests/" + EFI + ".manifest",
                        "WinSxS/" + EFI + "/efisys_noprompt.bin",
                        "WinSxS/" + EFI + "/efisys.bin",
                        "WinSxS/" + EFI + "/r/efisys_noprompt.bin",
                        "repair.ps1",
                        "README.txt");
        String readme = text(kit, "README.txt");
        assertThat(readme).startsWith("\uFEFFPatchdesk 修复包").contains(NET, EFI, "Patchdesk repair kit");
        assertThat(text(kit, "repair.ps1"))
                .contains(
                        "takeown.exe",
                        "icacls.exe $target /save",
                        "/restore",
                        "/setowner $owner",
                        "NT SERVICE\\TrustedInstaller",
                        "/RestoreHealth ('/Source:' + $source) /LimitAccess",
                        "/CheckHealth",
                        // Windows 7 and older have no /RestoreHealth: the script says to run the readiness tool.
                        "if ([Environment]::OSVersion.Version.Build -lt 9200)",
                        "System Update Readiness Tool (KB947821)",
                        "exit 3");
        String script = text(kit, "repair.ps1");
        // Windows 7 ships PowerShell 2.0: Get-ChildItem has no -File or -Directory there.
        assertThat(script.lines().filter(l -> l.contains("Get-ChildItem")))
                .isNotEmpty()
                .noneMatch(l -> l.matches(".*Get-ChildItem[^|]* -(File|Directory)\\b.*"));
        // [regex]::Unescape throws on a backslash before a letter it does not know (C:\Windows): code-point escapes
        // only.
        java.util.regex.Matcher unescaped =
                java.util.regex.Pattern.compile("Unescape\\('([^']*)'\\)").matcher(script);
        int messages = 0;
        while (unescaped.find()) {
            messages++;
            assertThat(unescaped.group(1).replaceAll("\\\\u[0-9a-fA-F]{4}", ""))
                    .as("an Unescape argument")
                    .doesNotContain("\\");
        }
        assertThat(messages).isGreaterThanOrEqualTo(2);
    }

    @Test
    void componentsTheLibraryLacksAreListedWithTheBuildADonorNeeds(@TempDir Path dir) throws Exception {
        Path library = dir.resolve("lib");
        Files.createDirectories(library.resolve("Manifests"));
        Files.copy(
                FIXTURES.resolve("library/Manifests/" + NET + ".manifest"),
                library.resolve("Manifests/" + NET + ".manifest"));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();

        RepairKit.Contents contents = RepairKit.write(
                List.of(
                        ComponentIdentity.parse(NET).orElseThrow(),
                        ComponentIdentity.parse(EFI).orElseThrow()),
                new DirectoryLibrary(library),
                Locale.ENGLISH,
                zip);

        assertThat(contents.included()).extracting(ComponentIdentity::folder).containsExactly(NET);
        assertThat(contents.missing()).extracting(ComponentIdentity::folder).containsExactly(EFI);
        Path kit = Files.write(dir.resolve("kit.zip"), zip.toByteArray());
        assertThat(text(kit, "MISSING.txt")).contains(EFI + "  (build 17763.4974, amd64)");
    }

    @Test
    void aDonorZipOfTheSeedComponentsIsCheckedAndTaken(@TempDir Path dir) throws Exception {
        List<DonorZip.DonorComponent> components = DonorZip.read(FIXTURES.resolve("donor-seed-components.zip"), dir);

        assertThat(components).extracting(c -> c.identity().folder()).containsExactlyInAnyOrder(NET, EFI);
        assertThat(components)
                .filteredOn(c -> c.identity().folder().equals(EFI))
                .singleElement()
                .satisfies(c -> assertThat(c.files())
                        .extracting(DonorZip.DonorFile::path)
                        .contains("r\\efisys_noprompt.bin", "efisys_noprompt.bin"));
    }

    @Test
    void aZipSlipPathAnUnparsableIdentityAndATamperedFileAreRefusedWithTheirReason(@TempDir Path dir) {
        assertThatThrownBy(() -> DonorZip.read(FIXTURES.resolve("donor-zip-slip.zip"), dir))
                .isInstanceOf(DonorMaterialException.class)
                .hasMessageContaining("unsafe path (zip-slip)");
        assertThatThrownBy(() -> DonorZip.read(FIXTURES.resolve("donor-unparsable-identity.zip"), dir))
                .isInstanceOf(DonorMaterialException.class)
                .hasMessageContaining("'amd64_not-a-component' is not a component identity");
        assertThatThrownBy(() -> DonorZip.read(FIXTURES.resolve("donor-hash-mismatch.zip"), dir))
                .isInstanceOf(DonorMaterialException.class)
                .hasMessageContaining(NET + "\\wkscli.dll: its SHA-256 hash")
                .hasMessageContaining("disagrees with its manifest's");
        assertThatThrownBy(() -> ComponentManifest.parse("x.manifest", new byte[] {'D', 'C', 'M', 1, 0, 0}))
                .hasMessageContaining("compressed Windows manifest");
        assertThatThrownBy(() -> ComponentManifest.parse(
                        "x.manifest",
                        "<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><assembly>&e;</assembly>"
                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a readable manifest");
    }

    static Path seedReport(Path dir) throws Exception {
        Path bundle = Path.of(
                "src/test/resources/com/patchdesk/diagnosis/bundles/checkhealth-repairable-forward-delta-wkscli");
        return Files.writeString(
                dir.resolve("report.json"), ReportFormat.JSON.render(Diagnosis.analyze(bundle), Locale.ENGLISH));
    }

    static List<String> entries(Path zip) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    static String text(Path zip, String name) throws Exception {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(name + " not in " + zip);
    }
}
