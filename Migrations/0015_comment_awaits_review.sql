-- A thread awaits its reviewer when its last comment is the school's (a director's). Kept on the thread's first
-- comment by a trigger, so that every way of adding a comment keeps it, and the review queue reads the threads that
-- await rather than working out the last answer of every thread the reviewer ever had.
ALTER TABLE comment ADD COLUMN awaitsReview INTEGER NOT NULL DEFAULT 0 CHECK (awaitsReview IN (0, 1));

UPDATE comment SET awaitsReview = COALESCE((
    SELECT u.role = 'director' FROM comment last JOIN user u ON u.id = last.authorId
    WHERE last.id = COALESCE((SELECT MAX(x.id) FROM comment x WHERE x.parentId = comment.id), comment.id)
), 0)
WHERE parentId IS NULL;

CREATE TRIGGER comment_awaits_review AFTER INSERT ON comment
BEGIN
    UPDATE comment SET awaitsReview = COALESCE((SELECT role = 'director' FROM user WHERE id = NEW.authorId), 0)
    WHERE id = COALESCE(NEW.parentId, NEW.id);
END;

CREATE INDEX comment_awaiting ON comment(municipalityId, schoolId) WHERE parentId IS NULL AND awaitsReview = 1;
