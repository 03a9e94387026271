/* /actions: full-text search and facet filters with live counts, sorting and paging. The page
 * is one GET form, so every state is a shareable URL and nothing needs JavaScript. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/filters.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "web/cards.h"
#include "web/web.h"

#define FACET_COUNTRIES_SHOWN 20 /* the most frequent; a selected one always shows */

/* The dimensions offered as checkboxes, in the order the page lists them. */
static const struct {
    enum dim dim;
    const char *legend_key;
} facet_groups[] = {
    {DIM_OBJECTIVE, "gcm_objective"},
    {DIM_PRINCIPLE, "guiding_principle"},
    {DIM_GCR, "gcr_objective"},
    {DIM_REGION, "region"},
    {DIM_COUNTRY, "country"},
    {DIM_THEME, "theme"},
    {DIM_GROUP, "target_group"},
    {DIM_KIND, "action_kind"},
    {DIM_STATUS, "implementation_status"},
};

/* Dimensions a URL may select that have no checkboxes: kept through the form as hidden
 * inputs, and shown as removable filters. */
static const enum dim hidden_dims[] = {DIM_SUBREGION, DIM_GOVERNMENT, DIM_SDG, DIM_FORUM,
                                       DIM_PARAGRAPH};

static bool
is_selected(const struct index_query *q, enum dim d, const char *value, const struct index *ix)
{
    for (size_t i = 0; i < q->n_selected[d]; i++) {
        char year[12];
        const char *label;
        if (strcmp(filters_value_text(ix, d, q->selected[d][i], year, &label), value) == 0)
            return true;
    }
    return false;
}

/* The current URL without the one value @value of @key (other values of @key stay). */
static void
url_without(const struct page *p, struct buf *out, const char *key, const char *value)
{
    buf_addstr(out, p->req->path);
    char sep = '?';
    for (size_t i = 0; i < p->req->n_params; i++) {
        const struct param *q = &p->req->params[i];
        if (strcmp(q->key, "cursor") == 0)
            continue;
        bool same_key = strcmp(q->key, key) == 0;
        if (same_key && value == NULL)
            continue;
        /* a comma list "7,15": drop one item */
        struct buf kept;
        buf_init(&kept, LIMIT_PARAM_BYTES + 1);
        const char *s = q->value;
        while (*s != '\0') {
            size_t len = same_key ? strcspn(s, ",") : strlen(s);
            const char *item = s;
            size_t item_len = len;
            text_trim(&item, &item_len);
            bool drop = same_key && item_len == strlen(value) && memcmp(item, value, item_len) == 0;
            if (!drop && item_len > 0) {
                if (kept.len > 0)
                    buf_addch(&kept, ',');
                buf_add(&kept, item, item_len);
            }
            s += len;
            if (*s == ',')
                s++;
        }
        if (kept.len > 0) {
            buf_addch(out, sep);
            sep = '&';
            page_url_escape(out, q->key);
            buf_addch(out, '=');
            page_url_escape(out, kept.data);
        }
        buf_release(&kept);
    }
}

static void
add_chip(struct page *p, json_t *chips, const char *key, const char *value, const char *label)
{
    struct buf url;
    buf_init(&url, LIMIT_URL_BYTES * 3);
    url_without(p, &url, key, value);
    json_array_append_new(chips, json_pack("{ssss}", "label", label, "href", url.data));
    buf_release(&url);
}

static json_t *
facet_group(struct page *p, const struct index_query *q, const json_t *facets, enum dim d,
            const char *legend_key, json_t *chips)
{
    const char *param = index_dim_name(d);
    json_t *options = json_array();
    size_t shown_checked = 0;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(facets, param), i, f)
    {
        const char *value = json_string_value(json_object_get(f, "value"));
        const char *fallback = json_string_value(json_object_get(f, "label"));
        json_int_t count = json_integer_value(json_object_get(f, "count"));
        bool checked = is_selected(q, d, value, p->ix);
        if (count == 0 && !checked)
            continue; /* offering what cannot match only lengthens the page */
        const char *label = page_dim_label(p->lang, d, value, fallback);
        char full[200];
        if (d == DIM_OBJECTIVE)
            snprintf(full, sizeof(full), "%s. %s", value, label);
        else
            snprintf(full, sizeof(full), "%s", label);
        json_array_append_new(options,
                              json_pack("{sssssosb}", "value", value, "label", full, "count",
                                        page_count(p, (uint64_t)count), "checked", checked));
        if (checked) {
            shown_checked++;
            add_chip(p, chips, param, value, full);
        }
    }
    return json_pack("{sssssosb}", "param", param, "legend", page_t(p, legend_key), "options",
                     options, "open", shown_checked > 0 || d == DIM_OBJECTIVE || d == DIM_REGION);
}

/* Selected values of the dimensions without checkboxes: hidden inputs and chips. */
static void
hidden_filters(struct page *p, const struct index_query *q, json_t *chips)
{
    json_t *hidden = json_array();
    for (size_t k = 0; k < sizeof(hidden_dims) / sizeof(hidden_dims[0]); k++) {
        enum dim d = hidden_dims[k];
        for (size_t i = 0; i < q->n_selected[d]; i++) {
            char year[12];
            const char *english;
            const char *value = filters_value_text(p->ix, d, q->selected[d][i], year, &english);
            json_array_append_new(hidden,
                                  json_pack("{ssss}", "name", index_dim_name(d), "value", value));
            add_chip(p, chips, index_dim_name(d), value,
                     page_dim_label(p->lang, d, value, english));
        }
    }
    json_object_set_new(p->ctx, "hidden", hidden);
}

/* The year range: two selects over the years that have actions. */
static void
year_range(struct page *p, const json_t *facets, json_t *chips)
{
    const char *from = http_param(p->req, "year_from");
    const char *to = http_param(p->req, "year_to");
    json_t *years_from = json_array(), *years_to = json_array();
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(facets, "year"), i, f)
    {
        const char *y = json_string_value(json_object_get(f, "value"));
        if (json_integer_value(json_object_get(f, "count")) == 0)
            continue;
        json_array_append_new(years_from, json_pack("{sssb}", "year", y, "selected",
                                                    from != NULL && strcmp(from, y) == 0));
        json_array_append_new(
            years_to, json_pack("{sssb}", "year", y, "selected", to != NULL && strcmp(to, y) == 0));
    }
    json_object_set_new(p->ctx, "years_from", years_from);
    json_object_set_new(p->ctx, "years_to", years_to);
    char label[120];
    if (from != NULL) {
        snprintf(label, sizeof(label), "%s %s", page_t(p, "year_from"), from);
        add_chip(p, chips, "year_from", NULL, label);
    }
    if (to != NULL) {
        snprintf(label, sizeof(label), "%s %s", page_t(p, "year_to"), to);
        add_chip(p, chips, "year_to", NULL, label);
    }
}

static void
sort_options(struct page *p, const struct index_query *q)
{
    static const struct {
        enum index_sort sort;
        const char *key;
    } sorts[] = {
        {SORT_RELEVANCE, "sort_relevance"}, {SORT_UPDATED_DESC, "sort_updated"},
        {SORT_TITLE_ASC, "sort_title"},     {SORT_START_DESC, "sort_start_desc"},
        {SORT_START_ASC, "sort_start_asc"},
    };
    json_t *list = json_array();
    for (size_t i = 0; i < sizeof(sorts) / sizeof(sorts[0]); i++) {
        if (sorts[i].sort == SORT_RELEVANCE && !q->has_text)
            continue;
        json_array_append_new(list, json_pack("{sssssb}", "value", filters_sort_name(sorts[i].sort),
                                              "label", page_t(p, sorts[i].key), "selected",
                                              q->sort == sorts[i].sort));
    }
    json_object_set_new(p->ctx, "sorts", list);
}

/* Links to the same selection as open data. */
static void
data_links(struct page *p)
{
    struct buf url;
    buf_init(&url, LIMIT_URL_BYTES * 3);
    char sep = '?';
    for (size_t i = 0; i < p->req->n_params; i++) {
        const struct param *q = &p->req->params[i];
        if (strcmp(q->key, "cursor") == 0 || strcmp(q->key, "lang") == 0 ||
            strcmp(q->key, "sort") == 0)
            continue;
        buf_addch(&url, sep);
        sep = '&';
        page_url_escape(&url, q->key);
        buf_addch(&url, '=');
        page_url_escape(&url, q->value);
    }
    json_object_set_new(p->ctx, "filter_query", json_string(url.data));
    buf_release(&url);
}

/* The form sends every field, so an untouched year menu arrives as "year_from=" and a cleared
 * search box leaves "sort=relevance" behind: on the website these mean "no choice", where
 * the API would refuse them. */
static void
drop_unchosen(struct request *req)
{
    const char *q = NULL;
    for (size_t i = 0; i < req->n_params; i++) {
        if (strcmp(req->params[i].key, "q") == 0 &&
            strspn(req->params[i].value, " \t") < req->params[i].value_len)
            q = req->params[i].value;
    }
    size_t kept = 0;
    for (size_t i = 0; i < req->n_params; i++) {
        const struct param *p = &req->params[i];
        bool empty = strspn(p->value, " \t") == p->value_len;
        bool stale_sort =
            q == NULL && strcmp(p->key, "sort") == 0 && strcmp(p->value, "relevance") == 0;
        if (!empty && !stale_sort)
            req->params[kept++] = *p;
    }
    req->n_params = kept;
}

void
web_actions(struct request *req, struct response *res)
{
    drop_unchosen(req);
    struct page p;
    page_begin(&p, req, res, "actions");
    struct index_query *q = xcalloc(1, sizeof(*q));
    const char *text = NULL;
    json_t *answer = NULL;
    if (!filters_parse(req, res, p.ix, q, true, &text)) {
        enum lang lang = p.lang;
        page_abandon(&p);
        page_error_from_json(req, res, lang);
        free(q);
        return;
    }
    for (size_t i = 0; i < sizeof(facet_groups) / sizeof(facet_groups[0]); i++)
        q->facets[facet_groups[i].dim] = true;
    q->facets[DIM_YEAR] = true;
    q->facet_limit = FACET_COUNTRIES_SHOWN;
    answer = cards_query(&p, q, text);
    if (answer == NULL) {
        page_abandon(&p);
        free(q);
        return;
    }
    const json_t *facets = json_object_get(answer, "facets");
    json_t *chips = json_array();
    json_t *groups = json_array();
    for (size_t i = 0; i < sizeof(facet_groups) / sizeof(facet_groups[0]); i++)
        json_array_append_new(groups, facet_group(&p, q, facets, facet_groups[i].dim,
                                                  facet_groups[i].legend_key, chips));
    hidden_filters(&p, q, chips);
    year_range(&p, facets, chips);
    sort_options(&p, q);
    size_t total = (size_t)json_integer_value(json_object_get(answer, "total"));
    json_object_set_new(p.ctx, "results_summary", page_plural(&p, "results", total));
    data_links(&p);

    json_object_set_new(p.ctx, "facet_groups", groups);
    json_object_set(p.ctx, "items", json_object_get(answer, "items"));
    json_object_set_new(p.ctx, "q", json_string(text != NULL ? text : ""));
    if (text != NULL) {
        struct buf url;
        buf_init(&url, LIMIT_URL_BYTES * 3);
        url_without(&p, &url, "q", NULL);
        json_array_insert_new(chips, 0, json_pack("{ssss}", "label", text, "href", url.data));
        buf_release(&url);
    }
    json_object_set_new(p.ctx, "chips", chips);
    json_object_set_new(p.ctx, "has_chips", json_boolean(json_array_size(chips) > 0));
    json_object_set_new(p.ctx, "has_text", json_boolean(text != NULL));
    json_object_set_new(p.ctx, "several_chips", json_boolean(json_array_size(chips) > 1));
    const char *next = json_string_value(json_object_get(answer, "next_cursor"));
    struct buf url;
    buf_init(&url, LIMIT_URL_BYTES * 3);
    if (next != NULL) {
        page_url_with(&p, &url, "cursor", next);
        json_object_set_new(p.ctx, "next_href", json_string(url.data));
    }
    if (q->has_cursor) {
        buf_reset(&url);
        page_url_with(&p, &url, NULL, NULL);
        json_object_set_new(p.ctx, "first_href", json_string(url.data));
    }
    buf_release(&url);
    json_decref(answer);
    free(q);
    page_finish(&p, "actions", page_t(&p, "actions_title"));
}
