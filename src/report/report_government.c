/* The government profile's document, an input to a Voluntary Local Review: from
 * GET /api/v1/governments/{slug} (the government, its endorsement and networks), its actions
 * (the action list filtered to it, and each action's own answer for its measurable targets and
 * progress), and the forums whose delegation or programme names it (GET /api/v1/forums and
 * each forum). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/model_util.h"
#include "report/report_parts.h"
#include "util/limits.h"
#include "util/xalloc.h"

/* "2022-05 – to be confirmed": an action's period. */
static void
period(struct model_ctx *c, const json_t *a, char *out, size_t cap)
{
    const char *start = json_string_value(json_object_get(a, "start_date"));
    const char *end = json_string_value(json_object_get(a, "end_date"));
    char from[64] = "", to[64] = "";
    if (start != NULL)
        model_date(c, start, from, sizeof(from));
    if (end != NULL && strcmp(end, "tbc") == 0)
        snprintf(to, sizeof(to), "%s", model_t(c, "date_tbc"));
    else if (end != NULL)
        model_date(c, end, to, sizeof(to));
    if (from[0] != '\0' && to[0] != '\0')
        snprintf(out, cap, "%s \xe2\x80\x93 %s", from, to);
    else
        snprintf(out, cap, "%s", from[0] != '\0' ? from : to);
}

static void
number_text(const json_t *v, char *out, size_t cap)
{
    if (json_is_number(v))
        snprintf(out, cap, "%g", json_number_value(v));
    else
        snprintf(out, cap, "%s", "");
}

/* An action's measurable targets with what progress says of each: [{"name", "unit",
 * "baseline", "target", "deadline", "latest", "latest_date", "percent_text", "status_label"}]. */
static json_t *
targets(struct model_ctx *c, const json_t *action, const json_t *progress)
{
    json_t *rows = json_array();
    size_t i;
    const json_t *ind;
    const json_t *computed = json_object_get(progress, "indicators");
    json_array_foreach(json_object_get(action, "indicators"), i, ind)
    {
        const json_t *p = json_array_get(computed, i);
        char baseline[40], target[40], latest[40] = "", latest_date[64] = "", deadline[64] = "";
        number_text(json_object_get(ind, "baseline"), baseline, sizeof(baseline));
        number_text(json_object_get(ind, "target"), target, sizeof(target));
        const char *d = json_string_value(json_object_get(ind, "deadline"));
        if (d != NULL)
            model_date(c, d, deadline, sizeof(deadline));
        const json_t *last = json_object_get(p, "latest");
        if (json_is_object(last)) {
            number_text(json_object_get(last, "value"), latest, sizeof(latest));
            model_date(c, json_string_value(json_object_get(last, "date")), latest_date,
                       sizeof(latest_date));
        }
        const char *name = json_string_value(json_object_get(ind, "name"));
        const char *unit = json_string_value(json_object_get(ind, "unit"));
        const char *pct = json_string_value(json_object_get(p, "percent_text"));
        const char *status = json_string_value(json_object_get(p, "status_label"));
        json_array_append_new(
            rows, json_pack("{ss ss ss ss ss ss ss ss ss}", "name", name ? name : "", "unit",
                            unit ? unit : "", "baseline", baseline, "target", target, "deadline",
                            deadline, "latest", latest, "latest_date", latest_date, "percent_text",
                            pct ? pct : "", "status_label", status ? status : ""));
    }
    return rows;
}

/* The government's actions with their summaries, targets and progress. */
static json_t *
actions(struct model_ctx *c, const json_t *cards, json_t *progress)
{
    json_t *out = json_array();
    size_t i;
    const json_t *card;
    json_array_foreach(cards, i, card)
    {
        const char *id = json_string_value(json_object_get(card, "external_id"));
        char path[LIMIT_EXTERNAL_ID + 40], when[160];
        snprintf(path, sizeof(path), "/api/v1/actions/%s", id != NULL ? id : "");
        json_t *action = model_api(c, path, NULL);
        if (action == NULL)
            break;
        json_t *p = json_array_get(progress, i);
        json_t *row = model_action_row(c, action, p);
        period(c, action, when, sizeof(when));
        const char *summary = json_string_value(json_object_get(action, "summary"));
        const char *kind = json_string_value(json_object_get(action, "kind"));
        json_object_set_new(row, "period", json_string(when));
        json_object_set_new(row, "summary", json_string(summary != NULL ? summary : ""));
        json_object_set_new(row, "kind_label",
                            json_string(model_dim_label(c, DIM_KIND, kind, kind ? kind : "")));
        json_object_set_new(row, "targets", targets(c, action, p));
        json_array_append_new(out, row);
        json_decref(action);
    }
    return out;
}

/* Whether forum participant or government @g is the government @slug. */
static bool
is_government(const json_t *g, const char *slug)
{
    const char *s = json_string_value(json_object_get(g, "slug"));
    return s != NULL && strcmp(s, slug) == 0;
}

/* The forums that name the government: [{"name", "slug", "dates", "place",
 * "national_delegation", "sessions": [{"title", "kind_label", "day", "person", "role_label"}]}],
 * most recent first as the forum list orders them. */
static json_t *
forums(struct model_ctx *c, const char *slug)
{
    json_t *out = json_array();
    json_t *list = model_api(c, "/api/v1/forums", NULL);
    size_t i;
    const json_t *item;
    json_array_foreach(json_object_get(list, "items"), i, item)
    {
        const char *fslug = json_string_value(json_object_get(item, "slug"));
        char path[300];
        if (fslug == NULL || strlen(fslug) > 200)
            continue;
        snprintf(path, sizeof(path), "/api/v1/forums/%s", fslug);
        json_t *f = model_api(c, path, NULL);
        if (f == NULL)
            break;
        bool member = false, delegation = false;
        size_t k;
        const json_t *g;
        json_array_foreach(json_object_get(f, "governments"), k, g)
        {
            if (is_government(g, slug)) {
                member = true;
                delegation = json_is_true(json_object_get(g, "national_delegation"));
            }
        }
        json_t *sessions = json_array();
        const json_t *s;
        json_array_foreach(json_object_get(f, "sessions"), k, s)
        {
            size_t m;
            const json_t *p;
            json_array_foreach(json_object_get(s, "participants"), m, p)
            {
                if (!is_government(json_object_get(p, "government"), slug))
                    continue;
                const char *kind = json_string_value(json_object_get(s, "kind"));
                const char *name = json_string_value(json_object_get(p, "name"));
                const char *title = json_string_value(json_object_get(s, "title"));
                char day[64] = "";
                model_date(c, json_string_value(json_object_get(s, "day")), day, sizeof(day));
                json_array_append_new(
                    sessions,
                    json_pack("{ss ss ss ss ss}", "title", title != NULL ? title : "", "kind_label",
                              model_session_label(c, kind), "day", day, "person",
                              name != NULL ? name : "", "role_label",
                              model_role_label(c, json_string_value(json_object_get(p, "role")))));
            }
        }
        if (member || json_array_size(sessions) > 0) {
            char dates[120];
            const char *place = json_string_value(json_object_get(f, "place"));
            model_date_range(c, json_string_value(json_object_get(f, "starts_on")),
                             json_string_value(json_object_get(f, "ends_on")), dates,
                             sizeof(dates));
            json_array_append_new(out, json_pack("{ss ss ss ss sb so}", "name",
                                                 json_string_value(json_object_get(f, "name")),
                                                 "slug", fslug, "dates", dates, "place",
                                                 place != NULL ? place : "", "national_delegation",
                                                 delegation, "sessions", sessions));
        } else {
            json_decref(sessions);
        }
        json_decref(f);
    }
    json_decref(list);
    return out;
}

/* The profile's facts: kind, country, region, endorsement, networks, in the report's language. */
static json_t *
profile(struct model_ctx *c, const json_t *gov)
{
    const char *kind = json_string_value(json_object_get(gov, "kind"));
    const char *country = json_string_value(json_object_get(gov, "country"));
    const char *region = json_string_value(json_object_get(gov, "region"));
    char kind_key[80];
    snprintf(kind_key, sizeof(kind_key), "government_kind.%s", kind != NULL ? kind : "");
    json_t *p = json_pack("{ssssss}", "kind_label", model_t(c, kind_key), "country",
                          model_country_label(c, country), "region", model_region_label(c, region));
    const char *texts[] = {"subdivision", "website"};
    for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
        const char *v = json_string_value(json_object_get(gov, texts[i]));
        if (v != NULL)
            json_object_set_new(p, texts[i], json_string(v));
    }
    json_int_t population = json_integer_value(json_object_get(gov, "population"));
    if (population > 0)
        json_object_set_new(p, "population", model_count(c, (uint64_t)population));
    json_object_set(p, "networks",
                    json_object_get(gov, "networks") != NULL ? json_object_get(gov, "networks")
                                                             : json_array());
    size_t i;
    const json_t *e;
    json_array_foreach(json_object_get(gov, "endorsements"), i, e)
    {
        const char *decl = json_string_value(json_object_get(e, "declaration"));
        if (decl == NULL || strstr(decl, "arrakech") == NULL)
            continue;
        const char *date = json_string_value(json_object_get(e, "date"));
        const char *who = json_string_value(json_object_get(e, "signatory_name"));
        const char *title = json_string_value(json_object_get(e, "signatory_title"));
        char day[64] = "", text[600];
        if (date != NULL)
            model_date(c, date, day, sizeof(day));
        snprintf(text, sizeof(text), "%s%s%s%s%s", model_t(c, "endorsed"), day[0] ? " " : "", day,
                 who != NULL ? " \xe2\x80\x94 " : "", who != NULL ? who : "");
        if (title != NULL) {
            size_t len = strlen(text);
            snprintf(text + len, sizeof(text) - len, ", %s", title);
        }
        json_object_set_new(p, "marrakech", json_string(text));
    }
    if (json_object_get(p, "marrakech") == NULL)
        json_object_set_new(p, "marrakech", json_string(model_t(c, "not_endorsed")));
    return p;
}

static json_t *
government_figures(struct model_ctx *c, size_t n_actions, const json_t *coverage,
                   const json_t *summary, size_t n_targets, size_t n_forums)
{
    json_int_t covered = json_integer_value(json_object_get(coverage, "covered"));
    json_int_t good = 0;
    size_t i;
    const json_t *row;
    json_array_foreach(json_object_get(summary, "rows"), i, row)
    {
        const char *s = json_string_value(json_object_get(row, "status"));
        if (strcmp(s, "achieved") == 0 || strcmp(s, "on_track") == 0)
            good += json_integer_value(json_object_get(row, "count"));
    }
    char of[80], n[24], m[24];
    snprintf(n, sizeof(n), "%lld", (long long)covered);
    snprintf(m, sizeof(m), "%zu", json_array_size(json_object_get(coverage, "items")));
    const char *pairs[] = {"n", n, "m", m, NULL};
    model_fill(c, "report_n_of_m", pairs, of, sizeof(of));
    json_t *out = json_array();
    json_array_append_new(
        out, json_pack("{sssoso}", "key", "actions", "value", model_count(c, n_actions), "label",
                       model_plural(c, "report_figure_actions_published", n_actions)));
    json_array_append_new(
        out, json_pack("{ssssso}", "key", "objectives", "value", of, "label",
                       model_plural(c, "report_figure_objectives", (uint64_t)covered)));
    json_array_append_new(out, json_pack("{sssoso}", "key", "targets", "value",
                                         model_count(c, n_targets), "label",
                                         model_plural(c, "report_figure_targets", n_targets)));
    json_array_append_new(
        out, json_pack("{sssoso}", "key", "on_track", "value", model_count(c, (uint64_t)good),
                       "label", model_plural(c, "report_figure_on_track", (uint64_t)good)));
    json_array_append_new(out,
                          json_pack("{sssoso}", "key", "forums", "value", model_count(c, n_forums),
                                    "label", model_plural(c, "report_figure_forums", n_forums)));
    return out;
}

json_t *
report_government_document(struct model_ctx *c, const char *slug)
{
    char path[300];
    if (strlen(slug) > 200 || strchr(slug, '/') != NULL) {
        model_fail(c, ERR_NOT_FOUND, "there is no government '%.200s'", slug);
        return NULL;
    }
    snprintf(path, sizeof(path), "/api/v1/governments/%s", slug);
    json_t *gov = model_api(c, path, NULL);
    json_t *facets = NULL, *cards = NULL, *progress = NULL, *doc = NULL;
    /* the action list refuses a government with no published action as an unknown value */
    if (gov != NULL && json_integer_value(json_object_get(gov, "published_actions")) > 0)
        cards = model_actions(c, "government", slug, "objective,status", &facets);
    else if (gov != NULL)
        cards = json_array();
    if (cards != NULL)
        progress = model_progress_all(c, cards);
    json_t *rows = progress != NULL ? actions(c, cards, progress) : NULL;
    json_t *fora = rows != NULL ? forums(c, slug) : NULL;
    if (c->err != ERR_OK)
        goto out;
    const char *name = json_string_value(json_object_get(gov, "name"));
    json_t *facts = profile(c, gov);
    char subtitle[600];
    snprintf(subtitle, sizeof(subtitle), "%s \xc2\xb7 %s",
             json_string_value(json_object_get(facts, "kind_label")),
             json_string_value(json_object_get(facts, "country")));
    json_t *coverage = model_coverage(c, facets);
    json_t *summary = report_progress_summary(c, cards, progress);
    size_t n_targets = 0, i;
    const json_t *row;
    json_array_foreach(rows, i, row)
    {
        n_targets += json_array_size(json_object_get(row, "targets"));
    }
    doc = json_pack("{ss ss ss ss ss}", "kind", "government", "slug", slug, "title",
                    name != NULL ? name : slug, "eyebrow", model_t(c, "report_government_eyebrow"),
                    "subtitle", subtitle);
    json_object_set_new(doc, "figures",
                        government_figures(c, json_array_size(cards), coverage, summary, n_targets,
                                           json_array_size(fora)));
    json_object_set_new(doc, "profile", facts);
    json_object_set_new(doc, "coverage", coverage);
    json_object_set_new(doc, "implementation", report_status_rows(c, facets));
    json_object_set_new(doc, "progress", summary);
    json_object_set_new(doc, "actions", rows);
    json_object_set_new(doc, "forums", fora);
    rows = NULL;
    fora = NULL;
    report_add_sections(c, doc);
out:
    if (c->err != ERR_OK) {
        json_decref(doc);
        doc = NULL;
    }
    json_decref(gov);
    json_decref(facets);
    json_decref(cards);
    json_decref(progress);
    json_decref(rows);
    json_decref(fora);
    return doc;
}
