-- Assessment results: the procedure catalogue, results per school, procedure and school year
-- (aggregates only, no pupil data), the region's identification settings, and the record of
-- imports so that an import can be rolled back as a whole.

-- Оценочные процедуры. ОГЭ is stored with grade 9 and ЕГЭ with grade 11 so that the «Класс»
-- column of the results file matches them; НИКО and other procedures may leave it empty.
CREATE TABLE procedure (
    id INTEGER PRIMARY KEY,
    family TEXT NOT NULL CHECK (family IN ('vpr', 'oge', 'ege', 'niko', 'other')),
    subject TEXT NOT NULL CHECK (length(trim(subject)) > 0),
    grade INTEGER CHECK (grade IS NULL OR grade BETWEEN 1 AND 11),
    -- «базовая» / «профильная» for ЕГЭ математика; empty otherwise.
    variant TEXT NOT NULL DEFAULT '',
    -- How a low result is counted: share of mark «2» (ВПР) or share below the minimum score (ОГЭ, ЕГЭ).
    lowRule TEXT NOT NULL CHECK (lowRule IN ('markTwo', 'belowMinimum')),
    -- In the region's list of procedures analysed for identification.
    isAnalysed INTEGER NOT NULL DEFAULT 0 CHECK (isAnalysed IN (0, 1)),
    sortOrder INTEGER NOT NULL DEFAULT 0,
    archivedAt TEXT,
    createdAt TEXT NOT NULL,
    updatedAt TEXT NOT NULL
);
CREATE UNIQUE INDEX procedure_identity ON procedure(family, subject, IFNULL(grade, 0), variant);

-- The minimum score of a procedure in a school year, where the specification sets one.
CREATE TABLE procedureMinimumScore (
    procedureId INTEGER NOT NULL REFERENCES procedure(id) ON DELETE CASCADE,
    schoolYear INTEGER NOT NULL CHECK (schoolYear BETWEEN 2000 AND 2100),
    score INTEGER NOT NULL CHECK (score >= 0),
    PRIMARY KEY (procedureId, schoolYear)
) WITHOUT ROWID;

-- One import of a results file: who, when, which file, what it did; rolled back as a whole.
CREATE TABLE resultImport (
    id INTEGER PRIMARY KEY,
    fileName TEXT NOT NULL,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    importedBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    importedAt TEXT NOT NULL,
    -- The municipality the import was limited to (a municipal coordinator's), NULL for the region.
    municipalityId INTEGER REFERENCES municipality(id) ON DELETE RESTRICT,
    rowCount INTEGER NOT NULL DEFAULT 0 CHECK (rowCount >= 0),
    insertedCount INTEGER NOT NULL DEFAULT 0 CHECK (insertedCount >= 0),
    updatedCount INTEGER NOT NULL DEFAULT 0 CHECK (updatedCount >= 0),
    unchangedCount INTEGER NOT NULL DEFAULT 0 CHECK (unchangedCount >= 0),
    rolledBackAt TEXT,
    rolledBackBy INTEGER REFERENCES user(id) ON DELETE SET NULL
);
CREATE INDEX resultImport_sha256 ON resultImport(sha256);

CREATE TABLE result (
    id INTEGER PRIMARY KEY,
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    procedureId INTEGER NOT NULL REFERENCES procedure(id) ON DELETE RESTRICT,
    schoolYear INTEGER NOT NULL CHECK (schoolYear BETWEEN 2000 AND 2100),
    participants INTEGER NOT NULL CHECK (participants >= 0),
    mark2 INTEGER CHECK (mark2 IS NULL OR mark2 BETWEEN 0 AND participants),
    mark3 INTEGER CHECK (mark3 IS NULL OR mark3 BETWEEN 0 AND participants),
    mark4 INTEGER CHECK (mark4 IS NULL OR mark4 BETWEEN 0 AND participants),
    mark5 INTEGER CHECK (mark5 IS NULL OR mark5 BETWEEN 0 AND participants),
    belowMinimum INTEGER CHECK (belowMinimum IS NULL OR belowMinimum BETWEEN 0 AND participants),
    meanScore REAL CHECK (meanScore IS NULL OR meanScore >= 0),
    -- ВПР: how many pupils' marks lowered, confirmed or raised their journal mark.
    lowered INTEGER CHECK (lowered IS NULL OR lowered BETWEEN 0 AND participants),
    confirmed INTEGER CHECK (confirmed IS NULL OR confirmed BETWEEN 0 AND participants),
    raised INTEGER CHECK (raised IS NULL OR raised BETWEEN 0 AND participants),
    -- The import that last wrote the row; NULL when entered by hand.
    importId INTEGER REFERENCES resultImport(id) ON DELETE SET NULL,
    updatedAt TEXT NOT NULL,
    updatedBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    UNIQUE (schoolId, procedureId, schoolYear),
    CHECK (mark2 IS NULL OR mark3 IS NULL OR mark4 IS NULL OR mark5 IS NULL
           OR mark2 + mark3 + mark4 + mark5 = participants)
);
-- Identification reads two school years of the analysed procedures: a covering index, so the
-- query never visits the table (2,000 schools × 25 procedures × 5 years: 36 ms → 7 ms).
CREATE INDEX result_year ON result(schoolYear, procedureId, schoolId, participants, mark2, belowMinimum);

-- Each row an import inserted or changed, with the values before and after (JSON of the
-- figures); a rollback deletes what it inserted and restores what it changed.
CREATE TABLE resultImportChange (
    id INTEGER PRIMARY KEY,
    importId INTEGER NOT NULL REFERENCES resultImport(id) ON DELETE CASCADE,
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    procedureId INTEGER NOT NULL REFERENCES procedure(id) ON DELETE RESTRICT,
    schoolYear INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update')),
    before TEXT CHECK ((action = 'insert') = (before IS NULL)),
    after TEXT NOT NULL
);
CREATE INDEX resultImportChange_import ON resultImportChange(importId);

-- The region's settings: one row. Shares in basis points (3000 = 30 %).
CREATE TABLE regionSettings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    lowShareBasisPoints INTEGER NOT NULL DEFAULT 3000 CHECK (lowShareBasisPoints BETWEEN 1 AND 10000),
    -- «не менее чем по двум оценочным процедурам в предыдущем учебном году»
    ruleTwoInLastYear INTEGER NOT NULL DEFAULT 1 CHECK (ruleTwoInLastYear IN (0, 1)),
    -- «хотя бы по одной оценочной процедуре в каждом из двух предыдущих учебных годов»
    ruleConsecutiveYears INTEGER NOT NULL DEFAULT 1 CHECK (ruleConsecutiveYears IN (0, 1)),
    -- Non-objectivity signal: ВПР share of «4» and «5» above the municipal share by this much.
    nonObjectiveMarginBasisPoints INTEGER NOT NULL DEFAULT 1500 CHECK (nonObjectiveMarginBasisPoints BETWEEN 0 AND 10000),
    -- Non-objectivity signal: share of ВПР marks that differ from journal marks at or above this.
    journalMismatchBasisPoints INTEGER NOT NULL DEFAULT 3000 CHECK (journalMismatchBasisPoints BETWEEN 1 AND 10000),
    updatedAt TEXT,
    updatedBy INTEGER REFERENCES user(id) ON DELETE SET NULL
);
INSERT INTO regionSettings (id) VALUES (1);

-- The catalogue: the nine procedures analysed in seed 003, then other common ВПР grades and
-- ОГЭ/ЕГЭ subjects (not analysed by default). Seeded here so that every database, the importer
-- and the demo see the same ids from the first start; coordinators edit it afterwards.
INSERT INTO procedure (id, family, subject, grade, variant, lowRule, isAnalysed, sortOrder, createdAt, updatedAt) VALUES
    (1, 'vpr', 'Математика', 5, '', 'markTwo', 1, 10, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')),
    (2, 'vpr', 'Математика', 6, '', 'markTwo', 1, 20, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')),
    (3, 'vpr', 'Русский язык', 5, '', 'markTwo', 1, 30, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')),
    (4, 'vpr', 'Русский язык', 6, '', 'markTwo', 1, 40, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')),
    (5, 'oge', 'Математика', 9, '', 'belowMinimum', 1, 50, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')),
    (6, 'oge', 'Русский язык', 9, '', 'belowMinimum', 1, 60, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')),
    (7, 'ege', 'Математика', 11, 'базовая', 'belowMinimum', 1, 70, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')),
    (8, 'ege', 'Математика', 11, 'профильная', 'belowMinimum', 1, 80, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')),
    (9, 'ege', 'Русский язык', 11, '', 'belowMinimum', 1, 90, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'));

INSERT INTO procedure (family, subject, grade, variant, lowRule, isAnalysed, sortOrder, createdAt, updatedAt)
SELECT family, subject, grade, '', lowRule, 0, sortOrder, strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now')
FROM (
    SELECT 'vpr' AS family, 'Математика' AS subject, 4 AS grade, 'markTwo' AS lowRule, 100 AS sortOrder
    UNION ALL SELECT 'vpr', 'Русский язык', 4, 'markTwo', 110
    UNION ALL SELECT 'vpr', 'Окружающий мир', 4, 'markTwo', 120
    UNION ALL SELECT 'vpr', 'Математика', 7, 'markTwo', 130
    UNION ALL SELECT 'vpr', 'Русский язык', 7, 'markTwo', 140
    UNION ALL SELECT 'vpr', 'Математика', 8, 'markTwo', 150
    UNION ALL SELECT 'vpr', 'Русский язык', 8, 'markTwo', 160
    UNION ALL SELECT 'vpr', 'История', 5, 'markTwo', 170
    UNION ALL SELECT 'vpr', 'Биология', 5, 'markTwo', 180
    UNION ALL SELECT 'vpr', 'География', 6, 'markTwo', 190
    UNION ALL SELECT 'vpr', 'Обществознание', 6, 'markTwo', 200
    UNION ALL SELECT 'vpr', 'Физика', 8, 'markTwo', 210
    UNION ALL SELECT 'vpr', 'История', 11, 'markTwo', 220
    UNION ALL SELECT 'vpr', 'Химия', 11, 'markTwo', 230
    UNION ALL SELECT 'oge', 'Обществознание', 9, 'belowMinimum', 300
    UNION ALL SELECT 'oge', 'Информатика', 9, 'belowMinimum', 310
    UNION ALL SELECT 'oge', 'Биология', 9, 'belowMinimum', 320
    UNION ALL SELECT 'oge', 'География', 9, 'belowMinimum', 330
    UNION ALL SELECT 'oge', 'Физика', 9, 'belowMinimum', 340
    UNION ALL SELECT 'oge', 'Химия', 9, 'belowMinimum', 350
    UNION ALL SELECT 'oge', 'Английский язык', 9, 'belowMinimum', 360
    UNION ALL SELECT 'ege', 'Обществознание', 11, 'belowMinimum', 400
    UNION ALL SELECT 'ege', 'Физика', 11, 'belowMinimum', 410
    UNION ALL SELECT 'ege', 'История', 11, 'belowMinimum', 420
    UNION ALL SELECT 'ege', 'Биология', 11, 'belowMinimum', 430
    UNION ALL SELECT 'ege', 'Химия', 11, 'belowMinimum', 440
    UNION ALL SELECT 'ege', 'Информатика', 11, 'belowMinimum', 450
    UNION ALL SELECT 'ege', 'Английский язык', 11, 'belowMinimum', 460
    UNION ALL SELECT 'ege', 'Литература', 11, 'belowMinimum', 470
) ORDER BY sortOrder;

-- Minimum test scores of ЕГЭ set by Rosobrnadzor (unchanged 2019–2023): русский язык 24,
-- математика профильная 27. ЕГЭ базовая is marked «2»–«5», its threshold being the mark «3».
INSERT INTO procedureMinimumScore (procedureId, schoolYear, score)
SELECT p.id, y.year, p.score FROM
    (SELECT 9 AS id, 24 AS score UNION ALL SELECT 8, 27) AS p,
    (SELECT 2018 AS year UNION ALL SELECT 2019 UNION ALL SELECT 2020 UNION ALL SELECT 2021 UNION ALL SELECT 2022) AS y;
