/* progress.h on SQLite: every value bound, statements prepared once per connection in the
 * extra slots of sqlite_internal.h (this file owns slots 96-127). An update and its values are
 * read in one joined query, a row per value, grouped here. Indicator positions are stored as
 * indicators.position stores them, from 0, and are 1-based everywhere else. */
#include <stdio.h>
#include <string.h>

#include "store/progress_impl.h"
#include "store/sqlite_internal.h"
#include "util/xalloc.h"

#define SLOT_BASE 96

enum {
    P_FIND,
    P_INSERT,
    P_UPDATE,
    P_VALUES_DELETE,
    P_VALUE_INSERT,
    P_LIST_ACTION,
    P_LIST_ALL,
    P_LIST_ONE,
    P_SUBJECT,
    P_ACTION,
    P_READ_BEGIN,
    P_READ_END,
    P_COUNT
};

_Static_assert(SLOT_BASE + P_COUNT <= 128 && SLOT_BASE + P_COUNT <= SQ_EXTRA_STMTS,
               "sqlite_progress.c owns extra statement slots 96-127");

#define SELECT_UPDATES                                                                             \
    "SELECT u.id, u.external_id, a.external_id, u.action_id, u.date, u.implementation_status,"     \
    " u.narrative, u.evidence_url, u.author_id, u.created_at, u.updated_at,"                       \
    " v.indicator_position, v.value"                                                               \
    " FROM progress_updates u JOIN actions a ON a.id = u.action_id"                                \
    " LEFT JOIN progress_values v ON v.update_id = u.id"

/* what progress is computed from: the action's columns, then one of its indicators (read_subject())
 */
#define SUBJECT_COLUMNS                                                                            \
    "a.id, a.publication_state, a.implementation_status, a.start_date, a.end_date, a.end_tbc,"     \
    " a.created_at, i.name, i.unit, i.baseline, i.target, i.deadline"
#define SUBJECT_NCOLS 12

static const char *const sql[P_COUNT] = {
    [P_FIND] = "SELECT id, action_id, content_hash, created_at FROM progress_updates"
               " WHERE external_id = ?1",
    [P_INSERT] = "INSERT INTO progress_updates (external_id, action_id, date,"
                 " implementation_status, narrative, evidence_url, content_hash, author_id,"
                 " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [P_UPDATE] = "UPDATE progress_updates SET action_id = ?2, date = ?3,"
                 " implementation_status = ?4, narrative = ?5, evidence_url = ?6,"
                 " content_hash = ?7, created_at = ?8, updated_at = ?9 WHERE id = ?1",
    [P_VALUES_DELETE] = "DELETE FROM progress_values WHERE update_id = ?1",
    [P_VALUE_INSERT] = "INSERT INTO progress_values (update_id, indicator_position, value)"
                       " VALUES (?1, ?2, ?3)",
    [P_LIST_ACTION] = SELECT_UPDATES " WHERE u.action_id = ?1"
                                     " ORDER BY u.date, u.id, v.indicator_position",
    [P_LIST_ALL] = SELECT_UPDATES " ORDER BY u.action_id, u.date, u.id, v.indicator_position",
    [P_LIST_ONE] = SELECT_UPDATES " WHERE u.external_id = ?1 ORDER BY v.indicator_position",
    /* the action's row with its indicators, a row each, in their order (an index scan);
     * its updates then come from P_LIST_ACTION */
    [P_SUBJECT] = "SELECT " SUBJECT_COLUMNS " FROM actions a"
                  " LEFT JOIN indicators i ON i.action_id = a.id"
                  " WHERE a.external_id = ?1 ORDER BY i.position",
    /* a published action's JSON and what its progress is computed from, in one statement: the
     * action's columns with P_SUBJECT's after them, and whether it has updates at all */
    [P_ACTION] = "SELECT " SQ_ACTION_JSON_COLUMNS ", " SUBJECT_COLUMNS ","
                 " EXISTS (SELECT 1 FROM progress_updates u WHERE u.action_id = a.id)"
                 " FROM actions a LEFT JOIN indicators i ON i.action_id = a.id"
                 " WHERE a.external_id = ?1 AND a.publication_state = 'published'"
                 " ORDER BY i.position",
    /* deferred: it takes the read lock at the first read, and the ones after share it */
    [P_READ_BEGIN] = "BEGIN",
    [P_READ_END] = "COMMIT",
};

static sqlite3_stmt *
prepared(struct store *st, int id)
{
    return sq_extra_stmt(st, SLOT_BASE + (unsigned)id, sql[id]);
}

static enum err
p_find(struct store *st, const char *external_id, int64_t *id, int64_t *action_id, char hash[65],
       int64_t *created_at)
{
    sqlite3_stmt *q = prepared(st, P_FIND);
    if (q == NULL)
        return ERR_DB;
    sq_bind_text(q, 1, external_id);
    int rc = sqlite3_step(q);
    enum err e = ERR_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        if (id != NULL)
            *id = sqlite3_column_int64(q, 0);
        if (action_id != NULL)
            *action_id = sqlite3_column_int64(q, 1);
        if (hash != NULL)
            snprintf(hash, 65, "%s", sq_column(q, 2));
        if (created_at != NULL)
            *created_at = sqlite3_column_int64(q, 3);
        e = ERR_OK;
    } else if (rc != SQLITE_DONE) {
        e = sq_failed(st, "cannot read the progress update");
    }
    sq_done(q);
    return e;
}

static void
bind_content(sqlite3_stmt *q, const struct progress_update *u, const char *hash, int first)
{
    sqlite3_bind_int64(q, first, u->action_id);
    sq_bind_text(q, first + 1, u->date);
    sq_bind_text(q, first + 2, impl_status_codes[u->status]);
    sq_bind_text(q, first + 3, u->narrative);
    sq_bind_text(q, first + 4, u->evidence_url);
    sq_bind_text(q, first + 5, hash);
}

static enum err
p_put(struct store *st, struct progress_update *u, const char *hash)
{
    bool insert = u->id == 0;
    sqlite3_stmt *q = prepared(st, insert ? P_INSERT : P_UPDATE);
    if (q == NULL)
        return ERR_DB;
    if (insert) {
        sq_bind_text(q, 1, u->external_id);
        bind_content(q, u, hash, 2);
        if (u->author_id > 0)
            sqlite3_bind_int64(q, 8, u->author_id);
        else
            sqlite3_bind_null(q, 8);
        sqlite3_bind_int64(q, 9, u->created_at);
        sqlite3_bind_int64(q, 10, u->updated_at);
    } else {
        sqlite3_bind_int64(q, 1, u->id);
        bind_content(q, u, hash, 2);
        sqlite3_bind_int64(q, 8, u->created_at);
        sqlite3_bind_int64(q, 9, u->updated_at);
    }
    enum err e = sq_run(st, q);
    if (e != ERR_OK)
        return e;
    if (insert) {
        u->id = sqlite3_last_insert_rowid(sqlite3_db_handle(q));
    } else {
        q = prepared(st, P_VALUES_DELETE);
        if (q == NULL)
            return ERR_DB;
        sqlite3_bind_int64(q, 1, u->id);
        e = sq_run(st, q);
    }
    for (size_t i = 0; i < u->n_values && e == ERR_OK; i++) {
        q = prepared(st, P_VALUE_INSERT);
        if (q == NULL)
            return ERR_DB;
        sqlite3_bind_int64(q, 1, u->id);
        sqlite3_bind_int64(q, 2, u->values[i].indicator - 1);
        sqlite3_bind_double(q, 3, u->values[i].value);
        e = sq_run(st, q);
    }
    return e;
}

/* The update of the row at @q (selected with SELECT_UPDATES, its columns from @base), without
 * its values. */
static void
read_update(sqlite3_stmt *q, int base, struct progress_update *u)
{
    progress_update_init(u);
    u->id = sqlite3_column_int64(q, base);
    snprintf(u->external_id, sizeof(u->external_id), "%s", sq_column(q, base + 1));
    snprintf(u->action_external_id, sizeof(u->action_external_id), "%s", sq_column(q, base + 2));
    u->action_id = sqlite3_column_int64(q, base + 3);
    snprintf(u->date, sizeof(u->date), "%s", sq_column(q, base + 4));
    const char *status = sq_column(q, base + 5);
    int k = model_code_find(impl_status_codes, IMPL_STATUS_COUNT, status, strlen(status));
    u->status = k < 0 ? IMPL_IN_PROGRESS : (enum impl_status)k;
    /* copies: the next row of the same update replaces these texts */
    u->narrative =
        sqlite3_column_type(q, base + 6) == SQLITE_NULL ? NULL : xstrdup(sq_column(q, base + 6));
    u->evidence_url =
        sqlite3_column_type(q, base + 7) == SQLITE_NULL ? NULL : xstrdup(sq_column(q, base + 7));
    u->author_id = sqlite3_column_int64(q, base + 8);
    u->created_at = sqlite3_column_int64(q, base + 9);
    u->updated_at = sqlite3_column_int64(q, base + 10);
}

/* Calls @fn with each update of the rows of @q from the current one on (columns of
 * SELECT_UPDATES from @base); an update spans a row per value. Returns the last step's code. */
static int
group_updates(sqlite3_stmt *q, int rc, int base,
              void (*fn)(void *ctx, const struct progress_update *u), void *ctx)
{
    struct progress_update u;
    bool open = false;
    for (; rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        if (open && sqlite3_column_int64(q, base) != u.id) {
            fn(ctx, &u);
            progress_update_release(&u);
            open = false;
        }
        if (!open) {
            read_update(q, base, &u);
            open = true;
        }
        if (sqlite3_column_type(q, base + 11) != SQLITE_NULL && u.n_values < LIMIT_LIST_ITEMS) {
            u.values[u.n_values].indicator = sqlite3_column_int(q, base + 11) + 1;
            u.values[u.n_values].value = sqlite3_column_double(q, base + 12);
            u.n_values++;
        }
    }
    if (rc == SQLITE_DONE && open)
        fn(ctx, &u);
    if (open)
        progress_update_release(&u);
    return rc;
}

static enum err
p_list(struct store *st, int64_t action_id, const char *external_id,
       void (*fn)(void *ctx, const struct progress_update *u), void *ctx)
{
    int which = external_id != NULL ? P_LIST_ONE : action_id != 0 ? P_LIST_ACTION : P_LIST_ALL;
    sqlite3_stmt *q = prepared(st, which);
    if (q == NULL)
        return ERR_DB;
    if (external_id != NULL)
        sq_bind_text(q, 1, external_id);
    else if (action_id != 0)
        sqlite3_bind_int64(q, 1, action_id);
    int rc = group_updates(q, sqlite3_step(q), 0, fn, ctx);
    sq_done(q);
    return rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot list progress updates");
}

static int
code_of(sqlite3_stmt *q, int col, const char *const *codes, int n, int fallback)
{
    const char *v = sq_column(q, col);
    int k = model_code_find(codes, n, v, strlen(v));
    return k < 0 ? fallback : k;
}

/* A row of SUBJECT_COLUMNS, from column @base: the action's columns the first time, then an
 * indicator. */
static void
read_subject(sqlite3_stmt *q, int base, const char *external_id, bool first, struct action *out)
{
    if (first) {
        out->id = sqlite3_column_int64(q, base);
        out->external_id = xstrdup(external_id);
        out->publication = (enum publication_state)code_of(q, base + 1, publication_state_codes,
                                                           PUB_STATE_COUNT, PUB_DRAFT);
        out->status = (enum impl_status)code_of(q, base + 2, impl_status_codes, IMPL_STATUS_COUNT,
                                                IMPL_PLANNED);
        snprintf(out->start_date, sizeof(out->start_date), "%s", sq_column(q, base + 3));
        snprintf(out->end_date, sizeof(out->end_date), "%s", sq_column(q, base + 4));
        out->end_tbc = sqlite3_column_int(q, base + 5) != 0;
        out->created_at = sqlite3_column_int64(q, base + 6);
    }
    int i = base + 7;
    if (sqlite3_column_type(q, i) == SQLITE_NULL || out->n_indicators == LIMIT_LIST_ITEMS)
        return;
    out->indicators =
        xreallocarray(out->indicators, out->n_indicators + 1, sizeof(*out->indicators));
    struct indicator *ind = &out->indicators[out->n_indicators++];
    memset(ind, 0, sizeof(*ind));
    ind->name = xstrdup(sq_column(q, i));
    ind->unit = sqlite3_column_type(q, i + 1) == SQLITE_NULL ? NULL : xstrdup(sq_column(q, i + 1));
    ind->has_baseline = sqlite3_column_type(q, i + 2) != SQLITE_NULL;
    ind->baseline = sqlite3_column_double(q, i + 2);
    ind->has_target = sqlite3_column_type(q, i + 3) != SQLITE_NULL;
    ind->target = sqlite3_column_double(q, i + 3);
    snprintf(ind->deadline, sizeof(ind->deadline), "%s", sq_column(q, i + 4));
}

/* Appends a copy of @u, its strings duplicated, to the list @ctx. */
static void
keep_update(void *ctx, const struct progress_update *u)
{
    struct progress_list *l = ctx;
    l->items = xreallocarray(l->items, l->count + 1, sizeof(*l->items));
    struct progress_update *copy = &l->items[l->count++];
    *copy = *u;
    copy->narrative = u->narrative != NULL ? xstrdup(u->narrative) : NULL;
    copy->evidence_url = u->evidence_url != NULL ? xstrdup(u->evidence_url) : NULL;
}

/* The rows of @which for @external_id into @a: P_SUBJECT's, or P_ACTION's, whose JSON goes to
 * @json and whose last column says whether the action has updates (*has_updates). */
static enum err
subject_rows(struct store *st, int which, const char *external_id, struct buf *json,
             struct action *a, bool *has_updates)
{
    sqlite3_stmt *q = prepared(st, which);
    if (q == NULL)
        return ERR_DB;
    int base = which == P_ACTION ? SQ_ACTION_JSON_NCOLS : 0;
    sq_bind_text(q, 1, external_id);
    bool found = false;
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        if (!found && which == P_ACTION) {
            sq_action_json_row(q, json);
            *has_updates = sqlite3_column_int(q, base + SUBJECT_NCOLS) != 0;
        }
        read_subject(q, base, external_id, !found, a);
        found = true;
    }
    sq_done(q);
    if (rc != SQLITE_DONE)
        return sq_failed(st, "cannot read the action's targets");
    return found ? ERR_OK : ERR_NOT_FOUND;
}

static enum err
p_of(struct store *st, const char *external_id, struct action *out, struct progress_list *updates)
{
    enum err e = subject_rows(st, P_SUBJECT, external_id, NULL, out, NULL);
    return e == ERR_OK ? p_list(st, out->id, NULL, keep_update, updates) : e;
}

static enum err
p_read(struct store *st, bool begin)
{
    sqlite3_stmt *q = prepared(st, begin ? P_READ_BEGIN : P_READ_END);
    return q != NULL ? sq_run(st, q) : ERR_DB;
}

/* One statement answers for most actions, which have no updates; the others are read again
 * in a snapshot, so the JSON and the updates are of one state of the database. */
static enum err
p_action_json(struct store *st, const char *external_id, struct buf *out, struct action *a,
              struct progress_list *updates)
{
    size_t mark = out->len;
    bool has_updates = false;
    enum err e = subject_rows(st, P_ACTION, external_id, out, a, &has_updates);
    if (e != ERR_OK || !has_updates)
        return e;
    buf_truncate(out, mark);
    action_release(a);
    action_init(a);
    e = p_read(st, true);
    if (e != ERR_OK)
        return e;
    e = subject_rows(st, P_ACTION, external_id, out, a, &has_updates);
    if (e == ERR_OK && has_updates)
        e = p_list(st, a->id, NULL, keep_update, updates);
    (void)p_read(st, false);
    return e;
}

const struct progress_ops sqlite_progress_ops = {
    .find = p_find,
    .put = p_put,
    .of = p_of,
    .read = p_read,
    .list = p_list,
    .action_json = p_action_json,
};
