package com.patchdesk.diagnosis.read;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The names of the facts an {@link Event} can carry. Values are kept in the form the logs use:
 * error codes as {@code 0x80070490}, KB numbers as {@code KB5032196}, builds as {@code 17763.774},
 * package and component identities in full. Rules refer to these by their lower-case {@link #key()}.
 */
public enum Fact {
    /** HRESULT / NTSTATUS / Win32 code as {@code 0x8007000E} style, upper-case hex digits after {@code 0x}. */
    CODE,
    /** Symbolic name the log printed next to the code, e.g. {@code ERROR_NOT_FOUND}. */
    SYMBOL,
    /** {@code KB5032196}. */
    KB,
    /** Full CBS package identity, e.g. {@code Package_2_for_KB5032196~31bf3856ad364e35~amd64~~10.0.1.11}. */
    PACKAGE,
    /** Full component identity, e.g. {@code amd64_hyperv-vmsynthnic_31bf3856ad364e35_10.0.17763.1879_none_fc948d4afe9ac7bb}. */
    COMPONENT,
    /** Version inside a component identity or package, e.g. {@code 10.0.17763.1879}. */
    VERSION,
    /** A file name the line is about, e.g. {@code wkscli.dll}. */
    FILE,
    /** OS build as {@code 17763.774}. */
    OS_BUILD,
    /** Servicing stack version, e.g. {@code 10.0.17763.5020}. */
    SSU_VERSION,
    /** Package or update state as the log names it, e.g. {@code Installed}, {@code Staged}, {@code Install Pending}. */
    STATE,
    /** Previous state in a state change. */
    FROM_STATE,
    /** Outcome: {@code success} or {@code failure} (or a reader-specific word such as {@code cancelled}). */
    RESULT,
    /** Windows Update phase: {@code scan}, {@code download}, {@code install}. */
    PHASE,
    /** Update title as Windows Update shows it. */
    TITLE,
    /** CBS session id, e.g. {@code 31078557_1234567890}. */
    SESSION,
    /** Who started a servicing operation, e.g. {@code WindowsUpdateAgent}, {@code DISM Package Manager Provider}. */
    CLIENT,
    /** What was being done, e.g. the text after "Failed to" or a DISM command such as {@code /CheckHealth}. */
    OPERATION,
    /** Component store health: {@code healthy}, {@code repairable}, {@code not-repairable}. */
    HEALTH,
    /** Free bytes on a volume, as a decimal number. */
    FREE_BYTES,
    /** The log component that wrote the line: {@code CBS}, {@code CSI}, {@code DPX}, {@code DISM}, {@code SR}, ... */
    SOURCE,
    /** Free text detail a reader wants to keep (short). */
    DETAIL,
    /** The state a package operation is heading for ({@code TargetState: Installed}); {@link #STATE} is where it is. */
    TARGET_STATE,
    /** The known-benign shape a line has ({@code sqm-upload}), on {@link EventKind#BENIGN_LINE} events. */
    BENIGN,
    /** {@code Error} when the servicing log wrote the line at level Error (absent for other levels). */
    LEVEL,
    /** An optional feature or capability as DISM names it, e.g. {@code NetFx3}, {@code WCF-MSMQ-Activation45}. */
    FEATURE,
    /** The machine's host name as systeminfo states it, e.g. {@code BANK-PC-0417}, on {@link EventKind#MACHINE}. */
    HOST,
    /** The Windows edition as systeminfo names it, e.g. {@code Microsoft Windows 10 Enterprise LTSC 2019}. */
    EDITION,
    /**
     * Where a command was told to take its files from: DISM's {@code /Source} ({@code wim:D:\sources\install.wim:4}),
     * followed by {@code /LimitAccess} when Windows Update was not to be asked.
     */
    PAYLOAD_SOURCE,
    /**
     * Windows Update's id of an update ({@code 4E95DCBD-E67C-46AF-985B-F29D655C3480}, upper case, without its
     * revision): what names a driver or a definition update that has no KB, and ties a failure to the retry that
     * settled it.
     */
    UPDATE_ID,
    /**
     * The update server a Windows Update thread talks to, as scheme, host and port in lower case
     * ({@code http://wsus12.example.edu:8530}): a later scan that worked against the same server ends a failure to
     * reach it, also where the failing thread named no update service.
     */
    SERVER;

    private final String key = name().toLowerCase(Locale.ROOT);

    /** Rules name a fact once and test it on every candidate event: the usual spellings are looked up, not rebuilt. */
    private static final Map<String, Fact> BY_KEY = new HashMap<>();

    static {
        for (Fact f : values()) {
            BY_KEY.put(f.key, f);
            BY_KEY.put(f.key.replace('_', '-'), f);
        }
    }

    public String key() {
        return key;
    }

    /**
     * The fact named {@code key}: case, surrounding blanks and '-' for '_' do not matter.
     *
     * @throws IllegalArgumentException when no fact has that name
     */
    public static Fact ofKey(String key) {
        Fact known = BY_KEY.get(key);
        return known != null
                ? known
                : valueOf(key.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
