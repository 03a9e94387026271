/* The pages of the compacts' own structure: /objectives lists the 23 GCM objectives, the 10
 * guiding principles and the 4 GCR objectives with their counts; /objectives/{n},
 * /principles/{n} and /gcr-objectives/{n} show one with its official title, the actions
 * advancing it and the regions they come from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/taxonomy.h"
#include "http/router.h"
#include "util/parse.h"
#include "util/xalloc.h"
#include "web/cards.h"
#include "web/chart.h"
#include "web/web.h"

#define TOPIC_CARDS 20

struct topic_kind {
    enum vocab_id vocab;
    enum dim dim;
    const char *path;       /* "/objectives/" */
    const char *key_prefix; /* catalog keys: "gcm" -> gcm.7 */
    const char *kind_key;   /* "gcm_objective" */
};

static const struct topic_kind gcm = {VOCAB_GCM, DIM_OBJECTIVE, "/objectives/", "gcm",
                                      "gcm_objective"};
static const struct topic_kind principle = {VOCAB_PRINCIPLE, DIM_PRINCIPLE, "/principles/",
                                            "principle", "guiding_principle"};
static const struct topic_kind gcr = {VOCAB_GCR, DIM_GCR, "/gcr-objectives/", "gcr",
                                      "gcr_objective"};

static const char *
topic_title(enum lang lang, const struct topic_kind *k, int index)
{
    char key[32];
    snprintf(key, sizeof(key), "%s.%d", k->key_prefix, index + 1);
    const char *s = i18n_find(lang, key);
    return s != NULL ? s : taxonomy_vocab(k->vocab)->terms[index].title;
}

/* [{number, title, href, count}] for every term of @k, counts from the stats @group. */
static json_t *
topic_list(const struct page *p, const struct topic_kind *k, const json_t *stats, const char *group)
{
    const struct vocab *v = taxonomy_vocab(k->vocab);
    json_t *list = json_array();
    const json_t *counts = json_object_get(stats, group);
    for (size_t i = 0; i < v->count; i++) {
        char href[48];
        snprintf(href, sizeof(href), "%s%zu", k->path, i + 1);
        json_int_t count = json_integer_value(json_object_get(json_array_get(counts, i), "count"));
        json_array_append_new(list,
                              json_pack("{sIsssssosb}", "number", (json_int_t)(i + 1), "title",
                                        topic_title(p->lang, k, (int)i), "href", href, "count",
                                        page_count(p, (uint64_t)count), "none", count == 0));
    }
    return list;
}

void
web_objectives(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "objectives");
    json_t *stats = page_api(&p, api_stats_get, "/api/v1/stats", false);
    if (stats == NULL) {
        page_abandon(&p);
        return;
    }
    json_object_set_new(p.ctx, "gcm", topic_list(&p, &gcm, stats, "by_objective"));
    json_object_set_new(p.ctx, "principles", topic_list(&p, &principle, stats, "by_principle"));
    json_object_set_new(p.ctx, "gcr", topic_list(&p, &gcr, stats, "by_gcr_objective"));
    json_decref(stats);
    page_finish(&p, "objectives", page_t(&p, "objectives_title"));
}

/* Bars of the actions advancing the topic by region, from the region facet. */
static void
regions_chart(struct page *p, const json_t *facets, const char *topic_param, int number)
{
    const json_t *values = json_object_get(facets, "region");
    struct chart_item items[16];
    char labels[16][96], hrefs[16][96];
    json_t *rows = json_array();
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(values) && n < 16; i++) {
        const json_t *v = json_array_get(values, i);
        const char *code = json_string_value(json_object_get(v, "value"));
        json_int_t count = json_integer_value(json_object_get(v, "count"));
        if (code == NULL)
            continue;
        snprintf(labels[n], sizeof(labels[n]), "%s",
                 page_dim_label(p->lang, DIM_REGION, code,
                                json_string_value(json_object_get(v, "label"))));
        snprintf(hrefs[n], sizeof(hrefs[n]), "/actions?%s=%d&region=%s", topic_param, number, code);
        items[n] = (struct chart_item){labels[n], hrefs[n], (uint64_t)count};
        json_array_append_new(
            rows, json_pack("{sssssI}", "label", labels[n], "href", hrefs[n], "count", count));
        n++;
    }
    struct buf svg;
    buf_init(&svg, 1 << 18);
    chart_bars(&svg, "regions", page_t(p, "chart_by_region"), page_t(p, "chart_by_region_desc"),
               items, n);
    json_object_set_new(
        p->ctx, "regions",
        json_pack("{ssso}", "svg", buf_status(&svg) == ERR_OK ? svg.data : "", "rows", rows));
    buf_release(&svg);
}

static void
topic_page(struct request *req, struct response *res, const struct topic_kind *k)
{
    const char *tail = router_tail(req->path, k->path);
    const struct vocab *v = taxonomy_vocab(k->vocab);
    struct page p;
    page_begin(&p, req, res, "objectives");
    int64_t number = 0;
    if (parse_i64(tail, strlen(tail), 1, (int64_t)v->count, &number) != ERR_OK) {
        enum lang lang = p.lang;
        page_abandon(&p);
        page_error(req, res, lang, 404, i18n_get(lang, "error_not_found"));
        return;
    }
    int index = (int)number - 1;
    struct index_query *q = xcalloc(1, sizeof(*q));
    q->selected[k->dim][0] = index;
    q->n_selected[k->dim] = 1;
    q->facets[DIM_REGION] = true;
    q->sort = SORT_UPDATED_DESC;
    q->limit = TOPIC_CARDS;
    json_t *answer = cards_query(&p, q, NULL);
    free(q);
    if (answer == NULL) {
        page_abandon(&p);
        return;
    }
    const char *param = index_dim_name(k->dim);
    char href[64];
    snprintf(href, sizeof(href), "/actions?%s=%d", param, (int)number);
    size_t total = (size_t)json_integer_value(json_object_get(answer, "total"));
    json_object_set(p.ctx, "items", json_object_get(answer, "items"));
    json_object_set_new(p.ctx, "number", json_integer(number));
    json_object_set_new(p.ctx, "kind_label", json_string(page_t(&p, k->kind_key)));
    json_object_set_new(p.ctx, "title", json_string(topic_title(p.lang, k, index)));
    json_object_set_new(p.ctx, "action_count", page_plural(&p, "topic_count", total));
    json_object_set_new(p.ctx, "all_href", json_string(href));
    json_object_set_new(p.ctx, "more", json_boolean(total > TOPIC_CARDS));
    regions_chart(&p, json_object_get(answer, "facets"), param, (int)number);
    if (number > 1) {
        snprintf(href, sizeof(href), "%s%d", k->path, (int)number - 1);
        json_object_set_new(p.ctx, "prev_href", json_string(href));
    }
    if ((size_t)number < v->count) {
        snprintf(href, sizeof(href), "%s%d", k->path, (int)number + 1);
        json_object_set_new(p.ctx, "next_href", json_string(href));
    }
    json_decref(answer);
    char title[400];
    snprintf(title, sizeof(title), "%s %d: %s", page_t(&p, k->kind_key), (int)number,
             topic_title(p.lang, k, index));
    page_finish(&p, "topic", title);
}

void
web_objective(struct request *req, struct response *res)
{
    topic_page(req, res, &gcm);
}

void
web_principle(struct request *req, struct response *res)
{
    topic_page(req, res, &principle);
}

void
web_gcr_objective(struct request *req, struct response *res)
{
    topic_page(req, res, &gcr);
}
