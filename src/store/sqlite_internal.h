/* What the SQLite backend's files share: the parts of one connection that sqlite.c owns, for
 * the files that implement other groups of operations on it (sqlite_accounts.c). */
#ifndef LOCALACTION_SQLITE_INTERNAL_H
#define LOCALACTION_SQLITE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/search_words.h"
#include "store/store_impl.h"
#include "util/buf.h"

/* statements the other files may keep prepared per connection; each file owns a range:
 * accounts 0-39, workflow 40-79, joins 80-95, progress 96-127, forums 128-159, reports 160-191,
 * search 192-207 */
#define SQ_EXTRA_STMTS 208

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

/* the columns an action's public JSON is made of, in this order, as the first of a SELECT */
#define SQ_ACTION_JSON_COLUMNS                                                                     \
    "a.external_id, a.kind, a.title, a.summary, a.description, a.api_rest"
#define SQ_ACTION_JSON_NCOLS 6

/** Appends the public JSON of the action on @q's current row (SQ_ACTION_JSON_COLUMNS first). */
void sq_action_json_row(sqlite3_stmt *q, struct buf *out);

/* ---- the full-text indexes (sqlite_search.c) ---- */

/* new actions of a bulk import are indexed this many at a time */
#define SQ_SEARCH_BATCH 1024

/* One action of the batch: its words at offset in sq_search.text, laid out as a search_text's. */
struct sq_search_entry {
    int64_t id;
    size_t offset;
    size_t column_offset[SEARCH_COLUMNS], len[SEARCH_COLUMNS];
};

/* A connection's state for its search indexes. */
struct sq_search {
    bool batching; /* bulk mode: new actions wait in the batch */
    struct search_words words;
    struct search_text scratch; /* the words of an action being written or taken out */
    struct buf text;            /* the batch's words */
    struct sq_search_entry entries[SQ_SEARCH_BATCH];
    size_t count;
};

void sq_search_init(struct sq_search *ss);
void sq_search_release(struct sq_search *ss);

/** Indexes the words @t of new action @id: at once, or when batching, with its batch. */
enum err sq_search_add(struct store *st, struct sq_search *ss, int64_t id,
                       const struct search_text *t);

/** Takes the stored action with @external_id out of the indexes, its words made from its
 * columns, and sets *id; ERR_NOT_FOUND when there is no such action. */
enum err sq_search_remove(struct store *st, struct sq_search *ss, const char *external_id,
                          int64_t *id);

/** Indexes the waiting batch; at commit. */
enum err sq_search_flush(struct store *st, struct sq_search *ss);

/** Forgets the waiting batch; at rollback. */
void sq_search_discard(struct sq_search *ss);

/** The store_ops action_search operation. */
enum err sq_action_search(struct store *st, const char *query, size_t len,
                          void (*fn)(void *ctx, int64_t id, bool in_title), void *ctx);

#endif
