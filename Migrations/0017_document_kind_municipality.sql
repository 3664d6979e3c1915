-- Document kinds belong to the region (municipalityId NULL: every municipality's checklist) or to one municipality,
-- which added it for its own schools only (issue 13). Titles stay unique across the region.
ALTER TABLE documentKind ADD COLUMN municipalityId INTEGER REFERENCES municipality(id) ON DELETE RESTRICT;
CREATE INDEX documentKind_municipality ON documentKind(municipalityId) WHERE municipalityId IS NOT NULL;
