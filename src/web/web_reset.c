/* Password reset: asking for a link (the answer never says whether an account exists), and
 * setting a new password through it. A link is a random secret kept hashed, used once, good
 * for RESET_LINK_S; using it ends every session of the account. Asking is throttled per
 * e-mail and per client address, so the form cannot flood an inbox. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/password.h"
#include "auth/secret.h"
#include "http/app.h"
#include "http/router.h"
#include "mail/compose.h"
#include "store/accounts.h"
#include "util/log.h"
#include "util/text.h"
#include "web/page.h"
#include "web/web.h"

#define RESET_LINK_S       3600 /* a link works this long */
#define RESET_PER_EMAIL    3    /* links asked for one e-mail per throttle window */
#define RESET_PER_ADDRESS  10   /* links asked from one client address per window */
#define RESET_LINK_PATH    "/reset/"
#define RESET_KEY_MAX      (ACCOUNT_EMAIL_MAX + 16)
#define RESET_LINK_URL_MAX (APP_BASE_URL_MAX + sizeof(RESET_LINK_PATH) + SECRET_TEXT_MAX)

/* Finishes @p as the page asking for a link; @sent: the answer after asking. */
static void
request_page(struct page *p, int status, const char *error_key, bool sent)
{
    json_object_set_new(p->ctx, "csrf", json_string(page_form_token(p)));
    const char *email = http_form(p->req, "email");
    json_object_set_new(p->ctx, "email", json_string(email != NULL && !sent ? email : ""));
    if (error_key != NULL)
        json_object_set_new(p->ctx, "error", json_string(page_t(p, error_key)));
    json_object_set_new(p->ctx, "sent", json_boolean(sent));
    struct response *res = p->res;
    page_finish(p, "reset_request", page_t(p, "reset_title"));
    res->status = status;
}

void
web_reset_form(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "account");
    request_page(&p, 200, NULL, false);
}

/* @email in lower case (ASCII), as accounts are matched; false when it cannot be one. */
static bool
fold_email(const char *email, char out[ACCOUNT_EMAIL_MAX + 1])
{
    size_t len = email != NULL ? strlen(email) : 0;
    if (len == 0 || len > ACCOUNT_EMAIL_MAX)
        return false;
    for (size_t i = 0; i <= len; i++)
        out[i] = (char)(email[i] >= 'A' && email[i] <= 'Z' ? email[i] + 32 : email[i]);
    return true;
}

/* Counts this request against @email and the client's address, within the open transaction;
 * *slow when either has asked too often lately. */
static enum err
throttle(struct store *w, const struct request *req, const char *email, int64_t now, bool *slow)
{
    char key[RESET_KEY_MAX];
    size_t by_email = 0, by_address = 0;
    int64_t since = now - THROTTLE_WINDOW_S;
    snprintf(key, sizeof(key), "reset:%s", email);
    enum err e = store_login_failures(w, key, since, &by_email);
    if (e == ERR_OK)
        e = store_login_failure_add(w, key, now);
    if (e == ERR_OK && req->remote_addr[0] != '\0') {
        snprintf(key, sizeof(key), "reset-from:%s", req->remote_addr);
        e = store_login_failures(w, key, since, &by_address);
        if (e == ERR_OK)
            e = store_login_failure_add(w, key, now);
    }
    *slow = by_email >= RESET_PER_EMAIL || by_address >= RESET_PER_ADDRESS;
    return e;
}

/* Creates a link for @user and queues its mail in the account's language, within the open
 * transaction. */
static enum err
queue_link(struct request *req, struct store *w, const struct user *user, int64_t now)
{
    char token[SECRET_TEXT_MAX], hash[SECRET_HASH_LEN], base[APP_BASE_URL_MAX];
    char link[RESET_LINK_URL_MAX];
    secret_new(token);
    secret_hash(token, strlen(token), hash);
    app_base_url(req->app, base, sizeof(base));
    snprintf(link, sizeof(link), "%s%s%s", base, RESET_LINK_PATH, token);
    enum err e = store_reset_create(w, hash, user->id, now, now + RESET_LINK_S);
    const char *name = user->name[0] != '\0' ? user->name : user->email;
    const char *vars[] = {"name", name, "link", link, NULL};
    if (e == ERR_OK)
        e = mail_queue(w, lang_stored(user->lang), user->email, "reset", vars);
    sodium_memzero(token, sizeof(token));
    sodium_memzero(link, sizeof(link));
    return e;
}

void
web_reset_request(struct request *req, struct response *res)
{
    char email[ACCOUNT_EMAIL_MAX + 1];
    struct page p;
    page_begin(&p, req, res, "account");
    if (!page_form_token_ok(req, &p.viewer)) {
        request_page(&p, 403, "error_form_expired", false);
        return;
    }
    if (!fold_email(http_form(req, "email"), email)) {
        request_page(&p, 400, "reset_email_missing", false);
        return;
    }

    int64_t now = (int64_t)time(NULL);
    bool slow = false;
    struct user user;
    struct store *w = app_store_writer(req->app);
    enum err e = w != NULL ? store_begin(w) : ERR_DB;
    if (e == ERR_OK)
        e = throttle(w, req, email, now, &slow);
    enum err found = e == ERR_OK && !slow ? store_user_find(w, email, &user) : ERR_NOT_FOUND;
    if (e == ERR_OK && found != ERR_OK && found != ERR_NOT_FOUND)
        e = found;
    if (e == ERR_OK && !slow && found == ERR_OK && !user.disabled) {
        e = queue_link(req, w, &user, now);
        if (e == ERR_INVALID) {
            /* an address we will not write into a mail header: nothing is sent, and the
             * answer stays the same as for every other address */
            log_error("reset: account %lld has an address mail cannot go to", (long long)user.id);
            store_rollback(w);
            e = store_begin(w);
            if (e == ERR_OK)
                e = throttle(w, req, email, now, &slow);
        }
    }
    if (e == ERR_OK)
        e = store_commit(w);
    else if (w != NULL)
        store_rollback(w);
    app_store_writer_release(req->app, w);
    if (e != ERR_OK)
        request_page(&p, 503, "error_title", false);
    else if (slow)
        request_page(&p, 429, "reset_throttled", false);
    else
        request_page(&p, 200, NULL, true);
}

/* The link's secret from the path "/reset/<token>", or NULL when it cannot be one. */
static const char *
link_token(const struct request *req)
{
    const char *token = router_tail(req->path, RESET_LINK_PATH);
    size_t len = token != NULL ? strlen(token) : 0;
    if (len == 0 || len >= SECRET_TEXT_MAX ||
        strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
                      "rstuvwxyz0123456789-_") != len)
        return NULL;
    return token;
}

/* Whether the link @token is unused and unexpired, without using it: the mark is made in a
 * transaction that is rolled back. */
static enum err
link_valid(struct request *req, const char *token, bool *valid)
{
    char hash[SECRET_HASH_LEN];
    int64_t user_id = 0;
    *valid = false;
    if (token == NULL)
        return ERR_OK;
    secret_hash(token, strlen(token), hash);
    struct store *w = app_store_writer(req->app);
    enum err e = w != NULL ? store_begin(w) : ERR_DB;
    if (e == ERR_OK) {
        e = store_reset_use(w, hash, (int64_t)time(NULL), &user_id);
        store_rollback(w);
    }
    app_store_writer_release(req->app, w);
    *valid = e == ERR_OK;
    return e == ERR_NOT_FOUND ? ERR_OK : e;
}

/* Finishes @p as the page setting a new password (@invalid: the one message for a link that
 * is unknown, used or expired), with the refusal @error when not NULL. */
static void
password_page(struct page *p, int status, const char *error, bool invalid)
{
    const char *token = link_token(p->req);
    if (!invalid && token != NULL) {
        char action[sizeof(RESET_LINK_PATH) + SECRET_TEXT_MAX];
        snprintf(action, sizeof(action), "%s%s", RESET_LINK_PATH, token);
        json_object_set_new(p->ctx, "action", json_string(action));
        json_object_set_new(p->ctx, "csrf", json_string(page_form_token(p)));
    }
    json_object_set_new(p->ctx, "invalid", json_boolean(invalid));
    if (error != NULL)
        json_object_set_new(p->ctx, "error", json_string(error));
    struct response *res = p->res;
    res->personal = true; /* the address holds a secret: never kept or shared */
    page_finish(p, "reset_password", page_t(p, "reset_new_title"));
    res->status = status;
    res->cache_control = "no-store";
}

/* Ends @p with the "try again later" error page. */
static void
unavailable(struct page *p)
{
    enum lang lang = p->lang;
    page_abandon(p);
    page_error(p->req, p->res, lang, 503, i18n_get(lang, "error_title"));
}

void
web_reset_link(struct request *req, struct response *res)
{
    struct page p;
    bool valid = false;
    page_begin(&p, req, res, "account");
    if (link_valid(req, link_token(req), &valid) != ERR_OK) {
        unavailable(&p);
        return;
    }
    password_page(&p, valid ? 200 : 404, NULL, !valid);
}

/* The reason a new password is refused, translated, into @out; false when it is accepted. */
static bool
password_refused(enum lang lang, const char *password, const char *again, char *out, size_t out_len)
{
    char why[120], min[16];
    if (password == NULL || again == NULL || strcmp(password, again) != 0) {
        snprintf(out, out_len, "%s", i18n_get(lang, "reset_passwords_differ"));
        return true;
    }
    if (password_acceptable(password, why, sizeof(why)))
        return false;
    struct buf text;
    buf_init(&text, 512);
    snprintf(min, sizeof(min), "%d", PASSWORD_MIN_CHARS);
    const char *vars[] = {"min", min, NULL};
    if (text_fill(&text, i18n_get(lang, "reset_password_weak"), vars) == ERR_OK)
        snprintf(out, out_len, "%s", text.data);
    else
        snprintf(out, out_len, "%s", why);
    buf_release(&text);
    return true;
}

void
web_reset_set(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "account");
    const char *token = link_token(req);
    if (token == NULL) {
        password_page(&p, 404, NULL, true);
        return;
    }
    if (!page_form_token_ok(req, &p.viewer)) {
        password_page(&p, 403, page_t(&p, "error_form_expired"), false);
        return;
    }
    char refused[300];
    const char *password = http_form(req, "password");
    if (password_refused(p.lang, password, http_form(req, "password2"), refused, sizeof(refused))) {
        password_page(&p, 400, refused, false);
        return;
    }
    /* hashed before the transaction: argon2id takes a while, and the write lock should not */
    char hash[SECRET_HASH_LEN], pw_hash[PASSWORD_HASH_MAX];
    if (password_hash(password, pw_hash) != ERR_OK) {
        unavailable(&p);
        return;
    }
    secret_hash(token, strlen(token), hash);
    int64_t user_id = 0, now = (int64_t)time(NULL);
    struct store *w = app_store_writer(req->app);
    enum err e = w != NULL ? store_begin(w) : ERR_DB;
    if (e == ERR_OK)
        e = store_reset_use(w, hash, now, &user_id);
    if (e == ERR_OK)
        e = store_user_set_password(w, user_id, pw_hash);
    if (e == ERR_OK)
        e = store_sessions_delete_user(w, user_id); /* whoever had the old password is out */
    if (e == ERR_OK)
        e = store_commit(w);
    else if (w != NULL)
        store_rollback(w);
    app_store_writer_release(req->app, w);
    if (e == ERR_NOT_FOUND) {
        password_page(&p, 404, NULL, true);
        return;
    }
    if (e != ERR_OK) {
        unavailable(&p);
        return;
    }
    page_abandon(&p);
    page_redirect(res, "/login?changed=1");
}
