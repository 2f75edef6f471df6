package com.patchdesk.server.attention;

/** Why a case asks its owner for attention, in the order the attention list ranks them (most pressing first). */
public enum NotificationKind {
    CUSTOMER_REPLIED,
    SLA_DUE,
    MAIL_BOUNCED,
    DIAGNOSIS_FINISHED,
    ASSIGNED
}
