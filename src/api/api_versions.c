/* GET /api/v1/actions/{external_id}/versions[/{n}]: every published version of an action, as
 * it was published. Public while the action is; once withdrawn, only its government's
 * submitters and the reviewers still see them. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/api_workflow.h"
#include "http/app.h"
#include "http/router.h"
#include "util/parse.h"

struct versions_ctx {
    struct buf *b;
    size_t n;
    bool with_record;
};

static void
add_version(void *ctx, const struct version_row *row)
{
    struct versions_ctx *l = ctx;
    if (l->n++ > 0)
        buf_addch(l->b, ',');
    buf_addf(l->b, "{\"version\":%d,\"submission_id\":%lld,\"published_at\":", row->version,
             (long long)row->submission_id);
    api_workflow_time(l->b, row->published_at);
    if (l->with_record) {
        /* written by jansson from a validated object when it was submitted */
        buf_addstr(l->b, ",\"record\":");
        buf_addstr(l->b, row->record);
    }
    buf_addch(l->b, '}');
}

/* Whether the versions of @external_id may be shown to the sender of @req. */
static enum err
may_read(struct request *req, struct store *st, const char *external_id, bool *ok)
{
    struct buf scratch;
    buf_init(&scratch, LIMIT_RESPONSE_BYTES);
    enum err e = store_action_json(st, external_id, &scratch);
    buf_release(&scratch);
    *ok = e == ERR_OK;
    if (e != ERR_NOT_FOUND)
        return e;
    struct viewer v;
    struct submission s = {0};
    struct store *writer = app_store_writer(req->app);
    e = writer != NULL ? session_viewer(req, writer, writer, &v) : ERR_DB;
    if (e == ERR_OK)
        e = store_submission_latest(writer, external_id, &s);
    if (e == ERR_OK)
        *ok = workflow_may_see(&v, &s);
    submission_release(&s);
    app_store_writer_release(req->app, writer);
    return e == ERR_NOT_FOUND ? ERR_OK : e;
}

static void
versions(struct request *req, struct response *res, bool one)
{
    char external_id[LIMIT_EXTERNAL_ID + 1], number[16];
    int64_t n = 0;
    bool ok = false;
    if (!router_segment_at(req->path, 3, external_id, sizeof(external_id)) ||
        (one && (!router_segment_at(req->path, 5, number, sizeof(number)) ||
                 parse_i64(number, strlen(number), 1, 1000000, &n) != ERR_OK))) {
        http_error(res, 404, NULL, "there is no such version");
        return;
    }
    struct store *st = app_store(req->app);
    enum err e = st != NULL ? may_read(req, st, external_id, &ok) : ERR_DB;
    struct versions_ctx l = {&res->body, 0, one};
    if (e == ERR_OK && ok) {
        if (!one) {
            buf_addstr(&res->body, "{\"external_id\":");
            buf_add_json_strz(&res->body, external_id);
            buf_addstr(&res->body, ",\"versions\":[");
        }
        e = store_version_list(st, external_id, (int)n, add_version, &l);
        if (!one)
            buf_addstr(&res->body, "]}");
        buf_addch(&res->body, '\n');
    }
    if (e != ERR_OK)
        http_error(res, 500, NULL, "cannot read the versions");
    else if (!ok || l.n == 0)
        http_error(res, 404, NULL, "there is no published version of '%.100s'", external_id);
    app_store_release(req->app, st);
}

void
api_versions_list(struct request *req, struct response *res)
{
    versions(req, res, false);
}

void
api_versions_get(struct request *req, struct response *res)
{
    versions(req, res, true);
}
