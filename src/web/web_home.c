/* The home page: headline figures, the objective coverage chart, the latest actions and a
 * search box. */
#include <stdio.h>
#include <stdlib.h>

#include "api/api.h"
#include "util/xalloc.h"
#include "web/cards.h"
#include "web/chart.h"
#include "web/figures.h"
#include "web/web.h"

#define HOME_LATEST 6

void
web_home(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "home");
    json_t *stats = page_api(&p, api_stats_get, "/api/v1/stats", false);
    if (stats == NULL) {
        page_abandon(&p);
        return;
    }
    figures_headline(&p, stats);
    figures_objective_chart(&p, stats, "coverage");

    struct index_query *q = xcalloc(1, sizeof(*q));
    q->sort = SORT_UPDATED_DESC;
    q->limit = HOME_LATEST;
    json_t *latest = cards_query(&p, q, NULL);
    free(q);
    if (latest == NULL) {
        json_decref(stats);
        page_abandon(&p);
        return;
    }
    json_object_set(p.ctx, "latest", json_object_get(latest, "items"));
    json_decref(latest);
    json_decref(stats);
    page_finish(&p, "home", page_t(&p, "home_title"));
}
