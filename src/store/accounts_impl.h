/* What a storage backend implements for accounts.h; only accounts.c and backends include it. */
#ifndef LOCALACTION_ACCOUNTS_IMPL_H
#define LOCALACTION_ACCOUNTS_IMPL_H

#include "store/accounts.h"

struct account_ops {
    enum err (*user_create)(struct store *st, const char *email, const char *name,
                            const char *password_hash, int64_t now, int64_t *id);
    enum err (*user_find)(struct store *st, const char *email, int64_t id, struct user *out);
    enum err (*user_set_password)(struct store *st, int64_t id, const char *hash);
    enum err (*user_set_lang)(struct store *st, int64_t id, const char *lang);
    enum err (*user_role_add)(struct store *st, int64_t id, enum role role, int64_t government_id);
    enum err (*user_roles)(struct store *st, int64_t id, struct user_role *out, size_t cap,
                           size_t *n);
    enum err (*session_create)(struct store *st, const char *token_hash, int64_t user_id,
                               const char *csrf, int64_t now);
    enum err (*session_find)(struct store *st, const char *token_hash, struct session_row *out);
    enum err (*session_touch)(struct store *st, const char *token_hash, int64_t now);
    enum err (*session_delete)(struct store *st, const char *token_hash);
    enum err (*sessions_delete_user)(struct store *st, int64_t user_id);
    enum err (*login_failure_add)(struct store *st, const char *key, int64_t now);
    enum err (*login_failures)(struct store *st, const char *key, int64_t since, size_t *count);
    enum err (*login_failures_clear)(struct store *st, const char *key);
    enum err (*token_create)(struct store *st, int64_t user_id, const char *name,
                             const char *token_hash, int64_t now, int64_t *id);
    enum err (*token_use)(struct store *st, const char *token_hash, int64_t now, int64_t *user_id);
    enum err (*token_revoke)(struct store *st, int64_t user_id, int64_t id, int64_t now);
    enum err (*token_list)(struct store *st, int64_t user_id,
                           void (*fn)(void *ctx, const struct token_row *row), void *ctx);
    enum err (*reset_create)(struct store *st, const char *token_hash, int64_t user_id, int64_t now,
                             int64_t expires_at);
    enum err (*reset_use)(struct store *st, const char *token_hash, int64_t now, int64_t *user_id);
    enum err (*outbox_add)(struct store *st, const char *recipient, const char *subject,
                           const char *body, int64_t now);
    enum err (*outbox_due)(struct store *st, int64_t now, size_t limit,
                           void (*fn)(void *ctx, const struct outbox_mail *m), void *ctx);
    enum err (*outbox_sent)(struct store *st, int64_t id, int64_t now);
    enum err (*outbox_failed)(struct store *st, int64_t id, const char *error,
                              int64_t next_attempt_at);
};

extern const struct account_ops sqlite_account_ops;

#endif
