-- A school's last activity (silent schools, the «нет активности» rule): the latest change its accounts made and
-- their latest sign-in, each found by one index probe per account.
CREATE INDEX auditEntry_actor ON auditEntry(actorId, at);
CREATE INDEX session_user_created ON session(userId, createdAt);
