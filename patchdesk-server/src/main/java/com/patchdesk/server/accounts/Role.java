package com.patchdesk.server.accounts;

/** What a signed-in person may do. Customers are always bound to one organisation; staff to none. */
public enum Role {
    CUSTOMER,
    ENGINEER,
    ADMIN;

    public boolean isStaff() {
        return this != CUSTOMER;
    }
}
