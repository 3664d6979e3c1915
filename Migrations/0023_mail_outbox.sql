-- Transactional outbox of mail (issue 14). A notification's row is written in the transaction of the notification
-- (for users who want every notification); a digest's row carries its day, unique per user, so a digest run twice
-- in a day writes one row. The sender marks a row sent in a transaction right after the server's 250 to DATA.
CREATE TABLE mailOutbox (
    id INTEGER PRIMARY KEY,
    userId INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('notification', 'digest')),
    notificationId INTEGER REFERENCES notification(id) ON DELETE CASCADE,
    -- yyyy-MM-dd in Moscow time, digests only.
    digestDay TEXT,
    -- A digest is composed when it is written (what was due that morning); a notification's letter at sending.
    subject TEXT,
    textBody TEXT,
    htmlBody TEXT,
    createdAt TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    permanentFailures INTEGER NOT NULL DEFAULT 0,
    nextAttemptAt TEXT NOT NULL,
    lastError TEXT,
    sentAt TEXT,
    -- Given up: the address failed, was removed, or the user switched mail off before it left.
    abandonedAt TEXT,
    CHECK ((kind = 'notification') = (notificationId IS NOT NULL)),
    CHECK ((kind = 'digest') = (digestDay IS NOT NULL)),
    UNIQUE (userId, digestDay)
);
CREATE INDEX mailOutbox_pending ON mailOutbox(nextAttemptAt, id) WHERE sentAt IS NULL AND abandonedAt IS NULL;

-- Signs the unsubscribe links of letters (HMAC-SHA256), so they switch mail off without logging in.
INSERT INTO serverKey (name, value) VALUES ('mailUnsubscribe', randomblob(32));
