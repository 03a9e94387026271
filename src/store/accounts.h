/* What the store keeps about people: accounts and their roles, sessions, API tokens, failed
 * logins (for throttling), password-reset links, and the outbox of mail to send. Secrets are
 * never stored: sessions, tokens and reset links are kept as hashes of the random values the
 * person holds, passwords as argon2id strings. Part of the storage interface (store.h). */
#ifndef LOCALACTION_ACCOUNTS_H
#define LOCALACTION_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define ACCOUNT_EMAIL_MAX  254
#define ACCOUNT_NAME_MAX   200
#define SECRET_HASH_HEX    64 /* a 32-byte hash in hex */
#define ACCOUNT_LANG_BYTES 8  /* a language code ("en", "fr", "es") and its NUL */

enum role {
    ROLE_FOCAL_POINT,         /* submits for the governments it is attached to */
    ROLE_NETWORK_COORDINATOR, /* submits for the member governments it is attached to */
    ROLE_REVIEWER,            /* the secretariat: reviews and publishes */
    ROLE_DONOR,
    ROLE_ADMIN,
    ROLE_COUNT
};

extern const char *const role_codes[ROLE_COUNT];

struct user {
    int64_t id;
    char email[ACCOUNT_EMAIL_MAX + 1];
    char name[ACCOUNT_NAME_MAX * 4 + 1];
    char password_hash[160];       /* "" when none is set yet */
    char lang[ACCOUNT_LANG_BYTES]; /* the language mail is written in: "en" (the default) */
    bool disabled;
    int64_t created_at;
};

struct user_role {
    enum role role;
    int64_t government_id; /* 0: not tied to a government */
};

#define USER_ROLES_MAX 64

struct session_row {
    int64_t user_id;
    char csrf[SECRET_HASH_HEX + 1]; /* the form token: random text, not a credential alone */
    int64_t created_at, seen_at;
};

struct outbox_mail {
    int64_t id;
    const char *recipient, *subject, *body; /* borrowed during the callback */
    int attempts;
};

/* Accounts */
/** Creates an account; ERR_CONFLICT when the e-mail (compared in lower case) is taken.
 * @password_hash may be NULL (the person sets it from an invitation). */
WARN_UNUSED enum err store_user_create(struct store *st, const char *email, const char *name,
                                       const char *password_hash, int64_t now, int64_t *id);
/** The account with this e-mail (any case), or ERR_NOT_FOUND. */
WARN_UNUSED enum err store_user_find(struct store *st, const char *email, struct user *out);
WARN_UNUSED enum err store_user_load(struct store *st, int64_t id, struct user *out);
WARN_UNUSED enum err store_user_set_password(struct store *st, int64_t id, const char *hash);
/** Sets the language of account @id's mail to @lang (a code the caller checked: "en", "fr",
 * "es"). ERR_NOT_FOUND when there is no such account. */
WARN_UNUSED enum err store_user_set_lang(struct store *st, int64_t id, const char *lang);
WARN_UNUSED enum err store_user_role_add(struct store *st, int64_t id, enum role role,
                                         int64_t government_id);
/** The roles of account @id into @out (at most @cap); *n is how many there are. */
WARN_UNUSED enum err store_user_roles(struct store *st, int64_t id, struct user_role *out,
                                      size_t cap, size_t *n);

/* Sessions */
WARN_UNUSED enum err store_session_create(struct store *st, const char *token_hash, int64_t user_id,
                                          const char *csrf, int64_t now);
/** The session whose token hashes to @token_hash, or ERR_NOT_FOUND. */
WARN_UNUSED enum err store_session_find(struct store *st, const char *token_hash,
                                        struct session_row *out);
WARN_UNUSED enum err store_session_touch(struct store *st, const char *token_hash, int64_t now);
WARN_UNUSED enum err store_session_delete(struct store *st, const char *token_hash);
/** Ends every session of account @user_id ("log out everywhere"). */
WARN_UNUSED enum err store_sessions_delete_user(struct store *st, int64_t user_id);

/* Throttling */
WARN_UNUSED enum err store_login_failure_add(struct store *st, const char *key, int64_t now);
/** How many failures @key has had since @since. */
WARN_UNUSED enum err store_login_failures(struct store *st, const char *key, int64_t since,
                                          size_t *count);
WARN_UNUSED enum err store_login_failures_clear(struct store *st, const char *key);

/* API tokens */
WARN_UNUSED enum err store_token_create(struct store *st, int64_t user_id, const char *name,
                                        const char *token_hash, int64_t now, int64_t *id);
/** The account of the unrevoked token hashing to @token_hash, or ERR_NOT_FOUND; notes its use. */
WARN_UNUSED enum err store_token_use(struct store *st, const char *token_hash, int64_t now,
                                     int64_t *user_id);
/** Revokes token @id of account @user_id; ERR_NOT_FOUND when it has no such live token. */
WARN_UNUSED enum err store_token_revoke(struct store *st, int64_t user_id, int64_t id, int64_t now);
struct token_row {
    int64_t id;
    const char *name; /* borrowed */
    int64_t created_at, last_used_at, revoked_at;
};
WARN_UNUSED enum err store_token_list(struct store *st, int64_t user_id,
                                      void (*fn)(void *ctx, const struct token_row *row),
                                      void *ctx);

/* Password reset links */
WARN_UNUSED enum err store_reset_create(struct store *st, const char *token_hash, int64_t user_id,
                                        int64_t now, int64_t expires_at);
/** Marks the unused, unexpired link @token_hash used and gives its account; ERR_NOT_FOUND
 * otherwise (expired, used, or unknown: the caller says the same for all three). */
WARN_UNUSED enum err store_reset_use(struct store *st, const char *token_hash, int64_t now,
                                     int64_t *user_id);

/* Outbox */
/** Queues a mail, to be sent by the mail worker; part of the caller's transaction. */
WARN_UNUSED enum err store_outbox_add(struct store *st, const char *recipient, const char *subject,
                                      const char *body, int64_t now);
/** Calls @fn for up to @limit unsent mails due at @now, oldest first. */
WARN_UNUSED enum err store_outbox_due(struct store *st, int64_t now, size_t limit,
                                      void (*fn)(void *ctx, const struct outbox_mail *m),
                                      void *ctx);
WARN_UNUSED enum err store_outbox_sent(struct store *st, int64_t id, int64_t now);
WARN_UNUSED enum err store_outbox_failed(struct store *st, int64_t id, const char *error,
                                         int64_t next_attempt_at);

#endif
