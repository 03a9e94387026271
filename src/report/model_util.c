/* Shared helpers of the report documents. The API is asked through router_dispatch() with a
 * request built here, as a browser's would be, so a report reads exactly what the API answers
 * (its memo included) and needs no server: the CLI runs it over an app of its own. */
#include "report/model_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/taxonomy.h"
#include "http/router.h"
#include "util/json_fast.h"
#include "util/limits.h"
#include "util/parse.h"
#include "util/xalloc.h"
#include "web/page.h"

#define ACTIONS_PAGE "200" /* the API's largest page */

void
model_fail(struct model_ctx *c, enum err e, const char *fmt, ...)
{
    if (c->err != ERR_OK)
        return;
    c->err = e;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->why, c->why_len, fmt, ap);
    va_end(ap);
}

json_t *
model_api(struct model_ctx *c, const char *path, const char *const *params)
{
    if (c->err != ERR_OK)
        return NULL;
    struct request *req = xcalloc(1, sizeof(*req));
    struct response res;
    memset(&res, 0, sizeof(res));
    req->method = "GET";
    req->path = path;
    req->app = c->app;
    req->body = "";
    for (size_t i = 0; params != NULL && params[i] != NULL && params[i + 1] != NULL &&
                       req->n_params < LIMIT_QUERY_PARAMS;
         i += 2)
        req->params[req->n_params++] =
            (struct param){params[i], params[i + 1], strlen(params[i + 1]), false};
    res.status = 200;
    res.content_type = "application/json; charset=utf-8";
    buf_init(&res.body, LIMIT_RESPONSE_BYTES);
    router_dispatch(req, &res);
    if (res.stream_free != NULL)
        res.stream_free(res.stream_state);
    json_t *out = NULL;
    json_error_t error;
    /* the importer's reader: the API's own JSON, parsed about three times faster than by
     * json_loadb() (which it falls back to for anything it does not take) */
    if (res.status == 200 && buf_status(&res.body) == ERR_OK)
        out = json_fast_load(res.body.data, res.body.len, &error);
    if (out == NULL && res.status == 200 && buf_status(&res.body) != ERR_OK) {
        model_fail(c, ERR_TOO_BIG, "the API's answer to %.200s is larger than %u bytes", path,
                   LIMIT_RESPONSE_BYTES);
    } else if (out == NULL && res.status == 200) {
        model_fail(c, ERR_DB, "the API's answer to %.200s is not JSON: %s", path, error.text);
    } else if (out == NULL) {
        json_t *e = json_loadb(res.body.data, res.body.len, 0, NULL);
        const char *message =
            json_string_value(json_object_get(json_object_get(e, "error"), "message"));
        enum err code = res.status == 404   ? ERR_NOT_FOUND
                        : res.status == 400 ? ERR_INVALID
                                            : ERR_DB;
        model_fail(c, code, "%s", message != NULL ? message : "the API gave no answer");
        json_decref(e);
    }
    buf_release(&res.body);
    free(req);
    return out;
}

json_t *
model_actions(struct model_ctx *c, const char *key, const char *value, const char *facets,
              json_t **facets_out)
{
    json_t *all = json_array();
    char cursor[600] = "";
    for (bool first = true; c->err == ERR_OK; first = false) {
        const char *params[14] = {key,    value,   "limit",   ACTIONS_PAGE,
                                  "sort", "title", "include", "progress"};
        size_t n = 8;
        if (first && facets != NULL) {
            params[n++] = "facets";
            params[n++] = facets;
            params[n++] = "facet_limit";
            params[n++] = "5000";
        }
        if (!first) {
            params[n++] = "cursor";
            params[n++] = cursor;
        }
        params[n] = NULL;
        json_t *page = model_api(c, "/api/v1/actions", params);
        if (page == NULL)
            break;
        json_int_t total = json_integer_value(json_object_get(page, "total"));
        if (first && total > LIMIT_REPORT_ACTIONS)
            model_fail(c, ERR_TOO_BIG, "%lld actions: a report lists at most %d", (long long)total,
                       LIMIT_REPORT_ACTIONS);
        if (first && facets_out != NULL)
            *facets_out = json_incref(json_object_get(page, "facets"));
        json_array_extend(all, json_object_get(page, "items"));
        const char *next = json_string_value(json_object_get(page, "next_cursor"));
        bool more = next != NULL;
        if (more && strlen(next) >= sizeof(cursor))
            model_fail(c, ERR_TOO_BIG, "the action list's cursor is longer than %zu bytes",
                       sizeof(cursor) - 1);
        else if (more)
            snprintf(cursor, sizeof(cursor), "%s", next);
        json_decref(page);
        if (!more)
            break;
    }
    if (c->err != ERR_OK) {
        json_decref(all);
        return NULL;
    }
    return all;
}

/* ---- texts ---- */

const char *
model_t(const struct model_ctx *c, const char *text_key)
{
    return i18n_get(c->lang, text_key);
}

json_t *
model_count(const struct model_ctx *c, uint64_t n)
{
    char s[40];
    i18n_format_count(c->lang, n, s, sizeof(s));
    return json_string(s);
}

void
model_fill(const struct model_ctx *c, const char *text_key, const char *const *pairs, char *out,
           size_t cap)
{
    const char *s = model_t(c, text_key);
    size_t o = 0;
    while (*s != '\0' && o + 1 < cap) {
        bool replaced = false;
        for (size_t i = 0; *s == '{' && pairs != NULL && pairs[i] != NULL; i += 2) {
            size_t n = strlen(pairs[i]);
            if (strncmp(s + 1, pairs[i], n) == 0 && s[1 + n] == '}') {
                int w = snprintf(out + o, cap - o, "%s", pairs[i + 1]);
                o += w > 0 ? (size_t)w : 0;
                o = o < cap ? o : cap - 1;
                s += n + 2;
                replaced = true;
                break;
            }
        }
        if (!replaced)
            out[o++] = *s++;
    }
    out[o] = '\0';
}

json_t *
model_plural(const struct model_ctx *c, const char *base, uint64_t n)
{
    char key[80], count[40], text[400];
    snprintf(key, sizeof(key), "%s_%s", base, n == 1 ? "one" : "other");
    i18n_format_count(c->lang, n, count, sizeof(count));
    const char *pairs[] = {"count", count, NULL};
    model_fill(c, key, pairs, text, sizeof(text));
    return json_string(text);
}

/* "2022-05-16" as year, month and day (month and day 0 when the date is shorter); false when
 * it is not a date. */
static bool
split_date(const char *date, int *y, int *m, int *d)
{
    int64_t yy = 0, mm = 0, dd = 0;
    size_t len = date != NULL ? strlen(date) : 0;
    bool ok = (len == 4 || len == 7 || len == 10) && parse_i64(date, 4, 1, 9999, &yy) == ERR_OK &&
              (len == 4 || (date[4] == '-' && parse_i64(date + 5, 2, 1, 12, &mm) == ERR_OK)) &&
              (len < 10 || (date[7] == '-' && parse_i64(date + 8, 2, 1, 31, &dd) == ERR_OK));
    *y = (int)yy;
    *m = (int)mm;
    *d = (int)dd;
    return ok;
}

static const char *
month_name(const struct model_ctx *c, int m)
{
    char key[24];
    snprintf(key, sizeof(key), "month_%d", m);
    return model_t(c, key);
}

void
model_date(const struct model_ctx *c, const char *date, char *out, size_t cap)
{
    int y, m, d;
    if (!split_date(date, &y, &m, &d))
        snprintf(out, cap, "%s", date != NULL ? date : "");
    else if (d > 0)
        snprintf(out, cap, "%d %s %d", d, month_name(c, m), y);
    else if (m > 0)
        snprintf(out, cap, "%s %d", month_name(c, m), y);
    else
        snprintf(out, cap, "%d", y);
}

void
model_date_range(const struct model_ctx *c, const char *from, const char *to, char *out, size_t cap)
{
    int y1, m1, d1, y2, m2, d2;
    bool a = from != NULL && *from != '\0' && split_date(from, &y1, &m1, &d1) && d1 > 0;
    bool b = to != NULL && *to != '\0' && split_date(to, &y2, &m2, &d2) && d2 > 0;
    char one[64], two[64];
    if (a && b && y1 == y2 && m1 == m2 && d1 == d2) {
        model_date(c, from, out, cap);
    } else if (a && b && y1 == y2 && m1 == m2) {
        snprintf(out, cap, "%d\xe2\x80\x93%d %s %d", d1, d2, month_name(c, m1), y1);
    } else if (a && b && y1 == y2) {
        snprintf(out, cap, "%d %s \xe2\x80\x93 %d %s %d", d1, month_name(c, m1), d2,
                 month_name(c, m2), y1);
    } else if (a && b) {
        model_date(c, from, one, sizeof(one));
        model_date(c, to, two, sizeof(two));
        snprintf(out, cap, "%s \xe2\x80\x93 %s", one, two);
    } else {
        model_date(c, a ? from : to, out, cap);
    }
}

const char *
model_dim_label(const struct model_ctx *c, enum dim d, const char *value, const char *fallback)
{
    return page_dim_label(c->lang, d, value != NULL ? value : "", fallback);
}

const char *
model_region_label(const struct model_ctx *c, const char *english)
{
    if (english == NULL)
        return "";
    int r = taxonomy_region_find(english, strlen(english));
    if (r >= 0)
        return page_dim_label(c->lang, DIM_REGION, taxonomy_region(r)->code, english);
    r = taxonomy_subregion_find(english, strlen(english));
    if (r >= 0)
        return page_dim_label(c->lang, DIM_SUBREGION, taxonomy_subregion(r)->code, english);
    return english;
}

const char *
model_country_label(const struct model_ctx *c, const char *alpha2)
{
    if (alpha2 == NULL)
        return "";
    int i = taxonomy_country_find(alpha2, strlen(alpha2));
    return page_dim_label(c->lang, DIM_COUNTRY, alpha2,
                          i >= 0 ? taxonomy_country(i)->name : alpha2);
}

struct code_label {
    const char *code;
    const char *text_key;
};

static const char *
code_label(const struct model_ctx *c, const struct code_label *table, size_t n, const char *code)
{
    for (size_t i = 0; code != NULL && i < n; i++) {
        if (strcmp(table[i].code, code) == 0)
            return model_t(c, table[i].text_key);
    }
    return code != NULL ? code : "";
}

const char *
model_progress_label(const struct model_ctx *c, const char *code)
{
    static const struct code_label labels[] = {
        {"no_data", "report_progress_no_data"},   {"on_track", "report_progress_on_track"},
        {"behind", "report_progress_behind"},     {"overdue", "report_progress_overdue"},
        {"achieved", "report_progress_achieved"},
    };
    return code_label(c, labels, ARRAY_LEN(labels), code);
}

const char *
model_role_label(const struct model_ctx *c, const char *code)
{
    static const struct code_label labels[] = {
        {"speaker", "report_role_speaker"},
        {"panellist", "report_role_panellist"},
        {"keynote", "report_role_keynote"},
        {"moderator", "report_role_moderator"},
        {"delegate", "report_role_delegate"},
        {"national_delegation", "report_role_national_delegation"},
        {"participant", "report_role_participant"},
    };
    return code_label(c, labels, ARRAY_LEN(labels), code);
}

const char *
model_session_label(const struct model_ctx *c, const char *code)
{
    static const struct code_label labels[] = {
        {"official", "report_session_official"},
        {"side_event", "report_session_side_event"},
        {"network_event", "report_session_network_event"},
    };
    return code_label(c, labels, ARRAY_LEN(labels), code);
}

const char *
model_stance_label(const struct model_ctx *c, const char *code)
{
    static const struct code_label labels[] = {
        {"recognises", "report_stance_recognises"},
        {"commits", "report_stance_commits"},
    };
    return code_label(c, labels, ARRAY_LEN(labels), code);
}

void
model_governments_text(const struct model_ctx *c, const json_t *governments, char *out, size_t cap)
{
    size_t o = 0, i;
    const json_t *g;
    out[0] = '\0';
    json_array_foreach(governments, i, g)
    {
        const char *name = json_string_value(json_object_get(g, "name"));
        const char *country = json_string_value(json_object_get(g, "country"));
        int w = snprintf(out + o, cap - o, "%s%s (%s)", i > 0 ? ", " : "", name ? name : "",
                         model_country_label(c, country));
        if (w < 0 || (size_t)w >= cap - o)
            break;
        o += (size_t)w;
    }
}

/* ---- progress ---- */

static void
label_progress(const struct model_ctx *c, json_t *p)
{
    const char *status = json_string_value(json_object_get(p, "status"));
    json_object_set_new(p, "status_label", json_string(model_progress_label(c, status)));
    const json_t *percent = json_object_get(p, "percent");
    if (json_is_number(percent)) {
        char text[32];
        snprintf(text, sizeof(text), "%.0f\xc2\xa0%%", json_number_value(percent));
        json_object_set_new(p, "percent_text", json_string(text));
    }
}

json_t *
model_progress_of(const struct model_ctx *c, const json_t *item)
{
    const json_t *p = json_object_get(item, "progress");
    if (!json_is_object(p))
        return json_null();
    json_t *out = json_deep_copy(p);
    label_progress(c, out);
    const char *last = json_string_value(json_object_get(out, "last_update"));
    if (last != NULL) {
        char text[64];
        model_date(c, last, text, sizeof(text));
        json_object_set_new(out, "last_update_text", json_string(text));
    }
    size_t i;
    json_t *ind;
    json_array_foreach(json_object_get(out, "indicators"), i, ind)
    {
        label_progress(c, ind);
        const char *deadline = json_string_value(json_object_get(ind, "deadline"));
        if (deadline != NULL) {
            char text[64];
            model_date(c, deadline, text, sizeof(text));
            json_object_set_new(ind, "deadline_text", json_string(text));
        }
    }
    return out;
}

json_t *
model_progress_all(const struct model_ctx *c, const json_t *cards)
{
    json_t *list = json_array();
    size_t i;
    const json_t *card;
    json_array_foreach(cards, i, card)
    {
        json_array_append_new(list, model_progress_of(c, card));
    }
    return list;
}

/* ---- rows ---- */

json_t *
model_action_row(const struct model_ctx *c, const json_t *card, json_t *progress)
{
    const char *id = json_string_value(json_object_get(card, "external_id"));
    char href[LIMIT_EXTERNAL_ID + 16], govs[1200], objectives[200];
    snprintf(href, sizeof(href), "/actions/%s", id != NULL ? id : "");
    model_governments_text(c, json_object_get(card, "governments"), govs, sizeof(govs));
    size_t o = 0, i;
    const json_t *v;
    objectives[0] = '\0';
    json_array_foreach(json_object_get(card, "gcm_objectives"), i, v)
    {
        int w = snprintf(objectives + o, sizeof(objectives) - o, "%s%lld", i > 0 ? ", " : "",
                         (long long)json_integer_value(v));
        if (w < 0 || (size_t)w >= sizeof(objectives) - o)
            break;
        o += (size_t)w;
    }
    const char *status = json_string_value(json_object_get(card, "implementation_status"));
    const char *title = json_string_value(json_object_get(card, "title"));
    return json_pack("{ss ss ss ss ss ss sO}", "external_id", id != NULL ? id : "", "title",
                     title != NULL ? title : "", "href", href, "governments", govs, "objectives",
                     objectives, "status_label",
                     model_dim_label(c, DIM_STATUS, status, status != NULL ? status : ""),
                     "progress", progress != NULL ? progress : json_null());
}

json_t *
model_coverage(const struct model_ctx *c, const json_t *facets)
{
    const struct vocab *gcm = taxonomy_vocab(VOCAB_GCM);
    json_t *items = json_array();
    size_t covered = 0;
    for (size_t k = 0; k < gcm->count; k++) {
        char number[24];
        snprintf(number, sizeof(number), "%zu", k + 1);
        json_int_t count = 0;
        size_t i;
        const json_t *v;
        json_array_foreach(json_object_get(facets, "objective"), i, v)
        {
            const char *value = json_string_value(json_object_get(v, "value"));
            if (value != NULL && strcmp(value, number) == 0)
                count = json_integer_value(json_object_get(v, "count"));
        }
        covered += count > 0;
        json_array_append_new(
            items, json_pack("{sIsssI}", "number", (json_int_t)(k + 1), "label",
                             model_dim_label(c, DIM_OBJECTIVE, number, gcm->terms[k].short_title),
                             "count", count));
    }
    char n[24], m[24], text[300];
    snprintf(n, sizeof(n), "%zu", covered);
    snprintf(m, sizeof(m), "%zu", gcm->count);
    const char *pairs[] = {"n", n, "m", m, NULL};
    model_fill(c, "report_coverage_summary", pairs, text, sizeof(text));
    return json_pack("{sIsoss}", "covered", (json_int_t)covered, "items", items, "covered_text",
                     text);
}
