-- Mail whose From is a staff account is checked as customers' mail is (mail.InboundMailbox): staff may write into
-- any case by its number, so a forged staff address was the easiest way into another organisation's case. Such mail,
-- when held, speaks for no organisation.
ALTER TABLE held_mail ALTER COLUMN organisation_id DROP NOT NULL;
