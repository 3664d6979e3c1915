#ifndef CSQLITETUNING_H
#define CSQLITETUNING_H

/// Turns off SQLite's memory statistics, whose single global mutex every sqlite3_malloc and sqlite3_free takes:
/// with several reader threads it was the busiest lock of the server. Must run before the first connection
/// opens; returns SQLITE_OK (0), or SQLITE_MISUSE when SQLite was already initialised.
int opora_sqlite_disable_memory_statistics(void);

#endif
