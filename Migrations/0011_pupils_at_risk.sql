-- Pupils at risk per subject (seeds 000 and 001: «долю обучающихся 9, 11 классов, находящихся в «зоне риска»
-- по каждому учебному предмету»): aggregates only, no pupil is named. One row per school, school year, grade
-- (9 or 11) and subject; the share is computed from the counts, never stored.
CREATE TABLE pupilsAtRisk (
    id INTEGER PRIMARY KEY,
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE RESTRICT,
    schoolYear INTEGER NOT NULL CHECK (schoolYear BETWEEN 2000 AND 2100),
    grade INTEGER NOT NULL CHECK (grade IN (9, 11)),
    subject TEXT NOT NULL CHECK (length(trim(subject)) > 0),
    -- Pupils in the grade (all classes of the parallel).
    pupils INTEGER NOT NULL CHECK (pupils BETWEEN 1 AND 10000),
    atRisk INTEGER NOT NULL CHECK (atRisk >= 0 AND atRisk <= pupils),
    -- Of them with special educational needs (ОВЗ).
    withSpecialNeeds INTEGER NOT NULL DEFAULT 0 CHECK (withSpecialNeeds >= 0 AND withSpecialNeeds <= atRisk),
    -- A short plan of work with the group.
    plan TEXT NOT NULL DEFAULT '',
    updatedAt TEXT NOT NULL,
    updatedBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    UNIQUE (schoolId, schoolYear, grade, subject)
);
CREATE INDEX pupilsAtRisk_year ON pupilsAtRisk(schoolYear, schoolId);

-- Measures of the school's roadmap of that year that carry the work with the group.
CREATE TABLE pupilsAtRiskMeasure (
    pupilsAtRiskId INTEGER NOT NULL REFERENCES pupilsAtRisk(id) ON DELETE CASCADE,
    measureId INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
    PRIMARY KEY (pupilsAtRiskId, measureId)
) WITHOUT ROWID;
CREATE INDEX pupilsAtRiskMeasure_measure ON pupilsAtRiskMeasure(measureId);
