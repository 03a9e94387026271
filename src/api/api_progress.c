/* Progress of a published action through the API (docs/api.md, "Progress"):
 * GET /api/v1/actions/{id}/progress (the computed progress and every update, oldest first),
 * GET and PUT /api/v1/actions/{id}/progress/{update} (one update; PUT creates or replaces it
 * under its stable id), POST /api/v1/actions/{id}/progress (a new update, its id made when the
 * body has none), and the "progress" and "grf_status" of GET /api/v1/actions/{id}. Progress
 * depends on the day, so it is computed for each answer, never stored. Writes go through
 * progress_report(), which the website's form uses too. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/api_workflow.h"
#include "domain/progress_record.h"
#include "http/app.h"
#include "http/router.h"
#include "store/progress.h"
#include "util/limits.h"
#include "workflow/progress_report.h"

/* A published action with its updates and what they add up to. */
struct progress_view {
    struct action a;
    struct progress_list updates;
    struct progress p;
};

static void
view_release(struct progress_view *pv)
{
    action_release(&pv->a);
    progress_list_release(&pv->updates);
}

/* Loads published action @external_id into @pv (initialised here; release it either way);
 * ERR_NOT_FOUND when there is none. */
static enum err
view_load(struct store *st, const char *external_id, struct progress_view *pv)
{
    memset(pv, 0, sizeof(*pv));
    action_init(&pv->a);
    enum err e = store_progress_of(st, external_id, &pv->a, &pv->updates);
    if (e == ERR_OK && pv->a.publication != PUB_PUBLISHED)
        e = ERR_NOT_FOUND;
    if (e == ERR_OK)
        progress_compute(&pv->a, pv->updates.items, pv->updates.count, progress_today(), &pv->p);
    return e;
}

/* {"action", "progress", "updates": [...]}, or with @one {"action", "update", "progress"}. */
static void
write_answer(struct buf *b, const struct progress_view *pv, const struct progress_update *one)
{
    buf_addstr(b, "{\"action\":");
    buf_add_json_strz(b, pv->a.external_id);
    if (one != NULL) {
        buf_addstr(b, ",\"update\":");
        progress_update_json(b, one, PROGRESS_API);
    }
    buf_addstr(b, ",\"progress\":");
    progress_json(b, &pv->a, &pv->p);
    if (one == NULL) {
        buf_addstr(b, ",\"updates\":[");
        for (size_t i = 0; i < pv->updates.count; i++) {
            if (i > 0)
                buf_addch(b, ',');
            progress_update_json(b, &pv->updates.items[i], PROGRESS_API);
        }
        buf_addch(b, ']');
    }
    buf_addstr(b, "}\n");
}

/* Reopens the object that ends @out to add the "grf_status" and "progress" of @pv. */
static void
append_progress(struct buf *out, const struct progress_view *pv)
{
    if (out->len == 0 || out->data[out->len - 1] != '}')
        return;
    buf_truncate(out, out->len - 1);
    buf_addstr(out, ",\"grf_status\":");
    buf_add_json_strz(out, progress_grf_status(pv->a.status));
    buf_addstr(out, ",\"progress\":");
    progress_json(out, &pv->a, &pv->p);
    buf_addch(out, '}');
}

bool
api_progress_append(struct store *st, const char *external_id, struct buf *out)
{
    struct progress_view pv;
    enum err e = view_load(st, external_id, &pv);
    if (e == ERR_OK)
        append_progress(out, &pv);
    view_release(&pv);
    return e == ERR_OK;
}

enum err
api_progress_action_json(struct store *st, const char *external_id, struct buf *out)
{
    struct progress_view pv;
    memset(&pv, 0, sizeof(pv));
    action_init(&pv.a);
    enum err e = store_progress_action_json(st, external_id, out, &pv.a, &pv.updates);
    if (e == ERR_OK) {
        progress_compute(&pv.a, pv.updates.items, pv.updates.count, progress_today(), &pv.p);
        /* the action's own JSON ends with its closing brace: reopen it */
        append_progress(out, &pv);
    }
    view_release(&pv);
    return e;
}

/* The action id of the request's path (segment 3) into @id; false with a 404 set. */
static bool
path_action(struct request *req, struct response *res, char id[LIMIT_EXTERNAL_ID + 1])
{
    if (router_segment_at(req->path, 3, id, LIMIT_EXTERNAL_ID + 1))
        return true;
    http_error(res, 404, NULL, "there is no such action");
    return false;
}

/* The update id of the request's path (segment 5) into @id; false with a 404 set. */
static bool
path_update(struct request *req, struct response *res, char id[LIMIT_EXTERNAL_ID + 1])
{
    if (router_segment_at(req->path, 5, id, LIMIT_EXTERNAL_ID + 1))
        return true;
    http_error(res, 404, NULL, "there is no such progress update");
    return false;
}

void
api_progress_get(struct request *req, struct response *res)
{
    char id[LIMIT_EXTERNAL_ID + 1], update_id[LIMIT_EXTERNAL_ID + 1];
    bool one = router_segment_at(req->path, 5, update_id, sizeof(update_id));
    if (!path_action(req, res, id))
        return;
    struct store *st = app_store(req->app);
    if (st == NULL) {
        http_error(res, 503, NULL, "the database is not available");
        return;
    }
    struct progress_view pv;
    bool snapshot = store_progress_read_begin(st) == ERR_OK;
    enum err e = view_load(st, id, &pv);
    if (snapshot)
        store_progress_read_end(st);
    const struct progress_update *found = NULL;
    for (size_t i = 0; one && e == ERR_OK && i < pv.updates.count; i++)
        if (strcmp(pv.updates.items[i].external_id, update_id) == 0)
            found = &pv.updates.items[i];
    if (e == ERR_NOT_FOUND)
        http_error(res, 404, NULL, "there is no published action '%.100s'", id);
    else if (e != ERR_OK)
        http_error(res, 500, NULL, "cannot read the progress of '%.100s'", id);
    else if (one && found == NULL)
        http_error(res, 404, NULL, "'%.100s' has no progress update '%.100s'", id, update_id);
    else
        write_answer(&res->body, &pv, found);
    view_release(&pv);
    app_store_release(req->app, st);
}

static void
write_update(struct request *req, struct response *res, bool put)
{
    char action_id[LIMIT_EXTERNAL_ID + 1], update_id[LIMIT_EXTERNAL_ID + 1];
    if (!path_action(req, res, action_id) || (put && !path_update(req, res, update_id)))
        return;
    struct viewer v;
    struct store *writer = api_workflow_viewer(req, res, &v, true);
    if (writer == NULL)
        return;
    json_t *body = api_workflow_body(req, res);
    struct field_errors errs = {0};
    enum wf_outcome outcome = WF_FORBIDDEN;
    enum progress_write_result result = PROGRESS_WRITE_REJECTED;
    char id[LIMIT_EXTERNAL_ID + 1];
    enum err e = body != NULL ? progress_report(writer, &v, action_id, put ? update_id : NULL, body,
                                                &errs, &outcome, &result, id)
                              : ERR_OK;
    struct progress_view pv = {0};
    struct progress_update stored;
    progress_update_init(&stored);
    if (body == NULL) {
        /* the 400 is set */
    } else if (e != ERR_OK) {
        http_error(res, 500, NULL, "cannot save the progress update");
    } else if (outcome == WF_NOT_FOUND) {
        http_error(res, 404, NULL, "there is no published action '%.100s'", action_id);
    } else if (outcome == WF_FORBIDDEN) {
        http_error(res, 403, NULL, "your roles do not allow reporting progress on this action");
    } else if (outcome == WF_WRONG_STATE) {
        const char *taken = json_string_value(json_object_get(body, "id"));
        http_error(res, 409, "id",
                   put ? "the update '%.100s' belongs to another action"
                       : "the update '%.100s' exists; change it with PUT",
                   taken != NULL ? taken : "");
    } else if (outcome != WF_DONE) {
        api_workflow_refuse(req, res, outcome, &errs);
    } else {
        /* the update as stored, and the progress it makes */
        e = view_load(writer, action_id, &pv);
        if (e == ERR_OK)
            e = store_progress_load(writer, id, &stored);
        if (e != ERR_OK) {
            http_error(res, 500, NULL, "cannot read the progress update back");
        } else {
            res->status = result == PROGRESS_WRITE_INSERTED ? 201 : 200;
            snprintf(res->location, sizeof(res->location), "/api/v1/actions/%s/progress/%s",
                     action_id, id);
            write_answer(&res->body, &pv, &stored);
        }
        view_release(&pv);
    }
    progress_update_release(&stored);
    json_decref(body);
    app_store_writer_release(req->app, writer);
}

void
api_progress_create(struct request *req, struct response *res)
{
    write_update(req, res, false);
}

void
api_progress_put(struct request *req, struct response *res)
{
    write_update(req, res, true);
}
