/* What the SQLite backend's files share: the parts of one connection that sqlite.c owns, for
 * the files that implement other groups of operations on it (sqlite_accounts.c). */
#ifndef LOCALACTION_SQLITE_INTERNAL_H
#define LOCALACTION_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store/store_impl.h"

/* statements the other files may keep prepared per connection; each file owns a range:
 * accounts 0-39, workflow 40-79, joins 80-95, progress 96-127, forums 128-159, reports 160-191 */
#define SQ_EXTRA_STMTS 192

/** The statement @sql in slot @slot of connection @st, prepared the first time it is asked
 * for and kept until the connection closes. NULL (and the error recorded) when it does not
 * prepare. Each file owns a fixed range of slots. */
sqlite3_stmt *sq_extra_stmt(struct store *st, unsigned slot, const char *sql);

/** Records the connection's last error after @what; returns ERR_DB, or ERR_CONFLICT when a
 * constraint failed. */
enum err sq_failed(struct store *st, const char *what);

/** Steps @q to completion (a write), resets it and clears its bindings. */
enum err sq_run(struct store *st, sqlite3_stmt *q);

/** Resets @q and clears its bindings, after reading rows. */
void sq_done(sqlite3_stmt *q);

/** Binds @s, or NULL when @s is NULL. */
void sq_bind_text(sqlite3_stmt *q, int i, const char *s);

/** A column's text, "" for SQL NULL; valid until the next step. */
const char *sq_column(sqlite3_stmt *q, int i);

#endif
