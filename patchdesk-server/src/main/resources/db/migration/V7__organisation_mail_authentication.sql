-- Mail from an organisation's senders is trusted only when our receiving server's Authentication-Results say it
-- passed DMARC (or aligned SPF / DKIM); otherwise it is held for staff. Admins turn the check off for customers
-- whose mail servers sign nothing.
ALTER TABLE organisations ADD COLUMN check_mail_authentication BOOLEAN DEFAULT TRUE NOT NULL;
