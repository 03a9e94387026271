/* The review pages: GET /submissions (a submitter's own governments' submissions; for a
 * reviewer the queue, with filters and counts per state), GET /submissions/{id} (the record,
 * its state, the comment thread, the audit log and a button for each move open to the
 * viewer), and the forms that move or comment on a submission. The rules are the workflow's:
 * these handlers only ask it and show its answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "domain/taxonomy.h"
#include "http/app.h"
#include "http/router.h"
#include "util/parse.h"
#include "web/action_view.h"
#include "web/web.h"
#include "workflow/workflow.h"

static json_t *
state_label(const struct page *p, const char *code)
{
    char key[48];
    snprintf(key, sizeof(key), "state_%s", code);
    return json_string(page_t(p, key));
}

/* "2024-05-17 14:03 UTC" */
static json_t *
time_text(int64_t t)
{
    char out[32];
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, sizeof(out), "%Y-%m-%d %H:%M UTC", &tm);
    return json_string(out);
}

/* ---- the list ---- */

struct gov_options {
    json_t *list;
    const char *chosen;
};

static void
add_gov_option(void *ctx, const struct store_government_row *row)
{
    struct gov_options *o = ctx;
    json_array_append_new(o->list,
                          json_pack("{sssssb}", "slug", row->slug, "name", row->name, "selected",
                                    o->chosen != NULL && strcmp(o->chosen, row->slug) == 0));
}

/* The filters a reviewer chooses from: every government and country. */
static void
reviewer_filters(struct page *p)
{
    struct gov_options o = {json_array(), http_param(p->req, "government")};
    struct store *st = app_store(p->req->app);
    if (st == NULL || store_government_list(st, add_gov_option, &o) != ERR_OK)
        p->viewer_failed = true;
    app_store_release(p->req->app, st);
    json_object_set_new(p->ctx, "governments", o.list);
    json_object_set_new(p->ctx, "countries",
                        page_country_options(p, http_param(p->req, "country")));
    json_object_set_new(p->ctx, "reviewer", json_true());
}

void
web_submissions(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "review");
    if (!page_require_viewer(&p, false))
        return;
    /* the API decides who sees which submissions, and reads the filters */
    json_t *list = page_api(&p, api_submissions_list, "/api/v1/submissions", true);
    if (list == NULL) {
        page_abandon(&p);
        return;
    }
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(list, "items"), i, item)
    {
        char href[48];
        snprintf(href, sizeof(href), "/submissions/%lld",
                 (long long)json_integer_value(json_object_get(item, "id")));
        json_object_set_new(item, "href", json_string(href));
        json_object_set_new(item, "state_label",
                            state_label(&p, json_string_value(json_object_get(item, "state"))));
    }
    const char *current = http_param(req, "state");
    json_t *counts = json_array();
    struct buf url;
    buf_init(&url, LIMIT_URL_BYTES * 3 + 64);
    for (int s = 0; s < SUB_STATE_COUNT; s++) {
        const char *code = sub_state_codes[s];
        buf_reset(&url);
        page_url_with(&p, &url, "state", code);
        json_int_t n = json_integer_value(json_object_get(json_object_get(list, "counts"), code));
        json_array_append_new(counts, json_pack("{sosIsssb}", "label", state_label(&p, code),
                                                "count", n, "href", url.data, "current",
                                                current != NULL && strcmp(current, code) == 0));
    }
    buf_reset(&url);
    page_url_with(&p, &url, "state", NULL);
    json_object_set_new(p.ctx, "all_href", json_string(url.data));
    buf_release(&url);
    json_object_set_new(p.ctx, "counts", counts);
    json_object_set_new(p.ctx, "items", json_incref(json_object_get(list, "items")));
    json_decref(list);
    if (viewer_can(&p.viewer, ROLE_REVIEWER, 0))
        reviewer_filters(&p);
    json_object_set_new(p.ctx, "state", json_string(current != NULL ? current : ""));
    page_finish(&p, "submissions", page_t(&p, "review_title"));
}

/* ---- one submission ---- */

static void
add_comment(void *ctx, const struct comment_row *row)
{
    json_array_append_new(ctx, json_pack("{sssoso}", "author",
                                         row->author_name[0] ? row->author_name : row->author_email,
                                         "body", json_string(row->body), "at",
                                         time_text(row->created_at)));
}

struct audit_ctx {
    const struct page *p;
    json_t *list;
};

static void
add_audit(void *ctx, const struct audit_row *row)
{
    struct audit_ctx *a = ctx;
    json_t *entry =
        json_pack("{sssoso}", "actor", row->actor_name[0] ? row->actor_name : row->actor_email,
                  "at", time_text(row->at), "to", state_label(a->p, row->to_state));
    if (row->from_state[0] != '\0')
        json_object_set_new(entry, "from", state_label(a->p, row->from_state));
    if (row->note[0] != '\0')
        json_object_set_new(entry, "note", json_string(row->note));
    json_array_append_new(a->list, entry);
}

/* The submission of the path's segment 1 that the viewer may see, into @s; false with an
 * error page set (403 for one of another government). */
static bool
load_visible(struct page *p, struct store *writer, struct submission *s)
{
    char text[24];
    int64_t id = 0;
    enum err e = ERR_NOT_FOUND;
    if (router_segment_at(p->req->path, 1, text, sizeof(text)) &&
        parse_i64(text, strlen(text), 1, INT64_MAX, &id) == ERR_OK)
        e = writer != NULL ? store_submission_load(writer, id, s) : ERR_DB;
    if (e != ERR_OK) {
        page_refuse(p, e == ERR_NOT_FOUND ? 404 : 503,
                    e == ERR_NOT_FOUND ? "error_not_found" : "error_title");
        return false;
    }
    if (!workflow_may_see(&p->viewer, s)) {
        page_refuse(p, 403, "review_forbidden");
        return false;
    }
    return true;
}

/* The moves open to the viewer, each a form; a decline and a request for changes say why. */
static json_t *
moves(const struct page *p, const struct submission *s)
{
    json_t *list = json_array();
    for (int to = 0; to < SUB_STATE_COUNT; to++) {
        if (!workflow_may_move(&p->viewer, s, (enum sub_state)to))
            continue;
        char key[48];
        snprintf(key, sizeof(key), "review_move_%s", sub_state_codes[to]);
        bool note = to == SUB_DECLINED || to == SUB_CHANGES_REQUESTED;
        json_array_append_new(list, json_pack("{sssssbsb}", "to", sub_state_codes[to], "label",
                                              page_t(p, key), "note", note, "note_required",
                                              to == SUB_DECLINED));
    }
    return list;
}

static void
submission_page(struct page *p, struct store *writer, const struct submission *s)
{
    json_t *comments = json_array();
    struct audit_ctx audit = {p, json_array()};
    if (store_comment_list(writer, s->id, add_comment, comments) != ERR_OK ||
        store_audit_list(writer, s->id, add_audit, &audit) != ERR_OK)
        p->viewer_failed = true;
    struct government g;
    government_init(&g);
    if (store_government_load(writer, NULL, s->government_id, &g) == ERR_OK)
        json_object_set_new(p->ctx, "government", json_string(g.name));
    government_release(&g);
    char href[64];
    snprintf(href, sizeof(href), "/submissions/%lld", (long long)s->id);
    json_object_set_new(p->ctx, "href", json_string(href));
    json_object_set_new(p->ctx, "title", json_string(s->title));
    json_object_set_new(p->ctx, "state", json_string(sub_state_codes[s->state]));
    json_object_set_new(p->ctx, "state_label", state_label(p, sub_state_codes[s->state]));
    json_object_set_new(p->ctx, "updated", time_text(s->updated_at));
    json_object_set_new(p->ctx, "comments", comments);
    json_object_set_new(p->ctx, "audit", audit.list);
    json_object_set_new(p->ctx, "moves", moves(p, s));
    json_object_set_new(p->ctx, "csrf", json_string(page_form_token(p)));
    bool open = s->state == SUB_DRAFT || s->state == SUB_CHANGES_REQUESTED;
    json_object_set_new(p->ctx, "may_edit",
                        json_boolean(open && workflow_may_submit(&p->viewer, s->government_id)));
    if (s->state == SUB_PUBLISHED) {
        struct buf url;
        buf_init(&url, 512);
        buf_addstr(&url, "/actions/");
        page_url_escape(&url, s->external_id);
        json_object_set_new(p->ctx, "public_href", json_string(url.data));
        buf_release(&url);
    }
    json_t *record = json_loads(s->record, 0, NULL);
    json_t *action = record != NULL ? action_view_from_record(p, record) : NULL;
    json_decref(record);
    if (action != NULL)
        json_object_set_new(p->ctx, "action", action);
    p->res->cache_control = "no-store";
    page_finish(p, "submission", s->title);
}

void
web_submission(struct request *req, struct response *res)
{
    struct page p;
    struct submission s = {0};
    page_begin(&p, req, res, "review");
    struct store *writer = NULL;
    if (page_require_viewer(&p, false)) {
        writer = app_store_writer(req->app);
        if (load_visible(&p, writer, &s))
            submission_page(&p, writer, &s);
    }
    app_store_writer_release(req->app, writer);
    submission_release(&s);
    if (res->status == 200)
        res->cache_control = "private, no-store";
}

/* Ends a POST on submission @s: back to its page, or the workflow's refusal. */
static void
after_change(struct page *p, const struct submission *s, enum err e, enum wf_outcome outcome,
             const struct field_errors *errs)
{
    if (e != ERR_OK) {
        page_refuse(p, 503, "error_title");
    } else if (outcome == WF_DONE) {
        page_abandon(p);
        char location[64];
        snprintf(location, sizeof(location), "/submissions/%lld", (long long)s->id);
        page_redirect(p->res, location);
    } else if (outcome == WF_INVALID && errs->count > 0 &&
               strcmp(errs->items[0].field, "note") == 0) {
        page_refuse(p, 400, "review_note_needed");
    } else if (outcome == WF_INVALID && errs->count > 0) {
        /* the record breaks a rule made since it was submitted: say which, in the page's
         * language, each with its field */
        enum lang lang = p->lang;
        struct buf message;
        buf_init(&message, 8192);
        for (size_t i = 0; i < errs->count; i++) {
            buf_addstr(&message, i > 0 ? "; " : "");
            if (errs->items[i].field[0] != '\0')
                buf_addf(&message, "%s: ", errs->items[i].field);
            i18n_field_error(lang, &errs->items[i], &message);
        }
        page_abandon(p);
        page_error(p->req, p->res, lang, 400,
                   buf_status(&message) == ERR_OK ? message.data : errs->items[0].message);
        buf_release(&message);
    } else {
        page_refuse(p,
                    outcome == WF_WRONG_STATE ? 409
                    : outcome == WF_INVALID   ? 400
                                              : 403,
                    outcome == WF_WRONG_STATE ? "review_wrong_state"
                    : outcome == WF_INVALID   ? "review_comment_needed"
                                              : "review_forbidden");
    }
}

void
web_submission_move(struct request *req, struct response *res)
{
    struct page p;
    struct submission s = {0};
    page_begin(&p, req, res, "review");
    struct store *writer = NULL;
    if (page_require_form(&p)) {
        writer = app_store_writer(req->app);
        if (load_visible(&p, writer, &s)) {
            struct field_errors errs = {0};
            enum wf_outcome outcome = WF_FORBIDDEN;
            int to = sub_state_find(http_form(req, "to"));
            const char *note = http_form(req, "note");
            if (note != NULL && note[0] == '\0')
                note = NULL;
            bool needs_note = to == SUB_CHANGES_REQUESTED || to == SUB_DECLINED;
            enum err e = ERR_OK;
            if (needs_note && note == NULL) {
                field_errors_say(&errs, "note", "valid_required", "is required", NULL);
                outcome = WF_INVALID;
            } else if (to >= 0) {
                e = workflow_move(writer, &p.viewer, s.id, (enum sub_state)to, note, &errs,
                                  &outcome);
            }
            after_change(&p, &s, e, outcome, &errs);
        }
    }
    app_store_writer_release(req->app, writer);
    submission_release(&s);
}

void
web_submission_comment(struct request *req, struct response *res)
{
    struct page p;
    struct submission s = {0};
    page_begin(&p, req, res, "review");
    struct store *writer = NULL;
    if (page_require_form(&p)) {
        writer = app_store_writer(req->app);
        if (load_visible(&p, writer, &s)) {
            struct field_errors errs = {0};
            enum wf_outcome outcome = WF_INVALID;
            enum err e =
                workflow_comment(writer, &p.viewer, s.id, http_form(req, "body"), &outcome);
            after_change(&p, &s, e, outcome, &errs);
        }
    }
    app_store_writer_release(req->app, writer);
    submission_release(&s);
}
