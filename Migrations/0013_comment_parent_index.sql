-- Replies by thread: the review queue finds each thread's last answer, and deleting a comment cascades to its
-- replies; without this index both scanned every comment once per thread.
CREATE INDEX comment_parent ON comment(parentId, id);
