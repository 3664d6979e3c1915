-- Notifications inside the application (no mail server): one row per recipient.
-- `dedupeKey` makes a trigger idempotent (e.g. 'period-due:17' for one user): a sweep run twice adds nothing.

CREATE TABLE notification (
    id INTEGER PRIMARY KEY,
    userId INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    -- reportReturned, roadmapApproved, documentReviewed, periodOpened, periodDueSoon, decisionAddressed
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    -- What it is about; the web layer builds the link from entity + entityId with Paths (never stored URLs).
    entity TEXT NOT NULL,
    entityId INTEGER NOT NULL,
    dedupeKey TEXT NOT NULL,
    createdAt TEXT NOT NULL,
    readAt TEXT,
    UNIQUE (userId, dedupeKey)
);
CREATE INDEX notification_unread ON notification(userId, readAt, id);
