package com.patchdesk.diagnosis.read;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DISM operation whose lines a DISM.log is at: a DismApi call, as DismApi.dll logs its start ({@code API: PID=7576
 * TID=4768 Input parameters: Session: 2, FeatureName: Recall, PackageName: (null), RemovePayload: 1, … -
 * DismDisableFeatureInternal}), or a DISM.exe command ({@code Executing command line: …}). A failure in DISM's lines
 * is that operation's, and what the operation was tells what the failure means: a query that finds no such feature
 * changed nothing, a feature turned off is done once the feature is off.
 *
 * @param function the DismApi function ({@code DismGetFeatureInfo}), or null for a DISM.exe command
 * @param feature  the feature the call names ({@code FeatureName: …}), or null
 * @param target   the state the feature has when the call succeeds, as DISM names it ({@link #featureState}), or null
 * @param phase    what the operation's failures are: {@link #QUERY}, {@link #ALREADY_PROVISIONED}, or null
 */
record DismCall(String function, String feature, String target, String phase) {

    /**
     * A call that only reads the image. DismApi's functions that return information are all named {@code DismGet…}
     * (Microsoft Learn, "DISM API Functions": DismGetFeatureInfo, DismGetFeatures, DismGetPackageInfo,
     * DismGetCapabilities, DismGetDrivers, …); none of them changes the image. Its failure is the answer to a
     * question (0x800F080C: no such feature), not a failed change.
     */
    static final String QUERY = "query";

    /**
     * An app that the operation was to provision is there already at an equal or higher version (the Appx provider's
     * {@code Msg:[Failed while adding package A since an equal or higher version of the package, B, already
     * exists]}): provisioning refuses the older one, and the failures that follow are that refusal. The state the
     * command was run for holds.
     */
    static final String ALREADY_PROVISIONED = "already provisioned";

    private static final Pattern CALL =
            Pattern.compile("Input parameters: (.{0,2000}?)\\s*- (Dism[A-Za-z0-9]{1,80}?)Internal\\s*$");
    private static final Pattern FEATURE = Pattern.compile("\\bFeatureName: ([^,\\s]{1,200})");
    private static final Pattern REMOVE_PAYLOAD = Pattern.compile("\\bRemovePayload: (\\d)");
    private static final Pattern PID = Pattern.compile("\\bPID=(\\d{1,10})\\b");

    /** A DISM.exe command: its failures are its own, whatever it was. */
    static final DismCall COMMAND = new DismCall(null, null, null, null);

    /** The call a DismApi "Input parameters" line starts, or null when the line is not one. */
    static DismCall started(String text) {
        Matcher m = CALL.matcher(text);
        if (!m.find()) {
            return null;
        }
        String function = m.group(2);
        Matcher f = FEATURE.matcher(m.group(1));
        String feature = f.find() ? f.group(1) : null;
        String target = null;
        if (feature != null && function.equals("DismEnableFeature")) {
            target = "Installed";
        } else if (feature != null && function.equals("DismDisableFeature")) {
            // DismDisableFeature's RemovePayload: the feature ends Removed (its files deleted) or Staged (Microsoft
            // Learn, "DismDisableFeature function" and "DismPackageFeatureState enumeration").
            Matcher r = REMOVE_PAYLOAD.matcher(m.group(1));
            target = r.find() && !r.group(1).equals("0") ? "Removed" : "Staged";
        }
        return new DismCall(function, feature, target, function.startsWith("DismGet") ? QUERY : null);
    }

    /** The same operation, whose failures are {@code phase}. */
    DismCall with(String phase) {
        return new DismCall(function, feature, target, phase);
    }

    /** The process id a DISM line names ({@code PID=7576}), or null. */
    static String pid(String text) {
        int at = text.indexOf("PID=");
        if (at < 0) {
            return null;
        }
        Matcher m = PID.matcher(text);
        return m.find(at) ? m.group(1) : null;
    }

    /**
     * A DISM state ({@code DISM_INSTALL_STATE_REMOVED}, less its prefix) under the name the package states use:
     * {@code Removed}, {@code Staged}, {@code Installed}, {@code Install Pending}, {@code Not Present}.
     */
    static String featureState(String dismState) {
        StringBuilder name = new StringBuilder();
        for (String word : dismState.split("_")) {
            if (word.isEmpty()) {
                continue;
            }
            if (name.length() > 0) {
                name.append(' ');
            }
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return name.toString();
    }
}
