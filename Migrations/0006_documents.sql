-- Documents and evidence: document kinds with review criteria, documents per school/year/kind (and risk
-- factor for anti-risk programmes), their versions, reviews against the criteria, evidence files of report items.
--
-- Files are stored IN SQLite (table storedFileContent, one BLOB per file): one file to back up (`opora backup`
-- copies the whole database, files included), and a file and its metadata are written in one transaction —
-- a failed upload leaves nothing behind, a restored backup can never point at a missing file.

CREATE TABLE documentKind (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL UNIQUE CHECK (length(trim(title)) > 0),
    -- One document per chosen risk factor (антирисковая программа).
    perRiskFactor INTEGER NOT NULL DEFAULT 0 CHECK (perRiskFactor IN (0, 1)),
    -- Expected of every school (shown as «нет» when missing); «другое» is optional.
    isExpected INTEGER NOT NULL DEFAULT 1 CHECK (isExpected IN (0, 1)),
    sortOrder INTEGER NOT NULL,
    archivedAt TEXT
);
INSERT INTO documentKind (id, title, perRiskFactor, isExpected, sortOrder) VALUES
    (1, 'Концепция развития', 0, 1, 1),
    (2, 'Среднесрочная программа развития', 0, 1, 2),
    (3, 'Антирисковая программа', 1, 1, 3),
    (4, 'Программа повышения качества образования', 0, 1, 4),
    (5, 'Другое', 0, 0, 5);

CREATE TABLE documentCriterion (
    id INTEGER PRIMARY KEY,
    kindId INTEGER NOT NULL REFERENCES documentKind(id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    sortOrder INTEGER NOT NULL,
    archivedAt TEXT
);
CREATE INDEX documentCriterion_kind ON documentCriterion(kindId, sortOrder);
INSERT INTO documentCriterion (kindId, title, sortOrder) VALUES
    (1, 'Концепция опирается на анализ результатов и рисковый профиль школы', 1),
    (1, 'Сформулированы миссия, цели и ожидаемые результаты', 2),
    (2, 'Цели и задачи согласованы с концепцией развития', 1),
    (2, 'Мероприятия имеют сроки и ответственных', 2),
    (2, 'Показатели измеримы', 3),
    (3, 'Цель соответствует фактору риска', 1),
    (3, 'Мероприятия имеют сроки и ответственных', 2),
    (3, 'Показатели измеримы', 3),
    (4, 'Определены направления повышения качества образования', 1),
    (4, 'Мероприятия имеют сроки и ответственных', 2),
    (4, 'Показатели измеримы', 3),
    (5, 'Документ оформлен полностью и читается', 1);

-- A file's metadata; its bytes in storedFileContent (kept apart so lists never read the BLOBs).
CREATE TABLE storedFile (
    id INTEGER PRIMARY KEY,
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    originalName TEXT NOT NULL,
    safeName TEXT NOT NULL,
    contentType TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size > 0),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    uploadedBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    uploadedAt TEXT NOT NULL
);

CREATE TABLE storedFileContent (
    fileId INTEGER PRIMARY KEY REFERENCES storedFile(id) ON DELETE CASCADE,
    content BLOB NOT NULL
);

CREATE TABLE document (
    id INTEGER PRIMARY KEY,
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    schoolYear INTEGER NOT NULL CHECK (schoolYear BETWEEN 2000 AND 2100),
    kindId INTEGER NOT NULL REFERENCES documentKind(id) ON DELETE RESTRICT,
    riskFactorId INTEGER REFERENCES riskFactor(id) ON DELETE RESTRICT,
    createdAt TEXT NOT NULL
);
CREATE UNIQUE INDEX document_identity ON document(schoolId, schoolYear, kindId, ifnull(riskFactorId, 0));

CREATE TABLE documentVersion (
    id INTEGER PRIMARY KEY,
    documentId INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number >= 1),
    fileId INTEGER NOT NULL REFERENCES storedFile(id) ON DELETE RESTRICT,
    isCurrent INTEGER NOT NULL DEFAULT 0 CHECK (isCurrent IN (0, 1)),
    UNIQUE (documentId, number)
);
CREATE UNIQUE INDEX documentVersion_current ON documentVersion(documentId) WHERE isCurrent = 1;

CREATE TABLE documentReview (
    id INTEGER PRIMARY KEY,
    versionId INTEGER NOT NULL REFERENCES documentVersion(id) ON DELETE CASCADE,
    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'returned')),
    comment TEXT NOT NULL DEFAULT '',
    reviewerId INTEGER REFERENCES user(id) ON DELETE SET NULL,
    reviewedAt TEXT NOT NULL
);
CREATE INDEX documentReview_version ON documentReview(versionId, id);

-- Each criterion as checked (its title kept: criteria are editable later).
CREATE TABLE documentReviewMark (
    reviewId INTEGER NOT NULL REFERENCES documentReview(id) ON DELETE CASCADE,
    criterionId INTEGER REFERENCES documentCriterion(id) ON DELETE SET NULL,
    criterionTitle TEXT NOT NULL,
    isMet INTEGER NOT NULL CHECK (isMet IN (0, 1)),
    comment TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL
);
CREATE INDEX documentReviewMark_review ON documentReviewMark(reviewId, position);

-- Evidence files of report items (besides reportItem.evidenceUrl).
CREATE TABLE reportItemEvidence (
    reportItemId INTEGER NOT NULL REFERENCES reportItem(id) ON DELETE CASCADE,
    fileId INTEGER NOT NULL REFERENCES storedFile(id) ON DELETE CASCADE,
    PRIMARY KEY (reportItemId, fileId)
) WITHOUT ROWID;
