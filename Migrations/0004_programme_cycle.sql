-- The programme's working cycle: risk profiles, roadmaps (and municipal plans) with revisions,
-- report periods and half-year reports, comments.

CREATE TABLE riskFactor (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL UNIQUE CHECK (length(trim(title)) > 0),
    sortOrder INTEGER NOT NULL,
    archivedAt TEXT
);
INSERT INTO riskFactor (id, title, sortOrder) VALUES
    (1, 'Низкий уровень оснащения школы', 1),
    (2, 'Дефицит педагогических кадров', 2),
    (3, 'Недостаточная предметная и методическая компетентность педагогических работников', 3),
    (4, 'Риски низкой адаптивности учебного процесса', 4),
    (5, 'Несформированность внутришкольной системы повышения квалификации', 5),
    (6, 'Высокая доля обучающихся с рисками учебной неуспешности', 6),
    (7, 'Низкое качество преодоления языковых и культурных барьеров', 7),
    (8, 'Пониженный уровень качества школьной образовательной и воспитательной среды', 8),
    (9, 'Низкий уровень вовлечённости родителей', 9),
    (10, 'Низкая учебная мотивация обучающихся', 10);

CREATE TABLE riskProfile (
    id INTEGER PRIMARY KEY,
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    schoolYear INTEGER NOT NULL CHECK (schoolYear BETWEEN 2000 AND 2100),
    updatedAt TEXT NOT NULL,
    updatedBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    UNIQUE (schoolId, schoolYear)
);

CREATE TABLE riskProfileEntry (
    profileId INTEGER NOT NULL REFERENCES riskProfile(id) ON DELETE CASCADE,
    riskFactorId INTEGER NOT NULL REFERENCES riskFactor(id) ON DELETE RESTRICT,
    level TEXT NOT NULL CHECK (level IN ('high', 'medium', 'low', 'notRelevant')),
    -- The school works on this factor this year (its anti-risk programme and roadmap measures).
    isChosen INTEGER NOT NULL DEFAULT 0 CHECK (isChosen IN (0, 1)),
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (profileId, riskFactorId)
) WITHOUT ROWID;

-- A school's roadmap (schoolId set) or a municipal plan (schoolId NULL), per school year.
-- The rows of roadmapSection/measure are the working copy; an approved revision keeps a JSON snapshot.
CREATE TABLE roadmap (
    id INTEGER PRIMARY KEY,
    municipalityId INTEGER NOT NULL REFERENCES municipality(id) ON DELETE RESTRICT,
    schoolId INTEGER REFERENCES school(id) ON DELETE RESTRICT,
    schoolYear INTEGER NOT NULL CHECK (schoolYear BETWEEN 2000 AND 2100),
    title TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
    createdAt TEXT NOT NULL,
    updatedAt TEXT NOT NULL
);
CREATE UNIQUE INDEX roadmap_school_year ON roadmap(schoolId, schoolYear) WHERE schoolId IS NOT NULL;
CREATE UNIQUE INDEX roadmap_municipal_plan ON roadmap(municipalityId, schoolYear) WHERE schoolId IS NULL;

CREATE TABLE roadmapRevision (
    id INTEGER PRIMARY KEY,
    roadmapId INTEGER NOT NULL REFERENCES roadmap(id) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number >= 1),
    startedAt TEXT NOT NULL,
    startedBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    approvedAt TEXT,
    approvedBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    -- Sections and measures as approved (JSON), for the history and the diff between revisions.
    snapshot TEXT,
    UNIQUE (roadmapId, number)
);

CREATE TABLE roadmapSection (
    id INTEGER PRIMARY KEY,
    roadmapId INTEGER NOT NULL REFERENCES roadmap(id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    position INTEGER NOT NULL
);
CREATE INDEX roadmapSection_roadmap ON roadmapSection(roadmapId, position);

CREATE TABLE measure (
    id INTEGER PRIMARY KEY,
    roadmapId INTEGER NOT NULL REFERENCES roadmap(id) ON DELETE CASCADE,
    sectionId INTEGER REFERENCES roadmapSection(id) ON DELETE SET NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT NOT NULL DEFAULT '',
    -- Due: 'date' (dueFrom = dueTo), 'month' and 'monthRange' (dueFrom = first day, dueTo = last day),
    -- 'standing' («в течение года», «по запросу», «по плану»: no dates, never overdue). dueText as the user wrote it.
    dueKind TEXT NOT NULL CHECK (dueKind IN ('date', 'month', 'monthRange', 'standing')),
    dueFrom TEXT,
    dueTo TEXT,
    dueText TEXT NOT NULL,
    responsible TEXT NOT NULL DEFAULT '',
    expectedResult TEXT NOT NULL DEFAULT '',
    indicator TEXT NOT NULL DEFAULT '',
    indicatorUnit TEXT NOT NULL DEFAULT '',
    baseline TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    createdAt TEXT NOT NULL,
    updatedAt TEXT NOT NULL,
    CHECK ((dueKind = 'standing') = (dueTo IS NULL))
);
CREATE INDEX measure_roadmap ON measure(roadmapId, position);

CREATE TABLE measureRiskFactor (
    measureId INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
    riskFactorId INTEGER NOT NULL REFERENCES riskFactor(id) ON DELETE RESTRICT,
    PRIMARY KEY (measureId, riskFactorId)
) WITHOUT ROWID;

-- Who did what and when with a roadmap: created, submitted, approved, returned (with comment), revisionStarted.
CREATE TABLE roadmapEvent (
    id INTEGER PRIMARY KEY,
    roadmapId INTEGER NOT NULL REFERENCES roadmap(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('created', 'submitted', 'approved', 'returned', 'revisionStarted')),
    comment TEXT NOT NULL DEFAULT '',
    actorId INTEGER REFERENCES user(id) ON DELETE SET NULL,
    at TEXT NOT NULL
);
CREATE INDEX roadmapEvent_roadmap ON roadmapEvent(roadmapId, id);

CREATE TABLE reportPeriod (
    id INTEGER PRIMARY KEY,
    municipalityId INTEGER NOT NULL REFERENCES municipality(id) ON DELETE RESTRICT,
    schoolYear INTEGER NOT NULL CHECK (schoolYear BETWEEN 2000 AND 2100),
    half INTEGER NOT NULL CHECK (half IN (1, 2)),
    dueDate TEXT NOT NULL,
    isOpen INTEGER NOT NULL DEFAULT 0 CHECK (isOpen IN (0, 1)),
    openedAt TEXT,
    closedAt TEXT,
    UNIQUE (municipalityId, schoolYear, half)
);

CREATE TABLE report (
    id INTEGER PRIMARY KEY,
    roadmapId INTEGER NOT NULL REFERENCES roadmap(id) ON DELETE RESTRICT,
    periodId INTEGER NOT NULL REFERENCES reportPeriod(id) ON DELETE RESTRICT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'accepted', 'returned')),
    summary TEXT NOT NULL DEFAULT '',
    selfAssessment TEXT NOT NULL DEFAULT '',
    submittedAt TEXT,
    createdAt TEXT NOT NULL,
    updatedAt TEXT NOT NULL,
    UNIQUE (roadmapId, periodId)
);

CREATE TABLE reportItem (
    id INTEGER PRIMARY KEY,
    reportId INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
    measureId INTEGER REFERENCES measure(id) ON DELETE SET NULL,
    -- The measure's title when reported: kept if a later revision removes the measure.
    measureTitle TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'notStarted' CHECK (status IN ('done', 'inProgress', 'notStarted', 'cancelled')),
    reason TEXT NOT NULL DEFAULT '',
    whatWasDone TEXT NOT NULL DEFAULT '',
    evidenceUrl TEXT NOT NULL DEFAULT '',
    indicatorValue TEXT NOT NULL DEFAULT '',
    UNIQUE (reportId, measureId)
);

-- submitted, accepted, returned (with comment), by whom and when.
CREATE TABLE reportEvent (
    id INTEGER PRIMARY KEY,
    reportId INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
    action TEXT NOT NULL CHECK (action IN ('created', 'submitted', 'accepted', 'returned')),
    comment TEXT NOT NULL DEFAULT '',
    actorId INTEGER REFERENCES user(id) ON DELETE SET NULL,
    at TEXT NOT NULL
);
CREATE INDEX reportEvent_report ON reportEvent(reportId, id);

-- Threads on a roadmap, a measure, a report or a risk profile; a reply names its parent.
CREATE TABLE comment (
    id INTEGER PRIMARY KEY,
    schoolId INTEGER REFERENCES school(id) ON DELETE RESTRICT,
    municipalityId INTEGER NOT NULL REFERENCES municipality(id) ON DELETE RESTRICT,
    targetKind TEXT NOT NULL CHECK (targetKind IN ('roadmap', 'measure', 'report', 'riskProfile')),
    targetId INTEGER NOT NULL,
    parentId INTEGER REFERENCES comment(id) ON DELETE CASCADE,
    authorId INTEGER REFERENCES user(id) ON DELETE SET NULL,
    body TEXT NOT NULL CHECK (length(trim(body)) > 0),
    createdAt TEXT NOT NULL
);
CREATE INDEX comment_target ON comment(targetKind, targetId, id);
CREATE INDEX comment_school ON comment(schoolId, createdAt);
