-- The coordinator's watchlist: schools a coordinator pinned to the top of their dashboard.
CREATE TABLE watchlistEntry (
    userId INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE CASCADE,
    createdAt TEXT NOT NULL,
    PRIMARY KEY (userId, schoolId)
) WITHOUT ROWID;
CREATE INDEX watchlistEntry_school ON watchlistEntry(schoolId);
