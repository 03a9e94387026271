/* accounts.h on SQLite: every value bound, statements prepared once per connection in the
 * extra slots of sqlite_internal.h (this file owns slots 0-39). */
#include <stdio.h>
#include <string.h>

#include "store/accounts_impl.h"
#include "store/sqlite_internal.h"
#include "util/text.h"

enum {
    A_USER_INSERT,
    A_USER_BY_EMAIL,
    A_USER_BY_ID,
    A_USER_PASSWORD,
    A_ROLE_INSERT,
    A_ROLES,
    A_SESSION_INSERT,
    A_SESSION_FIND,
    A_SESSION_TOUCH,
    A_SESSION_DELETE,
    A_SESSIONS_DELETE_USER,
    A_FAILURE_INSERT,
    A_FAILURES_COUNT,
    A_FAILURES_CLEAR,
    A_FAILURES_PRUNE,
    A_TOKEN_INSERT,
    A_TOKEN_FIND,
    A_TOKEN_TOUCH,
    A_TOKEN_REVOKE,
    A_TOKEN_LIST,
    A_RESET_INSERT,
    A_RESET_USE,
    A_OUTBOX_INSERT,
    A_OUTBOX_DUE,
    A_OUTBOX_SENT,
    A_OUTBOX_FAILED,
    A_USER_LANG,
    A_COUNT
};

static const char *const sql[A_COUNT] = {
    [A_USER_INSERT] = "INSERT INTO users (email, name, password_hash, created_at)"
                      " VALUES (lower(?1), ?2, ?3, ?4)",
    [A_USER_BY_EMAIL] = "SELECT id, email, name, password_hash, disabled, created_at, lang"
                        " FROM users WHERE email = lower(?1)",
    [A_USER_BY_ID] = "SELECT id, email, name, password_hash, disabled, created_at, lang"
                     " FROM users WHERE id = ?1",
    [A_USER_PASSWORD] = "UPDATE users SET password_hash = ?2 WHERE id = ?1",
    [A_ROLE_INSERT] = "INSERT OR IGNORE INTO user_roles (user_id, role, government_id)"
                      " VALUES (?1, ?2, ?3)",
    [A_ROLES] = "SELECT role, government_id FROM user_roles WHERE user_id = ?1"
                " ORDER BY role, government_id",
    [A_SESSION_INSERT] = "INSERT INTO sessions (token_hash, user_id, csrf, created_at, seen_at)"
                         " VALUES (?1, ?2, ?3, ?4, ?4)",
    [A_SESSION_FIND] = "SELECT user_id, csrf, created_at, seen_at FROM sessions"
                       " WHERE token_hash = ?1",
    [A_SESSION_TOUCH] = "UPDATE sessions SET seen_at = ?2 WHERE token_hash = ?1",
    [A_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
    [A_SESSIONS_DELETE_USER] = "DELETE FROM sessions WHERE user_id = ?1",
    [A_FAILURE_INSERT] = "INSERT INTO login_failures (key, at) VALUES (?1, ?2)",
    [A_FAILURES_COUNT] = "SELECT count(*) FROM login_failures WHERE key = ?1 AND at >= ?2",
    [A_FAILURES_CLEAR] = "DELETE FROM login_failures WHERE key = ?1",
    [A_FAILURES_PRUNE] = "DELETE FROM login_failures WHERE at < ?1",
    [A_TOKEN_INSERT] = "INSERT INTO api_tokens (user_id, name, token_hash, created_at)"
                       " VALUES (?1, ?2, ?3, ?4)",
    [A_TOKEN_FIND] = "SELECT user_id FROM api_tokens WHERE token_hash = ?1"
                     " AND revoked_at IS NULL",
    [A_TOKEN_TOUCH] = "UPDATE api_tokens SET last_used_at = ?2 WHERE token_hash = ?1",
    [A_TOKEN_REVOKE] = "UPDATE api_tokens SET revoked_at = ?3 WHERE id = ?2 AND user_id = ?1"
                       " AND revoked_at IS NULL",
    [A_TOKEN_LIST] = "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens"
                     " WHERE user_id = ?1 ORDER BY id",
    [A_RESET_INSERT] = "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)"
                       " VALUES (?1, ?2, ?3, ?4)",
    [A_RESET_USE] = "UPDATE password_resets SET used_at = ?2 WHERE token_hash = ?1"
                    " AND used_at IS NULL AND expires_at > ?2 RETURNING user_id",
    [A_OUTBOX_INSERT] = "INSERT INTO outbox (recipient, subject, body, created_at,"
                        " next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?4)",
    [A_OUTBOX_DUE] = "SELECT id, recipient, subject, body, attempts FROM outbox"
                     " WHERE sent_at IS NULL AND next_attempt_at <= ?1 ORDER BY id LIMIT ?2",
    [A_OUTBOX_SENT] = "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1 WHERE id = ?1",
    [A_OUTBOX_FAILED] = "UPDATE outbox SET attempts = attempts + 1, last_error = ?2,"
                        " next_attempt_at = ?3 WHERE id = ?1",
    [A_USER_LANG] = "UPDATE users SET lang = ?2 WHERE id = ?1",
};

#define FAILURES_KEPT_S (24 * 3600) /* older failures no longer slow anyone down */

static sqlite3_stmt *
prepared(struct store *st, int id)
{
    return sq_extra_stmt(st, (unsigned)id, sql[id]);
}

/* Runs the write @id after its parameters were bound by the caller. */
static enum err
write_stmt(struct store *st, sqlite3_stmt *q)
{
    return sq_run(st, q);
}

static enum err
a_user_create(struct store *st, const char *email, const char *name, const char *password_hash,
              int64_t now, int64_t *id)
{
    sqlite3_stmt *q = prepared(st, A_USER_INSERT);
    if (q == NULL)
        return ERR_DB;
    sq_bind_text(q, 1, email);
    sq_bind_text(q, 2, name != NULL ? name : "");
    sq_bind_text(q, 3, password_hash);
    sqlite3_bind_int64(q, 4, now);
    enum err e = write_stmt(st, q);
    if (e == ERR_OK)
        *id = sqlite3_last_insert_rowid(sqlite3_db_handle(q));
    return e;
}

static enum err
a_user_find(struct store *st, const char *email, int64_t id, struct user *out)
{
    sqlite3_stmt *q = prepared(st, email != NULL ? A_USER_BY_EMAIL : A_USER_BY_ID);
    if (q == NULL)
        return ERR_DB;
    if (email != NULL)
        sq_bind_text(q, 1, email);
    else
        sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    enum err e = ERR_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof(*out));
        out->id = sqlite3_column_int64(q, 0);
        snprintf(out->email, sizeof(out->email), "%s", sq_column(q, 1));
        snprintf(out->name, sizeof(out->name), "%s", sq_column(q, 2));
        snprintf(out->password_hash, sizeof(out->password_hash), "%s", sq_column(q, 3));
        out->disabled = sqlite3_column_int(q, 4) != 0;
        out->created_at = sqlite3_column_int64(q, 5);
        snprintf(out->lang, sizeof(out->lang), "%s", sq_column(q, 6));
        e = ERR_OK;
    } else if (rc != SQLITE_DONE) {
        e = sq_failed(st, "cannot read the account");
    }
    sq_done(q);
    return e;
}

static enum err
a_user_set_password(struct store *st, int64_t id, const char *hash)
{
    sqlite3_stmt *q = prepared(st, A_USER_PASSWORD);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, id);
    sq_bind_text(q, 2, hash);
    return write_stmt(st, q);
}

static enum err
a_user_set_lang(struct store *st, int64_t id, const char *lang)
{
    sqlite3_stmt *q = prepared(st, A_USER_LANG);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, id);
    sq_bind_text(q, 2, lang);
    enum err e = write_stmt(st, q);
    if (e == ERR_OK && sqlite3_changes(sqlite3_db_handle(q)) == 0)
        return ERR_NOT_FOUND;
    return e;
}

static enum err
a_user_role_add(struct store *st, int64_t id, enum role role, int64_t government_id)
{
    sqlite3_stmt *q = prepared(st, A_ROLE_INSERT);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, id);
    sq_bind_text(q, 2, role_codes[role]);
    if (government_id > 0)
        sqlite3_bind_int64(q, 3, government_id);
    else
        sqlite3_bind_null(q, 3);
    return write_stmt(st, q);
}

static enum err
a_user_roles(struct store *st, int64_t id, struct user_role *out, size_t cap, size_t *n)
{
    sqlite3_stmt *q = prepared(st, A_ROLES);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, id);
    *n = 0;
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        const char *code = sq_column(q, 0);
        for (int r = 0; r < ROLE_COUNT; r++) {
            if (strcmp(code, role_codes[r]) != 0)
                continue;
            if (*n < cap)
                out[*n] = (struct user_role){(enum role)r, sqlite3_column_int64(q, 1)};
            (*n)++;
        }
    }
    sq_done(q);
    return rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot read roles");
}

static enum err
a_session_create(struct store *st, const char *token_hash, int64_t user_id, const char *csrf,
                 int64_t now)
{
    sqlite3_stmt *q = prepared(st, A_SESSION_INSERT);
    if (q == NULL)
        return ERR_DB;
    sq_bind_text(q, 1, token_hash);
    sqlite3_bind_int64(q, 2, user_id);
    sq_bind_text(q, 3, csrf);
    sqlite3_bind_int64(q, 4, now);
    return write_stmt(st, q);
}

static enum err
a_session_find(struct store *st, const char *token_hash, struct session_row *out)
{
    sqlite3_stmt *q = prepared(st, A_SESSION_FIND);
    if (q == NULL)
        return ERR_DB;
    sq_bind_text(q, 1, token_hash);
    int rc = sqlite3_step(q);
    enum err e = ERR_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        out->user_id = sqlite3_column_int64(q, 0);
        snprintf(out->csrf, sizeof(out->csrf), "%s", sq_column(q, 1));
        out->created_at = sqlite3_column_int64(q, 2);
        out->seen_at = sqlite3_column_int64(q, 3);
        e = ERR_OK;
    } else if (rc != SQLITE_DONE) {
        e = sq_failed(st, "cannot read the session");
    }
    sq_done(q);
    return e;
}

/* A write keyed by one text and, optionally, one integer. */
static enum err
write_text_int(struct store *st, int id, const char *text, int64_t value, bool with_value)
{
    sqlite3_stmt *q = prepared(st, id);
    if (q == NULL)
        return ERR_DB;
    sq_bind_text(q, 1, text);
    if (with_value)
        sqlite3_bind_int64(q, 2, value);
    return write_stmt(st, q);
}

static enum err
a_session_touch(struct store *st, const char *token_hash, int64_t now)
{
    return write_text_int(st, A_SESSION_TOUCH, token_hash, now, true);
}

static enum err
a_session_delete(struct store *st, const char *token_hash)
{
    return write_text_int(st, A_SESSION_DELETE, token_hash, 0, false);
}

static enum err
a_sessions_delete_user(struct store *st, int64_t user_id)
{
    sqlite3_stmt *q = prepared(st, A_SESSIONS_DELETE_USER);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, user_id);
    return write_stmt(st, q);
}

static enum err
a_login_failure_add(struct store *st, const char *key, int64_t now)
{
    sqlite3_stmt *prune = prepared(st, A_FAILURES_PRUNE);
    if (prune == NULL)
        return ERR_DB;
    sqlite3_bind_int64(prune, 1, now - FAILURES_KEPT_S);
    enum err e = write_stmt(st, prune);
    return e == ERR_OK ? write_text_int(st, A_FAILURE_INSERT, key, now, true) : e;
}

static enum err
a_login_failures(struct store *st, const char *key, int64_t since, size_t *count)
{
    sqlite3_stmt *q = prepared(st, A_FAILURES_COUNT);
    if (q == NULL)
        return ERR_DB;
    sq_bind_text(q, 1, key);
    sqlite3_bind_int64(q, 2, since);
    int rc = sqlite3_step(q);
    *count = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(q, 0) : 0;
    sq_done(q);
    return rc == SQLITE_ROW ? ERR_OK : sq_failed(st, "cannot count failed logins");
}

static enum err
a_login_failures_clear(struct store *st, const char *key)
{
    return write_text_int(st, A_FAILURES_CLEAR, key, 0, false);
}

static enum err
a_token_create(struct store *st, int64_t user_id, const char *name, const char *token_hash,
               int64_t now, int64_t *id)
{
    sqlite3_stmt *q = prepared(st, A_TOKEN_INSERT);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, user_id);
    sq_bind_text(q, 2, name);
    sq_bind_text(q, 3, token_hash);
    sqlite3_bind_int64(q, 4, now);
    enum err e = write_stmt(st, q);
    if (e == ERR_OK)
        *id = sqlite3_last_insert_rowid(sqlite3_db_handle(q));
    return e;
}

static enum err
a_token_use(struct store *st, const char *token_hash, int64_t now, int64_t *user_id)
{
    sqlite3_stmt *q = prepared(st, A_TOKEN_FIND);
    if (q == NULL)
        return ERR_DB;
    sq_bind_text(q, 1, token_hash);
    int rc = sqlite3_step(q);
    enum err e = ERR_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        *user_id = sqlite3_column_int64(q, 0);
        e = ERR_OK;
    } else if (rc != SQLITE_DONE) {
        e = sq_failed(st, "cannot read the token");
    }
    sq_done(q);
    if (e == ERR_OK)
        e = write_text_int(st, A_TOKEN_TOUCH, token_hash, now, true);
    return e;
}

static enum err
a_token_revoke(struct store *st, int64_t user_id, int64_t id, int64_t now)
{
    sqlite3_stmt *q = prepared(st, A_TOKEN_REVOKE);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, user_id);
    sqlite3_bind_int64(q, 2, id);
    sqlite3_bind_int64(q, 3, now);
    enum err e = write_stmt(st, q);
    if (e == ERR_OK && sqlite3_changes(sqlite3_db_handle(q)) == 0)
        e = ERR_NOT_FOUND;
    return e;
}

static enum err
a_token_list(struct store *st, int64_t user_id, void (*fn)(void *ctx, const struct token_row *),
             void *ctx)
{
    sqlite3_stmt *q = prepared(st, A_TOKEN_LIST);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, user_id);
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        struct token_row row = {sqlite3_column_int64(q, 0), sq_column(q, 1),
                                sqlite3_column_int64(q, 2), sqlite3_column_int64(q, 3),
                                sqlite3_column_int64(q, 4)};
        fn(ctx, &row);
    }
    sq_done(q);
    return rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot list tokens");
}

static enum err
a_reset_create(struct store *st, const char *token_hash, int64_t user_id, int64_t now,
               int64_t expires_at)
{
    sqlite3_stmt *q = prepared(st, A_RESET_INSERT);
    if (q == NULL)
        return ERR_DB;
    sq_bind_text(q, 1, token_hash);
    sqlite3_bind_int64(q, 2, user_id);
    sqlite3_bind_int64(q, 3, now);
    sqlite3_bind_int64(q, 4, expires_at);
    return write_stmt(st, q);
}

static enum err
a_reset_use(struct store *st, const char *token_hash, int64_t now, int64_t *user_id)
{
    sqlite3_stmt *q = prepared(st, A_RESET_USE);
    if (q == NULL)
        return ERR_DB;
    sq_bind_text(q, 1, token_hash);
    sqlite3_bind_int64(q, 2, now);
    int rc = sqlite3_step(q);
    enum err e = ERR_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        *user_id = sqlite3_column_int64(q, 0);
        e = ERR_OK;
        rc = sqlite3_step(q); /* RETURNING: finish the statement so the update happens */
    }
    if (rc != SQLITE_DONE)
        e = sq_failed(st, "cannot use the reset link");
    sq_done(q);
    return e;
}

static enum err
a_outbox_add(struct store *st, const char *recipient, const char *subject, const char *body,
             int64_t now)
{
    sqlite3_stmt *q = prepared(st, A_OUTBOX_INSERT);
    if (q == NULL)
        return ERR_DB;
    sq_bind_text(q, 1, recipient);
    sq_bind_text(q, 2, subject);
    sq_bind_text(q, 3, body);
    sqlite3_bind_int64(q, 4, now);
    return write_stmt(st, q);
}

static enum err
a_outbox_due(struct store *st, int64_t now, size_t limit,
             void (*fn)(void *ctx, const struct outbox_mail *m), void *ctx)
{
    sqlite3_stmt *q = prepared(st, A_OUTBOX_DUE);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, now);
    sqlite3_bind_int64(q, 2, (int64_t)limit);
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        struct outbox_mail m = {sqlite3_column_int64(q, 0), sq_column(q, 1), sq_column(q, 2),
                                sq_column(q, 3), sqlite3_column_int(q, 4)};
        fn(ctx, &m);
    }
    sq_done(q);
    return rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot read the outbox");
}

static enum err
a_outbox_sent(struct store *st, int64_t id, int64_t now)
{
    sqlite3_stmt *q = prepared(st, A_OUTBOX_SENT);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, now);
    return write_stmt(st, q);
}

static enum err
a_outbox_failed(struct store *st, int64_t id, const char *error, int64_t next_attempt_at)
{
    sqlite3_stmt *q = prepared(st, A_OUTBOX_FAILED);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, id);
    sq_bind_text(q, 2, error);
    sqlite3_bind_int64(q, 3, next_attempt_at);
    return write_stmt(st, q);
}

const struct account_ops sqlite_account_ops = {
    .user_create = a_user_create,
    .user_find = a_user_find,
    .user_set_password = a_user_set_password,
    .user_set_lang = a_user_set_lang,
    .user_role_add = a_user_role_add,
    .user_roles = a_user_roles,
    .session_create = a_session_create,
    .session_find = a_session_find,
    .session_touch = a_session_touch,
    .session_delete = a_session_delete,
    .sessions_delete_user = a_sessions_delete_user,
    .login_failure_add = a_login_failure_add,
    .login_failures = a_login_failures,
    .login_failures_clear = a_login_failures_clear,
    .token_create = a_token_create,
    .token_use = a_token_use,
    .token_revoke = a_token_revoke,
    .token_list = a_token_list,
    .reset_create = a_reset_create,
    .reset_use = a_reset_use,
    .outbox_add = a_outbox_add,
    .outbox_due = a_outbox_due,
    .outbox_sent = a_outbox_sent,
    .outbox_failed = a_outbox_failed,
};
