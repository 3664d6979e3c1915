-- The coordinator's registries (seed 001 «Управленческие решения», «Рекомендации»; seed 002 seminars and
-- conferences): municipal events with participating schools and materials, management decisions with their
-- addressees, and staff development figures per school and year.

CREATE TABLE municipalEvent (
    id INTEGER PRIMARY KEY,
    municipalityId INTEGER NOT NULL REFERENCES municipality(id) ON DELETE RESTRICT,
    -- квест-игра, деловая игра, мозговой штурм, педагогические дебаты, коучинг, круглый стол, печа-куча,
    -- семинар, конференция, вебинар, другое (codes in Core; the title shown is Russian).
    format TEXT NOT NULL CHECK (length(trim(format)) > 0),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    heldOn TEXT NOT NULL,                          -- yyyy-MM-dd
    schoolYear INTEGER NOT NULL CHECK (schoolYear BETWEEN 2000 AND 2100),
    hostSchoolId INTEGER REFERENCES school(id) ON DELETE RESTRICT,
    organisers TEXT NOT NULL DEFAULT '',
    goal TEXT NOT NULL DEFAULT '',
    tasks TEXT NOT NULL DEFAULT '',
    expectedResults TEXT NOT NULL DEFAULT '',
    keyIdeas TEXT NOT NULL DEFAULT '',
    outcomes TEXT NOT NULL DEFAULT '',
    createdBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    createdAt TEXT NOT NULL,
    updatedAt TEXT NOT NULL,
    archivedAt TEXT
);
CREATE INDEX municipalEvent_municipality ON municipalEvent(municipalityId, heldOn);

CREATE TABLE municipalEventSchool (
    eventId INTEGER NOT NULL REFERENCES municipalEvent(id) ON DELETE CASCADE,
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    PRIMARY KEY (eventId, schoolId)
) WITHOUT ROWID;
CREATE INDEX municipalEventSchool_school ON municipalEventSchool(schoolId);

-- A material is a link or a file (storedFile of 0006; a municipal file is stored under the host school, or
-- under the first participant when there is no host).
CREATE TABLE municipalEventMaterial (
    id INTEGER PRIMARY KEY,
    eventId INTEGER NOT NULL REFERENCES municipalEvent(id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    url TEXT,
    fileId INTEGER REFERENCES storedFile(id) ON DELETE RESTRICT,
    addedAt TEXT NOT NULL,
    CHECK ((url IS NULL) <> (fileId IS NULL))
);
CREATE INDEX municipalEventMaterial_event ON municipalEventMaterial(eventId);

CREATE TABLE managementDecision (
    id INTEGER PRIMARY KEY,
    municipalityId INTEGER NOT NULL REFERENCES municipality(id) ON DELETE RESTRICT,
    schoolYear INTEGER NOT NULL CHECK (schoolYear BETWEEN 2000 AND 2100),
    kind TEXT NOT NULL DEFAULT 'decision' CHECK (kind IN ('decision', 'recommendation')),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    -- all: every school in the programme that year; group: the listed schools; school: one listed school.
    addressee TEXT NOT NULL CHECK (addressee IN ('all', 'group', 'school')),
    responsible TEXT NOT NULL DEFAULT '',
    dueOn TEXT,                                    -- yyyy-MM-dd; NULL = standing
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'inProgress', 'done', 'withdrawn')),
    executionNote TEXT NOT NULL DEFAULT '',
    createdBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    createdAt TEXT NOT NULL,
    updatedAt TEXT NOT NULL
);
CREATE INDEX managementDecision_municipality ON managementDecision(municipalityId, status, dueOn);

CREATE TABLE managementDecisionSchool (
    decisionId INTEGER NOT NULL REFERENCES managementDecision(id) ON DELETE CASCADE,
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    PRIMARY KEY (decisionId, schoolId)
) WITHOUT ROWID;
CREATE INDEX managementDecisionSchool_school ON managementDecisionSchool(schoolId);

-- Seed 001: «100% курсовая подготовка управленческих команд»; seed 002: diagnostics of professional deficits.
CREATE TABLE staffDevelopment (
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    schoolYear INTEGER NOT NULL CHECK (schoolYear BETWEEN 2000 AND 2100),
    managementTeam INTEGER NOT NULL CHECK (managementTeam >= 0),
    managementTrained INTEGER NOT NULL CHECK (managementTrained BETWEEN 0 AND managementTeam),
    teachers INTEGER NOT NULL CHECK (teachers >= 0),
    teachersTrained INTEGER NOT NULL CHECK (teachersTrained BETWEEN 0 AND teachers),
    teachersWithDeficits INTEGER NOT NULL CHECK (teachersWithDeficits BETWEEN 0 AND teachers),
    updatedAt TEXT NOT NULL,
    PRIMARY KEY (schoolId, schoolYear)
) WITHOUT ROWID;
