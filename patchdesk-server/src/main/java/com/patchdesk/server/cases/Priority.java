package com.patchdesk.server.cases;

/** P1 is a production outage, P4 a question; SLA targets are configured per priority. */
public enum Priority {
    P1,
    P2,
    P3,
    P4
}
