-- Organisation of the programme: yearly statuses, curators and their assignments,
-- coordinators' appointments, partner groups.

-- Every set, clear or exit of a status flag, in order: the school's timeline.
CREATE TABLE schoolStatusChange (
    id INTEGER PRIMARY KEY,
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    schoolYear INTEGER NOT NULL CHECK (schoolYear BETWEEN 2000 AND 2100),
    flag TEXT NOT NULL CHECK (flag IN ('lowResults', 'unfavourableConditions', 'nonObjectiveSigns', 'programmeParticipant', 'partner')),
    isSet INTEGER NOT NULL CHECK (isSet IN (0, 1)),
    -- An exit from the low-results list is a clear of lowResults recorded as such.
    isExit INTEGER NOT NULL DEFAULT 0 CHECK (isExit IN (0, 1) AND (isExit = 0 OR (flag = 'lowResults' AND isSet = 0))),
    cohortYear INTEGER,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    changedBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    changedAt TEXT NOT NULL
);
CREATE INDEX schoolStatusChange_school ON schoolStatusChange(schoolId, schoolYear);

-- The flags in force, kept in the same transaction as the change that sets them.
CREATE TABLE schoolStatus (
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    schoolYear INTEGER NOT NULL,
    flag TEXT NOT NULL,
    cohortYear INTEGER,
    PRIMARY KEY (schoolId, schoolYear, flag)
) WITHOUT ROWID;
CREATE INDEX schoolStatus_year ON schoolStatus(schoolYear, flag);

CREATE TABLE curatorProfile (
    userId INTEGER PRIMARY KEY REFERENCES user(id) ON DELETE CASCADE,
    workplaceSchoolId INTEGER REFERENCES school(id) ON DELETE SET NULL,
    workplace TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT ''
);

CREATE TABLE curatorAssignment (
    id INTEGER PRIMARY KEY,
    curatorId INTEGER NOT NULL REFERENCES user(id) ON DELETE RESTRICT,
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    schoolYear INTEGER NOT NULL CHECK (schoolYear BETWEEN 2000 AND 2100),
    createdBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    createdAt TEXT NOT NULL,
    UNIQUE (curatorId, schoolId, schoolYear)
);
CREATE INDEX curatorAssignment_school ON curatorAssignment(schoolId, schoolYear);

CREATE TABLE coordinatorAppointment (
    id INTEGER PRIMARY KEY,
    userId INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    municipalityId INTEGER NOT NULL REFERENCES municipality(id) ON DELETE RESTRICT,
    position TEXT NOT NULL DEFAULT '',
    orderNumber TEXT,
    orderDate TEXT,
    createdAt TEXT NOT NULL
);

CREATE TABLE partnership (
    id INTEGER PRIMARY KEY,
    schoolYear INTEGER NOT NULL CHECK (schoolYear BETWEEN 2000 AND 2100),
    lowResultsSchoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    forms TEXT NOT NULL DEFAULT '',
    createdAt TEXT NOT NULL,
    UNIQUE (schoolYear, lowResultsSchoolId)
);

CREATE TABLE partnershipMember (
    partnershipId INTEGER NOT NULL REFERENCES partnership(id) ON DELETE CASCADE,
    partnerSchoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    PRIMARY KEY (partnershipId, partnerSchoolId)
) WITHOUT ROWID;
