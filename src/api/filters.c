/* Query parameters of action lists -> struct index_query, each value checked against its
 * vocabulary so an unknown value is a 400 naming the parameter, never an empty list. */
#include "api/filters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/model.h"
#include "domain/taxonomy.h"
#include "util/parse.h"
#include "util/text.h"

#define DEFAULT_LIMIT       20
#define DEFAULT_FACET_LIMIT 100
#define MAX_FACET_LIMIT     5000

static const char *const sort_names[] = {"updated", "-updated", "title",    "-title",
                                         "start",   "-start",   "relevance"};

const char *
filters_sort_name(enum index_sort sort)
{
    return sort_names[sort];
}

/* The value index of @s in dimension @d, or -1. */
static int
find_value(const struct index *ix, enum dim d, const char *s, size_t len)
{
    switch (d) {
    case DIM_OBJECTIVE:
    case DIM_PRINCIPLE:
    case DIM_GCR:
    case DIM_SDG:
    case DIM_THEME:
    case DIM_GROUP:
        return taxonomy_find((enum vocab_id)d, s, len);
    case DIM_REGION:
        return taxonomy_region_find(s, len);
    case DIM_SUBREGION:
        return taxonomy_subregion_find(s, len);
    case DIM_COUNTRY:
        return taxonomy_country_find(s, len);
    case DIM_GOVERNMENT:
        return index_government_find(ix, s, len);
    case DIM_KIND:
        return model_code_find(action_kind_codes, ACTION_KIND_COUNT, s, len);
    case DIM_STATUS:
        return model_code_find(impl_status_codes, IMPL_STATUS_COUNT, s, len);
    case DIM_YEAR: {
        int64_t y;
        if (parse_i64(s, len, INDEX_YEAR_MIN, INDEX_YEAR_MAX, &y) != ERR_OK)
            return -1;
        return (int)(y - INDEX_YEAR_MIN);
    }
    case DIM_FORUM:
        return index_forum_find(ix, s, len);
    case DIM_PARAGRAPH:
        return taxonomy_paragraph_find(s, len);
    case DIM_COUNT:
        break;
    }
    return -1;
}

static bool
parse_year(struct request *req, struct response *res, const char *key, int *out)
{
    const char *v = http_param(req, key);
    int64_t y;
    if (v == NULL)
        return true;
    if (parse_i64(v, strlen(v), INDEX_YEAR_MIN, INDEX_YEAR_MAX, &y) != ERR_OK) {
        http_error(res, 400, key, "%s: '%.40s' is not a year from %d to %d", key, v, INDEX_YEAR_MIN,
                   INDEX_YEAR_MAX);
        return false;
    }
    *out = (int)y;
    return true;
}

static bool
parse_facets(struct request *req, struct response *res, struct index_query *q)
{
    struct param values[DIM_COUNT + 4];
    size_t n = http_param_values(req, "facets", true, values, DIM_COUNT + 4);
    if (n > DIM_COUNT + 4) {
        http_error(res, 400, "facets", "facets: too many values");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const char *s = values[i].value;
        size_t len = values[i].value_len;
        if (text_ieq(s, len, "all") || text_ieq(s, len, "1") || text_ieq(s, len, "true")) {
            for (int d = 0; d < DIM_COUNT; d++)
                q->facets[d] = true;
            continue;
        }
        int d = index_dim_find(s, len);
        if (d < 0) {
            http_error(res, 400, "facets", "facets: '%.40s' is not a dimension", s);
            return false;
        }
        q->facets[d] = true;
    }
    return true;
}

bool
filters_parse(struct request *req, struct response *res, const struct index *ix,
              struct index_query *q, bool paging, const char **text)
{
    struct param values[INDEX_MAX_SELECTED + 1];
    *text = NULL;
    for (int d = 0; d < DIM_COUNT; d++) {
        if (d == DIM_YEAR)
            continue;
        const char *key = index_dim_name((enum dim)d);
        /* commas separate values, except in names that may hold one */
        bool split = d != DIM_COUNTRY;
        size_t n = http_param_values(req, key, split, values, INDEX_MAX_SELECTED + 1);
        if (n > INDEX_MAX_SELECTED) {
            http_error(res, 400, key, "%s: more than %d values", key, INDEX_MAX_SELECTED);
            return false;
        }
        for (size_t i = 0; i < n; i++) {
            int v = find_value(ix, (enum dim)d, values[i].value, values[i].value_len);
            if (v < 0) {
                http_error(res, 400, key, "%s: '%.60s' is not a known value (see %s)", key,
                           values[i].value,
                           d == DIM_GOVERNMENT ? "/api/v1/governments"
                           : d == DIM_FORUM    ? "/api/v1/forums"
                                               : "/api/v1/taxonomy");
                return false;
            }
            q->selected[d][q->n_selected[d]++] = v;
        }
    }
    int from = 0, to = 0;
    if (!parse_year(req, res, "year_from", &from) || !parse_year(req, res, "year_to", &to))
        return false;
    if (from || to) {
        if (from == 0)
            from = INDEX_YEAR_MIN;
        if (to == 0)
            to = INDEX_YEAR_MAX;
        if (to < from) {
            http_error(res, 400, "year_to", "year_to %d is before year_from %d", to, from);
            return false;
        }
        for (int y = from; y <= to; y++)
            q->selected[DIM_YEAR][q->n_selected[DIM_YEAR]++] = y - INDEX_YEAR_MIN;
    }
    const char *qtext = http_param(req, "q");
    if (qtext != NULL) {
        size_t len = strlen(qtext);
        if (len > LIMIT_PARAM_BYTES) {
            http_error(res, 400, "q", "q: longer than %d bytes", LIMIT_PARAM_BYTES);
            return false;
        }
        if (!text_is_utf8(qtext, len)) {
            http_error(res, 400, "q", "q: not valid UTF-8 text");
            return false;
        }
        const char *t = qtext;
        text_trim(&t, &len);
        if (len > 0) {
            *text = qtext;
            q->has_text = true;
        }
    }
    q->sort = q->has_text ? SORT_RELEVANCE : SORT_UPDATED_DESC;
    q->limit = DEFAULT_LIMIT;
    if (!paging)
        return true;

    const char *sort = http_param(req, "sort");
    if (sort != NULL) {
        int found = -1;
        for (size_t i = 0; i < sizeof(sort_names) / sizeof(sort_names[0]); i++)
            if (strcmp(sort, sort_names[i]) == 0)
                found = (int)i;
        if (found < 0 || (found == SORT_RELEVANCE && !q->has_text)) {
            http_error(res, 400, "sort",
                       found < 0 ? "sort: '%.40s' is not one of updated, -updated, title, "
                                   "-title, start, -start, relevance"
                                 : "sort: '%.40s' needs a search text q",
                       sort);
            return false;
        }
        q->sort = (enum index_sort)found;
    }
    const char *limit = http_param(req, "limit");
    if (limit != NULL) {
        int64_t n;
        if (parse_i64(limit, strlen(limit), 1, LIMIT_PAGE_SIZE, &n) != ERR_OK) {
            http_error(res, 400, "limit", "limit: '%.40s' is not a number from 1 to %d", limit,
                       LIMIT_PAGE_SIZE);
            return false;
        }
        q->limit = (size_t)n;
    }
    q->facet_limit = DEFAULT_FACET_LIMIT;
    const char *facet_limit = http_param(req, "facet_limit");
    if (facet_limit != NULL) {
        int64_t n;
        if (parse_i64(facet_limit, strlen(facet_limit), 1, MAX_FACET_LIMIT, &n) != ERR_OK) {
            http_error(res, 400, "facet_limit", "facet_limit: '%.40s' is not a number from 1 to %d",
                       facet_limit, MAX_FACET_LIMIT);
            return false;
        }
        q->facet_limit = (size_t)n;
    }
    const char *cursor = http_param(req, "cursor");
    if (cursor != NULL) {
        if (strlen(cursor) >= sizeof(q->cursor)) {
            http_error(res, 400, "cursor", "cursor: not one this list gave");
            return false;
        }
        memcpy(q->cursor, cursor, strlen(cursor) + 1);
        q->has_cursor = true;
    }
    return parse_facets(req, res, q);
}

static int
compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

void
filters_key(struct buf *out, const struct index_query *q, const char *text)
{
    int values[INDEX_MAX_SELECTED];
    for (int d = 0; d < DIM_COUNT; d++) {
        if (q->facets[d])
            buf_addch(out, (char)('a' + d));
    }
    buf_addch(out, '|');
    buf_add_u64(out, q->facet_limit);
    for (int d = 0; d < DIM_COUNT; d++) {
        size_t n = q->n_selected[d];
        if (n == 0)
            continue;
        memcpy(values, q->selected[d], n * sizeof(int));
        qsort(values, n, sizeof(int), compare_ints);
        buf_addch(out, '|');
        buf_addch(out, (char)('a' + d));
        for (size_t i = 0; i < n; i++) {
            if (i > 0 && values[i] == values[i - 1])
                continue;
            buf_addch(out, i ? ',' : '=');
            buf_add_u64(out, (uint64_t)values[i]);
        }
    }
    if (text != NULL) {
        buf_addstr(out, "|q=");
        text_fold_key(out, text, strlen(text));
    }
}

const char *
filters_value_text(const struct index *ix, enum dim d, int v, char year[12], const char **label)
{
    switch (d) {
    case DIM_OBJECTIVE:
    case DIM_PRINCIPLE:
    case DIM_GCR:
    case DIM_SDG:
    case DIM_THEME:
    case DIM_GROUP: {
        const struct term *t = &taxonomy_vocab((enum vocab_id)d)->terms[v];
        *label = t->short_title;
        return t->code;
    }
    case DIM_REGION:
        *label = taxonomy_region(v)->name;
        return taxonomy_region(v)->code;
    case DIM_SUBREGION:
        *label = taxonomy_subregion(v)->name;
        return taxonomy_subregion(v)->code;
    case DIM_COUNTRY:
        *label = taxonomy_country(v)->name;
        return taxonomy_country(v)->alpha2;
    case DIM_GOVERNMENT:
        *label = index_government_name(ix, v);
        return index_government_slug(ix, v);
    case DIM_KIND:
        *label = action_kind_labels[v];
        return action_kind_codes[v];
    case DIM_STATUS:
        *label = impl_status_labels[v];
        return impl_status_codes[v];
    case DIM_FORUM:
        *label = index_forum_name(ix, v);
        return index_forum_slug(ix, v);
    case DIM_PARAGRAPH:
        *label = taxonomy_paragraph(v)->topic;
        snprintf(year, 12, "%d", taxonomy_paragraph(v)->number);
        return year;
    case DIM_YEAR:
    case DIM_COUNT:
        break;
    }
    snprintf(year, 12, "%d", v + INDEX_YEAR_MIN);
    *label = year;
    return year;
}

void
filters_write_facet(struct buf *b, const struct index *ix, enum dim d, const struct index_result *r)
{
    buf_addch(b, '[');
    for (size_t i = 0; i < r->n_facets[d]; i++) {
        char year[12];
        const char *label = "";
        const char *value = filters_value_text(ix, d, r->facets[d][i].value, year, &label);
        buf_addstr(b, i ? ",{\"value\":" : "{\"value\":");
        buf_add_json_strz(b, value);
        buf_addstr(b, ",\"label\":");
        buf_add_json_strz(b, label);
        buf_addstr(b, ",\"count\":");
        buf_add_u64(b, r->facets[d][i].count);
        buf_addch(b, '}');
    }
    buf_addch(b, ']');
}

void
filters_write_facets(struct buf *b, const struct index *ix, const struct index_query *q,
                     const struct index_result *r)
{
    bool any = false;
    for (int d = 0; d < DIM_COUNT; d++) {
        if (!q->facets[d])
            continue;
        buf_addstr(b, any ? ",\"" : ",\"facets\":{\"");
        buf_addstr(b, index_dim_name((enum dim)d));
        buf_addstr(b, "\":");
        filters_write_facet(b, ix, (enum dim)d, r);
        any = true;
    }
    if (any)
        buf_addch(b, '}');
}
