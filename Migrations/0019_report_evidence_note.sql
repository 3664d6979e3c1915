-- «Подтверждение» of a report item may be a text (schools cite protocols: «протокол ШМО № 2»), besides a link
-- (evidenceUrl) and files (reportItemEvidence).
ALTER TABLE reportItem ADD COLUMN evidenceNote TEXT NOT NULL DEFAULT '';
