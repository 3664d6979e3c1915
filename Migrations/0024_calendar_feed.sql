-- A user's calendar feed (issue 14): the secret of /calendar/{token}.ics is kept as its SHA-256 only, like a
-- session's. One feed per user; issuing a new one replaces the row, so the old link stops working.
CREATE TABLE calendarFeed (
    userId INTEGER PRIMARY KEY REFERENCES user(id) ON DELETE CASCADE,
    tokenHash TEXT NOT NULL UNIQUE,
    issuedAt TEXT NOT NULL
);
