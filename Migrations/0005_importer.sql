-- An uploaded results file between its preview and its commit: the bytes are kept here, keyed by a
-- random token and bound to the user who uploaded it; the commit re-reads and re-validates them.
-- Rows expire after an hour and are removed when committed.
CREATE TABLE pendingImport (
    token TEXT PRIMARY KEY CHECK (length(token) >= 32),
    userId INTEGER REFERENCES user(id) ON DELETE CASCADE,
    fileName TEXT NOT NULL,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    content BLOB NOT NULL,
    createdAt TEXT NOT NULL,
    expiresAt TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX pendingImport_expiry ON pendingImport(expiresAt);
