/* The forum report's document: from GET /api/v1/forums/{slug} (delegation, programme, figures)
 * and the forum's actions (GET /api/v1/actions?forum=SLUG with facets, every page) and their
 * progress, the sections of the IMRF summary report: the overview with its figures, the local
 * governments by region, the activities at a glance and day by day with who spoke, objective
 * coverage and regions, the Progress Declaration paragraphs, the actions by objective, and the
 * progress of these and earlier pledges. Nothing in it is typed by hand: every number is
 * counted from the data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/forum.h"
#include "domain/taxonomy.h"
#include "index/index.h"
#include "report/model_util.h"
#include "report/report_parts.h"
#include "util/parse.h"
#include "util/text.h"
#include "util/xalloc.h"

static json_int_t
figure(const json_t *forum, const char *name)
{
    return json_integer_value(json_object_get(json_object_get(forum, "figures"), name));
}

/* Adds {"key", "value", "label"} to @list; takes @label. */
static void
add_figure(json_t *list, const char *key, const char *value, json_t *label)
{
    json_array_append_new(list, json_pack("{sssssO}", "key", key, "value", value, "label", label));
    json_decref(label);
}

/* A figure that is a count: @n in the report's way of writing numbers. */
static void
add_count(struct model_ctx *c, json_t *list, const char *key, json_int_t n, json_t *label)
{
    json_t *v = model_count(c, (uint64_t)n);
    add_figure(list, key, json_string_value(v), label);
    json_decref(v);
}

static json_t *
figures(struct model_ctx *c, const json_t *forum)
{
    json_t *list = json_array();
    json_int_t n = figure(forum, "actions");
    add_count(c, list, "actions", n, model_plural(c, "report_figure_actions", (uint64_t)n));
    n = figure(forum, "governments");
    add_count(c, list, "governments", n, model_plural(c, "report_figure_governments", (uint64_t)n));
    n = figure(forum, "countries");
    add_count(c, list, "countries", n, model_plural(c, "report_figure_countries", (uint64_t)n));
    n = figure(forum, "regions");
    add_count(c, list, "regions", n, model_plural(c, "report_figure_regions", (uint64_t)n));
    n = figure(forum, "national_delegations");
    add_count(c, list, "national_delegations", n,
              model_plural(c, "report_figure_delegations", (uint64_t)n));
    n = figure(forum, "associations");
    add_count(c, list, "associations", n,
              model_plural(c, "report_figure_associations", (uint64_t)n));
    json_int_t with = figure(forum, "official_sessions_with_local_government");
    json_int_t all = figure(forum, "official_sessions");
    char with_text[24], all_text[24], text[80];
    snprintf(with_text, sizeof(with_text), "%lld", (long long)with);
    snprintf(all_text, sizeof(all_text), "%lld", (long long)all);
    const char *pairs[] = {"n", with_text, "m", all_text, NULL};
    model_fill(c, "report_n_of_m", pairs, text, sizeof(text));
    add_figure(list, "official_sessions", text,
               model_plural(c, "report_figure_official_sessions", (uint64_t)all));
    n = figure(forum, "events");
    add_count(c, list, "events", n, model_plural(c, "report_figure_events", (uint64_t)n));
    return list;
}

/* Sentences for the overview, each built from one figure. */
static json_t *
highlights(struct model_ctx *c, const json_t *forum)
{
    json_t *list = json_array();
    json_int_t actions = figure(forum, "actions"), govs = figure(forum, "governments");
    json_int_t regions = figure(forum, "regions"), nd = figure(forum, "national_delegations");
    json_int_t with = figure(forum, "official_sessions_with_local_government");
    json_int_t official = figure(forum, "official_sessions"), events = figure(forum, "events");
    json_int_t assoc = figure(forum, "associations");
    if (actions > 0)
        json_array_append_new(list, model_plural(c, "report_highlight_actions", (uint64_t)actions));
    if (govs > 0) {
        json_t *r = model_plural(c, "report_regions", (uint64_t)regions);
        json_t *g = model_plural(c, "report_highlight_governments", (uint64_t)govs);
        char text[600];
        const char *pairs[] = {"regions", json_string_value(r), NULL};
        /* the plural chose the sentence; {regions} is filled in after */
        snprintf(text, sizeof(text), "%s", json_string_value(g));
        char *at = strstr(text, "{regions}");
        if (at != NULL) {
            char tail[600];
            snprintf(tail, sizeof(tail), "%s", at + 9);
            snprintf(at, sizeof(text) - (size_t)(at - text), "%s%s", pairs[1], tail);
        }
        json_array_append_new(list, json_string(text));
        json_decref(r);
        json_decref(g);
    }
    if (nd > 0)
        json_array_append_new(list, model_plural(c, "report_highlight_delegations", (uint64_t)nd));
    if (official > 0) {
        char n[24], m[24], text[400];
        snprintf(n, sizeof(n), "%lld", (long long)with);
        snprintf(m, sizeof(m), "%lld", (long long)official);
        const char *pairs[] = {"n", n, "m", m, NULL};
        model_fill(
            c, official == 1 ? "report_highlight_sessions_one" : "report_highlight_sessions_other",
            pairs, text, sizeof(text));
        json_array_append_new(list, json_string(text));
    }
    if (events > 0)
        json_array_append_new(list, model_plural(c, "report_highlight_events", (uint64_t)events));
    if (assoc > 0)
        json_array_append_new(list,
                              model_plural(c, "report_highlight_associations", (uint64_t)assoc));
    return list;
}

/* ---- the delegation ---- */

struct named {
    json_t *item;
    char *key; /* the folded name: "eThekwini" sorts with "Entebbe", "São Paulo" with "Sao" */
};

static int
by_key(const void *a, const void *b)
{
    return strcmp(((const struct named *)a)->key, ((const struct named *)b)->key);
}

/* Sorts the objects of @list by their "name", accents and case aside (in place). */
static void
sort_by_name(json_t *list)
{
    size_t n = json_array_size(list);
    struct named *items = xcalloc(n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++) {
        const char *name = json_string_value(json_object_get(json_array_get(list, i), "name"));
        struct buf key;
        buf_init(&key, 4096);
        text_fold_key(&key, name != NULL ? name : "", name != NULL ? strlen(name) : 0);
        items[i] = (struct named){json_incref(json_array_get(list, i)), buf_take(&key, NULL)};
    }
    qsort(items, n, sizeof(*items), by_key);
    json_array_clear(list);
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(list, items[i].item);
        free(items[i].key);
    }
    free(items);
}

/* {"regions": [{"name", "count", "governments": [...]}], "associations": [...]}: the forum's
 * governments by region, each region's by name; associations apart. */
static json_t *
delegation(struct model_ctx *c, const json_t *forum)
{
    json_t *regions = json_object(), *order = json_array(), *assoc = json_array();
    size_t i;
    const json_t *g;
    json_array_foreach(json_object_get(forum, "governments"), i, g)
    {
        const char *kind = json_string_value(json_object_get(g, "kind"));
        const char *country = json_string_value(json_object_get(g, "country"));
        const char *region = json_string_value(json_object_get(g, "region"));
        char kind_key[80];
        snprintf(kind_key, sizeof(kind_key), "government_kind.%s", kind != NULL ? kind : "");
        json_t *row = json_pack(
            "{ss ss ss ss ss sb}", "name", json_string_value(json_object_get(g, "name")), "slug",
            json_string_value(json_object_get(g, "slug"))
                ? json_string_value(json_object_get(g, "slug"))
                : "",
            "country", model_country_label(c, country), "kind_label", model_t(c, kind_key),
            "region", model_region_label(c, region), "national_delegation",
            json_is_true(json_object_get(g, "national_delegation")));
        if (row == NULL)
            continue;
        if (kind != NULL && strcmp(kind, "association") == 0) {
            json_array_append_new(assoc, row);
            continue;
        }
        const char *name = model_region_label(c, region);
        json_t *group = json_object_get(regions, name);
        if (group == NULL) {
            group = json_pack("{sss[]}", "name", name, "governments");
            json_object_set_new(regions, name, group);
            json_array_append(order, group);
        }
        json_array_append_new(json_object_get(group, "governments"), row);
    }
    json_t *group;
    json_array_foreach(order, i, group)
    {
        json_t *list = json_object_get(group, "governments");
        sort_by_name(list);
        json_object_set_new(group, "count", json_integer((json_int_t)json_array_size(list)));
    }
    sort_by_name(order);
    sort_by_name(assoc);
    json_decref(regions);
    return json_pack("{soso}", "regions", order, "associations", assoc);
}

/* ---- the programme ---- */

/* Whether @role (a code) is one forum_figures() counts as speaking. */
static bool
speaks(const char *role)
{
    int r = role != NULL
                ? model_code_find(participant_role_codes, PART_ROLE_COUNT, role, strlen(role))
                : -1;
    return r >= 0 && participant_role_speaks((enum participant_role)r);
}

/* A participant as the report shows them. */
static json_t *
participant(struct model_ctx *c, const json_t *p)
{
    const json_t *g = json_object_get(p, "government");
    const char *gname = json_string_value(json_object_get(g, "name"));
    const char *country = json_string_value(json_object_get(g, "country"));
    const char *org = json_string_value(json_object_get(p, "organisation"));
    const char *role = json_string_value(json_object_get(p, "role"));
    char where[400] = "";
    if (gname != NULL)
        snprintf(where, sizeof(where), "%s (%s)", gname, model_country_label(c, country));
    else if (org != NULL)
        snprintf(where, sizeof(where), "%s", org);
    const char *name = json_string_value(json_object_get(p, "name"));
    const char *title = json_string_value(json_object_get(p, "title"));
    return json_pack("{ss ss ss ss ss sb sb}", "name", name != NULL ? name : "", "title",
                     title != NULL ? title : "", "where", where, "government", gname ? gname : "",
                     "role_label", model_role_label(c, role), "speaks", speaks(role), "local",
                     g != NULL && json_is_object(g));
}

/* "Dhaka North (speaker), Freetown (panellist)": the governments in a session, once per role. */
static void
local_text(const json_t *participants, char *out, size_t cap)
{
    size_t o = 0, i;
    const json_t *p;
    out[0] = '\0';
    json_array_foreach(participants, i, p)
    {
        const char *g = json_string_value(json_object_get(p, "government"));
        if (g == NULL || *g == '\0')
            continue;
        char item[400];
        snprintf(item, sizeof(item), "%s (%s)", g,
                 json_string_value(json_object_get(p, "role_label")));
        if (strstr(out, item) != NULL)
            continue;
        int w = snprintf(out + o, cap - o, "%s%s", o > 0 ? ", " : "", item);
        if (w < 0 || (size_t)w >= cap - o)
            break;
        o += (size_t)w;
    }
}

static int
by_day(const void *a, const void *b)
{
    const json_t *const *x = a, *const *y = b;
    const char *p = json_string_value(json_object_get(*x, "day"));
    const char *q = json_string_value(json_object_get(*y, "day"));
    /* sessions without a day go last */
    int k = strcmp(p != NULL ? p : "9999", q != NULL ? q : "9999");
    if (k != 0)
        return k;
    p = json_string_value(json_object_get(*x, "starts_at"));
    q = json_string_value(json_object_get(*y, "starts_at"));
    k = strcmp(p != NULL ? p : "99", q != NULL ? q : "99");
    if (k != 0)
        return k;
    /* the programme's order otherwise: qsort is not stable */
    return (int)(json_integer_value(json_object_get(*x, "position")) -
                 json_integer_value(json_object_get(*y, "position")));
}

/* [{"day", "label", "sessions": [...]}] in date and time order. */
static json_t *
programme(struct model_ctx *c, const json_t *forum, size_t *n_sessions)
{
    const json_t *sessions = json_object_get(forum, "sessions");
    size_t n = json_array_size(sessions);
    json_t **sorted = xcalloc(n ? n : 1, sizeof(*sorted));
    for (size_t i = 0; i < n; i++) {
        sorted[i] = json_deep_copy(json_array_get(sessions, i));
        json_object_set_new(sorted[i], "position", json_integer((json_int_t)i));
    }
    qsort(sorted, n, sizeof(*sorted), by_day);
    json_t *days = json_array(), *day = NULL;
    for (size_t i = 0; i < n; i++) {
        const json_t *s = sorted[i];
        const char *d = json_string_value(json_object_get(s, "day"));
        const char *prev = day != NULL ? json_string_value(json_object_get(day, "day")) : NULL;
        if (day == NULL || strcmp(d != NULL ? d : "", prev != NULL ? prev : "") != 0) {
            char label[80];
            if (d != NULL)
                model_date(c, d, label, sizeof(label));
            else
                snprintf(label, sizeof(label), "%s", model_t(c, "report_day_unknown"));
            day = json_pack("{sssss[]}", "day", d != NULL ? d : "", "label", label, "sessions");
            json_array_append_new(days, day);
        }
        json_t *people = json_array();
        size_t k;
        const json_t *p;
        bool local_speaks = false;
        json_array_foreach(json_object_get(s, "participants"), k, p)
        {
            json_t *row = participant(c, p);
            local_speaks = local_speaks || (json_is_true(json_object_get(row, "speaks")) &&
                                            json_is_true(json_object_get(row, "local")));
            json_array_append_new(people, row);
        }
        const char *from = json_string_value(json_object_get(s, "starts_at"));
        const char *to = json_string_value(json_object_get(s, "ends_at"));
        char time[40] = "", local[2000];
        if (from != NULL && to != NULL)
            snprintf(time, sizeof(time), "%s\xe2\x80\x93%s", from, to);
        else if (from != NULL)
            snprintf(time, sizeof(time), "%s", from);
        local_text(people, local, sizeof(local));
        const char *kind = json_string_value(json_object_get(s, "kind"));
        const char *room = json_string_value(json_object_get(s, "room"));
        const char *summary = json_string_value(json_object_get(s, "summary"));
        json_array_append_new(
            json_object_get(day, "sessions"),
            json_pack("{ss ss ss ss ss ss ss ss so sb}", "title",
                      json_string_value(json_object_get(s, "title")), "kind", kind ? kind : "",
                      "kind_label", model_session_label(c, kind), "time", time, "room",
                      room ? room : "", "summary", summary ? summary : "", "local", local,
                      "day_label", json_string_value(json_object_get(day, "label")), "participants",
                      people, "local_speaks", local_speaks));
        json_decref(sorted[i]);
    }
    free(sorted);
    *n_sessions = n;
    return days;
}

/* ---- actions ---- */

/* The region facet with the Americas as their two sub-regions, as the forum's figures count
 * regions: [{"name", "count"}], the largest first. */
static json_t *
action_regions(struct model_ctx *c, const json_t *facets)
{
    json_t *rows = json_array();
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(facets, "region"), i, v)
    {
        const char *code = json_string_value(json_object_get(v, "value"));
        json_int_t count = json_integer_value(json_object_get(v, "count"));
        if (count == 0 || code == NULL)
            continue;
        if (strcmp(code, "019") != 0) {
            json_array_append_new(
                rows, json_pack("{sssI}", "name",
                                model_dim_label(c, DIM_REGION, code,
                                                json_string_value(json_object_get(v, "label"))),
                                "count", count));
            continue;
        }
        size_t k;
        const json_t *s;
        json_array_foreach(json_object_get(facets, "subregion"), k, s)
        {
            const char *sub = json_string_value(json_object_get(s, "value"));
            json_int_t n = json_integer_value(json_object_get(s, "count"));
            if (sub != NULL && n > 0 && (strcmp(sub, "419") == 0 || strcmp(sub, "021") == 0))
                json_array_append_new(
                    rows, json_pack("{sssI}", "name",
                                    model_dim_label(c, DIM_SUBREGION, sub,
                                                    json_string_value(json_object_get(s, "label"))),
                                    "count", n));
        }
    }
    return rows;
}

/* The Progress Declaration paragraphs with how many of the actions advance each. */
static json_t *
paragraphs(struct model_ctx *c, const json_t *facets)
{
    json_t *rows = json_array();
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(facets, "paragraph"), i, v)
    {
        const char *value = json_string_value(json_object_get(v, "value"));
        int64_t number = 0;
        if (value == NULL || parse_i64(value, strlen(value), 1, 999, &number) != ERR_OK)
            continue;
        int k = taxonomy_paragraph_index((int)number);
        const char *stance = k >= 0 ? taxonomy_paragraph(k)->stance : "";
        json_array_append_new(
            rows, json_pack("{sIsssssI}", "number", (json_int_t)number, "topic",
                            model_dim_label(c, DIM_PARAGRAPH, value,
                                            json_string_value(json_object_get(v, "label"))),
                            "stance_label", model_stance_label(c, stance), "count",
                            json_integer_value(json_object_get(v, "count"))));
    }
    return rows;
}

/* The actions grouped by their first (main) GCM objective, each group in title order:
 * [{"number", "title", "count", "actions": [rows]}], objectives in order, then the actions
 * without one. Progress blocks are taken from @progress (one per card, in order). */
static json_t *
by_objective(struct model_ctx *c, const json_t *cards, json_t *progress)
{
    const struct vocab *gcm = taxonomy_vocab(VOCAB_GCM);
    json_t **groups = xcalloc(gcm->count + 1, sizeof(*groups));
    size_t i;
    const json_t *card;
    json_array_foreach(cards, i, card)
    {
        json_int_t first =
            json_integer_value(json_array_get(json_object_get(card, "gcm_objectives"), 0));
        size_t slot = first >= 1 && (size_t)first <= gcm->count ? (size_t)first : 0;
        if (groups[slot] == NULL)
            groups[slot] = json_array();
        json_array_append_new(groups[slot], model_action_row(c, card, json_array_get(progress, i)));
    }
    json_t *out = json_array();
    for (size_t k = 1; k <= gcm->count + 1; k++) {
        size_t slot = k <= gcm->count ? k : 0;
        if (groups[slot] == NULL)
            continue;
        char key[24], number[12];
        snprintf(key, sizeof(key), "gcm.%zu", slot);
        snprintf(number, sizeof(number), "%zu", slot);
        const char *title = slot == 0                         ? model_t(c, "report_no_objective")
                            : i18n_find(c->lang, key) != NULL ? i18n_find(c->lang, key)
                                                              : gcm->terms[slot - 1].title;
        json_t *count = model_plural(c, "report_actions", json_array_size(groups[slot]));
        json_array_append_new(out, json_pack("{sIsssoso}", "number", (json_int_t)slot, "title",
                                             title, "count", count, "actions", groups[slot]));
    }
    free(groups);
    return out;
}

json_t *
report_forum_document(struct model_ctx *c, const char *slug)
{
    char path[300];
    if (strlen(slug) > 200 || strchr(slug, '/') != NULL) {
        model_fail(c, ERR_NOT_FOUND, "there is no forum '%.200s'", slug);
        return NULL;
    }
    snprintf(path, sizeof(path), "/api/v1/forums/%s", slug);
    json_t *forum = model_api(c, path, NULL);
    json_t *facets = NULL;
    json_t *cards = forum != NULL
                        ? model_actions(c, "forum", slug,
                                        "objective,region,subregion,status,paragraph", &facets)
                        : NULL;
    json_t *progress = cards != NULL ? model_progress_all(c, cards) : NULL;
    json_t *forums = cards != NULL ? model_api(c, "/api/v1/forums", NULL) : NULL;
    json_t *doc = NULL;
    if (c->err != ERR_OK)
        goto out;
    const char *name = json_string_value(json_object_get(forum, "name"));
    const char *place = json_string_value(json_object_get(forum, "place"));
    const char *starts = json_string_value(json_object_get(forum, "starts_on"));
    const char *ends = json_string_value(json_object_get(forum, "ends_on"));
    const char *description = json_string_value(json_object_get(forum, "description"));
    char dates[120], subtitle[400];
    model_date_range(c, starts, ends, dates, sizeof(dates));
    snprintf(subtitle, sizeof(subtitle), "%s%s%s", place != NULL ? place : "",
             place != NULL && dates[0] != '\0' ? " \xc2\xb7 " : "", dates);
    size_t n_sessions = 0;
    doc = json_pack("{ss ss ss ss ss ss}", "kind", "forum", "slug", slug, "title",
                    name != NULL ? name : slug, "eyebrow", model_t(c, "report_forum_eyebrow"),
                    "subtitle", subtitle, "description", description ? description : "");
    json_object_set_new(doc, "figures", figures(c, forum));
    json_object_set_new(doc, "highlights", highlights(c, forum));
    json_t *del = delegation(c, forum);
    json_object_set(doc, "regions", json_object_get(del, "regions"));
    json_object_set(doc, "associations", json_object_get(del, "associations"));
    json_decref(del);
    json_object_set_new(doc, "days", programme(c, forum, &n_sessions));
    json_object_set_new(doc, "sessions_total", json_integer((json_int_t)n_sessions));
    json_t *coverage = model_coverage(c, facets);
    json_object_set_new(doc, "coverage", coverage);
    json_object_set_new(doc, "action_regions", action_regions(c, facets));
    json_object_set_new(doc, "paragraphs", paragraphs(c, facets));
    json_object_set_new(doc, "implementation", report_status_rows(c, facets));
    json_object_set_new(doc, "objectives", by_objective(c, cards, progress));
    json_object_set_new(doc, "actions_total", json_integer((json_int_t)json_array_size(cards)));
    json_object_set_new(doc, "progress", report_progress_summary(c, cards, progress));
    json_object_set_new(doc, "earlier", report_earlier_forums(c, forums, forum));
    report_add_sections(c, doc);
out:
    if (c->err != ERR_OK) {
        json_decref(doc);
        doc = NULL;
    }
    json_decref(forum);
    json_decref(facets);
    json_decref(cards);
    json_decref(progress);
    json_decref(forums);
    return doc;
}
