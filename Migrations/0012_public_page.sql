-- The public page of a municipality (issue 9): off by default; the municipal coordinator switches it on and
-- publishes a range of school years of the summary report (0007). Without a row the page is off.
CREATE TABLE publicPage (
    municipalityId INTEGER PRIMARY KEY REFERENCES municipality(id) ON DELETE CASCADE,
    isPublic INTEGER NOT NULL DEFAULT 0 CHECK (isPublic IN (0, 1)),
    -- The published range of the summary report (start years of school years); both or neither.
    summaryFrom INTEGER,
    summaryTo INTEGER,
    updatedAt TEXT NOT NULL,
    updatedBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    CHECK ((summaryFrom IS NULL) = (summaryTo IS NULL)),
    CHECK (summaryFrom IS NULL OR summaryFrom <= summaryTo)
);
