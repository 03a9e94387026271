/* Progress on the website: the section of an action's page (each target's bar, percent and
 * status in words, the action's status and stale flag, a chart of the updates over time next
 * to the table of updates) drawn from GET /api/v1/actions/{id}/progress, and the form that
 * reports an update, /actions/{id}/progress/new, which writes through progress_report() as
 * the API does. A refused form comes back with what was typed and each error by its field. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/progress.h"
#include "http/app.h"
#include "http/router.h"
#include "store/progress.h"
#include "util/parse.h"
#include "util/xalloc.h"
#include "web/action_view.h"
#include "web/chart.h"
#include "web/web.h"
#include "workflow/progress_report.h"

/* A page stays under 60 KB with its stylesheet (docs/website.md): it shows the latest updates
 * and cuts long narratives; every update is whole in the JSON the page links to. */
#define CHART_SERIES_MAX    12  /* lines on one chart; more indicators are in the list only */
#define CHART_UPDATES_MAX   24  /* the latest updates the chart draws ... */
#define CHART_POINTS_MAX    96  /* ... fewer when many targets would make more dots than this */
#define CHART_TIP_MAX       40  /* characters of a target's name in a dot's tooltip */
#define TABLE_UPDATES_MAX   12  /* the latest updates the table lists */
#define NARRATIVE_SHOWN_MAX 300 /* characters of a narrative in the table */

/* ---- numbers and words ---- */

/* @v as people read it in the page's language: "1,500.5", "1 500,5" (at most 15 digits). */
static void
number_text(const struct page *p, double v, char *out, size_t len)
{
    char plain[48];
    snprintf(plain, sizeof(plain), "%.15g", fabs(v) + 0.0);
    const char *dot = strchr(plain, '.');
    if (strchr(plain, 'e') != NULL || fabs(v) >= 1e15) {
        snprintf(out, len, "%s%s", v < 0 ? "-" : "", plain);
        return;
    }
    char whole[40];
    i18n_format_count(p->lang, (uint64_t)strtoull(plain, NULL, 10), whole, sizeof(whole));
    snprintf(out, len, "%s%s%s%s", v < 0 ? "-" : "", whole,
             dot != NULL ? (p->lang == LANG_EN ? "." : ",") : "", dot != NULL ? dot + 1 : "");
}

/* "60%" in English, "60 %" (a narrow no-break space) in French and Spanish. */
static json_t *
percent_text(const struct page *p, double v)
{
    char n[64], out[80];
    number_text(p, v, n, sizeof(n));
    snprintf(out, sizeof(out), "%s%s%%", n, p->lang == LANG_EN ? "" : "\xe2\x80\xaf");
    return json_string(out);
}

/* A number of the API's JSON with the indicator's unit: "120 families". */
static json_t *
amount_text(const struct page *p, const json_t *v, const char *unit)
{
    if (!json_is_number(v))
        return json_null();
    char n[64], out[320];
    number_text(p, json_number_value(v), n, sizeof(n));
    snprintf(out, sizeof(out), "%s%s%.250s", n, unit != NULL ? " " : "", unit != NULL ? unit : "");
    return json_string(out);
}

/* The words for each progress status (progress_status_codes). */
static const struct {
    const char *code;
    const char *label_key;
} progress_labels[] = {
    {"no_data", "progress_no_data"},   {"on_track", "progress_on_track"},
    {"behind", "progress_behind"},     {"overdue", "progress_overdue"},
    {"achieved", "progress_achieved"},
};

static json_t *
progress_label(const struct page *p, const char *code)
{
    for (size_t i = 0; i < sizeof(progress_labels) / sizeof(progress_labels[0]); i++)
        if (code != NULL && strcmp(code, progress_labels[i].code) == 0)
            return json_string(page_t(p, progress_labels[i].label_key));
    return json_string(page_t(p, "progress_no_data"));
}

static json_t *
impl_label(const struct page *p, const char *code)
{
    char key[64];
    snprintf(key, sizeof(key), "implementation_status.%s", code != NULL ? code : "");
    return json_string(i18n_get(p->lang, key));
}

/* ---- the section of the action's page ---- */

/* The indicator of the API's progress block @ind as the domain sees it, to compute percents. */
static struct indicator
indicator_of(const json_t *ind)
{
    struct indicator i = {0};
    const json_t *b = json_object_get(ind, "baseline"), *t = json_object_get(ind, "target");
    i.has_baseline = json_is_number(b);
    i.baseline = json_number_value(b);
    i.has_target = json_is_number(t);
    i.target = json_number_value(t);
    return i;
}

/* Each indicator as the page shows it: its words, numbers, bar and status. */
static json_t *
indicator_rows(const struct page *p, const json_t *indicators)
{
    json_t *rows = json_array();
    size_t i;
    json_t *ind;
    json_array_foreach(indicators, i, ind)
    {
        const char *unit = json_string_value(json_object_get(ind, "unit"));
        const json_t *latest = json_object_get(ind, "latest");
        const json_t *percent = json_object_get(ind, "percent");
        double pct = json_number_value(percent);
        json_t *row = json_pack(
            "{sIsOsosososososOsb}", "position", (json_int_t)(i + 1), "name",
            json_object_get(ind, "name"), "baseline_text",
            amount_text(p, json_object_get(ind, "baseline"), unit), "target_text",
            amount_text(p, json_object_get(ind, "target"), unit), "deadline_text",
            action_view_date(p, json_string_value(json_object_get(ind, "deadline"))), "latest_text",
            amount_text(p, json_object_get(latest, "value"), unit), "latest_date_text",
            action_view_date(p, json_string_value(json_object_get(latest, "date"))), "status",
            json_object_get(ind, "status"), "has_percent", json_is_number(percent));
        json_object_set_new(row, "status_label",
                            progress_label(p, json_string_value(json_object_get(ind, "status"))));
        if (json_is_number(percent)) {
            json_object_set_new(row, "percent_text", percent_text(p, pct));
            /* the bar shows 0-100%: the text says by how much the target was passed */
            long bar = lround(pct < 0 ? 0 : pct > 100 ? 100 : pct);
            json_object_set_new(row, "meter", json_integer(bar));
        }
        json_array_append_new(rows, row);
    }
    return rows;
}

/* The bytes of the first @max characters of @s (all of it when shorter): a cut on a code
 * point. */
static size_t
chars_prefix(const char *s, size_t max)
{
    size_t chars = 0, i = 0;
    for (; s[i] != '\0'; i++) {
        if (((unsigned char)s[i] & 0xc0) != 0x80 && chars++ == max)
            break;
    }
    return i;
}

/* @text cut to NARRATIVE_SHOWN_MAX characters with an ellipsis. */
static json_t *
shown_narrative(const json_t *text)
{
    const char *s = json_string_value(text);
    if (s == NULL)
        return json_null();
    size_t keep = chars_prefix(s, NARRATIVE_SHOWN_MAX);
    if (s[keep] == '\0')
        return json_incref((json_t *)(uintptr_t)text);
    return json_sprintf("%.*s\xe2\x80\xa6", (int)keep, s);
}

/* The latest TABLE_UPDATES_MAX updates, newest first, with their values named by indicator. */
static json_t *
update_rows(const struct page *p, const json_t *updates, const json_t *indicators)
{
    json_t *rows = json_array();
    size_t n = json_array_size(updates);
    size_t oldest = n > TABLE_UPDATES_MAX ? n - TABLE_UPDATES_MAX : 0;
    for (size_t k = n; k-- > oldest;) {
        const json_t *u = json_array_get(updates, k);
        json_t *values = json_array();
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(u, "values"), i, v)
        {
            json_int_t position = json_integer_value(json_object_get(v, "indicator"));
            const json_t *ind = json_array_get(indicators, (size_t)(position - 1));
            if (ind == NULL)
                continue; /* an indicator the action no longer has */
            json_array_append_new(
                values, json_pack("{sOso}", "name", json_object_get(ind, "name"), "value_text",
                                  amount_text(p, json_object_get(v, "value"),
                                              json_string_value(json_object_get(ind, "unit")))));
        }
        const char *url = json_string_value(json_object_get(u, "evidence_url"));
        bool link =
            url != NULL && (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0);
        json_t *row = json_pack(
            "{sOsosososOsosb}", "date", json_object_get(u, "date"), "date_text",
            action_view_date(p, json_string_value(json_object_get(u, "date"))), "status_label",
            impl_label(p, json_string_value(json_object_get(u, "implementation_status"))),
            "narrative", shown_narrative(json_object_get(u, "narrative")), "evidence_url",
            json_object_get(u, "evidence_url"), "values", values, "evidence_link", link);
        json_array_append_new(rows, row);
    }
    return rows;
}

/* The chart of each measured indicator's percent at each update; appended to @svg. */
static void
history_chart(const struct page *p, const json_t *indicators, const json_t *updates,
              struct buf *svg)
{
    size_t n_ind = json_array_size(indicators), n_up = json_array_size(updates);
    if (n_ind > CHART_SERIES_MAX)
        n_ind = CHART_SERIES_MAX;
    struct chart_series series[CHART_SERIES_MAX];
    struct chart_point *points = xcalloc(n_ind * n_up + 1, sizeof(*points));
    char **tips = xcalloc(n_ind * n_up + 1, sizeof(*tips));
    size_t n_series = 0, n_points = 0;
    const char *first = NULL, *last = NULL;
    /* the latest updates, as many as the dots of the measured targets allow */
    size_t measured = 0;
    for (size_t i = 0; i < n_ind; i++)
        measured += json_is_number(json_object_get(json_array_get(indicators, i), "target"));
    size_t shown = measured > 0 ? CHART_POINTS_MAX / measured : CHART_UPDATES_MAX;
    if (shown > CHART_UPDATES_MAX)
        shown = CHART_UPDATES_MAX;
    size_t oldest = n_up > shown ? n_up - shown : 0;
    for (size_t i = 0; i < n_ind; i++) {
        const json_t *ind = json_array_get(indicators, i);
        struct indicator domain = indicator_of(ind);
        struct chart_series *s = &series[n_series];
        s->label = json_string_value(json_object_get(ind, "name"));
        s->points = &points[n_points];
        s->n = 0;
        for (size_t k = oldest; k < n_up; k++) {
            const json_t *u = json_array_get(updates, k);
            const char *date = json_string_value(json_object_get(u, "date"));
            size_t j;
            json_t *v;
            json_array_foreach(json_object_get(u, "values"), j, v)
            {
                double pct;
                int64_t day;
                if (json_integer_value(json_object_get(v, "indicator")) != (json_int_t)(i + 1) ||
                    date == NULL || date_days(date, true, &day) != ERR_OK ||
                    !progress_percent(&domain, json_number_value(json_object_get(v, "value")),
                                      &pct))
                    continue;
                json_t *pct_text = percent_text(p, pct);
                json_t *date_text = action_view_date(p, date);
                const char *name = s->label != NULL ? s->label : "";
                size_t cut = chars_prefix(name, CHART_TIP_MAX);
                char tip[400];
                snprintf(tip, sizeof(tip), "%.*s%s: %s (%s)", (int)cut, name,
                         name[cut] != '\0' ? "\xe2\x80\xa6" : "", json_string_value(pct_text),
                         json_string_value(date_text));
                json_decref(pct_text);
                json_decref(date_text);
                tips[n_points] = xstrdup(tip);
                points[n_points] = (struct chart_point){day, lround(pct * 10), tips[n_points]};
                n_points++;
                s->n++;
                if (first == NULL || strcmp(date, first) < 0)
                    first = date;
                if (last == NULL || strcmp(date, last) > 0)
                    last = date;
            }
        }
        if (s->n > 0)
            n_series++;
    }
    if (n_series > 0) {
        json_t *from = action_view_date(p, first), *to = action_view_date(p, last);
        chart_progress(svg, "progress-chart", page_t(p, "progress_chart_title"),
                       page_t(p, "progress_chart_desc"), series, n_series, json_string_value(from),
                       json_string_value(to));
        json_decref(from);
        json_decref(to);
    }
    for (size_t k = 0; k < n_points; k++)
        free(tips[k]);
    free(tips);
    free(points);
}

/* Whether the page's viewer may report progress on published action @external_id. */
static bool
may_report(struct page *p, const char *external_id)
{
    if (!p->viewer.signed_in)
        return false;
    struct store *st = app_store(p->req->app);
    struct action a;
    action_init(&a);
    int64_t id = 0;
    bool ok = st != NULL && store_action_find(st, external_id, &id, NULL, NULL) == ERR_OK &&
              store_action_load(st, id, &a) == ERR_OK && a.publication == PUB_PUBLISHED &&
              progress_may_report(&p->viewer, &a);
    action_release(&a);
    app_store_release(p->req->app, st);
    return ok;
}

void
web_progress_section(struct page *p, const char *external_id)
{
    char path[LIMIT_EXTERNAL_ID * 4 + 40];
    snprintf(path, sizeof(path), "/api/v1/actions/%s/progress", external_id);
    json_t *answer = page_api(p, api_progress_get, path, false);
    if (answer == NULL) {
        /* the action's page stands without its progress */
        p->res->status = 200;
        return;
    }
    const json_t *prog = json_object_get(answer, "progress");
    const json_t *indicators = json_object_get(prog, "indicators");
    const json_t *updates = json_object_get(answer, "updates");
    const char *status = json_string_value(json_object_get(prog, "status"));
    json_t *view = json_pack(
        "{sssosbsososb}", "status", status != NULL ? status : "no_data", "status_label",
        progress_label(p, status), "stale", json_is_true(json_object_get(prog, "stale")),
        "indicators", indicator_rows(p, indicators), "updates", update_rows(p, updates, indicators),
        "has_indicators", json_array_size(indicators) > 0);
    if (json_is_number(json_object_get(prog, "percent")))
        json_object_set_new(view, "percent_text",
                            percent_text(p, json_number_value(json_object_get(prog, "percent"))));
    json_object_set_new(
        view, "last_update_text",
        action_view_date(p, json_string_value(json_object_get(prog, "last_update"))));
    struct buf svg;
    buf_init(&svg, LIMIT_RESPONSE_BYTES / 4);
    history_chart(p, indicators, updates, &svg);
    if (svg.len > 0 && buf_status(&svg) == ERR_OK)
        json_object_set_new(view, "chart", json_string(svg.data));
    buf_release(&svg);
    if (may_report(p, external_id)) {
        struct buf url;
        buf_init(&url, 512);
        buf_addstr(&url, "/actions/");
        page_url_escape(&url, external_id);
        buf_addstr(&url, "/progress/new");
        json_object_set_new(view, "report_href", json_string(url.data));
        buf_release(&url);
    }
    size_t n_updates = json_array_size(updates);
    if (n_updates > TABLE_UPDATES_MAX) {
        json_object_set_new(
            view, "more",
            json_pack("{soss}", "text", page_plural(p, "progress_more", n_updates), "href", path));
    }
    json_object_set_new(p->ctx, "tracking", view);
    json_decref(answer);
}

/* ---- the form ---- */

/* The action of /actions/{id}/progress/new that the viewer may report on, into @a, with its
 * id in @id; false with an error page set. */
static bool
reportable(struct page *p, char id[LIMIT_EXTERNAL_ID + 1], struct action *a)
{
    int64_t row = 0;
    if (!router_segment_at(p->req->path, 1, id, LIMIT_EXTERNAL_ID + 1)) {
        page_refuse(p, 404, "error_not_found");
        return false;
    }
    struct store *st = app_store(p->req->app);
    enum err e = st != NULL ? store_action_find(st, id, &row, NULL, NULL) : ERR_DB;
    if (e == ERR_OK)
        e = store_action_load(st, row, a);
    app_store_release(p->req->app, st);
    if (e == ERR_OK && a->publication != PUB_PUBLISHED)
        e = ERR_NOT_FOUND;
    if (e != ERR_OK) {
        page_refuse(p, e == ERR_NOT_FOUND ? 404 : 503,
                    e == ERR_NOT_FOUND ? "error_not_found" : "error_title");
        return false;
    }
    if (!progress_may_report(&p->viewer, a)) {
        page_refuse(p, 403, "progress_forbidden");
        return false;
    }
    return true;
}

/* The form's fields: {"date", "implementation_status", "narrative", "evidence_url",
 * "value_N"} as typed (strings), from the POSTed form. */
static json_t *
form_values(const struct page *p, size_t n_indicators)
{
    static const char *const names[] = {"date", "implementation_status", "narrative",
                                        "evidence_url"};
    json_t *values = json_object();
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *v = http_form(p->req, names[i]);
        json_object_set_new(values, names[i], json_string(v != NULL ? v : ""));
    }
    for (size_t i = 1; i <= n_indicators; i++) {
        char name[32];
        snprintf(name, sizeof(name), "value_%zu", i);
        const char *v = http_form(p->req, name);
        json_object_set_new(values, name, json_string(v != NULL ? v : ""));
    }
    return values;
}

/* The update in the import format that @values stand for: empty fields are absent. */
static json_t *
form_record(const json_t *values)
{
    json_t *record = json_object(), *numbers = json_object();
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)(uintptr_t)values, key, v)
    {
        const char *s = json_string_value(v);
        if (s == NULL || s[strspn(s, " \t\r\n")] == '\0')
            continue;
        if (strncmp(key, "value_", 6) == 0)
            json_object_set(numbers, key + 6, v);
        else
            json_object_set(record, key, v);
    }
    if (json_object_size(numbers) > 0)
        json_object_set(record, "values", numbers);
    json_decref(numbers);
    return record;
}

/* The value of placeholder @name of @fe, or NULL. */
static const char *
error_var(const struct field_error *fe, const char *name)
{
    const char *p = fe->vars;
    while (p < fe->vars + sizeof(fe->vars) && *p != '\0') {
        const char *value = p + strlen(p) + 1;
        if (strcmp(p, name) == 0)
            return value;
        p = value + strlen(value) + 1;
    }
    return NULL;
}

/* The input of the form error @fe belongs by: a value's own input (a reason about indicator
 * 2 is value_2's), else its field. */
static void
error_field(const struct field_error *fe, char *out, size_t len)
{
    const char *indicator = strcmp(fe->field, "values") == 0 ? error_var(fe, "indicator") : NULL;
    int64_t n = 0;
    if (indicator != NULL &&
        parse_i64(indicator, strlen(indicator), 1, LIMIT_LIST_ITEMS, &n) == ERR_OK)
        snprintf(out, len, "value_%d", (int)n);
    else
        snprintf(out, len, "%s", fe->field);
}

/* Renders the form for @a with @values and @errs, answering @status. */
static void
form_page(struct page *p, const char *id, const struct action *a, json_t *values,
          const struct field_errors *errs, int status)
{
    char path[LIMIT_EXTERNAL_ID * 4 + 40];
    snprintf(path, sizeof(path), "/api/v1/actions/%s/progress", id);
    json_t *answer = page_api(p, api_progress_get, path, false);
    if (answer == NULL) {
        json_decref(values);
        page_abandon(p);
        return;
    }
    const json_t *indicators = json_object_get(json_object_get(answer, "progress"), "indicators");
    json_t *fields = json_object(), *summary = json_array(), *top = json_array();
    const char *key;
    json_t *v;
    json_object_foreach(values, key, v)
    {
        json_object_set_new(fields, key, json_pack("{sO}", "value", v));
    }
    static const char *const texts[] = {"date", "implementation_status", "narrative",
                                        "evidence_url"};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        if (json_object_get(fields, texts[i]) == NULL)
            json_object_set_new(fields, texts[i], json_pack("{ss}", "value", ""));
    for (size_t i = 1; i <= json_array_size(indicators); i++) {
        char name[32];
        snprintf(name, sizeof(name), "value_%zu", i);
        if (json_object_get(fields, name) == NULL)
            json_object_set_new(fields, name, json_pack("{ss}", "value", ""));
    }
    struct buf text;
    buf_init(&text, 4096);
    for (size_t i = 0; errs != NULL && i < errs->count; i++) {
        char field[48];
        error_field(&errs->items[i], field, sizeof(field));
        /* the reason in the page's language */
        buf_reset(&text);
        i18n_field_error(p->lang, &errs->items[i], &text);
        const char *message = buf_status(&text) == ERR_OK ? text.data : errs->items[i].message;
        if (strcmp(field, "values") == 0 && json_array_size(indicators) == 0)
            snprintf(field, sizeof(field), "narrative"); /* "a value or a narrative" */
        json_t *entry = json_object_get(fields, field);
        if (entry == NULL && strcmp(field, "values") != 0) {
            json_array_append_new(top, json_pack("{ss}", "message", message));
            continue;
        }
        if (entry == NULL) {
            json_object_set_new(fields, field, json_object());
            entry = json_object_get(fields, field);
        }
        const char *had = json_string_value(json_object_get(entry, "error"));
        json_object_set_new(entry, "error",
                            had != NULL ? json_sprintf("%s; %s", had, message)
                                        : json_string(message));
        json_array_append_new(summary, json_pack("{ssss}", "field",
                                                 strcmp(field, "values") == 0 ? "value_1" : field,
                                                 "message", message));
    }
    buf_release(&text);
    /* one input per indicator, with what it is measured against */
    json_t *rows = indicator_rows(p, indicators);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        char name[32];
        snprintf(name, sizeof(name), "value_%zu", i + 1);
        json_object_set_new(row, "input", json_string(name));
        json_object_set(row, "field", json_object_get(fields, name));
        json_object_set_new(row, "unit",
                            json_incref(json_object_get(json_array_get(indicators, i), "unit")));
    }
    const char *chosen = json_string_value(json_object_get(values, "implementation_status"));
    json_t *statuses = json_array();
    for (int k = 0; k < IMPL_STATUS_COUNT; k++)
        json_array_append_new(
            statuses, json_pack("{sssosb}", "code", impl_status_codes[k], "label",
                                impl_label(p, impl_status_codes[k]), "selected",
                                chosen != NULL && strcmp(chosen, impl_status_codes[k]) == 0));
    char action_href[LIMIT_EXTERNAL_ID * 4 + 16], form_href[LIMIT_EXTERNAL_ID * 4 + 32];
    struct buf url;
    buf_init(&url, sizeof(form_href));
    buf_addstr(&url, "/actions/");
    page_url_escape(&url, id);
    snprintf(action_href, sizeof(action_href), "%s", url.data);
    buf_addstr(&url, "/progress/new");
    snprintf(form_href, sizeof(form_href), "%s", url.data);
    buf_release(&url);
    json_object_set_new(p->ctx, "form",
                        json_pack("{sosososssssosssbsb}", "f", fields, "errors", summary,
                                  "top_errors", top, "action", form_href, "action_href",
                                  action_href, "indicators", rows, "csrf", page_form_token(p),
                                  "has_errors", errs != NULL && errs->count > 0, "has_indicators",
                                  json_array_size(indicators) > 0));
    json_object_set_new(json_object_get(p->ctx, "form"), "statuses", statuses);
    json_object_set_new(p->ctx, "action_title", json_string(a->title));
    json_decref(values);
    json_decref(answer);
    struct response *res = p->res;
    page_finish(p, "progress_form", page_t(p, "progress_form_title"));
    res->status = status;
    res->cache_control = "no-store";
}

/* The status an update starts from: the latest update's, else the action's. */
static const char *
current_status(struct page *p, const struct action *a)
{
    struct store *st = app_store(p->req->app);
    struct progress_list updates = {0};
    enum impl_status s = a->status;
    if (st != NULL && store_progress_collect(st, a->id, &updates) == ERR_OK && updates.count > 0)
        s = updates.items[updates.count - 1].status;
    progress_list_release(&updates);
    app_store_release(p->req->app, st);
    return impl_status_codes[s];
}

void
web_progress_form(struct request *req, struct response *res)
{
    struct page p;
    struct action a;
    char id[LIMIT_EXTERNAL_ID + 1];
    action_init(&a);
    page_begin(&p, req, res, "actions");
    if (page_require_viewer(&p, false) && reportable(&p, id, &a)) {
        char today[11];
        format_date_days(progress_today(), today);
        json_t *values =
            json_pack("{ssss}", "date", today, "implementation_status", current_status(&p, &a));
        form_page(&p, id, &a, values, NULL, 200);
    }
    action_release(&a);
}

void
web_progress_submit(struct request *req, struct response *res)
{
    struct page p;
    struct action a;
    char id[LIMIT_EXTERNAL_ID + 1], made[LIMIT_EXTERNAL_ID + 1];
    action_init(&a);
    page_begin(&p, req, res, "actions");
    if (!page_require_form(&p) || !reportable(&p, id, &a)) {
        action_release(&a);
        return;
    }
    json_t *values = form_values(&p, a.n_indicators);
    json_t *record = form_record(values);
    struct field_errors errs = {0};
    enum wf_outcome outcome = WF_FORBIDDEN;
    enum progress_write_result result;
    struct store *writer = app_store_writer(req->app);
    enum err e = writer != NULL ? progress_report(writer, &p.viewer, id, NULL, record, &errs,
                                                  &outcome, &result, made)
                                : ERR_DB;
    app_store_writer_release(req->app, writer);
    json_decref(record);
    if (e != ERR_OK) {
        json_decref(values);
        page_refuse(&p, 503, "error_title");
    } else if (outcome == WF_DONE) {
        json_decref(values);
        page_abandon(&p);
        char location[LIMIT_EXTERNAL_ID * 4 + 32];
        struct buf url;
        buf_init(&url, sizeof(location));
        buf_addstr(&url, "/actions/");
        page_url_escape(&url, id);
        buf_addstr(&url, "#progress");
        snprintf(location, sizeof(location), "%s", url.data);
        buf_release(&url);
        page_redirect(res, location);
    } else if (outcome == WF_INVALID) {
        form_page(&p, id, &a, values, &errs, 400);
    } else {
        json_decref(values);
        page_refuse(&p,
                    outcome == WF_NOT_FOUND     ? 404
                    : outcome == WF_WRONG_STATE ? 409
                                                : 403,
                    outcome == WF_NOT_FOUND ? "error_not_found" : "progress_forbidden");
    }
    action_release(&a);
}
