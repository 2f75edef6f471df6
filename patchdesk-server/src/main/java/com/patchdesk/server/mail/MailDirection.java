package com.patchdesk.server.mail;

/** Which way a mail travelled, as stored in {@code mail_messages.direction}. */
enum MailDirection {
    IN,
    OUT
}
