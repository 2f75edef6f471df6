package com.patchdesk.diagnosis.read;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Package and component identities as servicing logs print them:
 * {@code Package_2_for_KB5032196~31bf3856ad364e35~amd64~~10.0.1.11} and
 * {@code amd64_hyperv-vmsynthnic_31bf3856ad364e35_10.0.17763.1879_none_fc948d4afe9ac7bb}
 * (also {@code x86_}, {@code wow64_}, {@code msil_}, {@code arm64_}; names may be shortened with "..").
 */
final class ServicingIdentities {

    record PackageId(String identity, String kb) {}

    record ComponentId(String identity, String version, String file) {}

    private static final Pattern COMPONENT = Pattern.compile(
            "\\b(?:amd64|wow64|x86|msil|arm64|arm)_[A-Za-z0-9.\\-_]+?_[0-9a-f]{16}_(\\d+\\.\\d+\\.\\d+\\.\\d+)_[A-Za-z\\-]+_[0-9a-f]{16}"
                    + "(?:[\\\\/](?:[A-Za-z0-9_\\-]+[\\\\/])*([A-Za-z0-9_.\\-]+\\.[A-Za-z0-9]{1,8}))?");

    private static final Pattern KB = Pattern.compile("(?<![A-Za-z])KB(\\d{6,8})(?!\\d)");

    private ServicingIdentities() {}

    /**
     * The first package identity on the line, if any. Found by hand from its public key token
     * ({@code ~<16 hex>~}) outwards: a regular expression starting with a name class would be tried
     * from every position of every line that has a '~'.
     */
    static PackageId firstPackage(String line) {
        for (int tilde = line.indexOf('~');
                tilde >= 0 && tilde + 18 < line.length();
                tilde = line.indexOf('~', tilde + 1)) {
            if (line.charAt(tilde + 17) != '~' || !isHex(line, tilde + 1, tilde + 17)) {
                continue;
            }
            int start = tilde;
            while (start > 0 && isNameChar(line.charAt(start - 1))) {
                start--;
            }
            int arch = tilde + 18;
            int archEnd = skip(line, arch, true);
            if (start == tilde || archEnd >= line.length() || line.charAt(archEnd) != '~') {
                continue;
            }
            int localeEnd = skip(line, archEnd + 1, false);
            if (localeEnd >= line.length() || line.charAt(localeEnd) != '~') {
                continue;
            }
            int end = localeEnd + 1;
            while (end < line.length() && (Character.isDigit(line.charAt(end)) || line.charAt(end) == '.')) {
                end++;
            }
            while (end > localeEnd + 1 && line.charAt(end - 1) == '.') {
                end--;
            }
            if (end == localeEnd + 1) {
                // No version: older logs and CSI's rid name a package as
                // "Package_1_for_KB2447568~31bf3856ad364e35~amd64~~".
                if (end < line.length() && isNameChar(line.charAt(end))) {
                    continue;
                }
            } else if (line.indexOf('.', localeEnd + 1) < 0 || line.indexOf('.', localeEnd + 1) >= end) {
                continue;
            }
            String identity = line.substring(start, end);
            return new PackageId(identity, kbInIdentity(identity));
        }
        return null;
    }

    /**
     * True when the line has a public key token between underscores ({@code _31bf3856ad364e35_}), which
     * every component identity has; only then is the component expression worth running.
     */
    static boolean mayHaveComponent(String line) {
        for (int u = line.indexOf('_'); u >= 0 && u + 17 < line.length(); u = line.indexOf('_', u + 1)) {
            if (line.charAt(u + 17) == '_' && isHex(line, u + 1, u + 17)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '.'
                || c == '-';
    }

    /** Past letters (and digits when {@code digits}) and '-'. */
    private static int skip(String s, int i, boolean digits) {
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || (digits && c >= '0' && c <= '9');
            if (!ok) {
                break;
            }
            i++;
        }
        return i;
    }

    /** Component identities on the line, with the file named after the component folder when there is one. */
    static List<ComponentId> components(String line) {
        if (!mayHaveComponent(line)) {
            return List.of();
        }
        List<ComponentId> found = new ArrayList<>(1);
        Matcher m = COMPONENT.matcher(line);
        while (m.find() && found.size() < 8) {
            String whole = m.group();
            int cut = whole.indexOf('\\') >= 0 ? whole.indexOf('\\') : whole.indexOf('/');
            String identity = cut >= 0 ? whole.substring(0, cut) : whole;
            found.add(new ComponentId(identity, m.group(1), m.group(2)));
        }
        return found;
    }

    /** {@code KB5032196} in {@code Package_2_for_KB5032196~...}, or null. */
    private static String kbInIdentity(String identity) {
        for (int at = identity.indexOf("KB"); at >= 0; at = identity.indexOf("KB", at + 2)) {
            int end = at + 2;
            while (end < identity.length() && Character.isDigit(identity.charAt(end))) {
                end++;
            }
            if (end - at - 2 >= 6 && end - at - 2 <= 8) {
                return identity.substring(at, end);
            }
        }
        return null;
    }

    /** A free-standing KB number such as {@code (KB5032196)}. */
    static String kb(String text) {
        if (text.indexOf("KB") < 0) {
            return null;
        }
        Matcher m = KB.matcher(text);
        return m.find() ? "KB" + m.group(1) : null;
    }
}
