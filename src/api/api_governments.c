/* GET /api/v1/governments and /api/v1/governments/{slug}. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/record.h"
#include "http/app.h"
#include "http/router.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define GOVERNMENT_ACTIONS_SHOWN 100 /* newest first; the rest through actions_url */
#define GOVERNMENTS_PAGE         200 /* governments per list page by default */
#define GOVERNMENTS_PAGE_MAX     1000

struct list_ctx {
    struct buf *b;
    const struct index *ix;
    const uint32_t *published; /* per government value of the index */
    int country, region;
    int kind;
    size_t total;         /* governments matching the filters */
    size_t offset, limit; /* the page of them written */
};

static unsigned
published_count(const struct list_ctx *c, int64_t id)
{
    int v = index_government_value(c->ix, id);
    return v >= 0 && c->published != NULL ? c->published[v] : 0;
}

/* Published actions per government value, counted by the index (NULL when none). */
static uint32_t *
count_published(const struct index *ix)
{
    size_t n = index_value_count(ix, DIM_GOVERNMENT);
    struct index_query *q = xcalloc(1, sizeof(*q));
    struct index_result r = {0};
    uint32_t *counts = xcalloc(n ? n : 1, sizeof(*counts));
    q->facets[DIM_GOVERNMENT] = true;
    if (index_query(ix, q, &r) == ERR_OK) {
        for (size_t i = 0; i < r.n_facets[DIM_GOVERNMENT]; i++) {
            size_t v = (size_t)r.facets[DIM_GOVERNMENT][i].value;
            if (v < n)
                counts[v] = r.facets[DIM_GOVERNMENT][i].count;
        }
    }
    index_result_release(&r);
    free(q);
    return counts;
}

static void
write_row(void *ctx, const struct store_government_row *row)
{
    struct list_ctx *c = ctx;
    const struct country *country = row->country >= 0 ? taxonomy_country(row->country) : NULL;
    if (c->country >= 0 && row->country != c->country)
        return;
    if (c->region >= 0 && (country == NULL || country->region != c->region))
        return;
    if (c->kind >= 0 && (int)row->kind != c->kind)
        return;
    size_t position = c->total++;
    if (position < c->offset || position >= c->offset + c->limit)
        return;
    buf_addstr(c->b, position > c->offset ? ",{\"slug\":" : "{\"slug\":");
    buf_add_json_strz(c->b, row->slug);
    buf_addstr(c->b, ",\"name\":");
    buf_add_json_strz(c->b, row->name);
    buf_addstr(c->b, ",\"kind\":");
    buf_add_json_strz(c->b, gov_kind_codes[row->kind]);
    buf_addstr(c->b, ",\"country\":");
    buf_add_json_strz(c->b, country ? country->alpha2 : NULL);
    buf_addstr(c->b, ",\"country_name\":");
    buf_add_json_strz(c->b, country ? country->name : NULL);
    buf_addstr(c->b, ",\"region\":");
    buf_add_json_strz(c->b, country && country->region >= 0 ? taxonomy_region(country->region)->name
                                                            : NULL);
    buf_addf(c->b, ",\"published_actions\":%u,\"endorsed_marrakech_declaration\":%s}",
             published_count(c, row->id), row->endorsed ? "true" : "false");
}

/* Reads a whole-number parameter within [min, max]; false after answering 400. */
static bool
size_param(struct request *req, struct response *res, const char *key, size_t min, size_t max,
           size_t *out)
{
    const char *v = http_param(req, key);
    int64_t n;
    if (v == NULL)
        return true;
    if (parse_i64(v, strlen(v), (int64_t)min, (int64_t)max, &n) != ERR_OK) {
        http_error(res, 400, key, "%s: '%.40s' is not a number from %zu to %zu", key, v, min, max);
        return false;
    }
    *out = (size_t)n;
    return true;
}

void
api_governments_list(struct request *req, struct response *res)
{
    struct list_ctx c = {&res->body, NULL, NULL, -1, -1, -1, 0, 0, GOVERNMENTS_PAGE};
    if (!size_param(req, res, "limit", 1, GOVERNMENTS_PAGE_MAX, &c.limit) ||
        !size_param(req, res, "offset", 0, 100000000, &c.offset))
        return;
    const char *country = http_param(req, "country");
    const char *region = http_param(req, "region");
    const char *kind = http_param(req, "kind");
    if (country != NULL)
        c.country = taxonomy_country_find(country, strlen(country));
    if (region != NULL)
        c.region = taxonomy_region_find(region, strlen(region));
    if (kind != NULL)
        c.kind = model_code_find(gov_kind_codes, GOV_KIND_COUNT, kind, strlen(kind));
    if (country != NULL && c.country < 0) {
        http_error(res, 400, "country", "country: '%.60s' is not a known country", country);
        return;
    }
    if (region != NULL && c.region < 0) {
        http_error(res, 400, "region", "region: '%.60s' is not a known region", region);
        return;
    }
    if (kind != NULL && c.kind < 0) {
        http_error(res, 400, "kind", "kind: '%.60s' is not a kind of government", kind);
        return;
    }
    struct store *st = app_store(req->app);
    if (st == NULL) {
        http_error(res, 503, NULL, "the database is not available");
        return;
    }
    struct index *ix = app_index(req->app);
    uint32_t *published = count_published(ix);
    c.ix = ix;
    c.published = published;
    buf_addstr(&res->body, "{\"items\":[");
    enum err e = store_government_list(st, write_row, &c);
    free(published);
    index_unref(ix);
    if (e != ERR_OK)
        http_error(res, 500, NULL, "cannot list governments");
    else
        buf_addf(&res->body, "],\"total\":%zu,\"offset\":%zu,\"limit\":%zu}\n", c.total, c.offset,
                 c.limit);
    app_store_release(req->app, st);
}

void
api_governments_get(struct request *req, struct response *res)
{
    const char *slug = router_tail(req->path, "/api/v1/governments/");
    struct store *st = app_store(req->app);
    struct index *ix = app_index(req->app);
    struct index_query *q = xcalloc(1, sizeof(*q));
    struct index_result r = {0};
    struct government g;
    government_init(&g);
    if (st == NULL) {
        http_error(res, 503, NULL, "the database is not available");
        goto out;
    }
    enum err e = store_government_load(st, slug, 0, &g);
    if (e == ERR_NOT_FOUND) {
        http_error(res, 404, NULL, "there is no government '%.100s'", slug);
        goto out;
    }
    if (e != ERR_OK) {
        http_error(res, 500, NULL, "cannot read the government");
        goto out;
    }
    record_government_json(&res->body, &g, RECORD_API_FULL);
    buf_truncate(&res->body, res->body.len - 1); /* reopen the object to add its actions */
    buf_addstr(&res->body, ",\"actions\":[");
    int v = index_government_value(ix, g.id);
    if (v >= 0) {
        q->selected[DIM_GOVERNMENT][0] = v;
        q->n_selected[DIM_GOVERNMENT] = 1;
        q->sort = SORT_UPDATED_DESC;
        q->limit = GOVERNMENT_ACTIONS_SHOWN;
        if (index_query(ix, q, &r) != ERR_OK) {
            http_error(res, 500, NULL, "cannot list the actions");
            goto out;
        }
        for (size_t i = 0; i < r.n_ids; i++) {
            if (i > 0)
                buf_addch(&res->body, ',');
            if (store_action_card(st, r.ids[i], &res->body) != ERR_OK) {
                http_error(res, 500, NULL, "cannot read an action");
                goto out;
            }
        }
    }
    /* the rest page through the action list filtered to this government */
    buf_addf(&res->body, "],\"published_actions\":%zu,\"actions_url\":", r.total);
    buf_addstr(&res->body, "\"/api/v1/actions?government=");
    buf_addstr(&res->body, g.slug); /* slugs hold only a-z, 0-9 and '-' */
    buf_addstr(&res->body, "\"}\n");
out:
    index_result_release(&r);
    free(q);
    government_release(&g);
    index_unref(ix);
    app_store_release(req->app, st);
}
