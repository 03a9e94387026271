/* Dispatch of accounts.h to the connection's backend. */
#include "store/accounts_impl.h"
#include "store/store_impl.h"

const char *const role_codes[ROLE_COUNT] = {"focal_point", "network_coordinator", "reviewer",
                                            "donor", "admin"};

#define OPS(st) ((st)->ops->accounts)

enum err
store_user_create(struct store *st, const char *email, const char *name, const char *password_hash,
                  int64_t now, int64_t *id)
{
    return OPS(st)->user_create(st, email, name, password_hash, now, id);
}

enum err
store_user_find(struct store *st, const char *email, struct user *out)
{
    return OPS(st)->user_find(st, email, 0, out);
}

enum err
store_user_load(struct store *st, int64_t id, struct user *out)
{
    return OPS(st)->user_find(st, NULL, id, out);
}

enum err
store_user_set_password(struct store *st, int64_t id, const char *hash)
{
    return OPS(st)->user_set_password(st, id, hash);
}

enum err
store_user_set_lang(struct store *st, int64_t id, const char *lang)
{
    return OPS(st)->user_set_lang(st, id, lang);
}

enum err
store_user_role_add(struct store *st, int64_t id, enum role role, int64_t government_id)
{
    return OPS(st)->user_role_add(st, id, role, government_id);
}

enum err
store_user_roles(struct store *st, int64_t id, struct user_role *out, size_t cap, size_t *n)
{
    return OPS(st)->user_roles(st, id, out, cap, n);
}

enum err
store_session_create(struct store *st, const char *token_hash, int64_t user_id, const char *csrf,
                     int64_t now)
{
    return OPS(st)->session_create(st, token_hash, user_id, csrf, now);
}

enum err
store_session_find(struct store *st, const char *token_hash, struct session_row *out)
{
    return OPS(st)->session_find(st, token_hash, out);
}

enum err
store_session_touch(struct store *st, const char *token_hash, int64_t now)
{
    return OPS(st)->session_touch(st, token_hash, now);
}

enum err
store_session_delete(struct store *st, const char *token_hash)
{
    return OPS(st)->session_delete(st, token_hash);
}

enum err
store_sessions_delete_user(struct store *st, int64_t user_id)
{
    return OPS(st)->sessions_delete_user(st, user_id);
}

enum err
store_login_failure_add(struct store *st, const char *key, int64_t now)
{
    return OPS(st)->login_failure_add(st, key, now);
}

enum err
store_login_failures(struct store *st, const char *key, int64_t since, size_t *count)
{
    return OPS(st)->login_failures(st, key, since, count);
}

enum err
store_login_failures_clear(struct store *st, const char *key)
{
    return OPS(st)->login_failures_clear(st, key);
}

enum err
store_token_create(struct store *st, int64_t user_id, const char *name, const char *token_hash,
                   int64_t now, int64_t *id)
{
    return OPS(st)->token_create(st, user_id, name, token_hash, now, id);
}

enum err
store_token_use(struct store *st, const char *token_hash, int64_t now, int64_t *user_id)
{
    return OPS(st)->token_use(st, token_hash, now, user_id);
}

enum err
store_token_revoke(struct store *st, int64_t user_id, int64_t id, int64_t now)
{
    return OPS(st)->token_revoke(st, user_id, id, now);
}

enum err
store_token_list(struct store *st, int64_t user_id,
                 void (*fn)(void *ctx, const struct token_row *row), void *ctx)
{
    return OPS(st)->token_list(st, user_id, fn, ctx);
}

enum err
store_reset_create(struct store *st, const char *token_hash, int64_t user_id, int64_t now,
                   int64_t expires_at)
{
    return OPS(st)->reset_create(st, token_hash, user_id, now, expires_at);
}

enum err
store_reset_use(struct store *st, const char *token_hash, int64_t now, int64_t *user_id)
{
    return OPS(st)->reset_use(st, token_hash, now, user_id);
}

enum err
store_outbox_add(struct store *st, const char *recipient, const char *subject, const char *body,
                 int64_t now)
{
    return OPS(st)->outbox_add(st, recipient, subject, body, now);
}

enum err
store_outbox_due(struct store *st, int64_t now, size_t limit,
                 void (*fn)(void *ctx, const struct outbox_mail *m), void *ctx)
{
    return OPS(st)->outbox_due(st, now, limit, fn, ctx);
}

enum err
store_outbox_sent(struct store *st, int64_t id, int64_t now)
{
    return OPS(st)->outbox_sent(st, id, now);
}

enum err
store_outbox_failed(struct store *st, int64_t id, const char *error, int64_t next_attempt_at)
{
    return OPS(st)->outbox_failed(st, id, error, next_attempt_at);
}
