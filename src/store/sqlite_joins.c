/* joins.h on SQLite: every value bound, statements prepared once per connection in the extra
 * slots of sqlite_internal.h (this file owns slots 80-95). A decision is one conditional
 * UPDATE, so two reviewers deciding the same request at once cannot both succeed. */
#include <stdio.h>
#include <string.h>

#include "store/joins_impl.h"
#include "store/sqlite_internal.h"

#define SLOT_BASE 80

enum { J_INSERT, J_COUNTS, J_LIST, J_BY_ID, J_DECIDE, J_COUNT };

_Static_assert(SLOT_BASE + J_COUNT <= 96 && SLOT_BASE + J_COUNT <= SQ_EXTRA_STMTS,
               "sqlite_joins.c owns extra statement slots 80-95");

#define COLUMNS                                                                                    \
    "id, government_name, country, kind, focal_name, focal_title, focal_email, state, reason,"     \
    " government_id, decided_by, created_at, decided_at, lang"

static const char *const sql[J_COUNT] = {
    /* one statement, so two requests sent at once cannot both pass the check */
    [J_INSERT] = "INSERT INTO join_requests (government_name, country, kind, focal_name,"
                 " focal_title, focal_email, state, created_at, lang)"
                 " SELECT ?1, ?2, ?3, ?4, ?5, lower(?6), 'pending', ?7, ?8"
                 " WHERE NOT EXISTS (SELECT 1 FROM join_requests"
                 " WHERE focal_email = lower(?6) AND state = 'pending')",
    [J_COUNTS] = "SELECT state, count(*) FROM join_requests GROUP BY state",
    [J_LIST] = "SELECT " COLUMNS " FROM join_requests WHERE state = ?1"
               " ORDER BY CASE WHEN state = 'pending' THEN created_at ELSE -decided_at END, id"
               " LIMIT ?2",
    [J_BY_ID] = "SELECT " COLUMNS " FROM join_requests WHERE id = ?1",
    /* parenthesised: clang takes two literals in a row at the end of an array for a missing
     * comma (-Wstring-concatenation) */
    [J_DECIDE] = ("UPDATE join_requests SET state = ?2, reason = ?3, decided_by = ?4,"
                  " government_id = ?5, decided_at = ?6 WHERE id = ?1 AND state = 'pending'"),
};

static sqlite3_stmt *
prepared(struct store *st, int id)
{
    return sq_extra_stmt(st, SLOT_BASE + (unsigned)id, sql[id]);
}

static int
state_from(const char *code)
{
    for (int s = 0; s < JOIN_STATE_COUNT; s++)
        if (strcmp(code, join_state_codes[s]) == 0)
            return s;
    return -1;
}

/* The row at @q (selected with COLUMNS) into @out. */
static void
read_row(sqlite3_stmt *q, struct join_request *out)
{
    memset(out, 0, sizeof(*out));
    out->id = sqlite3_column_int64(q, 0);
    snprintf(out->government_name, sizeof(out->government_name), "%s", sq_column(q, 1));
    out->country = taxonomy_country_find(sq_column(q, 2), strlen(sq_column(q, 2)));
    const char *kind = sq_column(q, 3);
    int k = model_code_find(gov_kind_codes, GOV_KIND_COUNT, kind, strlen(kind));
    out->kind = k < 0 ? GOV_CITY : (enum gov_kind)k;
    snprintf(out->focal_name, sizeof(out->focal_name), "%s", sq_column(q, 4));
    snprintf(out->focal_title, sizeof(out->focal_title), "%s", sq_column(q, 5));
    snprintf(out->focal_email, sizeof(out->focal_email), "%s", sq_column(q, 6));
    int state = state_from(sq_column(q, 7));
    out->state = state < 0 ? JOIN_PENDING : (enum join_state)state;
    snprintf(out->reason, sizeof(out->reason), "%s", sq_column(q, 8));
    out->government_id = sqlite3_column_int64(q, 9);
    out->decided_by = sqlite3_column_int64(q, 10);
    out->created_at = sqlite3_column_int64(q, 11);
    out->decided_at = sqlite3_column_int64(q, 12);
    snprintf(out->lang, sizeof(out->lang), "%s", sq_column(q, 13));
}

static enum err
j_create(struct store *st, const struct join_request *in, int64_t now, int64_t *id)
{
    sqlite3_stmt *q = prepared(st, J_INSERT);
    if (q == NULL)
        return ERR_DB;
    if (in->country < 0 || (size_t)in->country >= taxonomy_country_count())
        return ERR_INVALID;
    sq_bind_text(q, 1, in->government_name);
    sq_bind_text(q, 2, taxonomy_country(in->country)->alpha2);
    sq_bind_text(q, 3, gov_kind_codes[in->kind]);
    sq_bind_text(q, 4, in->focal_name);
    sq_bind_text(q, 5, in->focal_title[0] != '\0' ? in->focal_title : NULL);
    sq_bind_text(q, 6, in->focal_email);
    sqlite3_bind_int64(q, 7, now);
    sq_bind_text(q, 8, in->lang[0] != '\0' ? in->lang : "en");
    enum err e = sq_run(st, q);
    if (e != ERR_OK)
        return e;
    sqlite3 *db = sqlite3_db_handle(q);
    if (sqlite3_changes(db) == 0)
        return ERR_CONFLICT;
    *id = sqlite3_last_insert_rowid(db);
    return ERR_OK;
}

static enum err
j_counts(struct store *st, size_t counts[JOIN_STATE_COUNT])
{
    sqlite3_stmt *q = prepared(st, J_COUNTS);
    if (q == NULL)
        return ERR_DB;
    memset(counts, 0, sizeof(size_t) * JOIN_STATE_COUNT);
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        int state = state_from(sq_column(q, 0));
        if (state >= 0)
            counts[state] = (size_t)sqlite3_column_int64(q, 1);
    }
    sq_done(q);
    return rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot count join requests");
}

static enum err
j_list(struct store *st, enum join_state state, size_t limit,
       void (*fn)(void *ctx, const struct join_request *r), void *ctx)
{
    sqlite3_stmt *q = prepared(st, J_LIST);
    if (q == NULL)
        return ERR_DB;
    sq_bind_text(q, 1, join_state_codes[state]);
    sqlite3_bind_int64(q, 2, (int64_t)limit);
    struct join_request row;
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        read_row(q, &row);
        fn(ctx, &row);
    }
    sq_done(q);
    return rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot list join requests");
}

static enum err
j_load(struct store *st, int64_t id, struct join_request *out)
{
    sqlite3_stmt *q = prepared(st, J_BY_ID);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    enum err e = ERR_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        read_row(q, out);
        e = ERR_OK;
    } else if (rc != SQLITE_DONE) {
        e = sq_failed(st, "cannot read the join request");
    }
    sq_done(q);
    return e;
}

static enum err
j_decide(struct store *st, int64_t id, enum join_state state, const char *reason,
         int64_t decided_by, int64_t government_id, int64_t now)
{
    sqlite3_stmt *q = prepared(st, J_DECIDE);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, id);
    sq_bind_text(q, 2, join_state_codes[state]);
    sq_bind_text(q, 3, reason);
    sqlite3_bind_int64(q, 4, decided_by);
    if (government_id > 0)
        sqlite3_bind_int64(q, 5, government_id);
    else
        sqlite3_bind_null(q, 5);
    sqlite3_bind_int64(q, 6, now);
    enum err e = sq_run(st, q);
    if (e != ERR_OK || sqlite3_changes(sqlite3_db_handle(q)) > 0)
        return e;
    /* nothing changed: decided already, or no such request */
    struct join_request old;
    e = j_load(st, id, &old);
    return e == ERR_OK ? ERR_CONFLICT : e;
}

const struct join_ops sqlite_join_ops = {
    .create = j_create,
    .counts = j_counts,
    .list = j_list,
    .load = j_load,
    .decide = j_decide,
};
