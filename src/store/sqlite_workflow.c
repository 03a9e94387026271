/* workflow.h on SQLite: every value bound, statements prepared once per connection in the
 * extra slots of sqlite_internal.h (this file owns slots 40-79). The audit log is append-only
 * in the schema itself (triggers), so nothing here could rewrite it by mistake. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_internal.h"
#include "store/workflow_impl.h"
#include "util/xalloc.h"

#define SLOT_BASE 40

enum {
    W_SUB_INSERT,
    W_SUB_UPDATE,
    W_SUB_BY_ID,
    W_SUB_LATEST,
    W_SUB_LIST,
    W_SUB_COUNTS,
    W_SUB_SET_STATE,
    W_SUB_EXISTS,
    W_COMMENT_INSERT,
    W_COMMENT_LIST,
    W_AUDIT_INSERT,
    W_AUDIT_LIST,
    W_VERSION_INSERT,
    W_VERSION_LIST,
    W_COUNT
};

#define SUB_COLUMNS                                                                                \
    "SELECT id, external_id, government_id, author_id, state, record, title, created_at,"          \
    " updated_at FROM submissions"

/* the filters of struct submission_filter: NULL parameters match everything */
#define SUB_FILTER                                                                                 \
    " WHERE (?1 IS NULL OR s.government_id = ?1) AND (?2 IS NULL OR s.state = ?2)"                 \
    " AND (?3 IS NULL OR g.country = ?3)"

static const char *const sql[W_COUNT] = {
    [W_SUB_INSERT] = "INSERT INTO submissions (external_id, government_id, author_id, state,"
                     " record, title, created_at, updated_at)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    [W_SUB_UPDATE] = "UPDATE submissions SET record = ?3, title = ?4, updated_at = ?5"
                     " WHERE id = ?1 AND state = ?2",
    [W_SUB_BY_ID] = SUB_COLUMNS " WHERE id = ?1",
    [W_SUB_LATEST] = SUB_COLUMNS " WHERE external_id = ?1 ORDER BY id DESC LIMIT 1",
    [W_SUB_LIST] = "SELECT s.id, s.external_id, s.title, g.name, g.slug, g.country,"
                   " s.government_id, s.author_id, s.state, s.updated_at"
                   " FROM submissions s JOIN governments g ON g.id = s.government_id" SUB_FILTER
                   " ORDER BY s.updated_at DESC, s.id DESC LIMIT ?4",
    [W_SUB_COUNTS] = "SELECT s.state, count(*) FROM submissions s"
                     " JOIN governments g ON g.id = s.government_id" SUB_FILTER " GROUP BY s.state",
    [W_SUB_SET_STATE] = "UPDATE submissions SET state = ?3, updated_at = ?4"
                        " WHERE id = ?1 AND state = ?2",
    [W_SUB_EXISTS] = "SELECT 1 FROM submissions WHERE id = ?1",
    [W_COMMENT_INSERT] = "INSERT INTO submission_comments (submission_id, author_id, body,"
                         " created_at) VALUES (?1, ?2, ?3, ?4)",
    [W_COMMENT_LIST] = "SELECT c.id, u.name, u.email, c.body, c.created_at"
                       " FROM submission_comments c JOIN users u ON u.id = c.author_id"
                       " WHERE c.submission_id = ?1 ORDER BY c.id",
    [W_AUDIT_INSERT] = "INSERT INTO audit_log (submission_id, actor_id, at, from_state, to_state,"
                       " note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [W_AUDIT_LIST] = "SELECT a.id, u.name, u.email, a.at, a.from_state, a.to_state, a.note"
                     " FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id"
                     " WHERE a.submission_id = ?1 ORDER BY a.id",
    [W_VERSION_INSERT] = "INSERT INTO action_versions (external_id, version, record,"
                         " submission_id, published_at)"
                         " SELECT ?1, coalesce(max(version), 0) + 1, ?2, ?3, ?4"
                         " FROM action_versions WHERE external_id = ?1 RETURNING version",
    [W_VERSION_LIST] = "SELECT version, submission_id, published_at, record FROM action_versions"
                       " WHERE external_id = ?1 AND (?2 = 0 OR version = ?2) ORDER BY version",
};

static sqlite3_stmt *
prepared(struct store *st, int id)
{
    return sq_extra_stmt(st, SLOT_BASE + (unsigned)id, sql[id]);
}

/* Binds @id, or NULL when it is 0 (no such reference). */
static void
bind_id(sqlite3_stmt *q, int i, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(q, i, id);
    else
        sqlite3_bind_null(q, i);
}

static enum err
w_submission_create(struct store *st, const struct submission *in, int64_t now, int64_t *id)
{
    sqlite3_stmt *q = prepared(st, W_SUB_INSERT);
    if (q == NULL)
        return ERR_DB;
    sq_bind_text(q, 1, in->external_id);
    sqlite3_bind_int64(q, 2, in->government_id);
    sqlite3_bind_int64(q, 3, in->author_id);
    sq_bind_text(q, 4, sub_state_codes[in->state]);
    sq_bind_text(q, 5, in->record);
    sq_bind_text(q, 6, in->title);
    sqlite3_bind_int64(q, 7, now);
    enum err e = sq_run(st, q);
    if (e == ERR_OK)
        *id = sqlite3_last_insert_rowid(sqlite3_db_handle(q));
    return e;
}

/* After an UPDATE guarded by the expected state changed nothing: ERR_NOT_FOUND when the
 * submission does not exist, else ERR_CONFLICT (someone else moved it first). */
static enum err
missing_or_conflict(struct store *st, int64_t id)
{
    sqlite3_stmt *q = prepared(st, W_SUB_EXISTS);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    sq_done(q);
    if (rc == SQLITE_ROW)
        return ERR_CONFLICT;
    return rc == SQLITE_DONE ? ERR_NOT_FOUND : sq_failed(st, "cannot read the submission");
}

static enum err
w_submission_update(struct store *st, int64_t id, enum sub_state expected, const char *record,
                    const char *title, int64_t now)
{
    sqlite3_stmt *q = prepared(st, W_SUB_UPDATE);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, id);
    sq_bind_text(q, 2, sub_state_codes[expected]);
    sq_bind_text(q, 3, record);
    sq_bind_text(q, 4, title);
    sqlite3_bind_int64(q, 5, now);
    enum err e = sq_run(st, q);
    if (e == ERR_OK && sqlite3_changes(sqlite3_db_handle(q)) == 0)
        e = missing_or_conflict(st, id);
    return e;
}

static enum err
w_submission_load(struct store *st, int64_t id, const char *external_id, struct submission *out)
{
    sqlite3_stmt *q = prepared(st, external_id != NULL ? W_SUB_LATEST : W_SUB_BY_ID);
    if (q == NULL)
        return ERR_DB;
    if (external_id != NULL)
        sq_bind_text(q, 1, external_id);
    else
        sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    enum err e = ERR_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        int state = sub_state_find(sq_column(q, 4));
        memset(out, 0, sizeof(*out));
        out->id = sqlite3_column_int64(q, 0);
        snprintf(out->external_id, sizeof(out->external_id), "%s", sq_column(q, 1));
        out->government_id = sqlite3_column_int64(q, 2);
        out->author_id = sqlite3_column_int64(q, 3);
        out->state = state < 0 ? SUB_DRAFT : (enum sub_state)state;
        out->record = xstrdup(sq_column(q, 5));
        out->title = xstrdup(sq_column(q, 6));
        out->created_at = sqlite3_column_int64(q, 7);
        out->updated_at = sqlite3_column_int64(q, 8);
        e = ERR_OK;
    } else if (rc != SQLITE_DONE) {
        e = sq_failed(st, "cannot read the submission");
    }
    sq_done(q);
    return e;
}

static void
bind_filter(sqlite3_stmt *q, const struct submission_filter *f, bool with_state)
{
    bind_id(q, 1, f->government_id);
    if (with_state && f->state >= 0 && f->state < SUB_STATE_COUNT)
        sq_bind_text(q, 2, sub_state_codes[f->state]);
    else
        sqlite3_bind_null(q, 2);
    sq_bind_text(q, 3, f->country);
}

static enum err
w_submission_list(struct store *st, const struct submission_filter *f,
                  void (*fn)(void *ctx, const struct submission_row *row), void *ctx)
{
    sqlite3_stmt *q = prepared(st, W_SUB_LIST);
    if (q == NULL)
        return ERR_DB;
    bind_filter(q, f, true);
    sqlite3_bind_int(q, 4, SUBMISSION_LIST_MAX);
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        int state = sub_state_find(sq_column(q, 8));
        struct submission_row row = {
            .id = sqlite3_column_int64(q, 0),
            .external_id = sq_column(q, 1),
            .title = sq_column(q, 2),
            .government_name = sq_column(q, 3),
            .government_slug = sq_column(q, 4),
            .country = sq_column(q, 5),
            .government_id = sqlite3_column_int64(q, 6),
            .author_id = sqlite3_column_int64(q, 7),
            .state = state < 0 ? SUB_DRAFT : (enum sub_state)state,
            .updated_at = sqlite3_column_int64(q, 9),
        };
        fn(ctx, &row);
    }
    sq_done(q);
    return rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot list submissions");
}

static enum err
w_submission_counts(struct store *st, const struct submission_filter *f,
                    size_t counts[SUB_STATE_COUNT])
{
    sqlite3_stmt *q = prepared(st, W_SUB_COUNTS);
    if (q == NULL)
        return ERR_DB;
    bind_filter(q, f, false);
    memset(counts, 0, SUB_STATE_COUNT * sizeof(counts[0]));
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        int state = sub_state_find(sq_column(q, 0));
        if (state >= 0)
            counts[state] = (size_t)sqlite3_column_int64(q, 1);
    }
    sq_done(q);
    return rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot count submissions");
}

static enum err
w_submission_set_state(struct store *st, int64_t id, enum sub_state from, enum sub_state to,
                       int64_t now)
{
    sqlite3_stmt *q = prepared(st, W_SUB_SET_STATE);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, id);
    sq_bind_text(q, 2, sub_state_codes[from]);
    sq_bind_text(q, 3, sub_state_codes[to]);
    sqlite3_bind_int64(q, 4, now);
    enum err e = sq_run(st, q);
    if (e == ERR_OK && sqlite3_changes(sqlite3_db_handle(q)) == 0)
        e = missing_or_conflict(st, id);
    return e;
}

static enum err
w_comment_add(struct store *st, int64_t submission_id, int64_t author_id, const char *body,
              int64_t now)
{
    sqlite3_stmt *q = prepared(st, W_COMMENT_INSERT);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, submission_id);
    sqlite3_bind_int64(q, 2, author_id);
    sq_bind_text(q, 3, body);
    sqlite3_bind_int64(q, 4, now);
    return sq_run(st, q);
}

static enum err
w_comment_list(struct store *st, int64_t submission_id,
               void (*fn)(void *ctx, const struct comment_row *row), void *ctx)
{
    sqlite3_stmt *q = prepared(st, W_COMMENT_LIST);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, submission_id);
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        struct comment_row row = {sqlite3_column_int64(q, 0), sq_column(q, 1), sq_column(q, 2),
                                  sq_column(q, 3), sqlite3_column_int64(q, 4)};
        fn(ctx, &row);
    }
    sq_done(q);
    return rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot list comments");
}

static enum err
w_audit_add(struct store *st, int64_t submission_id, int64_t actor_id, int64_t at, const char *from,
            const char *to, const char *note)
{
    sqlite3_stmt *q = prepared(st, W_AUDIT_INSERT);
    if (q == NULL)
        return ERR_DB;
    bind_id(q, 1, submission_id);
    bind_id(q, 2, actor_id);
    sqlite3_bind_int64(q, 3, at);
    sq_bind_text(q, 4, from);
    sq_bind_text(q, 5, to);
    sq_bind_text(q, 6, note != NULL && note[0] != '\0' ? note : NULL);
    return sq_run(st, q);
}

static enum err
w_audit_list(struct store *st, int64_t submission_id,
             void (*fn)(void *ctx, const struct audit_row *row), void *ctx)
{
    sqlite3_stmt *q = prepared(st, W_AUDIT_LIST);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, submission_id);
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        struct audit_row row = {sqlite3_column_int64(q, 0),
                                sq_column(q, 1),
                                sq_column(q, 2),
                                sqlite3_column_int64(q, 3),
                                sq_column(q, 4),
                                sq_column(q, 5),
                                sq_column(q, 6)};
        fn(ctx, &row);
    }
    sq_done(q);
    return rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot read the audit log");
}

static enum err
w_version_add(struct store *st, const char *external_id, const char *record, int64_t submission_id,
              int64_t now, int *version)
{
    sqlite3_stmt *q = prepared(st, W_VERSION_INSERT);
    if (q == NULL)
        return ERR_DB;
    sq_bind_text(q, 1, external_id);
    sq_bind_text(q, 2, record);
    bind_id(q, 3, submission_id);
    sqlite3_bind_int64(q, 4, now);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *version = sqlite3_column_int(q, 0);
        rc = sqlite3_step(q); /* RETURNING: finish the statement so the insert happens */
    }
    enum err e = rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot keep the version");
    sq_done(q);
    return e;
}

static enum err
w_version_list(struct store *st, const char *external_id, int version,
               void (*fn)(void *ctx, const struct version_row *row), void *ctx)
{
    sqlite3_stmt *q = prepared(st, W_VERSION_LIST);
    if (q == NULL)
        return ERR_DB;
    sq_bind_text(q, 1, external_id);
    sqlite3_bind_int(q, 2, version);
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        struct version_row row = {sqlite3_column_int(q, 0), sqlite3_column_int64(q, 1),
                                  sqlite3_column_int64(q, 2), sq_column(q, 3)};
        fn(ctx, &row);
    }
    sq_done(q);
    return rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot list versions");
}

const struct workflow_ops sqlite_workflow_ops = {
    .submission_create = w_submission_create,
    .submission_update = w_submission_update,
    .submission_load = w_submission_load,
    .submission_list = w_submission_list,
    .submission_counts = w_submission_counts,
    .submission_set_state = w_submission_set_state,
    .comment_add = w_comment_add,
    .comment_list = w_comment_list,
    .audit_add = w_audit_add,
    .audit_list = w_audit_list,
    .version_add = w_version_add,
    .version_list = w_version_list,
};
