-- What the seeds keep that Opora lacked (issue 19, item 11): curators' visits to schools (Кировский plan,
-- item 9: «выезды в образовательные организации»), the order (приказ №, date) behind a curator assignment,
-- the «участники образовательных отношений» of a measure (seed 004), and event participants as groups with
-- head counts (seed 001: «управленческие команды школ»), in addition to participating schools.

-- A visit to a school: who went (the curator account, if a curator; free-text participants), when, why, notes,
-- an optional file (storedFile of 0006, stored under the visited school).
CREATE TABLE curatorVisit (
    id INTEGER PRIMARY KEY,
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    schoolYear INTEGER NOT NULL CHECK (schoolYear BETWEEN 2000 AND 2100),
    visitedOn TEXT NOT NULL,                       -- yyyy-MM-dd
    purpose TEXT NOT NULL CHECK (length(trim(purpose)) > 0),
    curatorId INTEGER REFERENCES user(id) ON DELETE RESTRICT,
    participants TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    fileId INTEGER REFERENCES storedFile(id) ON DELETE RESTRICT,
    createdBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    createdAt TEXT NOT NULL,
    updatedAt TEXT NOT NULL
);
CREATE INDEX curatorVisit_school ON curatorVisit(schoolId, schoolYear, visitedOn);
CREATE INDEX curatorVisit_curator ON curatorVisit(curatorId);

-- The order behind an assignment (NULL for rows made before this migration or without an order).
ALTER TABLE curatorAssignment ADD COLUMN orderNumber TEXT;
ALTER TABLE curatorAssignment ADD COLUMN orderDate TEXT;    -- yyyy-MM-dd

-- Groups of «участники образовательных отношений» a measure addresses (codes in Core: teachers, parents,
-- pupils, administration).
CREATE TABLE measureParticipant (
    measureId INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
    participantGroup TEXT NOT NULL CHECK (participantGroup IN ('teachers', 'parents', 'pupils', 'administration')),
    PRIMARY KEY (measureId, participantGroup)
) WITHOUT ROWID;

-- Participants of an event as groups with head counts («заместители директоров по УВР — 8»).
CREATE TABLE municipalEventGroup (
    id INTEGER PRIMARY KEY,
    eventId INTEGER NOT NULL REFERENCES municipalEvent(id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    headCount INTEGER CHECK (headCount IS NULL OR headCount BETWEEN 0 AND 100000),
    position INTEGER NOT NULL
);
CREATE INDEX municipalEventGroup_event ON municipalEventGroup(eventId, position);
