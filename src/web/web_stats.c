/* /statistics: charts of the published actions (by objective, by region, over time, and a
 * 23-objective x region heat map), each beside its data table and with a CSV download of its
 * numbers at /statistics/{name}.csv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/taxonomy.h"
#include "http/app.h"
#include "http/router.h"
#include "util/xalloc.h"
#include "web/chart.h"
#include "web/figures.h"
#include "web/web.h"

#define MAX_REGIONS 8

/* Actions per GCM objective within each region that has any: @cells is objectives x regions.
 * Returns the number of regions, their value indices in @regions. */
static size_t
heat_counts(const struct index *ix, int regions[MAX_REGIONS], uint64_t *cells, size_t n_objectives)
{
    struct index_query *q = xcalloc(1, sizeof(*q));
    struct index_result r = {0};
    size_t n = 0;
    q->facets[DIM_REGION] = true;
    if (index_query(ix, q, &r) == ERR_OK) {
        for (size_t i = 0; i < r.n_facets[DIM_REGION] && n < MAX_REGIONS; i++) {
            if (r.facets[DIM_REGION][i].count > 0)
                regions[n++] = r.facets[DIM_REGION][i].value;
        }
    }
    index_result_release(&r);
    for (size_t k = 0; k < n; k++) {
        memset(q, 0, sizeof(*q));
        q->selected[DIM_REGION][0] = regions[k];
        q->n_selected[DIM_REGION] = 1;
        q->facets[DIM_OBJECTIVE] = true;
        struct index_result rr = {0};
        if (index_query(ix, q, &rr) == ERR_OK) {
            for (size_t i = 0; i < rr.n_facets[DIM_OBJECTIVE]; i++) {
                size_t o = (size_t)rr.facets[DIM_OBJECTIVE][i].value;
                if (o < n_objectives)
                    cells[o * MAX_REGIONS + k] = rr.facets[DIM_OBJECTIVE][i].count;
            }
        }
        index_result_release(&rr);
    }
    free(q);
    return n;
}

static void
heatmap(struct page *p)
{
    const struct vocab *v = taxonomy_vocab(VOCAB_GCM);
    size_t n_obj = v->count;
    uint64_t *cells = xcalloc(n_obj * MAX_REGIONS, sizeof(uint64_t));
    uint64_t *packed = xcalloc(n_obj * MAX_REGIONS, sizeof(uint64_t));
    int regions[MAX_REGIONS];
    size_t n = heat_counts(p->ix, regions, cells, n_obj);
    const char **row_labels = xcalloc(n_obj, sizeof(char *));
    const char *col_labels[MAX_REGIONS];
    char(*rows)[120] = xcalloc(n_obj, sizeof(*rows));
    json_t *head = json_array(), *table = json_array();
    for (size_t k = 0; k < n; k++) {
        const struct region *r = taxonomy_region(regions[k]);
        col_labels[k] = page_dim_label(p->lang, DIM_REGION, r->code, r->name);
        json_array_append_new(head, json_string(col_labels[k]));
    }
    for (size_t o = 0; o < n_obj; o++) {
        char number[24];
        snprintf(number, sizeof(number), "%zu", o + 1);
        snprintf(rows[o], sizeof(rows[o]), "%zu. %s", o + 1,
                 page_dim_label(p->lang, DIM_OBJECTIVE, number, v->terms[o].short_title));
        row_labels[o] = rows[o];
        json_t *counts = json_array();
        for (size_t k = 0; k < n; k++) {
            packed[o * n + k] = cells[o * MAX_REGIONS + k];
            json_array_append_new(counts, json_integer((json_int_t)packed[o * n + k]));
        }
        json_array_append_new(table, json_pack("{ssso}", "label", rows[o], "counts", counts));
    }
    struct buf svg;
    buf_init(&svg, 1 << 20);
    chart_heatmap(&svg, "heat", page_t(p, "chart_heatmap"), page_t(p, "chart_heatmap_desc"),
                  row_labels, n_obj, col_labels, n, packed);
    json_object_set_new(p->ctx, "heat",
                        json_pack("{sssoso}", "svg", buf_status(&svg) == ERR_OK ? svg.data : "",
                                  "head", head, "rows", table));
    buf_release(&svg);
    free(rows);
    free(row_labels);
    free(packed);
    free(cells);
}

void
web_statistics(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "statistics");
    json_t *stats = page_api(&p, api_stats_get, "/api/v1/stats", false);
    if (stats == NULL) {
        page_abandon(&p);
        return;
    }
    figures_headline(&p, stats);
    figures_objective_chart(&p, stats, "by_objective");
    figures_group_chart(&p, stats, "by_region", DIM_REGION, "region", false, "by_region",
                        "chart_by_region");
    figures_group_chart(&p, stats, "by_year", DIM_YEAR, NULL, true, "by_year", "chart_by_year");
    figures_group_chart(&p, stats, "by_status", DIM_STATUS, "status", false, "by_status",
                        "chart_by_status");
    heatmap(&p);
    json_decref(stats);
    page_finish(&p, "statistics", page_t(&p, "statistics_title"));
}

/* ---- CSV downloads ---- */

static void
csv_group(struct buf *out, const json_t *stats, const char *group, const char *column)
{
    buf_addstr(out, column);
    buf_addstr(out, ",label,actions\r\n");
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(stats, group), i, v)
    {
        const char *value = json_string_value(json_object_get(v, "value"));
        const char *label = json_string_value(json_object_get(v, "label"));
        buf_add_csv_field(out, value ? value : "", value ? strlen(value) : 0);
        buf_addch(out, ',');
        buf_add_csv_field(out, label ? label : "", label ? strlen(label) : 0);
        buf_addch(out, ',');
        buf_add_u64(out, (uint64_t)json_integer_value(json_object_get(v, "count")));
        buf_addstr(out, "\r\n");
    }
}

static void
csv_heatmap(struct buf *out, const struct index *ix)
{
    const struct vocab *v = taxonomy_vocab(VOCAB_GCM);
    uint64_t *cells = xcalloc(v->count * MAX_REGIONS, sizeof(uint64_t));
    int regions[MAX_REGIONS];
    size_t n = heat_counts(ix, regions, cells, v->count);
    buf_addstr(out, "objective,title");
    for (size_t k = 0; k < n; k++) {
        buf_addch(out, ',');
        const char *name = taxonomy_region(regions[k])->name;
        buf_add_csv_field(out, name, strlen(name));
    }
    buf_addstr(out, "\r\n");
    for (size_t o = 0; o < v->count; o++) {
        buf_addf(out, "%zu,", o + 1);
        buf_add_csv_field(out, v->terms[o].short_title, strlen(v->terms[o].short_title));
        for (size_t k = 0; k < n; k++) {
            buf_addch(out, ',');
            buf_add_u64(out, cells[o * MAX_REGIONS + k]);
        }
        buf_addstr(out, "\r\n");
    }
    free(cells);
}

void
web_statistics_csv(struct request *req, struct response *res)
{
    static const struct {
        const char *file, *group, *column;
    } files[] = {
        {"by-objective.csv", "by_objective", "objective"},
        {"by-principle.csv", "by_principle", "principle"},
        {"by-gcr-objective.csv", "by_gcr_objective", "gcr_objective"},
        {"by-region.csv", "by_region", "region"},
        {"by-country.csv", "by_country", "country"},
        {"by-year.csv", "by_year", "year"},
        {"by-status.csv", "by_status", "status"},
        {"by-kind.csv", "by_kind", "kind"},
        {"objective-by-region.csv", NULL, NULL},
    };
    const char *name = router_tail(req->path, "/statistics/");
    size_t found = sizeof(files) / sizeof(files[0]);
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        if (strcmp(files[i].file, name) == 0)
            found = i;
    }
    if (found == sizeof(files) / sizeof(files[0])) {
        http_error(res, 404, NULL, "there are no statistics called %.100s", name);
        return;
    }
    struct buf out;
    buf_init(&out, LIMIT_RESPONSE_BYTES);
    if (files[found].group == NULL) {
        struct index *ix = app_index(req->app);
        csv_heatmap(&out, ix);
        index_unref(ix);
    } else {
        struct response sub = {0};
        struct request subreq = *req;
        subreq.n_params = 0;
        sub.status = 200;
        sub.content_type = "application/json; charset=utf-8";
        buf_init(&sub.body, LIMIT_RESPONSE_BYTES);
        api_stats_get(&subreq, &sub);
        json_t *stats = sub.status == 200 ? json_loadb(sub.body.data, sub.body.len, 0, NULL) : NULL;
        buf_release(&sub.body);
        if (stats == NULL) {
            buf_release(&out);
            http_error(res, 500, NULL, "cannot compute the statistics");
            return;
        }
        csv_group(&out, stats, files[found].group, files[found].column);
        json_decref(stats);
    }
    buf_release(&res->body);
    res->body = out;
    res->content_type = "text/csv; charset=utf-8";
    res->revalidate = true;
    res->cache_control = "no-cache";
    snprintf(res->content_disposition, sizeof(res->content_disposition),
             "attachment; filename=\"localaction-%s\"", name);
}
