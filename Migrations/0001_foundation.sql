-- Foundation: municipalities, schools, accounts, sessions, login throttling, audit log.
-- Times are stored as GRDB's default text form "yyyy-MM-dd HH:mm:ss.SSS" in UTC.

CREATE TABLE municipality (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    shortName TEXT NOT NULL CHECK (length(trim(shortName)) > 0),
    archivedAt TEXT,
    createdAt TEXT NOT NULL,
    updatedAt TEXT NOT NULL
);

CREATE TABLE school (
    id INTEGER PRIMARY KEY,
    municipalityId INTEGER NOT NULL REFERENCES municipality(id) ON DELETE RESTRICT,
    -- «Код школы» of the results file; unique across the region when given.
    code TEXT UNIQUE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    shortName TEXT NOT NULL CHECK (length(trim(shortName)) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('sosh', 'oosh', 'lyceum', 'gymnasium', 'educationCentre', 'other')),
    address TEXT,
    directorName TEXT,
    phone TEXT,
    email TEXT,
    notes TEXT,
    archivedAt TEXT,
    createdAt TEXT NOT NULL,
    updatedAt TEXT NOT NULL
);
CREATE INDEX school_municipality ON school(municipalityId, shortName);

CREATE TABLE user (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(login)) > 0),
    fullName TEXT NOT NULL CHECK (length(trim(fullName)) > 0),
    role TEXT NOT NULL CHECK (role IN ('admin', 'regional', 'municipal', 'curator', 'director')),
    municipalityId INTEGER REFERENCES municipality(id) ON DELETE RESTRICT,
    schoolId INTEGER REFERENCES school(id) ON DELETE RESTRICT,
    passwordHash TEXT NOT NULL,
    mustChangePassword INTEGER NOT NULL DEFAULT 0,
    isActive INTEGER NOT NULL DEFAULT 1,
    createdAt TEXT NOT NULL,
    updatedAt TEXT NOT NULL,
    CHECK (role <> 'municipal' OR municipalityId IS NOT NULL),
    CHECK (role <> 'director' OR (schoolId IS NOT NULL AND municipalityId IS NOT NULL)),
    CHECK (role <> 'curator' OR municipalityId IS NOT NULL)
);

-- The cookie holds a random token; only its SHA-256 is stored, so a copy of the database opens no session.
CREATE TABLE session (
    tokenHash TEXT PRIMARY KEY,
    userId INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    csrfToken TEXT NOT NULL,
    createdAt TEXT NOT NULL,
    lastSeenAt TEXT NOT NULL,
    expiresAt TEXT NOT NULL,
    revokedAt TEXT
);
CREATE INDEX session_user ON session(userId);

CREATE TABLE loginThrottle (
    login TEXT PRIMARY KEY COLLATE NOCASE,
    failures INTEGER NOT NULL,
    lastFailureAt TEXT NOT NULL,
    blockedUntil TEXT
);

CREATE TABLE auditEntry (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actorId INTEGER REFERENCES user(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entityId INTEGER,
    before TEXT,
    after TEXT
);
CREATE INDEX auditEntry_entity ON auditEntry(entity, entityId);
