package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text that states the OS version: {@code systeminfo} output ({@code OS Version: 10.0.17763 N/A Build 17763},
 * zh-CN {@code OS 版本: 10.0.17763 暂缺 Build 17763}; note it gives no update revision), {@code winver}
 * text ({@code Version 1809 (OS Build 17763.774)}, {@code 版本 1809 (OS 内部版本 17763.774)}) and
 * {@code ver} ({@code Microsoft Windows [Version 10.0.17763.774]}).
 */
final class OsVersionTextReader implements LogReader {

    static final Pattern SYSTEMINFO =
            Pattern.compile("^\\s*OS (?:Version|版本)\\s*[:：]\\s*10\\.0\\.(\\d{4,5})\\b.*?Build (\\d{4,5})");

    /** systeminfo's host name line: {@code Host Name: BANK-PC-0417}, zh-CN {@code 主机名: BANK-PC-0417}. */
    static final Pattern HOST =
            Pattern.compile("^\\s*(?:Host Name|主机名)\\s*[:：]\\s*([\\p{L}\\p{N}][\\p{L}\\p{N}._-]{0,62})\\s*$");
    /** systeminfo's edition line: {@code OS Name: Microsoft Windows 10 Enterprise LTSC 2019}, {@code OS 名称: …}. */
    /** An entry of systeminfo's installed updates: {@code [01]: KB5032196} (the same in every language). */
    static final Pattern HOTFIX = Pattern.compile("^\\s*\\[\\d{1,3}\\]\\s*[:：]\\s*(KB\\d{6,8})\\s*$");

    static final Pattern EDITION = Pattern.compile("^\\s*OS (?:Name|名称)\\s*[:：]\\s*(\\S.{0,120}?)\\s*$");

    @Override
    public String format() {
        return "os-version-text";
    }

    /** A line of systeminfo, winver or ver that states the version. */
    @Override
    public boolean recognises(LogHead head) {
        return head.anyLine(l -> SYSTEMINFO.matcher(l).find() || OsBuilds.find(l) != null);
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        LineEmitter out = new LineEmitter(path, sink);
        String bareBuild = null;
        for (String line = lines.next(); line != null; line = lines.next()) {
            Matcher s = SYSTEMINFO.matcher(line);
            if (s.find()) {
                out.emit(
                        EventKind.OS_BUILD,
                        lines.number(),
                        line,
                        null,
                        new Facts()
                                .put(Fact.OS_BUILD, s.group(2))
                                .put(Fact.DETAIL, "systeminfo gives the build without its update revision (UBR)"));
                bareBuild = s.group(2);
                continue;
            }
            Matcher hotfix = HOTFIX.matcher(line);
            if (hotfix.find()) {
                if (bareBuild != null) {
                    // An update systeminfo lists as installed: the catalog turns the newest cumulative one into the
                    // build's revision, which systeminfo does not state (rules/MachineBuild).
                    out.emit(
                            EventKind.OS_BUILD,
                            lines.number(),
                            line,
                            null,
                            new Facts()
                                    .put(Fact.OS_BUILD, bareBuild)
                                    .put(Fact.KB, hotfix.group(1))
                                    .put(Fact.DETAIL, "an update systeminfo lists as installed"));
                }
                continue;
            }
            Matcher host = HOST.matcher(line);
            if (host.find()) {
                out.emit(EventKind.MACHINE, lines.number(), line, null, new Facts().put(Fact.HOST, host.group(1)));
                continue;
            }
            Matcher edition = EDITION.matcher(line);
            if (edition.find()) {
                out.emit(
                        EventKind.MACHINE, lines.number(), line, null, new Facts().put(Fact.EDITION, edition.group(1)));
                continue;
            }
            String build = OsBuilds.find(line);
            if (build != null) {
                out.emit(EventKind.OS_BUILD, lines.number(), line, null, new Facts().put(Fact.OS_BUILD, build));
            }
        }
    }
}
