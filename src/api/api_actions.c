/* GET /api/v1/actions and /api/v1/actions/{external_id}: filters become an index query,
 * full-text search goes to the store, and the page's items are the list cards the store keeps
 * ready as JSON. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/filters.h"
#include "http/app.h"
#include "http/router.h"
#include "store/progress.h"
#include "store/store.h"
#include "util/xalloc.h"

/* The external id of the list card written at @start of @b: the card's first field, a JSON
 * string of the characters external ids may hold, so with no escapes. */
static bool
card_external_id(const struct buf *b, size_t start, char id[LIMIT_EXTERNAL_ID + 1])
{
    static const char head[] = "{\"external_id\":\"";
    const char *p = b->data + start;
    if (b->len - start < sizeof(head) || memcmp(p, head, sizeof(head) - 1) != 0)
        return false;
    p += sizeof(head) - 1;
    size_t n = strcspn(p, "\"\\");
    if (n == 0 || n > LIMIT_EXTERNAL_ID || p[n] != '"')
        return false;
    memcpy(id, p, n);
    id[n] = '\0';
    return true;
}

/* api_actions_answer(), with each item's "grf_status" and "progress" when @progress: they are
 * computed from the updates and the day, read in one transaction so the page is one snapshot
 * and each action's rows cost no lock of their own. */
static bool
answer(struct request *req, struct response *res, struct index *ix, struct index_query *q,
       const char *text, bool progress, struct buf *b)
{
    struct store *st = NULL;
    struct index_result r = {0};
    struct index_text *matches = NULL;
    struct index_facets *known = NULL;
    struct buf key;
    buf_init(&key, 8192);
    bool ok = false;

    st = app_store(req->app);
    if (st == NULL) {
        http_error(res, 503, NULL, "the database is not available");
        goto out;
    }
    if (text != NULL) {
        if (app_search(req->app, ix, st, text, strlen(text), &matches) != ERR_OK) {
            http_error(res, 500, NULL, "the search failed");
            goto out;
        }
        q->text = matches;
    }
    /* facet counts depend only on the filters: ones counted before are reused */
    bool any_facets = false;
    for (int d = 0; d < DIM_COUNT; d++)
        any_facets = any_facets || q->facets[d];
    if (any_facets) {
        filters_key(&key, q, text);
        known = app_facets_get(req->app, ix, key.data);
    }
    if (known != NULL)
        memset(q->facets, 0, sizeof(q->facets));
    if (index_query(ix, q, &r) != ERR_OK) {
        http_error(res, 400, "cursor", "the cursor is not one this list gave for this sort");
        goto out;
    }
    if (known != NULL) {
        index_facets_fill(known, &r);
        for (int d = 0; d < DIM_COUNT; d++)
            q->facets[d] = r.facets[d] != NULL;
    } else if (any_facets) {
        struct index_facets *fresh = index_facets_take(&r);
        app_facets_put(req->app, ix, key.data, fresh);
        index_facets_fill(fresh, &r);
        index_facets_unref(fresh);
    }
    buf_addf(b, "{\"total\":%zu,\"limit\":%zu,\"sort\":\"%s\",\"items\":[", r.total, q->limit,
             filters_sort_name(q->sort));
    if (progress && store_progress_read_begin(st) != ERR_OK) {
        http_error(res, 500, NULL, "cannot read the actions' progress");
        goto out;
    }
    for (size_t i = 0; i < r.n_ids; i++) {
        if (i > 0)
            buf_addch(b, ',');
        size_t start = b->len;
        char id[LIMIT_EXTERNAL_ID + 1];
        if (store_action_card(st, r.ids[i], b) != ERR_OK ||
            (progress && (!card_external_id(b, start, id) || !api_progress_append(st, id, b)))) {
            http_error(res, 500, NULL, "cannot read action %lld", (long long)r.ids[i]);
            if (progress)
                store_progress_read_end(st);
            goto out;
        }
    }
    if (progress)
        store_progress_read_end(st);
    buf_addstr(b, "],\"next_cursor\":");
    buf_add_json_strz(b, r.has_next ? r.next_cursor : NULL);
    filters_write_facets(b, ix, q, &r);
    buf_addstr(b, "}\n");
    ok = true;
out:
    index_result_release(&r);
    index_text_unref(matches);
    index_facets_unref(known);
    buf_release(&key);
    app_store_release(req->app, st);
    return ok;
}

bool
api_actions_answer(struct request *req, struct response *res, struct index *ix,
                   struct index_query *q, const char *text, struct buf *b)
{
    return answer(req, res, ix, q, text, false, b);
}

void
api_actions_list(struct request *req, struct response *res)
{
    const char *include = http_param(req, "include");
    if (include != NULL && strcmp(include, "progress") != 0) {
        http_error(res, 400, "include", "include: '%.40s' is not 'progress'", include);
        return;
    }
    /* progress depends on the day as well as the data: not an answer to remember */
    res->personal = include != NULL;
    struct index *ix = app_index(req->app);
    struct index_query *q = xcalloc(1, sizeof(*q));
    const char *text = NULL;
    if (filters_parse(req, res, ix, q, true, &text))
        (void)answer(req, res, ix, q, text, include != NULL, &res->body);
    free(q);
    index_unref(ix);
}

void
api_actions_get(struct request *req, struct response *res)
{
    const char *id = router_tail(req->path, "/api/v1/actions/");
    struct store *st = app_store(req->app);
    if (st == NULL) {
        http_error(res, 503, NULL, "the database is not available");
        return;
    }
    enum err e = api_progress_action_json(st, id, &res->body);
    if (e == ERR_NOT_FOUND)
        http_error(res, 404, NULL, "there is no published action '%.100s'", id);
    else if (e != ERR_OK)
        http_error(res, 500, NULL, "cannot read the action");
    else
        buf_addch(&res->body, '\n');
    app_store_release(req->app, st);
}
