/* /governments and /governments/{slug}: the directory, and a government's profile with its
 * endorsement of the Marrakech Mayors Declaration, networks, actions and objective coverage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/taxonomy.h"
#include "http/router.h"
#include "util/xalloc.h"
#include "web/cards.h"
#include "web/chart.h"
#include "web/web.h"

#define GOVERNMENT_CARDS 20
#define GOVERNMENTS_PAGE "100"

static void
localise_government(const struct page *p, json_t *g)
{
    char key[64], href[160];
    const char *country = json_string_value(json_object_get(g, "country"));
    const char *kind = json_string_value(json_object_get(g, "kind"));
    const char *slug = json_string_value(json_object_get(g, "slug"));
    if (country != NULL)
        json_object_set_new(
            g, "country_name",
            json_string(page_dim_label(p->lang, DIM_COUNTRY, country,
                                       json_string_value(json_object_get(g, "country_name")))));
    if (country != NULL) {
        int c = taxonomy_country_find(country, strlen(country));
        if (c >= 0 && taxonomy_country(c)->region >= 0) {
            const struct region *r = taxonomy_region(taxonomy_country(c)->region);
            json_object_set_new(g, "region_name",
                                json_string(page_dim_label(p->lang, DIM_REGION, r->code, r->name)));
        }
    }
    if (kind != NULL) {
        snprintf(key, sizeof(key), "government_kind.%s", kind);
        json_object_set_new(g, "kind_label", json_string(i18n_get(p->lang, key)));
    }
    if (slug != NULL) {
        snprintf(href, sizeof(href), "/governments/%s", slug);
        json_object_set_new(g, "href", json_string(href));
    }
}

void
web_governments(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "governments");
    /* a hundred rows keep the page under its weight budget; the API's default is larger */
    if (http_param(req, "limit") == NULL && req->n_params < LIMIT_QUERY_PARAMS)
        req->params[req->n_params++] = (struct param){"limit", GOVERNMENTS_PAGE, 3, true};
    json_t *list = page_api(&p, api_governments_list, "/api/v1/governments", true);
    if (list == NULL) {
        page_abandon(&p);
        return;
    }
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(list, "items"), i, g)
    {
        localise_government(&p, g);
    }
    json_object_set(p.ctx, "governments", json_object_get(list, "items"));
    json_object_set_new(p.ctx, "total",
                        page_plural(&p, "governments_count",
                                    (uint64_t)json_integer_value(json_object_get(list, "total"))));
    size_t total = (size_t)json_integer_value(json_object_get(list, "total"));
    size_t offset = (size_t)json_integer_value(json_object_get(list, "offset"));
    size_t limit = (size_t)json_integer_value(json_object_get(list, "limit"));
    if (offset + limit < total) {
        char next[24];
        snprintf(next, sizeof(next), "%zu", offset + limit);
        struct buf url;
        buf_init(&url, LIMIT_URL_BYTES * 3);
        page_url_with(&p, &url, "offset", next);
        json_object_set_new(p.ctx, "next_href", json_string(url.data));
        buf_release(&url);
    }
    json_decref(list);
    page_finish(&p, "governments", page_t(&p, "governments_title"));
}

/* The 23 GCM objectives as a coverage strip, from the government's objective counts. */
static void
coverage(struct page *p, const json_t *facets, const char *name)
{
    const json_t *values = json_object_get(facets, "objective");
    size_t n = json_array_size(values);
    struct chart_item items[64];
    char labels[64][120], hrefs[64][64];
    json_t *rows = json_array();
    size_t covered = 0;
    for (size_t i = 0; i < n && i < 64; i++) {
        const json_t *v = json_array_get(values, i);
        const char *value = json_string_value(json_object_get(v, "value"));
        snprintf(labels[i], sizeof(labels[i]), "%s",
                 page_dim_label(p->lang, DIM_OBJECTIVE, value ? value : "",
                                json_string_value(json_object_get(v, "label"))));
        snprintf(hrefs[i], sizeof(hrefs[i]), "/objectives/%s", value ? value : "");
        items[i] = (struct chart_item){labels[i], hrefs[i],
                                       (uint64_t)json_integer_value(json_object_get(v, "count"))};
        covered += items[i].value > 0;
        json_array_append_new(rows, json_pack("{sssssssI}", "number", value ? value : "", "label",
                                              labels[i], "href", hrefs[i], "count",
                                              (json_int_t)items[i].value));
    }
    struct buf svg;
    buf_init(&svg, 1 << 18);
    chart_coverage(&svg, "coverage", page_t(p, "coverage_title"), page_t(p, "coverage_desc"), items,
                   n < 64 ? n : 64);
    char summary[160];
    const char *pattern = page_t(p, "coverage_summary");
    const char *at = strstr(pattern, "{count}");
    if (at != NULL)
        snprintf(summary, sizeof(summary), "%.*s%zu%s", (int)(at - pattern), pattern, covered,
                 at + 7);
    else
        snprintf(summary, sizeof(summary), "%zu / 23", covered);
    json_object_set_new(p->ctx, name,
                        json_pack("{sssoss}", "svg", buf_status(&svg) == ERR_OK ? svg.data : "",
                                  "rows", rows, "summary", summary));
    buf_release(&svg);
}

void
web_government(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "governments");
    web_government_show(&p, router_tail(req->path, "/governments/"));
}

void
web_government_show(struct page *p, const char *slug)
{
    char path[300];
    if (strlen(slug) > 200) {
        enum lang lang = p->lang;
        page_abandon(p);
        page_error(p->req, p->res, lang, 404, i18n_get(lang, "error_not_found"));
        return;
    }
    snprintf(path, sizeof(path), "/api/v1/governments/%s", slug);
    json_t *g = page_api(p, api_governments_get, path, false);
    if (g == NULL) {
        page_abandon(p);
        return;
    }
    localise_government(p, g);
    json_object_del(g, "actions"); /* the page lists them through the index, with counts */
    json_t *e;
    size_t i;
    json_array_foreach(json_object_get(g, "endorsements"), i, e)
    {
        const char *decl = json_string_value(json_object_get(e, "declaration"));
        if (decl != NULL && strstr(decl, "arrakech") != NULL)
            json_object_set_new(g, "marrakech", json_copy(e));
    }
    struct index_query *q = xcalloc(1, sizeof(*q));
    int v = index_government_find(p->ix, slug, strlen(slug));
    json_t *answer = NULL;
    if (v >= 0) {
        q->selected[DIM_GOVERNMENT][0] = v;
        q->n_selected[DIM_GOVERNMENT] = 1;
        q->facets[DIM_OBJECTIVE] = true;
        q->sort = SORT_UPDATED_DESC;
        q->limit = GOVERNMENT_CARDS;
        answer = cards_query(p, q, NULL);
        if (answer == NULL) {
            json_decref(g);
            free(q);
            page_abandon(p);
            return;
        }
        json_object_set(p->ctx, "items", json_object_get(answer, "items"));
        coverage(p, json_object_get(answer, "facets"), "coverage");
        size_t total = (size_t)json_integer_value(json_object_get(answer, "total"));
        json_object_set_new(p->ctx, "action_count", page_count(p, total));
        json_object_set_new(p->ctx, "more", json_boolean(total > GOVERNMENT_CARDS));
    }
    free(q);
    json_decref(answer);
    web_endorsement_form(p, g);
    json_object_set_new(p->ctx, "gov", g);
    json_object_set_new(p->ctx, "api_href", json_string(path));
    page_finish(p, "government", json_string_value(json_object_get(g, "name")));
}
