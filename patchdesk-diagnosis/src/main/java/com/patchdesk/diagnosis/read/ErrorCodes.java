package com.patchdesk.diagnosis.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds error codes where a log states one: {@code [HRESULT = 0x80070490 - ERROR_NOT_FOUND]},
 * {@code hr:0x800f081f}, {@code HRESULT_FROM_WIN32(2)}, {@code Error: 0x...}, {@code Status: 0x...},
 * {@code Result: 0x...}, {@code Exit code = 0x...}, {@code [gle=0x...]}, {@code 错误: 0x...}.
 * A bare hex number (an address, a flag word) is not a code; neither is a zero (S_OK).
 */
final class ErrorCodes {

    /** A non-success code and the symbol printed with it, if any. */
    record Mention(String code, String symbol) {
    }

    private static final Pattern IN_CONTEXT = Pattern.compile(
            "(?:\\[HRESULT\\s*=\\s*|\\b[Hh][Rr]\\s*[:=]\\s*|(?i:\\b(?:error|status|result|exit code|gle|hresult))\\s*[:=：]?\\s*"
                    + "|错误\\s*[:：]\\s*|错误代码\\s*[:：]?\\s*)"
                    + "(0[xX][0-9A-Fa-f]{1,8})\\b(?:\\s*-\\s*([A-Z][A-Z0-9_]{2,}))?");

    private static final Pattern FROM_WIN32 = Pattern.compile(
            "HRESULT_FROM_WIN32\\((0[xX][0-9A-Fa-f]{1,8}|\\d{1,5})\\)(?:\\s*-?\\s*([A-Z][A-Z0-9_]{2,}))?");

    private ErrorCodes() {
    }

    /** Cheap test run before the expressions: every form contains "0x" or "FROM_WIN32". */
    static boolean mayContain(String line) {
        return line.indexOf("0x") >= 0 || line.indexOf("0X") >= 0 || line.indexOf("FROM_WIN32") >= 0;
    }

    static List<Mention> find(String line) {
        if (!mayContain(line)) {
            return List.of();
        }
        List<Mention> found = new ArrayList<>(2);
        Matcher m = IN_CONTEXT.matcher(line);
        while (m.find()) {
            add(found, normalise(m.group(1)), m.group(2));
        }
        if (line.indexOf("FROM_WIN32") >= 0) {
            Matcher w = FROM_WIN32.matcher(line);
            while (w.find()) {
                String raw = w.group(1);
                long win32 = raw.startsWith("0x") || raw.startsWith("0X")
                        ? Long.parseLong(raw.substring(2), 16) : Long.parseLong(raw);
                // HRESULT_FROM_WIN32: 0x8007xxxx for a Win32 error below 0x10000, the value itself otherwise.
                String code = win32 == 0 ? null
                        : win32 < 0x10000 ? hex(0x80070000L | win32) : hex(win32);
                add(found, code, w.group(2));
            }
        }
        return found;
    }

    /** {@code 0x800f0986} → {@code 0x800F0986}; zero → null. */
    static String normalise(String raw) {
        long value = Long.parseLong(raw.substring(2), 16);
        return value == 0 ? null : hex(value);
    }

    static String hex(long value) {
        return "0x" + String.format(Locale.ROOT, "%08X", value);
    }

    private static void add(List<Mention> found, String code, String symbol) {
        if (code == null) {
            return;
        }
        for (Mention m : found) {
            if (m.code().equals(code)) {
                return;
            }
        }
        found.add(new Mention(code, symbol));
    }
}
