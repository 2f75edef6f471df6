package com.patchdesk.server.cases;

/** What a caller wants to do with a case; {@link CaseAccess} decides per role. */
public enum CaseAction {
    /** See the case and its customer-visible timeline. Customers: own organisation only. */
    VIEW,
    /** Add a customer-visible comment or reply. */
    COMMENT,
    /** Upload a log bundle or file. */
    UPLOAD,
    /** Confirm the proposed resolution (records consent to close). */
    CONFIRM_RESOLUTION,
    /** Staff only from here on. See internal entries. */
    VIEW_INTERNAL,
    EDIT,
    LOG_CALL,
    SEND_MAIL,
    PUBLISH_FILE;

    /** Actions a customer of the case's organisation may perform. */
    boolean allowedForCustomer() {
        return switch (this) {
            case VIEW, COMMENT, UPLOAD, CONFIRM_RESOLUTION -> true;
            default -> false;
        };
    }
}
