/* Review forums over the API: the list with each forum's count of published actions, one forum
 * with its delegation, programme and the figures computed from them (forum_figures()), and
 * PUT of a whole forum by reviewers and administrators. Counts come from the in-memory index,
 * so a forum's "actions" is the count that /api/v1/actions?forum=SLUG lists. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/api_workflow.h"
#include "domain/validate.h"
#include "http/app.h"
#include "http/router.h"
#include "index/index.h"
#include "io/forum_write.h"
#include "store/forums.h"
#include "util/xalloc.h"

/* Published actions per forum value of @ix, or NULL when the index cannot say. Caller frees. */
static uint32_t *
actions_per_forum(struct index *ix)
{
    struct index_query *q = xcalloc(1, sizeof(*q));
    struct index_result r = {0};
    size_t n = index_value_count(ix, DIM_FORUM);
    uint32_t *counts = xcalloc(n ? n : 1, sizeof(*counts));
    q->facets[DIM_FORUM] = true;
    q->limit = 0;
    if (index_query(ix, q, &r) != ERR_OK) {
        free(counts);
        counts = NULL;
    } else {
        for (size_t i = 0; i < r.n_facets[DIM_FORUM]; i++)
            counts[r.facets[DIM_FORUM][i].value] = r.facets[DIM_FORUM][i].count;
    }
    index_result_release(&r);
    free(q);
    return counts;
}

static void
text_or_null(struct buf *b, const char *s)
{
    if (s == NULL || *s == '\0')
        buf_addstr(b, "null");
    else
        buf_add_json_strz(b, s);
}

struct list_ctx {
    struct buf *b;
    struct index *ix;
    const uint32_t *counts;
    size_t n;
};

static void
write_row(void *ctx, const struct store_forum_row *row)
{
    struct list_ctx *c = ctx;
    int v = index_forum_find(c->ix, row->slug, strlen(row->slug));
    buf_addstr(c->b, c->n++ ? ",{\"slug\":" : "{\"slug\":");
    buf_add_json_strz(c->b, row->slug);
    buf_addstr(c->b, ",\"name\":");
    buf_add_json_strz(c->b, row->name);
    buf_addstr(c->b, ",\"kind\":");
    buf_add_json_strz(c->b, forum_kind_codes[row->kind]);
    buf_addstr(c->b, ",\"place\":");
    text_or_null(c->b, row->place);
    buf_addstr(c->b, ",\"starts_on\":");
    text_or_null(c->b, row->starts_on);
    buf_addstr(c->b, ",\"ends_on\":");
    text_or_null(c->b, row->ends_on);
    /* a forum added after the index was built has no published action in it yet */
    buf_addf(c->b, ",\"actions\":%u}", v >= 0 ? c->counts[v] : 0);
}

void
api_forums_list(struct request *req, struct response *res)
{
    struct store *st = app_store(req->app);
    struct index *ix = app_index(req->app);
    uint32_t *counts = actions_per_forum(ix);
    struct list_ctx c = {&res->body, ix, counts, 0};
    if (st == NULL) {
        http_error(res, 503, NULL, "the database is not available");
    } else if (counts == NULL) {
        http_error(res, 500, NULL, "cannot count the forums' actions");
    } else {
        buf_addstr(&res->body, "{\"items\":[");
        if (store_forum_list(st, write_row, &c) != ERR_OK)
            http_error(res, 500, NULL, "cannot list forums");
        else
            buf_addstr(&res->body, "]}\n");
    }
    free(counts);
    index_unref(ix);
    app_store_release(req->app, st);
}

/* The API JSON of @f with its figures, the count of published actions taken from @ix. */
static bool
write_forum(struct buf *b, struct index *ix, const struct forum *f)
{
    uint32_t *counts = actions_per_forum(ix);
    if (counts == NULL)
        return false;
    int v = index_forum_find(ix, f->slug, strlen(f->slug));
    struct forum_figures fig;
    forum_figures(f, v >= 0 ? counts[v] : 0, &fig);
    free(counts);
    forum_json(b, f, FORUM_API);
    buf_addf(b,
             ",\"figures\":{\"actions\":%zu,\"governments\":%zu,\"countries\":%zu,"
             "\"regions\":%zu,\"national_delegations\":%zu,\"associations\":%zu,"
             "\"official_sessions\":%zu,\"official_sessions_with_local_government\":%zu,"
             "\"events\":%zu}}\n",
             fig.actions, fig.governments, fig.countries, fig.regions, fig.national_delegations,
             fig.associations, fig.official_sessions, fig.official_sessions_with_local_government,
             fig.events);
    return true;
}

void
api_forums_get(struct request *req, struct response *res)
{
    const char *slug = router_tail(req->path, "/api/v1/forums/");
    struct store *st = app_store(req->app);
    struct index *ix = app_index(req->app);
    struct forum f;
    forum_init(&f);
    enum err e = st != NULL ? store_forum_load(st, slug, &f) : ERR_DB;
    if (st == NULL)
        http_error(res, 503, NULL, "the database is not available");
    else if (e == ERR_NOT_FOUND)
        http_error(res, 404, NULL, "there is no forum '%.100s'", slug);
    else if (e != ERR_OK || !write_forum(&res->body, ix, &f))
        http_error(res, 500, NULL, "cannot read the forum");
    forum_release(&f);
    index_unref(ix);
    app_store_release(req->app, st);
}

void
api_forums_put(struct request *req, struct response *res)
{
    const char *slug = router_tail(req->path, "/api/v1/forums/");
    struct viewer v;
    struct field_errors errs = {0};
    struct forum f;
    json_t *body = NULL;
    forum_init(&f);
    struct store *writer = api_workflow_viewer(req, res, &v, true);
    if (writer == NULL)
        goto out;
    if (!viewer_can(&v, ROLE_REVIEWER, 0)) {
        http_error(res, 403, NULL, "only reviewers and administrators may change forums");
        goto out;
    }
    body = api_workflow_body(req, res);
    if (body == NULL)
        goto out;
    json_t *given = json_object_get(body, "slug");
    if (given == NULL)
        json_object_set_new(body, "slug", json_string(slug));
    else if (!json_is_string(given) || strcmp(json_string_value(given), slug) != 0)
        field_errors_say(&errs, "slug", "valid_forum_slug_mismatch",
                         "must be '{slug}', the forum's address, or absent",
                         (const char *const[]){"slug", slug, NULL});
    if (validate_forum(body, &f, &errs) != ERR_OK || errs.total > 0) {
        api_workflow_refuse(req, res, WF_INVALID, &errs);
        goto out;
    }
    enum forum_write_result result = FORUM_WRITE_REJECTED;
    size_t created = 0;
    enum err e = store_begin(writer);
    if (e == ERR_OK)
        e = forum_write(writer, &f, false, (int64_t)time(NULL), &errs, &result, &created);
    if (e == ERR_OK && errs.total > 0) {
        store_rollback(writer);
        api_workflow_refuse(req, res, WF_INVALID, &errs);
        goto out;
    }
    if (e == ERR_OK)
        e = store_commit(writer);
    if (e != ERR_OK) {
        store_rollback(writer);
        http_error(res, 500, NULL, "cannot store the forum");
        goto out;
    }
    /* the stored forum as GET will show it; its action count waits for the next index */
    forum_release(&f);
    forum_init(&f);
    struct index *ix = app_index(req->app);
    if (store_forum_load(writer, slug, &f) != ERR_OK || !write_forum(&res->body, ix, &f))
        http_error(res, 500, NULL, "cannot read the forum back");
    else
        res->status = result == FORUM_WRITE_INSERTED ? 201 : 200;
    index_unref(ix);
out:
    json_decref(body);
    forum_release(&f);
    if (writer != NULL)
        app_store_writer_release(req->app, writer);
}
