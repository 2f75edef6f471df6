-- Whether a received mail was sent by a machine (a bounce, an auto-reply, a delivery report: mail.InboundMail):
-- such a mail may join a case's thread but is never the default recipient of the next reply (MailMessages).
ALTER TABLE mail_messages ADD COLUMN automated BOOLEAN DEFAULT FALSE NOT NULL;
