package com.patchdesk.diagnosis.read;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    record Mention(String code, String symbol) {}

    /** Words after which a hex number is a code; matched case-insensitively, ending just before the separators. */
    private static final String[] KEYWORDS = {"hresult", "hr", "error", "status", "result", "code", "gle"};

    private static final String[] CJK_KEYWORDS = {"错误", "代码"};
    /** How far back from "0x" the separators between keyword and code may reach ({@code " = "}, {@code ": "}). */
    private static final int MAX_SEPARATORS = 4;

    /**
     * CSI's own status after {@code (F)}, bare hex before its description: an NTSTATUS ({@code (F) c0000280
     * [Error,Facility=(system),Code=640 (0x0280)]}) or an HRESULT that Windows 7's CSI prints at severity Warning
     * ({@code (F) 80092004 [Warning,Facility=FACILITY_NTSSPI,…]}, {@code (F) : Error 80092004 [Warning,…]}).
     */
    private static final Pattern CSI_STATUS =
            Pattern.compile("\\(F\\)\\s+(?::\\s+Error\\s+)?([cC8][0-9a-fA-F]{7})\\s+\\[(?:Error|Warning),Facility=");

    private static final Pattern FROM_WIN32 = Pattern.compile(
            "HRESULT_FROM_WIN32\\((0[xX][0-9A-Fa-f]{1,8}|\\d{1,5}|ERROR_[A-Z0-9_]+)\\)(?:\\s*-?\\s*([A-Z][A-Z0-9_]{2,}))?");

    /** Win32 error names and their HRESULTs, for {@code HRESULT_FROM_WIN32(ERROR_SXS_ASSEMBLY_MISSING)}. */
    private static final Map<String, String> WIN32_NAMES = win32Names();

    private ErrorCodes() {}

    static List<Mention> find(String line) {
        List<Mention> found = null;
        boolean csiStatus = false;
        if (line.indexOf(",Facility=") >= 0) {
            // CSI's own failure status (CSI_STATUS) is the line's code, so it comes first.
            Matcher status = CSI_STATUS.matcher(line);
            if (status.find()) {
                found = add(null, hex(Long.parseLong(status.group(1), 16)), null);
                csiStatus = true;
            }
        }
        // By hand rather than one expression with many alternatives: CSI lines are full of "@0x..." addresses.
        for (int at = line.indexOf("0x"); at >= 0; at = line.indexOf("0x", at + 2)) {
            found = inContext(line, at, found);
        }
        for (int at = line.indexOf("0X"); at >= 0; at = line.indexOf("0X", at + 2)) {
            found = inContext(line, at, found);
        }
        if (line.indexOf("FROM_WIN32") >= 0) {
            Matcher w = FROM_WIN32.matcher(line);
            while (w.find()) {
                String raw = w.group(1);
                if (raw.startsWith("ERROR_")) {
                    // A name the table does not hold gives no code: a guess would be worse than none.
                    found = add(found, WIN32_NAMES.get(raw), raw);
                    continue;
                }
                long win32 = raw.startsWith("0x") || raw.startsWith("0X")
                        ? Long.parseLong(raw.substring(2), 16)
                        : Long.parseLong(raw);
                found = add(found, win32 == 0 ? null : hex(fromWin32(win32)), w.group(2));
            }
        }
        if (found != null && found.size() > 1 && line.indexOf("gle=") >= 0) {
            found = lastErrorsLast(line, found, csiStatus);
        }
        return found == null ? List.of() : found;
    }

    /**
     * The line's own codes before the {@code [gle=0x...]} that CSI appends: that is the thread's last Win32 error,
     * often E_FAIL whatever failed ({@code Failed execution of queue item Installer: HTTP Installer ... with HRESULT
     * HRESULT_FROM_WIN32(1058) ...[gle=0x80004005]}), and the first code of a line is the one it is read by. Beside
     * CSI's own status ({@code (F) 80092004 [Warning,…] … [gle=0x90092004]}) the last error says nothing more: it is
     * left out ({@code dropLastErrors}).
     */
    private static List<Mention> lastErrorsLast(String line, List<Mention> found, boolean dropLastErrors) {
        String lower = line.toLowerCase(Locale.ROOT);
        List<Mention> own = new ArrayList<>();
        List<Mention> lastErrors = new ArrayList<>();
        for (Mention m : found) {
            (lower.contains("gle=" + m.code().toLowerCase(Locale.ROOT)) ? lastErrors : own).add(m);
        }
        if (!dropLastErrors) {
            own.addAll(lastErrors);
        }
        return own;
    }

    /** HRESULT_FROM_WIN32: 0x8007xxxx for a Win32 error below 0x10000, the value itself (already an HRESULT) otherwise. */
    static long fromWin32(long win32) {
        return win32 > 0 && win32 < 0x10000 ? 0x80070000L | win32 : win32;
    }

    /**
     * A code printed as a decimal number ({@code Error: 14107}, {@code error 2388526074}, {@code -2146498529}): below
     * 0x10000 a Win32 error, 0x8007xxxx as an HRESULT; a bigger one is the HRESULT itself (negative: as a signed
     * 32-bit int). Null for zero or a number that is no 32-bit value.
     */
    static String fromDecimal(String digits) {
        long value;
        try {
            value = Long.parseLong(digits.strip());
        } catch (NumberFormatException e) {
            return null;
        }
        if (value < 0) {
            value = value >= Integer.MIN_VALUE ? value & 0xFFFFFFFFL : 0;
        }
        return value == 0 || value > 0xFFFFFFFFL ? null : hex(fromWin32(value));
    }

    /** The code of a Win32 error name ({@code ERROR_NOT_FOUND} → {@code 0x80070490}) where the table has it, or null. */
    static String win32Name(String symbol) {
        return WIN32_NAMES.get(symbol);
    }

    private static Map<String, String> win32Names() {
        Map<String, String> names = new HashMap<>();
        try (InputStream in = ErrorCodes.class.getResourceAsStream("win32-error-names.tsv")) {
            if (in == null) {
                throw new IllegalStateException("win32-error-names.tsv is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int tab = line.indexOf('\t');
                if (!line.startsWith("#") && tab > 0) {
                    names.put(
                            line.substring(0, tab).strip(),
                            normalise(line.substring(tab + 1).strip()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(names);
    }

    private static List<Mention> inContext(String line, int at, List<Mention> found) {
        if (at > 0 && Character.isLetterOrDigit(line.charAt(at - 1))) {
            return found;
        }
        int digitsEnd = at + 2;
        while (digitsEnd < line.length()
                && digitsEnd - at - 2 < 9
                && Character.digit(line.charAt(digitsEnd), 16) >= 0) {
            digitsEnd++;
        }
        int digits = digitsEnd - at - 2;
        if (digits < 1 || digits > 8 || (digitsEnd < line.length() && isWordChar(line.charAt(digitsEnd)))) {
            return found;
        }
        int keywordEnd = at;
        while (keywordEnd > 0 && at - keywordEnd < MAX_SEPARATORS && isSeparator(line.charAt(keywordEnd - 1))) {
            keywordEnd--;
        }
        if (!keywordEndsAt(line, keywordEnd)) {
            return found;
        }
        long value = Long.parseLong(line, at + 2, digitsEnd, 16);
        return add(found, value == 0 ? null : hex(value), symbolAfter(line, digitsEnd));
    }

    private static boolean keywordEndsAt(String line, int end) {
        for (String keyword : KEYWORDS) {
            int start = end - keyword.length();
            if (start >= 0
                    && line.regionMatches(true, start, keyword, 0, keyword.length())
                    && (start == 0 || !Character.isLetter(line.charAt(start - 1)))) {
                return true;
            }
        }
        for (String keyword : CJK_KEYWORDS) {
            int start = end - keyword.length();
            if (start >= 0 && line.startsWith(keyword, start)) {
                return true;
            }
        }
        return false;
    }

    /** {@code ERROR_NOT_FOUND} in {@code 0x80070490 - ERROR_NOT_FOUND]}. */
    private static String symbolAfter(String line, int from) {
        int i = from;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        if (i >= line.length() || line.charAt(i) != '-') {
            return null;
        }
        i++;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        int start = i;
        if (i >= line.length() || line.charAt(i) < 'A' || line.charAt(i) > 'Z') {
            return null;
        }
        while (i < line.length()
                && ((line.charAt(i) >= 'A' && line.charAt(i) <= 'Z')
                        || (line.charAt(i) >= '0' && line.charAt(i) <= '9')
                        || line.charAt(i) == '_')) {
            i++;
        }
        return i - start >= 3 ? line.substring(start, i) : null;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == ':' || c == '=' || c == '：';
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /**
     * The value of the {@code 0x} number of one to eight hex digits that {@code raw} is, or -1 when it is none (a
     * damaged or unusual log may put anything after "status: ").
     */
    static long value(String raw) {
        int digits = raw.length() - 2;
        if (digits < 1 || digits > 8 || raw.charAt(0) != '0' || (raw.charAt(1) != 'x' && raw.charAt(1) != 'X')) {
            return -1;
        }
        for (int i = 2; i < raw.length(); i++) {
            if (Character.digit(raw.charAt(i), 16) < 0) {
                return -1;
            }
        }
        return Long.parseLong(raw, 2, raw.length(), 16);
    }

    /** {@code 0x800f0986} → {@code 0x800F0986}; zero, or no code of one to eight hex digits → null. */
    static String normalise(String raw) {
        long value = value(raw);
        return value <= 0 ? null : hex(value);
    }

    static String hex(long value) {
        String digits = Long.toHexString(value).toUpperCase(Locale.ROOT);
        return "0x" + "00000000".substring(Math.min(8, digits.length())) + digits;
    }

    /** Adds a code once per line; the list is made only when a line has a code, which few lines have. */
    private static List<Mention> add(List<Mention> found, String code, String symbol) {
        if (code == null) {
            return found;
        }
        List<Mention> list = found == null ? new ArrayList<>(2) : found;
        for (Mention m : list) {
            if (m.code().equals(code)) {
                return list;
            }
        }
        list.add(new Mention(code, symbol));
        return list;
    }
}
