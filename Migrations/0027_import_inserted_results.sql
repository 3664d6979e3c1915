-- One write per new result: an import keeps the results it inserted packed in one BLOB (their keys and the
-- figures it wrote; see Core/Results/InsertedResults.swift) instead of a resultImportChange row each.
-- resultImportChange keeps, from now on, only the results an import updated (their values before and after);
-- imports recorded before this migration keep their 'insert' rows, and a rollback reads both.
ALTER TABLE resultImport ADD COLUMN insertedResults BLOB;
