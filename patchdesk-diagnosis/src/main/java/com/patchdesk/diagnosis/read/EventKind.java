package com.patchdesk.diagnosis.read;

/**
 * The vocabulary shared by readers (which emit events) and rules (which match them).
 * Adding a kind is a change to both sides; rules name kinds by {@link #name()}.
 */
public enum EventKind {
    /** A non-success code stated on a line ({@code [HRESULT = 0x...]}, {@code hr:0x...}, {@code Error: 0x...}, {@code Status: 0x...}). */
    ERROR_CODE,
    /** A "Failed to ..." line; {@link Fact#OPERATION} holds what failed, {@link Fact#CODE} the code if stated. */
    FAILED_OPERATION,
    /** A package state is reported or changes ({@link Fact#PACKAGE}, {@link Fact#KB}, {@link Fact#STATE}, {@link Fact#FROM_STATE}). */
    PACKAGE_STATE,
    /** A servicing session starts or ends ({@link Fact#SESSION}, {@link Fact#CLIENT}, {@link Fact#RESULT} on end). */
    SESSION,
    /** A component identity named in a failure context ({@link Fact#COMPONENT}, {@link Fact#VERSION}). */
    COMPONENT_REFERENCE,
    /** The component store reports corruption: corrupt or missing payload, manifest, or a store-check summary line. */
    STORE_CORRUPTION,
    /** A health verdict from DISM /CheckHealth, /ScanHealth, /RestoreHealth, SFC or a CheckSUR summary ({@link Fact#HEALTH}). */
    STORE_HEALTH,
    /** A forward/reverse delta could not be applied to a file ({@link Fact#FILE}, {@link Fact#COMPONENT}). */
    DELTA_FAILURE,
    /** The OS build as some source states it ({@link Fact#OS_BUILD}). */
    OS_BUILD,
    /** The servicing stack version in use ({@link Fact#SSU_VERSION}). */
    SERVICING_STACK,
    /** A Windows Update scan, download or install step with its outcome ({@link Fact#PHASE}, {@link Fact#KB}, {@link Fact#RESULT}, {@link Fact#CODE}). */
    UPDATE_ATTEMPT,
    /** A reboot is pending (pending.xml, "reboot required" flags). */
    REBOOT_PENDING,
    /**
     * Windows Update's check of an update's signature found it is not Microsoft's ({@code Misc  Microsoft signed: No}):
     * a third-party update, published through WSUS by a tool such as WSUS Package Publisher, whose own installer runs.
     * {@link Fact#DETAIL} says what the check said, {@link Fact#SOURCE} the component.
     */
    UPDATE_SIGNATURE,
    /** Low free disk space reported ({@link Fact#FREE_BYTES}). */
    DISK_SPACE,
    /**
     * A DISM or SFC command run and its result ({@link Fact#OPERATION}, {@link Fact#RESULT}, {@link Fact#CODE}); also a
     * program's restart of the machine (event 1074: {@link Fact#OPERATION} {@code restart}, {@link Fact#FILE} the
     * program), without a result.
     */
    TOOL_RUN,
    /**
     * A line of a known-benign shape ({@link com.patchdesk.diagnosis.knowledge.BenignLines}), set aside instead of read
     * for failures: {@link Fact#DETAIL} names the shape, {@link Fact#CODE} the code it states. Rules never make findings
     * of it; the report counts these lines.
     */
    BENIGN_LINE,
    /**
     * What a bundle says about the machine it came from ({@link Fact#HOST}, {@link Fact#EDITION}), e.g. systeminfo's
     * Host Name / 主机名 and OS Name / OS 名称 lines. Rules never make findings of it; the report's machine block does.
     */
    MACHINE
}
