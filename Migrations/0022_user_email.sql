-- E-mail of an account (issue 14): the address, what the user wants by mail, and whether the address is known to
-- refuse mail. Addresses are not unique: a school's office mailbox may serve a director's and a deputy's account.
ALTER TABLE user ADD COLUMN email TEXT CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254 AND instr(email, '@') > 1));
-- digest: one letter a day (07:00 Moscow) when something is due, overdue, awaits review or was returned;
-- immediate: every notification as it happens; none: no mail at all.
ALTER TABLE user ADD COLUMN mailPreference TEXT NOT NULL DEFAULT 'digest' CHECK (mailPreference IN ('digest', 'immediate', 'none'));
-- Set when the mail server refused the address permanently (5xx) several times; cleared when the address changes.
ALTER TABLE user ADD COLUMN emailFailedAt TEXT;
