/* Signing in and out, and the account page: who you are, your roles, your API tokens, and
 * signing out everywhere. Every POST checks its form token before it changes anything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/secret.h"
#include "auth/session.h"
#include "http/app.h"
#include "store/accounts.h"
#include "util/text.h"
#include "web/page.h"
#include "web/web.h"

#define TOKEN_NAME_MAX 100

/* A "next" address to return to after signing in: a path on this site, never another site
 * ("//evil.example" and "/\evil" are refused). */
static const char *
safe_next(const char *next)
{
    if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 400 ||
        strpbrk(next, "\r\n") != NULL)
        return "/account";
    return next;
}

static void
login_page(struct request *req, struct response *res, int status, const char *message_key,
           const char *email)
{
    struct page p;
    page_begin(&p, req, res, "account");
    json_object_set_new(p.ctx, "csrf", json_string(page_form_token(&p)));
    json_object_set_new(p.ctx, "email", json_string(email != NULL ? email : ""));
    const char *next = http_form(req, "next");
    if (next == NULL)
        next = http_param(req, "next");
    json_object_set_new(p.ctx, "next", json_string(safe_next(next)));
    if (message_key != NULL)
        json_object_set_new(p.ctx, "error", json_string(page_t(&p, message_key)));
    else if (http_param(req, "changed") != NULL) /* back from a password reset */
        json_object_set_new(p.ctx, "notice", json_string(page_t(&p, "reset_done")));
    page_finish(&p, "login", page_t(&p, "login_title"));
    res->status = status;
}

void
web_login_form(struct request *req, struct response *res)
{
    login_page(req, res, 200, NULL, NULL);
}

void
web_login(struct request *req, struct response *res)
{
    const char *email = http_form(req, "email");
    const char *password = http_form(req, "password");
    /* the form carried the token of whoever opened it: a signed-in person switching accounts
     * has the session's, a visitor the cookie's */
    struct page p;
    page_begin(&p, req, res, "account");
    bool token_ok = page_form_token_ok(req, &p.viewer);
    page_abandon(&p);
    if (!token_ok) {
        login_page(req, res, 403, "error_form_expired", email);
        return;
    }
    if (email == NULL || password == NULL || email[0] == '\0' || password[0] == '\0') {
        login_page(req, res, 400, "login_missing", email);
        return;
    }
    struct store *writer = app_store_writer(req->app);
    enum login_result result = LOGIN_REFUSED;
    struct viewer v;
    enum err e =
        writer != NULL ? session_login(req, res, writer, email, password, &result, &v) : ERR_DB;
    app_store_writer_release(req->app, writer);
    if (e != ERR_OK) {
        login_page(req, res, 503, "error_title", email);
        return;
    }
    if (result == LOGIN_THROTTLED) {
        login_page(req, res, 429, "login_throttled", email);
        return;
    }
    if (result == LOGIN_REFUSED) {
        login_page(req, res, 401, "login_refused", email);
        return;
    }
    page_redirect(res, safe_next(http_form(req, "next")));
}

void
web_logout(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "account");
    if (!page_require_form(&p))
        return;
    bool everywhere = http_form(req, "everywhere") != NULL;
    struct store *writer = app_store_writer(req->app);
    enum err e = writer != NULL ? session_logout(req, res, writer, &p.viewer, everywhere) : ERR_DB;
    app_store_writer_release(req->app, writer);
    enum lang lang = p.lang;
    page_abandon(&p);
    if (e != ERR_OK) {
        page_error(req, res, lang, 503, i18n_get(lang, "error_title"));
        return;
    }
    page_redirect(res, "/");
}

struct token_list {
    json_t *items;
    const struct page *p;
};

static void
add_token(void *ctx, const struct token_row *row)
{
    struct token_list *l = ctx;
    char created[32];
    time_t t = (time_t)row->created_at;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(created, sizeof(created), "%Y-%m-%d", &tm);
    json_array_append_new(l->items,
                          json_pack("{sIsssssb}", "id", (json_int_t)row->id, "name", row->name,
                                    "created", created, "revoked", row->revoked_at != 0));
}

/* The languages mail can be written in, the account's marked. */
static json_t *
mail_languages(const struct viewer *v)
{
    json_t *list = json_array();
    enum lang chosen = lang_stored(v->user.lang);
    for (int l = 0; l < LANG_COUNT; l++)
        json_array_append_new(list,
                              json_pack("{sssssb}", "code", lang_code((enum lang)l), "name",
                                        lang_name((enum lang)l), "selected", l == (int)chosen));
    return list;
}

/* What a refused form of the account page says next to its field. */
struct account_error {
    const char *field;       /* "token_name" or "mail_lang" */
    const char *message_key; /* the reason */
};

/* The account page, with @new_token shown once and @error (may be NULL) next to its field. */
static void
account_page(struct page *p, const char *new_token, const struct account_error *error)
{
    const struct viewer *v = &p->viewer;
    json_t *roles = json_array();
    for (size_t i = 0; i < v->n_roles; i++) {
        char key[48];
        snprintf(key, sizeof(key), "role_%s", role_codes[v->roles[i].role]);
        json_t *r = json_pack("{ss}", "label", page_t(p, key));
        if (v->roles[i].government_id > 0) {
            struct store *st = app_store(p->req->app);
            struct government g;
            government_init(&g);
            if (st != NULL &&
                store_government_load(st, NULL, v->roles[i].government_id, &g) == ERR_OK) {
                char href[200];
                snprintf(href, sizeof(href), "/governments/%s", g.slug);
                json_object_set_new(r, "government", json_string(g.name));
                json_object_set_new(r, "href", json_string(href));
            }
            government_release(&g);
            app_store_release(p->req->app, st);
        }
        json_array_append_new(roles, r);
    }
    struct token_list tokens = {json_array(), p};
    struct store *st = app_store(p->req->app);
    if (st == NULL || store_token_list(st, v->user.id, add_token, &tokens) != ERR_OK)
        p->viewer_failed = true;
    app_store_release(p->req->app, st);
    json_object_set_new(p->ctx, "roles", roles);
    json_object_set_new(p->ctx, "tokens", tokens.items);
    json_object_set_new(p->ctx, "csrf", json_string(page_form_token(p)));
    if (new_token != NULL)
        json_object_set_new(p->ctx, "new_token", json_string(new_token));
    json_object_set_new(p->ctx, "mail_langs", mail_languages(v));
    if (error != NULL) {
        char name[64];
        snprintf(name, sizeof(name), "%s_error", error->field);
        json_object_set_new(p->ctx, name, json_string(page_t(p, error->message_key)));
    }
    const char *saved = http_param(p->req, "saved");
    json_object_set_new(p->ctx, "mail_lang_saved",
                        json_boolean(saved != NULL && strcmp(saved, "mail_lang") == 0));
    page_finish(p, "account", page_t(p, "account_title"));
}

void
web_account(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "account");
    if (!page_require_viewer(&p, false))
        return;
    account_page(&p, NULL, NULL);
}

void
web_account_lang(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "account");
    if (!page_require_form(&p))
        return;
    /* the list sends a code; nothing else is a language here */
    const char *code = http_form(req, "mail_lang");
    enum lang lang;
    if (code == NULL || strlen(code) != 2 || !lang_from_code(code, 2, &lang)) {
        static const struct account_error unknown = {"mail_lang", "account_mail_lang_unknown"};
        account_page(&p, NULL, &unknown);
        res->status = 400;
        return;
    }
    struct store *writer = app_store_writer(req->app);
    enum err e =
        writer != NULL ? store_user_set_lang(writer, p.viewer.user.id, lang_code(lang)) : ERR_DB;
    app_store_writer_release(req->app, writer);
    if (e != ERR_OK) {
        page_refuse(&p, 503, "error_title");
        return;
    }
    page_abandon(&p);
    page_redirect(res, "/account?saved=mail_lang");
}

void
web_token_create(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "account");
    if (!page_require_form(&p))
        return;
    const char *name = http_form(req, "name");
    size_t len = name != NULL ? strlen(name) : 0;
    if (len == 0 || !text_is_utf8(name, len) || text_utf8_length(name, len) > TOKEN_NAME_MAX ||
        strpbrk(name, "\r\n\t") != NULL) {
        static const struct account_error needed = {"token_name", "token_name_needed"};
        if (name != NULL && text_is_utf8(name, len))
            json_object_set_new(p.ctx, "token_name", json_string(name));
        account_page(&p, NULL, &needed);
        res->status = 400;
        return;
    }
    char token[SECRET_TEXT_MAX + 4] = "la_", hash[SECRET_HASH_LEN];
    secret_new(token + 3);
    secret_hash(token, strlen(token), hash);
    struct store *writer = app_store_writer(req->app);
    int64_t id = 0;
    enum err e = writer != NULL ? store_token_create(writer, p.viewer.user.id, name, hash,
                                                     (int64_t)time(NULL), &id)
                                : ERR_DB;
    app_store_writer_release(req->app, writer);
    if (e != ERR_OK) {
        enum lang lang = p.lang;
        page_abandon(&p);
        page_error(req, res, lang, 503, i18n_get(lang, "error_title"));
        return;
    }
    /* shown once, on this page only: it is stored hashed and cannot be shown again */
    account_page(&p, token, NULL);
    res->cache_control = "no-store";
}

void
web_token_revoke(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "account");
    if (!page_require_form(&p))
        return;
    const char *id_text = http_form(req, "id");
    long long id = id_text != NULL ? strtoll(id_text, NULL, 10) : 0;
    struct store *writer = app_store_writer(req->app);
    enum err e = writer != NULL && id > 0
                     ? store_token_revoke(writer, p.viewer.user.id, id, (int64_t)time(NULL))
                     : ERR_NOT_FOUND;
    app_store_writer_release(req->app, writer);
    enum lang lang = p.lang;
    page_abandon(&p);
    if (e == ERR_NOT_FOUND)
        page_error(req, res, lang, 404, i18n_get(lang, "error_not_found"));
    else if (e != ERR_OK)
        page_error(req, res, lang, 503, i18n_get(lang, "error_title"));
    else
        page_redirect(res, "/account");
}
