// The database layout and the settings of each connection.
#pragma once

#include "store/connection.h"

namespace stepwise::store::sqlite {

// The layout this build writes; kept in PRAGMA user_version.
int64_t current_schema_version();

// WAL, synchronous=NORMAL (FULL with `sync_full`), incremental auto-vacuum
// and caches for the one connection that writes.
void configure_writer(Connection& connection, bool in_memory, bool sync_full = false);
// Settings for the connection that copies the WAL into the database file.
void configure_checkpointer(Connection& connection);
// Settings for a connection that only reads (WAL lets it run beside the writer).
void configure_reader(Connection& connection);

// Brings the layout up to current_schema_version() in one transaction.
// Throws StoreError when the file is newer than this build, or is some
// other SQLite database, or its schema cannot be read.
void migrate(Connection& connection);

}  // namespace stepwise::store::sqlite
