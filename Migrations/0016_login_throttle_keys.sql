-- Login throttling keyed by a keyed hash (HMAC-SHA256 with a server key) of the normalised login and the client
-- address: no login text is stored, a flood from one address does not delay the account from another, and every row
-- has a fixed size. Rows are purged once their window has passed. The old rows held login text verbatim: dropped.
DROP TABLE loginThrottle;
CREATE TABLE loginThrottle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    lastFailureAt TEXT NOT NULL,
    blockedUntil TEXT
);
CREATE INDEX loginThrottle_lastFailure ON loginThrottle(lastFailureAt);

-- Secrets of this installation, made here once; copied with the database by `opora backup`.
CREATE TABLE serverKey (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL CHECK (length(value) >= 32)
);
INSERT INTO serverKey (name, value) VALUES ('loginThrottle', randomblob(32));
