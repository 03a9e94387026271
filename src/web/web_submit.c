/* Submitting an action on the website: GET/POST /submit (a new action, or with ?action= the
 * next version of a published one) and GET/POST /submissions/{id}/edit (a draft, or one sent
 * back with changes requested). "Preview" shows the action as its public page would without
 * saving; "Save draft" and "Submit for review" go through workflow_propose(), the same path
 * as the API, so the importer's rules decide. A refused form comes back with every value
 * typed and each error next to its field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "http/app.h"
#include "http/router.h"
#include "util/parse.h"
#include "web/action_view.h"
#include "web/submit_form.h"
#include "web/web.h"
#include "workflow/workflow.h"

static bool
submits(const struct viewer *v)
{
    return viewer_can(v, ROLE_FOCAL_POINT, 0) || viewer_can(v, ROLE_NETWORK_COORDINATOR, 0);
}

/* Ends @p with a page saying why its viewer may not submit and what to do about it (403): a
 * reviewer reviews, anyone else needs a government's focal point role. */
static void
refuse_submitter(struct page *p)
{
    bool reviewer = viewer_can(&p->viewer, ROLE_REVIEWER, 0);
    json_object_set_new(
        p->ctx, "refused",
        json_pack(
            "{sssssb}", "why",
            page_t(p, reviewer ? "submit_refused_reviewer" : "submit_refused_no_role"), "next_step",
            page_t(p, reviewer ? "submit_refused_reviewer_next" : "submit_refused_no_role_next"),
            "reviewer", reviewer));
    struct response *res = p->res;
    page_finish(p, "submit_refused", page_t(p, "submit_title"));
    res->status = 403;
}

/* Renders the form with @values and @errs (and @preview, the action as it would show), and
 * answers @status. */
static void
form_page(struct page *p, json_t *values, const struct field_errors *errs, json_t *preview,
          const char *action_url, const char *external_id, int status)
{
    submit_form_context(p, values, errs, action_url, external_id);
    if (preview != NULL)
        json_object_set_new(p->ctx, "preview", preview);
    json_decref(values);
    struct response *res = p->res;
    page_finish(p, "submit", page_t(p, external_id != NULL ? "submit_edit_title" : "submit_title"));
    res->status = status;
    res->cache_control = "no-store";
}

/* Acts on the POSTed form of @p: previews, saves or submits it as @external_id (NULL: a new
 * action), then shows the submission or the form again. */
static void
act(struct page *p, const char *external_id, const char *action_url)
{
    struct field_errors errs = {0};
    json_t *values = submit_values_read(p);
    const char *what = http_form(p->req, "do");
    if (what != NULL && strcmp(what, "find_lead") == 0) {
        /* looking for a lead government saves nothing: the form comes back with the matches */
        form_page(p, values, NULL, NULL, action_url, external_id, 200);
        return;
    }
    json_t *record = submit_values_record(p, values);
    bool has_lead = submit_lead_check(p, values, &errs);
    bool preview_asked = what != NULL && strcmp(what, "preview") == 0;
    if (preview_asked || !has_lead) {
        /* the workflow names a new action when it saves it; a preview borrows a name */
        json_object_set_new(record, "external_id",
                            json_string(external_id != NULL ? external_id : "preview"));
        struct action a;
        action_init(&a);
        json_t *copy = json_deep_copy(record);
        bool valid = validate_action(copy, &a, &errs) == ERR_OK && has_lead;
        json_decref(copy);
        action_release(&a);
        json_t *preview = valid && preview_asked ? action_view_from_record(p, record) : NULL;
        json_decref(record);
        form_page(p, values, &errs, preview, action_url, external_id, valid ? 200 : 400);
        return;
    }
    bool submit = what != NULL && strcmp(what, "submit") == 0;
    enum wf_outcome outcome = WF_FORBIDDEN;
    int64_t id = 0;
    struct store *writer = app_store_writer(p->req->app);
    enum err e = writer != NULL ? workflow_propose(writer, &p->viewer, external_id, record, submit,
                                                   &errs, &outcome, &id)
                                : ERR_DB;
    app_store_writer_release(p->req->app, writer);
    json_decref(record);
    if (e != ERR_OK) {
        json_decref(values);
        page_refuse(p, 503, "error_title");
    } else if (outcome == WF_DONE) {
        json_decref(values);
        page_abandon(p);
        char location[64];
        snprintf(location, sizeof(location), "/submissions/%lld", (long long)id);
        page_redirect(p->res, location);
    } else if (errs.count > 0) {
        form_page(p, values, &errs, NULL, action_url, external_id,
                  outcome == WF_FORBIDDEN ? 403 : 400);
    } else {
        json_decref(values);
        page_refuse(p,
                    outcome == WF_NOT_FOUND     ? 404
                    : outcome == WF_WRONG_STATE ? 409
                                                : 403,
                    outcome == WF_WRONG_STATE ? "submit_under_review" : "submit_forbidden");
    }
}

/* The published action @external_id as form values, or NULL with an error page set. */
static json_t *
published_values(struct page *p, const char *external_id)
{
    char path[LIMIT_EXTERNAL_ID * 4 + 32];
    struct buf b;
    buf_init(&b, sizeof(path));
    buf_addstr(&b, "/api/v1/actions/");
    buf_addstr(&b, external_id);
    snprintf(path, sizeof(path), "%s", buf_status(&b) == ERR_OK ? b.data : "/");
    buf_release(&b);
    json_t *a = page_api(p, api_actions_get, path, false);
    if (a == NULL)
        return NULL;
    json_t *values = submit_values_from_record(p, a);
    json_decref(a);
    return values;
}

void
web_submit_form(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "submit");
    if (!page_require_viewer(&p, false))
        return;
    if (!submits(&p.viewer)) {
        refuse_submitter(&p);
        return;
    }
    const char *edit = http_param(req, "action");
    if (edit != NULL && (edit[0] == '\0' || strlen(edit) > LIMIT_EXTERNAL_ID)) {
        page_refuse(&p, 404, "error_not_found");
        return;
    }
    json_t *values = edit != NULL ? published_values(&p, edit) : json_object();
    if (values == NULL) {
        page_abandon(&p);
        return;
    }
    form_page(&p, values, NULL, NULL, "/submit", edit, 200);
}

void
web_submit(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "submit");
    if (!page_require_form(&p))
        return;
    if (!submits(&p.viewer)) {
        refuse_submitter(&p);
        return;
    }
    /* the next version of a published action names it; the workflow checks it is theirs */
    const char *edit = http_form(req, "external_id");
    if (edit != NULL && (edit[0] == '\0' || strlen(edit) > LIMIT_EXTERNAL_ID))
        edit = NULL;
    act(&p, edit, "/submit");
}

/* The submission of /submissions/{id}/edit that the viewer may edit, loaded into @s; false
 * with an error page set. */
static bool
editable(struct page *p, struct submission *s)
{
    char text[24];
    int64_t id = 0;
    if (!router_segment_at(p->req->path, 1, text, sizeof(text)) ||
        parse_i64(text, strlen(text), 1, INT64_MAX, &id) != ERR_OK) {
        page_refuse(p, 404, "error_not_found");
        return false;
    }
    struct store *writer = app_store_writer(p->req->app);
    enum err e = writer != NULL ? store_submission_load(writer, id, s) : ERR_DB;
    app_store_writer_release(p->req->app, writer);
    if (e != ERR_OK) {
        page_refuse(p, e == ERR_NOT_FOUND ? 404 : 503,
                    e == ERR_NOT_FOUND ? "error_not_found" : "error_title");
        return false;
    }
    if (!workflow_may_submit(&p->viewer, s->government_id)) {
        page_refuse(p, 403, "submit_forbidden");
        return false;
    }
    if (s->state != SUB_DRAFT && s->state != SUB_CHANGES_REQUESTED) {
        page_refuse(p, 409, "submit_under_review");
        return false;
    }
    return true;
}

void
web_submission_edit_form(struct request *req, struct response *res)
{
    struct page p;
    struct submission s = {0};
    page_begin(&p, req, res, "submit");
    if (page_require_viewer(&p, false) && editable(&p, &s)) {
        json_t *record = json_loads(s.record, 0, NULL);
        json_t *values = submit_values_from_record(&p, record);
        json_decref(record);
        char url[64];
        snprintf(url, sizeof(url), "/submissions/%lld/edit", (long long)s.id);
        form_page(&p, values, NULL, NULL, url, s.external_id, 200);
    }
    submission_release(&s);
}

void
web_submission_edit(struct request *req, struct response *res)
{
    struct page p;
    struct submission s = {0};
    page_begin(&p, req, res, "submit");
    if (page_require_form(&p) && editable(&p, &s)) {
        char url[64];
        snprintf(url, sizeof(url), "/submissions/%lld/edit", (long long)s.id);
        act(&p, s.external_id, url);
    }
    submission_release(&s);
}
