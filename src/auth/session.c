/* Sessions in the database, behind an opaque random cookie whose hash is the key; API tokens
 * the same way. Sign-in is throttled per account and per address by counting recent failures,
 * and an unknown e-mail costs the same argon2id work as a wrong password. */
#include "auth/session.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/password.h"
#include "util/text.h"

#define TOUCH_EVERY_S 60 /* seen_at is written at most this often per session */

static enum err
load_person(struct store *st, int64_t user_id, struct viewer *out)
{
    enum err e = store_user_load(st, user_id, &out->user);
    if (e != ERR_OK)
        return e == ERR_NOT_FOUND ? ERR_OK : e;
    if (out->user.disabled)
        return ERR_OK;
    e = store_user_roles(st, user_id, out->roles, USER_ROLES_MAX, &out->n_roles);
    if (out->n_roles > USER_ROLES_MAX)
        out->n_roles = USER_ROLES_MAX;
    if (e == ERR_OK)
        out->signed_in = true;
    return e;
}

enum err
session_viewer(struct request *req, struct store *st, struct store *writer, struct viewer *out)
{
    memset(out, 0, sizeof(*out));
    int64_t now = (int64_t)time(NULL);
    char secret[SECRET_TEXT_MAX];
    if (req->authorization != NULL && strncmp(req->authorization, "Bearer ", 7) == 0) {
        const char *token = req->authorization + 7;
        char hash[SECRET_HASH_LEN];
        int64_t user_id;
        secret_hash(token, strlen(token), hash);
        enum err e = writer != NULL ? store_token_use(writer, hash, now, &user_id) : ERR_NOT_FOUND;
        if (e == ERR_NOT_FOUND)
            return ERR_OK;
        if (e != ERR_OK)
            return e;
        out->via_token = true;
        return load_person(st, user_id, out);
    }
    if (!http_cookie(req, SESSION_COOKIE, secret, sizeof(secret)))
        return ERR_OK;
    secret_hash(secret, strlen(secret), out->session_hash);
    struct session_row row;
    enum err e = store_session_find(st, out->session_hash, &row);
    if (e == ERR_NOT_FOUND)
        return ERR_OK;
    if (e != ERR_OK)
        return e;
    bool expired = now - row.seen_at > SESSION_IDLE_S || now - row.created_at > SESSION_ABSOLUTE_S;
    if (expired) {
        if (writer != NULL)
            e = store_session_delete(writer, out->session_hash);
        return e;
    }
    if (writer != NULL && now - row.seen_at >= TOUCH_EVERY_S) {
        e = store_session_touch(writer, out->session_hash, now);
        if (e != ERR_OK)
            return e;
    }
    snprintf(out->csrf, sizeof(out->csrf), "%s", row.csrf);
    return load_person(st, row.user_id, out);
}

bool
viewer_can(const struct viewer *v, enum role role, int64_t government_id)
{
    if (!v->signed_in)
        return false;
    for (size_t i = 0; i < v->n_roles; i++) {
        const struct user_role *r = &v->roles[i];
        if (r->role == ROLE_ADMIN)
            return true;
        if (r->role != role)
            continue;
        if (government_id == 0 || r->government_id == 0 || r->government_id == government_id)
            return true;
    }
    return false;
}

/* "Secure" when the connection is TLS or a trusted proxy says it was. */
static const char *
secure_flag(const struct request *req)
{
    return req->secure ? "; Secure" : "";
}

static enum err
throttled(struct store *st, const char *email, const char *address, bool *out)
{
    char key[ACCOUNT_EMAIL_MAX + 16];
    size_t account = 0, by_address = 0;
    int64_t since = (int64_t)time(NULL) - THROTTLE_WINDOW_S;
    snprintf(key, sizeof(key), "account:%s", email);
    enum err e = store_login_failures(st, key, since, &account);
    if (e == ERR_OK && address[0] != '\0') {
        snprintf(key, sizeof(key), "address:%s", address);
        e = store_login_failures(st, key, since, &by_address);
    }
    *out = account >= THROTTLE_ACCOUNT || by_address >= THROTTLE_ADDRESS;
    return e;
}

static enum err
note_failure(struct store *st, const char *email, const char *address, int64_t now)
{
    char key[ACCOUNT_EMAIL_MAX + 16];
    snprintf(key, sizeof(key), "account:%s", email);
    enum err e = store_login_failure_add(st, key, now);
    if (e == ERR_OK && address[0] != '\0') {
        snprintf(key, sizeof(key), "address:%s", address);
        e = store_login_failure_add(st, key, now);
    }
    return e;
}

/* A hash made like every other, verified when the account does not exist, so that an unknown
 * e-mail costs the same time as a wrong password. */
static char dummy_hash[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy_hash(void)
{
    char secret[SECRET_TEXT_MAX];
    secret_new(secret);
    if (password_hash(secret, dummy_hash) != ERR_OK)
        dummy_hash[0] = '\0';
}

enum err
session_login(struct request *req, struct response *res, struct store *writer, const char *email,
              const char *password, enum login_result *result, struct viewer *out)
{
    char folded[ACCOUNT_EMAIL_MAX + 1];
    int64_t now = (int64_t)time(NULL);
    *result = LOGIN_REFUSED;
    memset(out, 0, sizeof(*out));
    size_t len = strlen(email);
    if (len == 0 || len > ACCOUNT_EMAIL_MAX || strlen(password) > PASSWORD_MAX_BYTES)
        return ERR_OK;
    for (size_t i = 0; i <= len; i++)
        folded[i] = (char)(email[i] >= 'A' && email[i] <= 'Z' ? email[i] + 32 : email[i]);

    bool slow = false;
    enum err e = store_begin(writer);
    if (e == ERR_OK)
        e = throttled(writer, folded, req->remote_addr, &slow);
    if (e == ERR_OK && slow) {
        *result = LOGIN_THROTTLED;
        store_rollback(writer);
        return ERR_OK;
    }
    struct user user;
    enum err found = e == ERR_OK ? store_user_find(writer, folded, &user) : e;
    if (found != ERR_OK && found != ERR_NOT_FOUND) {
        store_rollback(writer);
        return found;
    }
    pthread_once(&dummy_once, make_dummy_hash);
    bool ok = password_verify(password, found == ERR_OK ? user.password_hash : dummy_hash) &&
              found == ERR_OK && !user.disabled;
    if (!ok) {
        e = note_failure(writer, folded, req->remote_addr, now);
        if (e == ERR_OK)
            e = store_commit(writer);
        else
            store_rollback(writer);
        return e;
    }
    char secret[SECRET_TEXT_MAX], csrf[SECRET_TEXT_MAX], hash[SECRET_HASH_LEN];
    char key[ACCOUNT_EMAIL_MAX + 16];
    secret_new(secret);
    secret_new(csrf);
    secret_hash(secret, strlen(secret), hash);
    snprintf(key, sizeof(key), "account:%s", folded);
    e = store_session_create(writer, hash, user.id, csrf, now);
    if (e == ERR_OK)
        e = store_login_failures_clear(writer, key);
    if (e == ERR_OK)
        e = store_commit(writer);
    else
        store_rollback(writer);
    if (e != ERR_OK)
        return e;
    http_set_cookie(res, SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s", secret,
                    SESSION_ABSOLUTE_S, secure_flag(req));
    *result = LOGIN_OK;
    snprintf(out->csrf, sizeof(out->csrf), "%s", csrf);
    memcpy(out->session_hash, hash, sizeof(hash));
    return load_person(writer, user.id, out);
}

enum err
session_logout(struct request *req, struct response *res, struct store *writer,
               const struct viewer *v, bool everywhere)
{
    enum err e = ERR_OK;
    if (v->signed_in && !v->via_token) {
        e = everywhere ? store_sessions_delete_user(writer, v->user.id)
                       : store_session_delete(writer, v->session_hash);
    }
    http_set_cookie(res, SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s",
                    secure_flag(req));
    return e;
}

bool
session_csrf_ok(const struct request *req, const struct viewer *v)
{
    if (v->via_token)
        return true;
    const char *sent = http_form(req, "csrf");
    return v->signed_in && sent != NULL && secret_equal(sent, v->csrf);
}
