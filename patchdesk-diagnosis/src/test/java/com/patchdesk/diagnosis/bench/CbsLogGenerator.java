package com.patchdesk.diagnosis.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * Writes a CBS.log-like file of a given size for the throughput benchmark (bench/analyze-throughput.sh): varied
 * CBS and CSI lines with package and component identities, success statuses, the odd very long line, and one real
 * failure (the incomplete KB5032196 payload, 0x80070490) two thirds of the way in. Deterministic (fixed seed), so
 * runs compare.
 *
 * <p>Usage: {@code java -cp patchdesk-diagnosis/target/test-classes com.patchdesk.diagnosis.bench.CbsLogGenerator
 * OUT.log SIZE_MB}
 */
public final class CbsLogGenerator {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String[] COMPONENTS = {
        "microsoft-windows-kernel-appcore", "microsoft-windows-w..ationservice-netapi", "hyperv-vmsynthnic",
        "microsoft-windows-b..ironment-dvd-efisys", "microsoft-windows-shell32", "microsoft-windows-ntdll",
        "microsoft-windows-servicingstack", "microsoft-windows-c..ntrolpanel.appxmain",
                "wow64_microsoft-windows-ole-automation",
        "microsoft-windows-security-spp", "microsoft-windows-t..xtinputframework", "microsoft-windows-win32k"
    };
    private static final String[] PACKAGES = {
        "Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.5122.1.4",
        "Package_for_KB5032306~31bf3856ad364e35~amd64~~17763.5020.1.4",
        "Package_10_for_KB5032196~31bf3856ad364e35~amd64~~10.0.1.11",
        "Microsoft-Windows-Client-LanguagePack-Package~31bf3856ad364e35~amd64~zh-CN~10.0.17763.1",
        "Package_for_ServicingStack_5020~31bf3856ad364e35~amd64~~17763.5020.1.4"
    };

    /** Random hex cut into pieces for hash-like noise; generating it per line would dominate the run time. */
    private static final String HEX_POOL;

    static {
        Random r = new Random(1809);
        StringBuilder sb = new StringBuilder(1 << 16);
        for (int i = 0; i < 1 << 16; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        HEX_POOL = sb.toString();
    }

    private CbsLogGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: CbsLogGenerator OUT.log SIZE_MB");
            System.exit(2);
        }
        long target = Long.parseLong(args[1]) * 1024 * 1024;
        write(Path.of(args[0]), target);
    }

    static void write(Path out, long targetBytes) throws IOException {
        Random random = new Random(17763);
        LocalDateTime time = LocalDateTime.of(2023, 12, 29, 8, 0, 0);
        long written = 0;
        boolean failureWritten = false;
        long failureAt = targetBytes / 3 * 2;
        try (BufferedWriter w = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8), 1 << 20)) {
            long n = 0;
            while (written < targetBytes) {
                if (++n % 2_000 == 0) {
                    time = time.plusSeconds(1);
                }
                String line;
                if (!failureWritten && written >= failureAt) {
                    line = failure(time);
                    failureWritten = true;
                } else {
                    line = noise(random, time, n);
                }
                w.write(line);
                w.write("\r\n");
                written += line.length() + 2;
            }
        }
    }

    private static String noise(Random r, LocalDateTime time, long n) {
        String t = TIME.format(time);
        String component = COMPONENTS[r.nextInt(COMPONENTS.length)];
        String version = "10.0.17763." + (1 + r.nextInt(5122));
        String identity = "amd64_" + component + "_31bf3856ad364e35_" + version + "_none_"
                + Long.toHexString(r.nextLong() & 0xffffffffffffL);
        String pkg = PACKAGES[r.nextInt(PACKAGES.length)];
        return switch (r.nextInt(10)) {
            case 0 ->
                t + ", Info                  CBS    Exec: Processing started.  Client: WindowsUpdateAgent, Session: "
                        + "31078557_" + (1_000_000_000L + n % 1000) + ", Package: " + pkg;
            case 1 ->
                t + ", Info                  CSI    " + seq(n)
                        + " Creating NT transaction (seq 1), objectname [6]\"(null)\"";
            case 2 ->
                t + ", Info                  CBS    Read out cached package applicability for package: " + pkg
                        + ", ApplicableState: 112, CurrentState:112";
            case 3 -> t + ", Info                  CSI    " + seq(n) + " Component " + identity + " status 0x00000000";
            case 4 ->
                t + ", Info                  CBS    Appl: detect Parent, Package: " + pkg
                        + ", Parent: Microsoft-Windows-EnterpriseSEdition~31bf3856ad364e35~amd64~~10.0.17763.1, Disposition"
                        + " = Detect, VersionComp: EQ, ServiceComp: GE, BuildComp: EQ, DistributionComp: GE, RevisionComp:"
                        + " GE, Exist: present";
            case 5 ->
                t + ", Info                  CSI    " + seq(n)
                        + "@2023/12/29:" + t.substring(11) + ".123 CSI Transaction @0x" + Long.toHexString(r.nextInt())
                        + " initialized for deployment engine {d16d444c-56d8-11d5-882d-0080c847b195} with flags 00000002";
            case 6 ->
                t + ", Info                  CBS    Plan: Package: " + pkg + ", current: Installed, pending:"
                        + " Default, start: Installed, applicable: Installed, targeted: Installed, limit: Installed";
            case 7 ->
                t + ", Info                  CSI    " + seq(n)
                        + " Hashes for file member [l:" + (10 + r.nextInt(30)) + "]\"\\SystemRoot\\WinSxS\\" + identity
                        + "\\" + component + ".dll\" do match actual file [l:32]\"" + component + ".dll\" : "
                        + hex(r, 64);
            case 8 -> t + ", Info                  CBS    Perf: Resolve chain started.";
            default ->
                t + ", Info                  CSI    " + seq(n) + " (I) Manifest payload cache, "
                        + hex(r, 300 + r.nextInt(1200));
        };
    }

    private static String hex(Random r, int length) {
        int from = r.nextInt(HEX_POOL.length() - length);
        return HEX_POOL.substring(from, from + length);
    }

    private static String seq(long n) {
        String hex = Long.toHexString(n & 0xffffffffL);
        return "00000000".substring(hex.length()) + hex;
    }

    private static String failure(LocalDateTime time) {
        String t = TIME.format(time);
        return t + ", Error                 CBS    Failed to resolve package 'Package_2_for_KB5032196~31bf3856ad364e35"
                + "~amd64~~10.0.1.11' [HRESULT = 0x80070490 - ERROR_NOT_FOUND]\r\n"
                + t + ", Info                  CBS    Failed to resolve execution package [HRESULT = 0x80070490 -"
                + " ERROR_NOT_FOUND]\r\n"
                + t + ", Error                 CBS    Failed to process single phase execution. [HRESULT = 0x80070490"
                + " - ERROR_NOT_FOUND]";
    }
}
