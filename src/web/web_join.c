/* Joining: the public form where a government asks to join, the reviewers' queue where the
 * secretariat approves or declines a request, and the endorsement of the Marrakech Mayors
 * Declaration that a government's focal point records. Every POST checks its form token, and
 * every change the viewer's role (and, for an endorsement, government) before it writes. An
 * approval is one transaction: the government, the account, its role, the invitation link and
 * the invitation mail are all written, or none is. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/secret.h"
#include "auth/session.h"
#include "domain/taxonomy.h"
#include "http/app.h"
#include "http/router.h"
#include "mail/compose.h"
#include "store/joins.h"
#include "util/parse.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "web/page.h"
#include "web/web.h"

#define INVITATION_DAYS 7
#define DECIDED_SHOWN   20 /* recent decisions the queue lists per state */

/* ---- shared checks ---- */

static bool
is_reviewer(const struct viewer *v)
{
    return viewer_can(v, ROLE_REVIEWER, 0);
}

/* Whether @s is one line of valid UTF-8 text: no control characters. */
static bool
is_line(const char *s, size_t len)
{
    if (!text_is_utf8(s, len))
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    return true;
}

/* Form field @name, trimmed: *out points into the request (NULL when absent); returns its
 * length. */
static size_t
form_text(const struct request *req, const char *name, const char **out)
{
    const char *s = http_form(req, name);
    size_t len = s != NULL ? strlen(s) : 0;
    if (s != NULL)
        text_trim(&s, &len);
    *out = s;
    return len;
}

/* Whether @s looks like an e-mail address: one '@' with something before it, a domain with a
 * dot inside after it, no spaces or characters that break a mail header. */
static bool
looks_like_email(const char *s, size_t len)
{
    size_t at = len, dots = 0;
    if (len > ACCOUNT_EMAIL_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7f || strchr("<>()[],;:\\\"", c) != NULL)
            return false;
        if (c == '@' && at != len)
            return false; /* a second '@' */
        if (c == '@')
            at = i;
        else if (c == '.' && at != len && (i == at + 1 || i + 1 == len || s[i - 1] == '.'))
            return false; /* the domain starts or ends with a dot, or has two in a row */
        else if (c == '.' && at != len)
            dots++;
    }
    return at > 0 && at < len && dots > 0;
}

/* ---- the join form ---- */

struct join_field {
    const char *name;      /* the form field */
    const char *label_key; /* its label */
    size_t max_chars;
    bool required;
};

static const struct join_field join_fields[] = {
    {"government_name", "join_government_name", JOIN_TEXT_MAX, true},
    {"country", "country", 60, true},
    {"kind", "kind", 40, true},
    {"focal_name", "join_focal_name", JOIN_TEXT_MAX, true},
    {"focal_title", "join_focal_title", JOIN_TEXT_MAX, false},
    {"focal_email", "email", ACCOUNT_EMAIL_MAX, true},
};

#define JOIN_FIELDS (sizeof(join_fields) / sizeof(join_fields[0]))

struct join_form {
    struct page *p;
    json_t *fields; /* {name: {"value", "error"}} */
    json_t *errors; /* [{"field", "label", "message"}] for the summary at the top */
};

/* Notes the problem @message_key of field @field (the first one per field counts). */
static void
field_error(struct join_form *f, const char *field, const char *message_key)
{
    json_t *entry = json_object_get(f->fields, field);
    if (json_object_get(entry, "error") != NULL)
        return;
    const char *message = page_t(f->p, message_key);
    json_object_set_new(entry, "error", json_string(message));
    const char *label = field;
    for (size_t i = 0; i < JOIN_FIELDS; i++)
        if (strcmp(join_fields[i].name, field) == 0)
            label = page_t(f->p, join_fields[i].label_key);
    json_array_append_new(
        f->errors, json_pack("{ssssss}", "field", field, "label", label, "message", message));
}

static json_t *
kind_options(const struct page *p, const char *chosen)
{
    json_t *list = json_array();
    for (int k = 0; k < GOV_KIND_COUNT; k++) {
        char key[64];
        snprintf(key, sizeof(key), "government_kind.%s", gov_kind_codes[k]);
        json_array_append_new(
            list, json_pack("{sssssb}", "code", gov_kind_codes[k], "name", i18n_get(p->lang, key),
                            "selected", chosen != NULL && strcmp(chosen, gov_kind_codes[k]) == 0));
    }
    return list;
}

static void
join_form_init(struct join_form *f, struct page *p)
{
    f->p = p;
    f->fields = json_object();
    f->errors = json_array();
    for (size_t i = 0; i < JOIN_FIELDS; i++)
        json_object_set_new(f->fields, join_fields[i].name, json_object());
}

/* Renders the form with what @f holds, answering @status. */
static void
join_page(struct join_form *f, int status)
{
    struct page *p = f->p;
    const char *country =
        json_string_value(json_object_get(json_object_get(f->fields, "country"), "value"));
    const char *kind =
        json_string_value(json_object_get(json_object_get(f->fields, "kind"), "value"));
    json_object_set_new(p->ctx, "f", f->fields);
    json_object_set_new(p->ctx, "errors", f->errors);
    json_object_set_new(p->ctx, "countries", page_country_options(p, country));
    json_object_set_new(p->ctx, "kinds", kind_options(p, kind));
    json_object_set_new(p->ctx, "csrf", json_string(page_form_token(p)));
    struct response *res = p->res;
    page_finish(p, "join", page_t(p, "join_title"));
    res->status = status;
}

void
web_join_form(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "join");
    struct join_form f;
    join_form_init(&f, &p);
    join_page(&f, 200);
}

/* Reads and checks the fields into @r; problems go to @f. */
static void
read_join_form(struct join_form *f, struct join_request *r)
{
    const struct request *req = f->p->req;
    memset(r, 0, sizeof(*r));
    r->country = -1;
    /* the focal point's mail will be in the language they asked in */
    snprintf(r->lang, sizeof(r->lang), "%s", lang_code(f->p->lang));
    for (size_t i = 0; i < JOIN_FIELDS; i++) {
        const struct join_field *jf = &join_fields[i];
        const char *s;
        size_t len = form_text(req, jf->name, &s);
        json_t *entry = json_object_get(f->fields, jf->name);
        if (s != NULL && text_is_utf8(s, len))
            json_object_set_new(entry, "value", json_stringn(s, len));
        if (len == 0) {
            if (jf->required)
                field_error(f, jf->name, "join_error_required");
            continue;
        }
        if (!is_line(s, len)) {
            field_error(f, jf->name, "join_error_text");
            continue;
        }
        if (text_utf8_length(s, len) > jf->max_chars) {
            field_error(f, jf->name, "join_error_too_long");
            continue;
        }
        if (strcmp(jf->name, "government_name") == 0) {
            if (memchr(s, ';', len) != NULL)
                field_error(f, jf->name, "join_error_semicolon");
            memcpy(r->government_name, s, len);
        } else if (strcmp(jf->name, "country") == 0) {
            /* the select sends ISO alpha-2 codes; nothing else is a country here */
            r->country = len == 2 ? taxonomy_country_find(s, len) : -1;
            if (r->country < 0)
                field_error(f, jf->name, "join_error_country");
        } else if (strcmp(jf->name, "kind") == 0) {
            int k = model_code_find(gov_kind_codes, GOV_KIND_COUNT, s, len);
            if (k < 0)
                field_error(f, jf->name, "join_error_kind");
            r->kind = k < 0 ? GOV_CITY : (enum gov_kind)k;
        } else if (strcmp(jf->name, "focal_name") == 0) {
            memcpy(r->focal_name, s, len);
        } else if (strcmp(jf->name, "focal_title") == 0) {
            memcpy(r->focal_title, s, len);
        } else if (!looks_like_email(s, len)) {
            field_error(f, jf->name, "join_error_email");
        } else {
            memcpy(r->focal_email, s, len);
        }
    }
}

#define JOINS_PER_HOUR 10 /* requests from one address: enough for a network's office */

/* Whether the address of @req has sent JOINS_PER_HOUR requests in the last hour: the form is
 * open to anyone, and each request lands in the secretariat's queue. */
static enum err
join_flood(struct store *writer, const struct request *req, int64_t now, bool *flood)
{
    char key[96];
    size_t n = 0;
    snprintf(key, sizeof(key), "join-from:%s", req->remote_addr);
    enum err e = store_login_failures(writer, key, now - 3600, &n);
    *flood = n >= JOINS_PER_HOUR;
    return e;
}

void
web_join(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "join");
    struct join_form f;
    join_form_init(&f, &p);
    struct join_request *r = xmalloc(sizeof(*r));
    read_join_form(&f, r);
    if (!page_form_token_ok(req, &p.viewer)) {
        json_decref(f.fields);
        json_decref(f.errors);
        free(r);
        page_refuse(&p, 403, "error_form_expired");
        return;
    }
    if (json_array_size(f.errors) > 0) {
        free(r);
        join_page(&f, 400);
        return;
    }
    struct store *writer = app_store_writer(req->app);
    int64_t id = 0, now = (int64_t)time(NULL);
    bool flood = false;
    enum err e = writer != NULL ? join_flood(writer, req, now, &flood) : ERR_DB;
    if (e == ERR_OK && flood) {
        app_store_writer_release(req->app, writer);
        free(r);
        json_decref(f.fields);
        json_decref(f.errors);
        page_refuse(&p, 429, "join_throttled");
        return;
    }
    if (e == ERR_OK)
        e = store_join_create(writer, r, now, &id);
    if (e == ERR_OK) {
        char key[96];
        snprintf(key, sizeof(key), "join-from:%s", req->remote_addr);
        e = store_login_failure_add(writer, key, now);
    }
    app_store_writer_release(req->app, writer);
    free(r);
    if (e == ERR_CONFLICT) {
        field_error(&f, "focal_email", "join_error_pending");
        join_page(&f, 409);
        return;
    }
    json_decref(f.fields);
    json_decref(f.errors);
    if (e != ERR_OK) {
        page_refuse(&p, 503, "error_title");
        return;
    }
    page_abandon(&p);
    page_redirect(res, "/join/thanks");
}

void
web_join_thanks(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "join");
    page_finish(&p, "join_thanks", page_t(&p, "join_thanks_title"));
}

/* ---- the invitation ---- */

/* ---- the reviewers' queue ---- */

struct queue {
    const struct page *p;
    json_t *items;
};

static void
format_day(int64_t t, char out[11])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static void
add_request(void *ctx, const struct join_request *r)
{
    struct queue *q = ctx;
    char key[64], created[11], decided[11] = "", href[64];
    const struct country *c = r->country >= 0 ? taxonomy_country(r->country) : NULL;
    snprintf(key, sizeof(key), "government_kind.%s", gov_kind_codes[r->kind]);
    format_day(r->created_at, created);
    if (r->decided_at > 0)
        format_day(r->decided_at, decided);
    snprintf(href, sizeof(href), "/review/joins/%lld", (long long)r->id);
    json_t *item = json_pack(
        "{sIssssssssssssssssssss}", "id", (json_int_t)r->id, "government_name", r->government_name,
        "country", c != NULL ? page_dim_label(q->p->lang, DIM_COUNTRY, c->alpha2, c->name) : "",
        "kind", i18n_get(q->p->lang, key), "focal_name", r->focal_name, "focal_title",
        r->focal_title, "focal_email", r->focal_email, "created", created, "decided", decided,
        "reason", r->reason, "href", href);
    if (item != NULL)
        json_array_append_new(q->items, item);
}

/* The requests in @state, up to @limit, as a JSON list; NULL when the store failed. */
static json_t *
requests(const struct page *p, struct store *st, enum join_state state, size_t limit)
{
    struct queue q = {p, json_array()};
    if (store_join_list(st, state, limit, add_request, &q) != ERR_OK) {
        json_decref(q.items);
        return NULL;
    }
    return q.items;
}

void
web_review_joins(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "review");
    if (!page_require_viewer(&p, false))
        return;
    if (!is_reviewer(&p.viewer)) {
        page_refuse(&p, 403, "join_review_forbidden");
        return;
    }
    size_t counts[JOIN_STATE_COUNT];
    struct store *st = app_store(req->app);
    json_t *pending = NULL, *approved = NULL, *declined = NULL;
    enum err e = st != NULL ? store_join_counts(st, counts) : ERR_DB;
    if (e == ERR_OK) {
        pending = requests(&p, st, JOIN_PENDING, JOIN_LIST_MAX);
        approved = requests(&p, st, JOIN_APPROVED, DECIDED_SHOWN);
        declined = requests(&p, st, JOIN_DECLINED, DECIDED_SHOWN);
    }
    app_store_release(req->app, st);
    if (e != ERR_OK || pending == NULL || approved == NULL || declined == NULL) {
        json_decref(pending);
        json_decref(approved);
        json_decref(declined);
        page_refuse(&p, 503, "error_title");
        return;
    }
    json_object_set_new(p.ctx, "pending", pending);
    json_object_set_new(p.ctx, "approved", approved);
    json_object_set_new(p.ctx, "declined", declined);
    json_object_set_new(p.ctx, "pending_count", page_count(&p, counts[JOIN_PENDING]));
    json_object_set_new(p.ctx, "approved_count", page_count(&p, counts[JOIN_APPROVED]));
    json_object_set_new(p.ctx, "declined_count", page_count(&p, counts[JOIN_DECLINED]));
    json_object_set_new(p.ctx, "csrf", json_string(page_form_token(&p)));
    page_finish(&p, "review_joins", page_t(&p, "join_review_title"));
}

/* Approves request @id in one transaction on @w: the government (found by name and country,
 * or created), the focal point's account (created without a password in the request's
 * language, or the existing one), its role for the government, an invitation link and its
 * mail in the account's language. */
static enum err
approve(struct store *w, int64_t id, int64_t reviewer, const char *base_url)
{
    int64_t now = (int64_t)time(NULL), government_id = 0, user_id = 0;
    struct join_request *r = xmalloc(sizeof(*r));
    char *slug = NULL;
    char token[SECRET_TEXT_MAX] = "", hash[SECRET_HASH_LEN];
    enum err e = store_begin(w);
    if (e != ERR_OK)
        goto out;
    e = store_join_load(w, id, r);
    if (e == ERR_OK && r->state != JOIN_PENDING)
        e = ERR_CONFLICT;
    if (e != ERR_OK)
        goto out;
    e = store_government_find(w, r->government_name, r->country, &government_id, NULL, &slug);
    if (e == ERR_NOT_FOUND) {
        struct gov_ref ref = {
            .name = r->government_name, .country = r->country, .kind = r->kind, .kind_given = true};
        e = store_government_create(w, &ref, &slug);
        government_id = ref.id;
    }
    if (e != ERR_OK)
        goto out;
    struct user u;
    const char *lang = r->lang;
    e = store_user_find(w, r->focal_email, &u);
    if (e == ERR_OK) {
        user_id = u.id; /* a person who has an account already gets the role on it */
        lang = u.lang;  /* and keeps the language they chose */
    } else if (e == ERR_NOT_FOUND) {
        e = store_user_create(w, r->focal_email, r->focal_name, NULL, now, &user_id);
        if (e == ERR_OK)
            e = store_user_set_lang(w, user_id, lang_code(lang_stored(r->lang)));
    }
    if (e == ERR_OK)
        e = store_user_role_add(w, user_id, ROLE_FOCAL_POINT, government_id);
    if (e != ERR_OK)
        goto out;
    secret_new(token);
    secret_hash(token, strlen(token), hash);
    e = store_reset_create(w, hash, user_id, now, now + INVITATION_DAYS * 24 * 3600);
    if (e == ERR_OK)
        e = store_join_decide(w, id, JOIN_APPROVED, NULL, reviewer, government_id, now);
    if (e != ERR_OK)
        goto out;
    struct buf link;
    buf_init(&link, 1024);
    buf_addstr(&link, base_url);
    buf_addstr(&link, "/reset/");
    buf_addstr(&link, token);
    const char *const vars[] = {"name", r->focal_name, "government", r->government_name,
                                "link", link.data,     NULL};
    e = buf_status(&link);
    if (e == ERR_OK)
        e = mail_queue(w, lang_stored(lang), r->focal_email, "invitation", vars);
    buf_release(&link);
    if (e == ERR_OK)
        e = store_commit(w);
out:
    if (e != ERR_OK)
        store_rollback(w);
    sodium_memzero(token, sizeof(token)); /* the link opens the account: keep no copy */
    free(slug);
    free(r);
    return e;
}

/* The request id in the path of a decision, or 0. */
static int64_t
request_id(const struct request *req, const char *pattern)
{
    char text[24];
    int64_t id = 0;
    if (!router_segment(req->path, pattern, text, sizeof(text)) ||
        parse_i64(text, strlen(text), 1, INT64_MAX, &id) != ERR_OK)
        return 0;
    return id;
}

/* Answers a decision's outcome @e. */
static void
decided(struct page *p, enum err e)
{
    if (e == ERR_OK) {
        struct response *res = p->res;
        page_abandon(p);
        page_redirect(res, "/review/joins");
    } else if (e == ERR_NOT_FOUND) {
        page_refuse(p, 404, "error_not_found");
    } else if (e == ERR_CONFLICT) {
        page_refuse(p, 409, "join_already_decided");
    } else {
        page_refuse(p, 503, "error_title");
    }
}

/* The start of both decisions: signed in, the form's token, a reviewer. */
static bool
may_decide(struct page *p)
{
    if (!page_require_form(p))
        return false;
    if (is_reviewer(&p->viewer))
        return true;
    page_refuse(p, 403, "join_review_forbidden");
    return false;
}

void
web_join_approve(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "review");
    if (!may_decide(&p))
        return;
    int64_t id = request_id(req, "/review/joins/{}/approve");
    if (id == 0) {
        decided(&p, ERR_NOT_FOUND);
        return;
    }
    char base[APP_BASE_URL_MAX];
    app_base_url(req->app, base, sizeof(base));
    struct store *writer = app_store_writer(req->app);
    enum err e = writer != NULL ? approve(writer, id, p.viewer.user.id, base) : ERR_DB;
    app_store_writer_release(req->app, writer);
    decided(&p, e);
}

void
web_join_decline(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "review");
    if (!may_decide(&p))
        return;
    int64_t id = request_id(req, "/review/joins/{}/decline");
    if (id == 0) {
        decided(&p, ERR_NOT_FOUND);
        return;
    }
    const char *reason;
    size_t len = form_text(req, "reason", &reason);
    if (len == 0 || !text_is_utf8(reason, len) || text_utf8_length(reason, len) > JOIN_REASON_MAX) {
        page_refuse(&p, 400, "join_reason_needed");
        return;
    }
    char *copy = xstrndup(reason, len);
    struct store *writer = app_store_writer(req->app);
    enum err e = writer != NULL ? store_join_decide(writer, id, JOIN_DECLINED, copy,
                                                    p.viewer.user.id, 0, (int64_t)time(NULL))
                                : ERR_DB;
    app_store_writer_release(req->app, writer);
    free(copy);
    decided(&p, e);
}

/* ---- the endorsement of the Marrakech Mayors Declaration ---- */

/* Whether @v may record the endorsement of government @government_id: its focal point, or
 * the secretariat. */
static bool
may_endorse(const struct viewer *v, int64_t government_id)
{
    return viewer_can(v, ROLE_FOCAL_POINT, government_id) || is_reviewer(v);
}

void
web_endorsement_form(struct page *p, json_t *gov)
{
    const char *slug = json_string_value(json_object_get(gov, "slug"));
    if (!p->viewer.signed_in || slug == NULL)
        return;
    struct government g;
    government_init(&g);
    struct store *st = app_store(p->req->app);
    bool allowed = st != NULL && store_government_load(st, slug, 0, &g) == ERR_OK &&
                   may_endorse(&p->viewer, g.id);
    app_store_release(p->req->app, st);
    government_release(&g);
    if (!allowed)
        return;
    char action[300];
    snprintf(action, sizeof(action), "/governments/%s/endorsement", slug);
    json_t *form = json_pack("{ssss}", "action", action, "csrf", page_form_token(p));
    /* the values typed into a refused form, with its errors; else those recorded */
    json_t *refused = json_object_get(p->ctx, "endorse_refused");
    const json_t *m = refused != NULL ? refused : json_object_get(gov, "marrakech");
    if (refused != NULL)
        json_object_update(form, refused);
    const char *keys[] = {"date", "signatory_name", "signatory_title"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        const json_t *v = json_object_get(m, keys[i]);
        if (json_is_string(v))
            json_object_set_new(form, keys[i], json_string(json_string_value(v)));
    }
    json_object_set_new(p->ctx, "endorse", form);
}

/* The endorsement form's problems, each in the page's language next to its field and in a
 * summary ({"errors": [...], "date_error", ...}), with what was typed; NULL when it is right. */
static json_t *
endorsement_refused(struct page *p, const char *date, size_t date_len, const char *name,
                    size_t name_len, const char *title, size_t title_len)
{
    static const struct {
        const char *field, *id, *label_key, *error, *message_key;
    } fields[] = {
        {"date", "endorse-date", "endorse_date", "date_error", "endorse_error_date"},
        {"signatory_name", "endorse-name", "endorse_signatory_name", "name_error",
         "endorse_error_name"},
        {"signatory_title", "endorse-title", "endorse_signatory_title", "title_error",
         "endorse_error_title"},
    };
    char day[11];
    bool bad[3] = {
        date_len != 10 || parse_date(date, date_len, day) != ERR_OK || memcmp(day, date, 10) != 0,
        name_len == 0 || !is_line(name, name_len) ||
            text_utf8_length(name, name_len) > LIMIT_SHORT_TEXT,
        title_len > 0 &&
            (!is_line(title, title_len) || text_utf8_length(title, title_len) > LIMIT_SHORT_TEXT),
    };
    if (!bad[0] && !bad[1] && !bad[2])
        return NULL;
    const char *typed[3] = {date, name, title};
    size_t lens[3] = {date_len, name_len, title_len};
    json_t *out = json_object(), *errors = json_array();
    for (size_t i = 0; i < 3; i++) {
        if (typed[i] != NULL && text_is_utf8(typed[i], lens[i]))
            json_object_set_new(out, fields[i].field, json_stringn(typed[i], lens[i]));
        if (!bad[i])
            continue;
        const char *message = page_t(p, fields[i].message_key);
        json_object_set_new(out, fields[i].error, json_string(message));
        json_array_append_new(errors,
                              json_pack("{ssssss}", "id", fields[i].id, "label",
                                        page_t(p, fields[i].label_key), "message", message));
    }
    json_object_set_new(out, "errors", errors);
    return out;
}

void
web_endorsement(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "governments");
    if (!page_require_form(&p))
        return;
    char slug[LIMIT_NAME + 1];
    if (!router_segment(req->path, "/governments/{}/endorsement", slug, sizeof(slug))) {
        page_refuse(&p, 404, "error_not_found");
        return;
    }
    struct government g;
    government_init(&g);
    struct store *st = app_store(req->app);
    enum err e = st != NULL ? store_government_load(st, slug, 0, &g) : ERR_DB;
    app_store_release(req->app, st);
    int64_t government_id = g.id;
    government_release(&g);
    if (e != ERR_OK) {
        page_refuse(&p, e == ERR_NOT_FOUND ? 404 : 503,
                    e == ERR_NOT_FOUND ? "error_not_found" : "error_title");
        return;
    }
    if (!may_endorse(&p.viewer, government_id)) {
        page_refuse(&p, 403, "endorse_forbidden");
        return;
    }
    const char *date, *name, *title;
    size_t date_len = form_text(req, "date", &date);
    size_t name_len = form_text(req, "signatory_name", &name);
    size_t title_len = form_text(req, "signatory_title", &title);
    json_t *refused = endorsement_refused(&p, date, date_len, name, name_len, title, title_len);
    if (refused != NULL) {
        /* the government's page again, the form holding what was typed and its errors */
        json_object_set_new(p.ctx, "endorse_refused", refused);
        web_government_show(&p, slug);
        res->status = 400;
        res->cache_control = "no-store";
        return;
    }
    char *date_copy = xstrndup(date, date_len), *name_copy = xstrndup(name, name_len);
    char *title_copy = title_len > 0 ? xstrndup(title, title_len) : NULL;
    struct store *writer = app_store_writer(req->app);
    e = writer != NULL ? store_begin(writer) : ERR_DB;
    if (e == ERR_OK)
        e = store_endorsement_set(writer, government_id, date_copy, name_copy, title_copy);
    if (e == ERR_OK)
        e = store_commit(writer);
    if (e != ERR_OK && writer != NULL)
        store_rollback(writer);
    app_store_writer_release(req->app, writer);
    free(date_copy);
    free(name_copy);
    free(title_copy);
    if (e != ERR_OK) {
        page_refuse(&p, 503, "error_title");
        return;
    }
    char back[300];
    snprintf(back, sizeof(back), "/governments/%s", slug);
    page_abandon(&p);
    page_redirect(res, back);
}
