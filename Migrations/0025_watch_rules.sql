-- The watchlist that fills itself: rules that flag schools on the coordinators' dashboards.
-- A row with municipalityId NULL is the region's default for the rule (the regional coordinator edits it); a row
-- of a municipality overrides it there (its coordinator edits it). A rule without any row is off.
CREATE TABLE watchRule (
    id INTEGER PRIMARY KEY,
    municipalityId INTEGER REFERENCES municipality(id) ON DELETE CASCADE,
    rule TEXT NOT NULL CHECK (rule IN ('overdueMeasures', 'lateReport', 'returnedReport', 'silent', 'roadmapNotApproved',
                                       'highRiskFactors', 'identifiedTwice')),
    isEnabled INTEGER NOT NULL CHECK (isEnabled IN (0, 1)),
    -- The number of the rule (measures, days, returns, factors); NULL for the rules without one.
    threshold INTEGER CHECK (threshold IS NULL OR threshold BETWEEN 0 AND 3650),
    -- «Дорожная карта не утверждена к дате»: the date (yyyy-MM-dd).
    byDate TEXT,
    updatedAt TEXT NOT NULL,
    updatedBy INTEGER REFERENCES user(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX watchRule_scope ON watchRule(COALESCE(municipalityId, 0), rule);

-- A coordinator's dismissal of a school's flag for a school year, with the figure it was dismissed at: the flag
-- stays hidden until the figure gets worse.
CREATE TABLE watchFlagDismissal (
    schoolId INTEGER NOT NULL REFERENCES school(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    schoolYear INTEGER NOT NULL,
    figure INTEGER NOT NULL,
    note TEXT NOT NULL CHECK (length(trim(note)) > 0),
    dismissedBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
    dismissedAt TEXT NOT NULL,
    PRIMARY KEY (schoolId, rule, schoolYear)
) WITHOUT ROWID;
