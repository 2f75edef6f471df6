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

    record PackageId(String identity, String kb) {
    }

    record ComponentId(String identity, String version, String file) {
    }

    private static final Pattern PACKAGE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9_.\\-]*~[0-9a-fA-F]{16}~[A-Za-z0-9]*~[A-Za-z\\-]*~\\d+(?:\\.\\d+)+");

    private static final Pattern COMPONENT = Pattern.compile(
            "\\b(?:amd64|wow64|x86|msil|arm64|arm)_[A-Za-z0-9.\\-_]+?_[0-9a-f]{16}_(\\d+\\.\\d+\\.\\d+\\.\\d+)_[A-Za-z\\-]+_[0-9a-f]{16}"
                    + "(?:[\\\\/](?:[A-Za-z0-9_\\-]+[\\\\/])*([A-Za-z0-9_.\\-]+\\.[A-Za-z0-9]{1,8}))?");

    private static final Pattern KB = Pattern.compile("(?<![A-Za-z])KB(\\d{6,8})(?!\\d)");
    private static final Pattern KB_IN_IDENTITY = Pattern.compile("KB(\\d{6,8})");

    private ServicingIdentities() {
    }

    /** The first package identity on the line, if any. */
    static PackageId firstPackage(String line) {
        if (line.indexOf('~') < 0) {
            return null;
        }
        Matcher m = PACKAGE.matcher(line);
        if (!m.find()) {
            return null;
        }
        String identity = m.group();
        Matcher kb = KB_IN_IDENTITY.matcher(identity);
        return new PackageId(identity, kb.find() ? "KB" + kb.group(1) : null);
    }

    /** Component identities on the line, with the file named after the component folder when there is one. */
    static List<ComponentId> components(String line) {
        if (line.indexOf('_') < 0) {
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

    /** A free-standing KB number such as {@code (KB5032196)}. */
    static String kb(String text) {
        if (text.indexOf("KB") < 0) {
            return null;
        }
        Matcher m = KB.matcher(text);
        return m.find() ? "KB" + m.group(1) : null;
    }
}
