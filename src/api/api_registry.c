/* The API's front door, the taxonomy and the statistics. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/filters.h"
#include "domain/model.h"
#include "http/app.h"
#include "util/xalloc.h"

void
api_index(struct request *req, struct response *res)
{
    struct index *ix = app_index(req->app);
    buf_addf(&res->body,
             "{\"name\":\"localaction\",\"api\":\"/api/v1\",\"published_actions\":%zu,"
             "\"endpoints\":[\"/api/v1/taxonomy\",\"/api/v1/actions\","
             "\"/api/v1/actions/{external_id}\",\"/api/v1/governments\","
             "\"/api/v1/governments/{slug}\",\"/api/v1/stats\"]}\n",
             index_size(ix));
    index_unref(ix);
}

void
api_taxonomy_get(struct request *req, struct response *res)
{
    size_t len;
    const char *json = app_taxonomy_json(req->app, &len);
    buf_add(&res->body, json, len);
}

static size_t
nonzero(const struct index_result *r, enum dim d)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_facets[d]; i++)
        n += r->facets[d][i].count > 0;
    return n;
}

void
api_stats_get(struct request *req, struct response *res)
{
    static const struct {
        const char *name;
        enum dim dim;
    } groups[] = {
        {"by_objective", DIM_OBJECTIVE}, {"by_principle", DIM_PRINCIPLE},
        {"by_gcr_objective", DIM_GCR},   {"by_region", DIM_REGION},
        {"by_country", DIM_COUNTRY},     {"by_kind", DIM_KIND},
        {"by_status", DIM_STATUS},       {"by_year", DIM_YEAR},
    };
    struct index *ix = app_index(req->app);
    struct index_query *q = xcalloc(1, sizeof(*q));
    struct index_result r = {0};
    size_t endorsements = 0;
    struct store *st = app_store(req->app);
    const char *text = NULL;

    if (st == NULL) {
        http_error(res, 503, NULL, "the database is not available");
        goto out;
    }
    /* the same filters as the list narrow the statistics */
    if (!filters_parse(req, res, ix, q, false, &text))
        goto out;
    if (text != NULL) {
        http_error(res, 400, "q", "q: statistics do not take a search text");
        goto out;
    }
    q->limit = 0;
    for (int d = 0; d < DIM_COUNT; d++)
        q->facets[d] = true;
    if (index_query(ix, q, &r) != ERR_OK ||
        store_endorsement_count(st, "marrakech-mayors-declaration", &endorsements) != ERR_OK) {
        http_error(res, 500, NULL, "cannot compute the statistics");
        goto out;
    }
    struct buf *b = &res->body;
    buf_addf(b,
             "{\"actions\":%zu,\"governments\":%zu,\"countries\":%zu,\"regions\":%zu,"
             "\"endorsements\":%zu",
             r.total, nonzero(&r, DIM_GOVERNMENT), nonzero(&r, DIM_COUNTRY),
             nonzero(&r, DIM_REGION), endorsements);
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
        buf_addf(b, ",\"%s\":", groups[i].name);
        filters_write_facet(b, ix, groups[i].dim, &r);
    }
    buf_addstr(b, "}\n");
out:
    index_result_release(&r);
    free(q);
    app_store_release(req->app, st);
    index_unref(ix);
}
