/* The shared machinery of the HTML pages: language choice, the layout's context, rendering,
 * headers, error pages and URLs. */
#include "web/page.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/taxonomy.h"
#include "http/app.h"
#include "util/embedded.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "web/template.h"

#define LANG_COOKIE_MAX_AGE "31536000" /* a year */

/* No inline script or style anywhere: the policy can forbid both. */
static const char CSP[] = "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                          "script-src 'self'; form-action 'self'; base-uri 'none'; "
                          "frame-ancestors 'none'";

static struct tmpl_set *templates;
static char stylesheet_version[17];
static struct buf stylesheet; /* data/static/style.css without comments and spare spaces */

const char *
web_stylesheet(size_t *len)
{
    *len = stylesheet.len;
    return stylesheet.data;
}

/* Comments and runs of white space go; so does the space around { } ; and , . Nothing in our
 * stylesheet depends on the space it removes (no strings hold those characters). */
static void
minify_css(const char *s, size_t len, struct buf *out)
{
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
            const char *end = strstr(s + i + 2, "*/");
            i = end != NULL ? (size_t)(end - s) + 1 : len;
            continue;
        }
        if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
            space = true;
            continue;
        }
        bool tight = strchr("{};,", s[i]) != NULL;
        char prev = out->len > 0 ? out->data[out->len - 1] : '{';
        if (space && !tight && strchr("{};,", prev) == NULL)
            buf_addch(out, ' ');
        space = false;
        if (s[i] == '}' && prev == ';')
            buf_truncate(out, out->len - 1);
        buf_addch(out, s[i]);
    }
}

const struct tmpl_set *
web_templates(void)
{
    return templates;
}

const char *
web_stylesheet_version(void)
{
    return stylesheet_version;
}

static void
load_templates(char *why, size_t why_len, enum err *result)
{
    struct tmpl_set *set = tmpl_set_new();
    *result = ERR_OK;
    for (const struct embedded_file *f = embedded_files; f->name != NULL; f++) {
        if (strncmp(f->name, "templates/", 10) != 0)
            continue;
        /* "templates/actions.html" is called "actions" */
        char name[64];
        snprintf(name, sizeof(name), "%.*s", (int)strcspn(f->name + 10, "."), f->name + 10);
        *result = tmpl_set_add(set, name, f->data, f->len, why, why_len);
        if (*result != ERR_OK)
            break;
    }
    if (*result == ERR_OK)
        *result = tmpl_set_link(set, why, why_len);
    if (*result != ERR_OK) {
        tmpl_set_free(set);
        return;
    }
    templates = set;
}

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

enum err
web_load(char *why, size_t why_len)
{
    enum err e = i18n_load(why, why_len);
    if (e != ERR_OK)
        return e;
    pthread_mutex_lock(&load_lock);
    if (templates == NULL)
        load_templates(why, why_len, &e);
    pthread_mutex_unlock(&load_lock);
    if (e != ERR_OK)
        return e;
    const struct embedded_file *css = embedded_find("static/style.css");
    if (css == NULL) {
        snprintf(why, why_len, "static/style.css is not in the binary");
        return ERR_INVALID;
    }
    pthread_mutex_lock(&load_lock);
    if (stylesheet.data == NULL) {
        buf_init(&stylesheet, css->len + 1);
        minify_css(css->data, css->len, &stylesheet);
    }
    pthread_mutex_unlock(&load_lock);
    /* the stylesheet's URL changes with its content, so browsers may keep it for a year */
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < stylesheet.len; i++)
        h = (h ^ (unsigned char)stylesheet.data[i]) * 0x100000001b3ULL;
    snprintf(stylesheet_version, sizeof(stylesheet_version), "%016llx", (unsigned long long)h);
    return ERR_OK;
}

/* ---- language ---- */

static enum lang
choose_lang(struct request *req, struct response *res)
{
    enum lang lang;
    const char *asked = http_param(req, "lang");
    if (asked != NULL && lang_from_code(asked, strlen(asked), &lang)) {
        http_set_cookie(res, "lang=%s; Path=/; Max-Age=" LANG_COOKIE_MAX_AGE "; SameSite=Lax",
                        lang_code(lang));
        return lang;
    }
    char code[8];
    if (http_cookie(req, "lang", code, sizeof(code)) && lang_from_code(code, strlen(code), &lang))
        return lang;
    return lang_from_accept(req->accept_language);
}

const char *
page_t(const struct page *p, const char *key)
{
    return i18n_get(p->lang, key);
}

json_t *
page_count(const struct page *p, uint64_t n)
{
    char s[40];
    i18n_format_count(p->lang, n, s, sizeof(s));
    return json_string(s);
}

json_t *
page_plural(const struct page *p, const char *base, uint64_t n)
{
    char key[64], count[40], text[300];
    snprintf(key, sizeof(key), "%s_%s", base, n == 1 ? "one" : "other");
    const char *pattern = page_t(p, key);
    i18n_format_count(p->lang, n, count, sizeof(count));
    const char *at = strstr(pattern, "{count}");
    if (at != NULL)
        snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - pattern), pattern, count, at + 7);
    else
        snprintf(text, sizeof(text), "%s %s", count, pattern);
    return json_string(text);
}

/* ---- URLs ---- */

void
page_url_escape(struct buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *c = (const unsigned char *)s; *c != '\0'; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
            *c == '-' || *c == '_' || *c == '.' || *c == '~') {
            buf_addch(out, (char)*c);
        } else {
            buf_addch(out, '%');
            buf_addch(out, hex[*c >> 4]);
            buf_addch(out, hex[*c & 15]);
        }
    }
}

void
page_url_with(const struct page *p, struct buf *out, const char *key, const char *value)
{
    buf_addstr(out, p->req->path);
    char sep = '?';
    for (size_t i = 0; i < p->req->n_params; i++) {
        const struct param *q = &p->req->params[i];
        if (strcmp(q->key, "cursor") == 0 || (key != NULL && strcmp(q->key, key) == 0))
            continue;
        buf_addch(out, sep);
        sep = '&';
        page_url_escape(out, q->key);
        buf_addch(out, '=');
        page_url_escape(out, q->value);
    }
    if (key != NULL && value != NULL) {
        buf_addch(out, sep);
        page_url_escape(out, key);
        buf_addch(out, '=');
        page_url_escape(out, value);
    }
}

/* ---- labels ---- */

const char *
page_dim_label(enum lang lang, enum dim d, const char *value, const char *fallback)
{
    static const char *const prefixes[DIM_COUNT] = {
        [DIM_OBJECTIVE] = "gcm",
        [DIM_PRINCIPLE] = "principle",
        [DIM_GCR] = "gcr",
        [DIM_THEME] = "theme",
        [DIM_GROUP] = "target_group",
        [DIM_REGION] = "region",
        [DIM_SUBREGION] = "subregion",
        [DIM_COUNTRY] = "country",
        [DIM_KIND] = "action_kind",
        [DIM_STATUS] = "implementation_status",
        [DIM_PARAGRAPH] = "paragraph",
    };
    char key[96];
    if (d == DIM_SDG && strchr(value, '.') != NULL)
        snprintf(key, sizeof(key), "sdg_target.%s", value);
    else if (d == DIM_SDG || d == DIM_OBJECTIVE)
        snprintf(key, sizeof(key), "%s.%s.short", d == DIM_SDG ? "sdg" : "gcm", value);
    else if (prefixes[d] != NULL)
        snprintf(key, sizeof(key), "%s.%s", prefixes[d], value);
    else
        return fallback;
    const char *s = i18n_find(lang, key);
    return s != NULL ? s : fallback;
}

json_t *
page_objective(enum lang lang, int n)
{
    const struct vocab *v = taxonomy_vocab(VOCAB_GCM);
    if (n < 1 || (size_t)n > v->count)
        return json_null();
    char key[32], number[12], href[32];
    snprintf(number, sizeof(number), "%d", n);
    snprintf(href, sizeof(href), "/objectives/%d", n);
    snprintf(key, sizeof(key), "gcm.%d", n);
    const char *title = i18n_find(lang, key);
    return json_pack(
        "{sissssss}", "number", n, "title", title ? title : v->terms[n - 1].title, "short",
        page_dim_label(lang, DIM_OBJECTIVE, number, v->terms[n - 1].short_title), "href", href);
}

/* Countries by their names in the page's language, the chosen one marked. */
struct country_option {
    const char *code, *name;
    char *key; /* folded name, for sorting */
};

static int
by_key(const void *a, const void *b)
{
    return strcmp(((const struct country_option *)a)->key, ((const struct country_option *)b)->key);
}

json_t *
page_country_options(const struct page *p, const char *chosen)
{
    size_t n = taxonomy_country_count();
    struct country_option *opts = xcalloc(n, sizeof(*opts));
    for (size_t i = 0; i < n; i++) {
        const struct country *c = taxonomy_country((int)i);
        opts[i].code = c->alpha2;
        opts[i].name = page_dim_label(p->lang, DIM_COUNTRY, c->alpha2, c->name);
        struct buf key;
        buf_init(&key, 1024);
        text_fold_key(&key, opts[i].name, strlen(opts[i].name));
        opts[i].key = buf_take(&key, NULL);
    }
    qsort(opts, n, sizeof(*opts), by_key);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(list, json_pack("{sssssb}", "code", opts[i].code, "name",
                                              opts[i].name, "selected",
                                              chosen != NULL && strcmp(chosen, opts[i].code) == 0));
        free(opts[i].key);
    }
    free(opts);
    return list;
}

/* ---- the layout ---- */

static void
add_languages(struct page *p)
{
    json_t *langs = json_array();
    struct buf url;
    buf_init(&url, LIMIT_URL_BYTES * 3 + 64);
    for (int l = 0; l < LANG_COUNT; l++) {
        buf_reset(&url);
        page_url_with(p, &url, "lang", lang_code((enum lang)l));
        json_array_append_new(langs, json_pack("{sssssssb}", "code", lang_code((enum lang)l),
                                               "name", lang_name((enum lang)l), "href", url.data,
                                               "current", l == (int)p->lang));
    }
    buf_release(&url);
    json_object_set_new(p->ctx, "languages", langs);
}

bool
page_has_session(const struct request *req)
{
    return req->cookie != NULL && strstr(req->cookie, SESSION_COOKIE "=") != NULL;
}

#define ANON_CSRF_COOKIE "la_csrf"

const char *
page_form_token(struct page *p)
{
    p->res->personal = true;
    if (p->viewer.signed_in)
        return p->viewer.csrf;
    /* double submit: the token is in a cookie another site cannot read or set through the
     * browser (SameSite=Strict), and the form must repeat it */
    static _Thread_local char token[SECRET_TEXT_MAX];
    if (!http_cookie(p->req, ANON_CSRF_COOKIE, token, sizeof(token))) {
        secret_new(token);
        http_set_cookie(p->res, ANON_CSRF_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s", token,
                        p->req->secure ? "; Secure" : "");
    }
    return token;
}

bool
page_form_token_ok(const struct request *req, const struct viewer *v)
{
    if (v->signed_in)
        return session_csrf_ok(req, v);
    char token[SECRET_TEXT_MAX];
    const char *sent = http_form(req, "csrf");
    return sent != NULL && http_cookie(req, ANON_CSRF_COOKIE, token, sizeof(token)) &&
           secret_equal(sent, token);
}

void
page_redirect(struct response *res, const char *location)
{
    res->status = 303;
    res->content_type = "text/plain; charset=utf-8";
    snprintf(res->location, sizeof(res->location), "%s", location);
    buf_reset(&res->body);
    res->cache_control = "no-store";
}

void
page_refuse(struct page *p, int status, const char *message_key)
{
    enum lang lang = p->lang;
    page_abandon(p);
    page_error(p->req, p->res, lang, status, i18n_get(lang, message_key));
}

bool
page_require_viewer(struct page *p, bool form)
{
    if (p->viewer.signed_in)
        return true;
    if (form) {
        page_refuse(p, 403, "error_sign_in");
        return false;
    }
    char next[sizeof(p->res->location)];
    snprintf(next, sizeof(next), "/login?next=%.480s", p->req->path);
    page_abandon(p);
    page_redirect(p->res, next);
    return false;
}

bool
page_require_form(struct page *p)
{
    if (!page_require_viewer(p, true))
        return false;
    if (page_form_token_ok(p->req, &p->viewer))
        return true;
    page_refuse(p, 403, "error_form_expired");
    return false;
}

/* The viewer's part of the layout: the account link or the sign-in link, and sign-out. */
static void
add_viewer(struct page *p)
{
    if (!page_has_session(p->req) && (p->req->authorization == NULL))
        return;
    struct store *writer = app_store_writer(p->req->app);
    if (writer == NULL || session_viewer(p->req, writer, writer, &p->viewer) != ERR_OK) {
        memset(&p->viewer, 0, sizeof(p->viewer));
        p->viewer_failed = true;
    }
    app_store_writer_release(p->req->app, writer);
    if (!p->viewer.signed_in)
        return;
    p->res->personal = true;
    const struct viewer *v = &p->viewer;
    json_object_set_new(
        p->ctx, "viewer",
        json_pack("{sssssbsbsbs{ss}}", "name", v->user.name[0] ? v->user.name : v->user.email,
                  "email", v->user.email, "reviewer", viewer_can(v, ROLE_REVIEWER, 0), "admin",
                  viewer_can(v, ROLE_ADMIN, 0), "submits",
                  viewer_can(v, ROLE_FOCAL_POINT, 0) || viewer_can(v, ROLE_NETWORK_COORDINATOR, 0),
                  "form", "csrf", v->csrf));
}

void
page_begin(struct page *p, struct request *req, struct response *res, const char *nav)
{
    memset(p, 0, sizeof(*p));
    p->req = req;
    p->res = res;
    p->lang = choose_lang(req, res);
    p->ctx = json_object();
    p->ix = app_index(req->app);
    add_viewer(p);
    json_object_set_new(p->ctx, "lang", json_string(lang_code(p->lang)));
    json_object_set_new(p->ctx, "stylesheet_version", json_string(stylesheet_version));
    json_t *navs = json_object();
    json_object_set_new(navs, nav, json_true());
    json_object_set_new(p->ctx, "nav", navs);
    add_languages(p);
}

void
page_abandon(struct page *p)
{
    json_decref(p->ctx);
    index_unref(p->ix);
    p->ctx = NULL;
    p->ix = NULL;
}

static void
html_headers(struct response *res, enum lang lang)
{
    res->content_type = "text/html; charset=utf-8";
    res->content_language = lang_code(lang);
    res->csp = CSP;
    res->vary = "Accept-Language, Cookie";
    /* pages change when the registry does: caches must ask, and 304s make asking cheap; a
     * signed-in person's pages are theirs alone */
    res->cache_control = res->personal ? "private, no-cache" : "no-cache";
    res->revalidate = true;
}

void
page_finish(struct page *p, const char *template_name, const char *title)
{
    json_object_set_new(p->ctx, "page_title", json_string(title));
    const json_t *frames[] = {i18n_frame(p->lang), p->ctx};
    buf_reset(&p->res->body);
    tmpl_render(templates, template_name, frames, 2, &p->res->body);
    p->res->status = 200;
    html_headers(p->res, p->lang);
    p->res->last_modified = index_built_at(p->ix);
    page_abandon(p);
}

void
page_error(struct request *req, struct response *res, enum lang lang, int status,
           const char *message)
{
    struct page p;
    page_begin(&p, req, res, "none");
    p.lang = lang;
    json_object_set_new(p.ctx, "lang", json_string(lang_code(lang)));
    json_object_set_new(p.ctx, "status", json_integer(status));
    json_object_set_new(p.ctx, "message", json_string(message));
    json_object_set_new(p.ctx, "not_found", json_boolean(status == 404));
    const char *title = i18n_get(lang, status == 404 ? "error_not_found" : "error_title");
    json_object_set_new(p.ctx, "page_title", json_string(title));
    const json_t *frames[] = {i18n_frame(lang), p.ctx};
    buf_reset(&res->body);
    tmpl_render(templates, "error", frames, 2, &res->body);
    res->status = status;
    html_headers(res, lang);
    res->revalidate = false;
    res->cache_control = "no-store";
    page_abandon(&p);
}

void
page_error_from_json(struct request *req, struct response *res, enum lang lang)
{
    json_t *err = json_loadb(res->body.data, res->body.len, 0, NULL);
    const char *message =
        json_string_value(json_object_get(json_object_get(err, "error"), "message"));
    char copy[600];
    snprintf(copy, sizeof(copy), "%s", message != NULL ? message : "");
    json_decref(err);
    page_error(req, res, lang, res->status, copy);
}

void
web_dispatch(handler_fn *handler, struct request *req, struct response *res)
{
    enum lang lang = choose_lang(req, res);
    struct buf key;
    buf_init(&key, LIMIT_URL_BYTES * 2 + 64);
    buf_addstr(&key, lang_code(lang));
    buf_addstr(&key, req->path);
    for (size_t i = 0; i < req->n_params; i++) {
        /* the key's length prefix keeps "a=b&c" and "a" + "b&c" apart */
        buf_addf(&key, "\x1f%zu:%s=%s", strlen(req->params[i].key), req->params[i].key,
                 req->params[i].value);
    }
    struct index *ix = app_index(req->app);
    /* a signed-in person's pages show their name: never share them */
    bool shared = buf_status(&key) == ERR_OK && !page_has_session(req);
    struct app_blob *page = shared ? app_pages_get(req->app, ix, key.data) : NULL;
    if (page != NULL) {
        buf_add(&res->body, page->data, page->len);
        res->status = 200;
        html_headers(res, lang);
        res->last_modified = index_built_at(ix);
        app_blob_unref(page);
    } else {
        handler(req, res);
        if (res->status == 200 && res->revalidate && shared && !res->personal &&
            buf_status(&res->body) == ERR_OK && strncmp(res->content_type, "text/html", 9) == 0)
            app_pages_put(req->app, ix, key.data, res->body.data, res->body.len);
    }
    index_unref(ix);
    buf_release(&key);
}

json_t *
page_api(struct page *p, handler_fn *handler, const char *path, bool forward)
{
    struct request sub = *p->req;
    struct response res = {0};
    sub.path = path;
    if (!forward)
        sub.n_params = 0;
    res.status = 200;
    res.content_type = "application/json; charset=utf-8";
    buf_init(&res.body, LIMIT_RESPONSE_BYTES);
    handler(&sub, &res);
    json_t *out = NULL;
    if (res.status == 200)
        out = json_loadb(res.body.data, res.body.len, 0, NULL);
    if (out == NULL) {
        buf_release(&p->res->body);
        p->res->body = res.body;
        p->res->status = res.status == 200 ? 500 : res.status;
        page_error_from_json(p->req, p->res, p->lang);
        return NULL;
    }
    buf_release(&res.body);
    /* what the API read, the page read */
    for (size_t i = 0; forward && i < sub.n_params; i++)
        p->req->params[i].used = p->req->params[i].used || sub.params[i].used;
    return out;
}
