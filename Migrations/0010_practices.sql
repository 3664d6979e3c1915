-- The bank of practices («банк практик», seeds 000, 001, 004): practices of schools (formative assessment,
-- curator practices, management teams' experience at pedagogical readings), proposed by a school and published
-- by the municipal coordinator; materials (links or files of 0006), tags, and a full-text index.
--
-- `searchText` is the title, the description and the tags as the search sees them: lower case, «ё» as «е»,
-- words separated by single spaces (written by Core: SQLite folds only ASCII case and never folds «ё»).
-- Searches use the FTS5 index below where the system SQLite has FTS5, else `searchText LIKE '% word%'`.

CREATE TABLE practice (
    id INTEGER PRIMARY KEY,
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    category TEXT NOT NULL CHECK (category IN ('formativeAssessment', 'objectiveAssessment', 'management',
                                               'curatorPractice', 'pupilsAtRisk', 'parents', 'other')),
    authors TEXT NOT NULL DEFAULT '',
    -- «Авторы согласны на публикацию имён»: a public page shows the authors only then.
    authorsConsent INTEGER NOT NULL DEFAULT 0 CHECK (authorsConsent IN (0, 1)),
    description TEXT NOT NULL DEFAULT '',
    -- The event where the practice was presented (0007).
    eventId INTEGER REFERENCES municipalEvent(id) ON DELETE SET NULL,
    -- черновик → предложена → опубликована | возвращена (with the coordinator's comment) → предложена …
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'proposed', 'published', 'returned')),
    reviewComment TEXT NOT NULL DEFAULT '',
    searchText TEXT NOT NULL DEFAULT '',
    createdBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    createdAt TEXT NOT NULL,
    updatedAt TEXT NOT NULL,
    proposedAt TEXT,
    publishedAt TEXT,
    reviewedBy INTEGER REFERENCES user(id) ON DELETE SET NULL
);
CREATE INDEX practice_school ON practice(schoolId);
CREATE INDEX practice_status ON practice(status, publishedAt);

-- Free tags, normalised (trimmed, lower case, single spaces).
CREATE TABLE practiceTag (
    practiceId INTEGER NOT NULL REFERENCES practice(id) ON DELETE CASCADE,
    tag TEXT NOT NULL CHECK (length(tag) > 0),
    PRIMARY KEY (practiceId, tag)
) WITHOUT ROWID;
CREATE INDEX practiceTag_tag ON practiceTag(tag);

-- A material is a link or a file (storedFile of 0006, stored under the practice's school).
CREATE TABLE practiceMaterial (
    id INTEGER PRIMARY KEY,
    practiceId INTEGER NOT NULL REFERENCES practice(id) ON DELETE CASCADE,
    title TEXT NOT NULL DEFAULT '',
    url TEXT,
    fileId INTEGER REFERENCES storedFile(id) ON DELETE RESTRICT,
    addedBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    addedAt TEXT NOT NULL,
    -- Removed from the practice (kept for the audit trail; a repeated removal changes nothing).
    removedAt TEXT,
    CHECK ((url IS NULL) <> (fileId IS NULL))
);
CREATE INDEX practiceMaterial_practice ON practiceMaterial(practiceId, id);

-- The full-text index, only where the system SQLite has FTS5 (the migrator keeps or drops this block).
-- @if fts5
CREATE VIRTUAL TABLE practiceFts USING fts5(
    searchText, content = 'practice', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER practice_fts_insert AFTER INSERT ON practice BEGIN
    INSERT INTO practiceFts (rowid, searchText) VALUES (new.id, new.searchText);
END;
CREATE TRIGGER practice_fts_delete AFTER DELETE ON practice BEGIN
    INSERT INTO practiceFts (practiceFts, rowid, searchText) VALUES ('delete', old.id, old.searchText);
END;
CREATE TRIGGER practice_fts_update AFTER UPDATE OF searchText ON practice BEGIN
    INSERT INTO practiceFts (practiceFts, rowid, searchText) VALUES ('delete', old.id, old.searchText);
    INSERT INTO practiceFts (rowid, searchText) VALUES (new.id, new.searchText);
END;
-- @end
