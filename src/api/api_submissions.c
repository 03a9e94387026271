/* The workflow's JSON API: proposing an action (POST /api/v1/actions) or its next version
 * (PATCH /api/v1/actions/{external_id}), the submissions a viewer may see with counts per
 * state, one submission with its thread, audit log and the moves open to the viewer, and
 * moving or commenting on it. The rules live in workflow/; this file only translates. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/api_workflow.h"
#include "http/app.h"
#include "http/router.h"
#include "util/parse.h"

static void
add_comment(void *ctx, const struct comment_row *row)
{
    struct buf *b = ctx;
    if (b->data[b->len - 1] == '}')
        buf_addch(b, ',');
    buf_addf(b, "{\"id\":%lld,\"author\":", (long long)row->id);
    buf_add_json_strz(b, row->author_name[0] ? row->author_name : row->author_email);
    buf_addstr(b, ",\"body\":");
    buf_add_json_strz(b, row->body);
    buf_addstr(b, ",\"created_at\":");
    api_workflow_time(b, row->created_at);
    buf_addch(b, '}');
}

static void
add_audit(void *ctx, const struct audit_row *row)
{
    struct buf *b = ctx;
    if (b->data[b->len - 1] == '}')
        buf_addch(b, ',');
    buf_addstr(b, "{\"actor\":");
    buf_add_json_strz(b, row->actor_name[0] ? row->actor_name : row->actor_email);
    buf_addstr(b, ",\"at\":");
    api_workflow_time(b, row->at);
    buf_addstr(b, ",\"from\":");
    buf_add_json_strz(b, row->from_state[0] ? row->from_state : NULL);
    buf_addstr(b, ",\"to\":");
    buf_add_json_strz(b, row->to_state);
    buf_addstr(b, ",\"note\":");
    buf_add_json_strz(b, row->note[0] ? row->note : NULL);
    buf_addch(b, '}');
}

/* Appends submission @s as the API shows it to @v. */
static enum err
submission_json(struct buf *b, struct store *st, const struct viewer *v, const struct submission *s)
{
    struct government g;
    government_init(&g);
    enum err e = store_government_load(st, NULL, s->government_id, &g);
    if (e != ERR_OK)
        goto out;
    buf_addf(b, "{\"id\":%lld,\"external_id\":", (long long)s->id);
    buf_add_json_strz(b, s->external_id);
    buf_addstr(b, ",\"state\":");
    buf_add_json_strz(b, sub_state_codes[s->state]);
    buf_addstr(b, ",\"title\":");
    buf_add_json_strz(b, s->title);
    buf_addstr(b, ",\"government\":{\"slug\":");
    buf_add_json_strz(b, g.slug);
    buf_addstr(b, ",\"name\":");
    buf_add_json_strz(b, g.name);
    buf_addstr(b, "},\"created_at\":");
    api_workflow_time(b, s->created_at);
    buf_addstr(b, ",\"updated_at\":");
    api_workflow_time(b, s->updated_at);
    buf_addstr(b, ",\"allowed\":[");
    bool first = true;
    for (int to = 0; to < SUB_STATE_COUNT; to++) {
        if (!workflow_may_move(v, s, (enum sub_state)to))
            continue;
        if (!first)
            buf_addch(b, ',');
        buf_add_json_strz(b, sub_state_codes[to]);
        first = false;
    }
    /* the record was written by jansson from a validated object: it is JSON as it stands */
    buf_addstr(b, "],\"errors\":[],\"record\":");
    buf_addstr(b, s->record);
    buf_addstr(b, ",\"comments\":[");
    e = store_comment_list(st, s->id, add_comment, b);
    buf_addstr(b, "],\"audit\":[");
    if (e == ERR_OK)
        e = store_audit_list(st, s->id, add_audit, b);
    buf_addstr(b, "]}\n");
out:
    government_release(&g);
    return e;
}

/* Answers submission @id (just changed through @writer) with @status. */
static void
answer_submission(struct response *res, struct store *writer, const struct viewer *v, int64_t id,
                  int status)
{
    struct submission s = {0};
    enum err e = store_submission_load(writer, id, &s);
    buf_reset(&res->body);
    if (e == ERR_OK)
        e = submission_json(&res->body, writer, v, &s);
    if (e != ERR_OK)
        http_error(res, http_status_for(e), NULL, "cannot read the submission");
    else
        res->status = status;
    submission_release(&s);
}

static void
propose(struct request *req, struct response *res, const char *external_id)
{
    struct viewer v;
    struct field_errors errs = {0};
    struct store *writer = api_workflow_viewer(req, res, &v, true);
    if (writer == NULL)
        return;
    json_t *body = api_workflow_body(req, res);
    if (body != NULL) {
        json_t *submit = json_object_get(body, "submit");
        enum wf_outcome outcome;
        int64_t id = 0;
        enum err e = ERR_OK;
        if (submit != NULL && !json_is_boolean(submit)) {
            field_errors_say(&errs, "submit", "valid_not_boolean", "must be true or false", NULL);
            api_workflow_refuse(req, res, WF_INVALID, &errs);
        } else {
            e = workflow_propose(writer, &v, external_id, body, json_is_true(submit), &errs,
                                 &outcome, &id);
        }
        if (e != ERR_OK)
            http_error(res, http_status_for(e), NULL, "cannot save the submission");
        else if (res->status >= 400)
            ; /* refused above */
        else if (outcome != WF_DONE)
            api_workflow_refuse(req, res, outcome, &errs);
        else
            answer_submission(res, writer, &v, id, external_id == NULL ? 201 : 200);
        json_decref(body);
    }
    app_store_writer_release(req->app, writer);
}

void
api_actions_create(struct request *req, struct response *res)
{
    propose(req, res, NULL);
}

void
api_actions_update(struct request *req, struct response *res)
{
    propose(req, res, router_tail(req->path, "/api/v1/actions/"));
}

/* The submission id in segment @index of the path, or 0. */
static int64_t
path_id(const struct request *req, size_t index)
{
    char text[24];
    int64_t id = 0;
    if (!router_segment_at(req->path, index, text, sizeof(text)) ||
        parse_i64(text, strlen(text), 1, INT64_MAX, &id) != ERR_OK)
        return 0;
    return id;
}

void
api_submissions_get(struct request *req, struct response *res)
{
    struct viewer v;
    struct submission s = {0};
    struct store *writer = api_workflow_viewer(req, res, &v, false);
    if (writer == NULL)
        return;
    int64_t id = path_id(req, 3);
    enum err e = id > 0 ? store_submission_load(writer, id, &s) : ERR_NOT_FOUND;
    if (e == ERR_OK && !workflow_may_see(&v, &s))
        e = ERR_NOT_FOUND;
    if (e == ERR_OK)
        e = submission_json(&res->body, writer, &v, &s);
    if (e == ERR_NOT_FOUND)
        api_workflow_refuse(req, res, WF_NOT_FOUND, NULL);
    else if (e != ERR_OK)
        http_error(res, 500, NULL, "cannot read the submission");
    submission_release(&s);
    app_store_writer_release(req->app, writer);
}

void
api_submissions_move(struct request *req, struct response *res)
{
    struct viewer v;
    struct field_errors errs = {0};
    struct store *writer = api_workflow_viewer(req, res, &v, true);
    if (writer == NULL)
        return;
    json_t *body = api_workflow_body(req, res);
    int64_t id = path_id(req, 3);
    if (body != NULL) {
        int to = sub_state_find(json_string_value(json_object_get(body, "to")));
        json_t *note = json_object_get(body, "note");
        enum wf_outcome outcome = WF_INVALID;
        enum err e = ERR_OK;
        if (to < 0)
            field_errors_say(&errs, "to", "valid_not_state",
                             "must be a state (submitted, in_review, ...)", NULL);
        else if (note != NULL && !json_is_string(note) && !json_is_null(note))
            field_errors_say(&errs, "note", "valid_not_text", "must be text", NULL);
        else
            e = workflow_move(writer, &v, id, (enum sub_state)to, json_string_value(note), &errs,
                              &outcome);
        if (e != ERR_OK)
            http_error(res, http_status_for(e), NULL, "cannot change the submission");
        else if (outcome != WF_DONE)
            api_workflow_refuse(req, res, outcome, &errs);
        else
            answer_submission(res, writer, &v, id, 200);
        json_decref(body);
    }
    app_store_writer_release(req->app, writer);
}

void
api_submissions_comment(struct request *req, struct response *res)
{
    struct viewer v;
    struct field_errors errs = {0};
    struct store *writer = api_workflow_viewer(req, res, &v, true);
    if (writer == NULL)
        return;
    json_t *body = api_workflow_body(req, res);
    int64_t id = path_id(req, 3);
    if (body != NULL) {
        enum wf_outcome outcome;
        enum err e = workflow_comment(writer, &v, id,
                                      json_string_value(json_object_get(body, "body")), &outcome);
        if (outcome == WF_INVALID) {
            char max[24];
            snprintf(max, sizeof(max), "%d", COMMENT_MAX_BYTES);
            field_errors_say(&errs, "body", "valid_comment_size",
                             "must be text of 1 to {max} bytes",
                             (const char *const[]){"max", max, NULL});
        }
        if (e != ERR_OK)
            http_error(res, http_status_for(e), NULL, "cannot add the comment");
        else if (outcome != WF_DONE)
            api_workflow_refuse(req, res, outcome, &errs);
        else
            answer_submission(res, writer, &v, id, 201);
        json_decref(body);
    }
    app_store_writer_release(req->app, writer);
}

/* ---- the list ---- */

struct list_ctx {
    struct buf *b;
    size_t n;
};

static void
add_row(void *ctx, const struct submission_row *row)
{
    struct list_ctx *l = ctx;
    buf_addstr(l->b, l->n++ > 0 ? ",{\"id\":" : "{\"id\":");
    buf_addf(l->b, "%lld,\"external_id\":", (long long)row->id);
    buf_add_json_strz(l->b, row->external_id);
    buf_addstr(l->b, ",\"title\":");
    buf_add_json_strz(l->b, row->title);
    buf_addstr(l->b, ",\"state\":");
    buf_add_json_strz(l->b, sub_state_codes[row->state]);
    buf_addstr(l->b, ",\"government\":{\"slug\":");
    buf_add_json_strz(l->b, row->government_slug);
    buf_addstr(l->b, ",\"name\":");
    buf_add_json_strz(l->b, row->government_name);
    buf_addstr(l->b, ",\"country\":");
    buf_add_json_strz(l->b, row->country);
    buf_addstr(l->b, "},\"updated_at\":");
    api_workflow_time(l->b, row->updated_at);
    buf_addch(l->b, '}');
}

/* Reads ?state=, ?government= and ?country= into @f; false with a 400 set. */
static bool
list_filter(struct request *req, struct response *res, struct store *st,
            struct submission_filter *f, char country[3])
{
    const char *state = http_param(req, "state");
    const char *slug = http_param(req, "government");
    const char *code = http_param(req, "country");
    f->state = state != NULL ? sub_state_find(state) : -1;
    if (state != NULL && f->state < 0) {
        http_error(res, 400, "state", "'%.50s' is not a state", state);
        return false;
    }
    if (slug != NULL) {
        struct government g;
        government_init(&g);
        enum err e = store_government_load(st, slug, 0, &g);
        f->government_id = g.id;
        government_release(&g);
        if (e != ERR_OK) {
            http_error(res, 400, "government", "there is no government '%.100s'", slug);
            return false;
        }
    }
    if (code != NULL) {
        int c = taxonomy_country_find(code, strlen(code));
        if (c < 0) {
            http_error(res, 400, "country", "'%.50s' is not a country", code);
            return false;
        }
        memcpy(country, taxonomy_country(c)->alpha2, 3);
        f->country = country;
    }
    return true;
}

void
api_submissions_list(struct request *req, struct response *res)
{
    struct viewer v;
    struct submission_filter f = {0};
    char country[3];
    size_t counts[SUB_STATE_COUNT] = {0};
    struct store *writer = api_workflow_viewer(req, res, &v, false);
    if (writer == NULL)
        return;
    if (!list_filter(req, res, writer, &f, country))
        goto out;
    /* reviewers see every government's; submitters their own governments' only */
    int64_t governments[USER_ROLES_MAX];
    size_t n = 0;
    if (viewer_can(&v, ROLE_REVIEWER, 0)) {
        governments[n++] = f.government_id;
    } else {
        for (size_t i = 0; i < v.n_roles; i++) {
            int64_t g = v.roles[i].government_id;
            if (g > 0 && workflow_may_submit(&v, g) &&
                (f.government_id == 0 || g == f.government_id))
                governments[n++] = g;
        }
    }
    if (n == 0 && !workflow_may_submit(&v, f.government_id)) {
        http_error(res, 403, NULL, "only reviewers and submitters have submissions to list");
        goto out;
    }
    struct list_ctx l = {&res->body, 0};
    enum err e = ERR_OK;
    buf_addstr(&res->body, "{\"items\":[");
    for (size_t i = 0; i < n && e == ERR_OK; i++) {
        size_t part[SUB_STATE_COUNT];
        f.government_id = governments[i];
        e = store_submission_list(writer, &f, add_row, &l);
        if (e == ERR_OK)
            e = store_submission_counts(writer, &f, part);
        for (int s = 0; e == ERR_OK && s < SUB_STATE_COUNT; s++)
            counts[s] += part[s];
    }
    buf_addstr(&res->body, "],\"counts\":{");
    for (int s = 0; s < SUB_STATE_COUNT; s++)
        buf_addf(&res->body, "%s\"%s\":%zu", s > 0 ? "," : "", sub_state_codes[s], counts[s]);
    buf_addstr(&res->body, "}}\n");
    if (e != ERR_OK)
        http_error(res, 500, NULL, "cannot list submissions");
out:
    app_store_writer_release(req->app, writer);
}
