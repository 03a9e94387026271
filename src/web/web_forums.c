/* The forum pages: /forums lists the review forums, /forums/{slug} shows one with its figures,
 * its programme day by day (time, room, kind, who took part and in what role), its delegation
 * and the actions submitted to it; /progress-declaration lists the tracked paragraphs of the
 * IMRF Progress Declaration with their counts and /progress-declaration/{n} the actions that
 * advance one. Everything comes from the API's answers and the index, as on the other pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/taxonomy.h"
#include "http/router.h"
#include "util/buf.h"
#include "util/parse.h"
#include "util/xalloc.h"
#include "web/cards.h"
#include "web/forum_view.h"
#include "web/web.h"

#define FORUM_CARDS     10
#define PARAGRAPH_CARDS 20

/* the catalog key of a code the API writes */
struct code_label {
    const char *code;
    const char *key;
};

static const struct code_label forum_kinds[] = {
    {"imrf", "forum_kind_imrf"},
    {"grf", "forum_kind_grf"},
    {"regional_review", "forum_kind_regional_review"},
    {"other", "forum_kind_generic"},
};
static const struct code_label session_kinds[] = {
    {"official", "session_kind_official"},
    {"side_event", "session_kind_side_event"},
    {"network_event", "session_kind_network_event"},
};
static const struct code_label roles[] = {
    {"speaker", "part_role_speaker"},
    {"panellist", "part_role_panellist"},
    {"keynote", "part_role_keynote"},
    {"moderator", "part_role_moderator"},
    {"delegate", "part_role_delegate"},
    {"national_delegation", "part_role_national_delegation"},
    {"participant", "part_role_participant"},
};
static const struct code_label stances[] = {
    {"recognises", "stance_recognises"},
    {"commits", "stance_commits"},
};

static const char *
label_of(const struct page *p, const struct code_label *table, size_t n, const char *code)
{
    for (size_t i = 0; code != NULL && i < n; i++)
        if (strcmp(table[i].code, code) == 0)
            return page_t(p, table[i].key);
    return code != NULL ? code : "";
}

static const char *
str(const json_t *obj, const char *field)
{
    return json_string_value(json_object_get(obj, field));
}

/* "2022-05-16 – 2022-05-20", one date, or NULL. */
static json_t *
dates_text(const char *from, const char *to)
{
    char text[64];
    if (from != NULL && to != NULL && strcmp(from, to) != 0)
        snprintf(text, sizeof(text), "%s – %s", from, to);
    else if (from != NULL || to != NULL)
        snprintf(text, sizeof(text), "%s", from != NULL ? from : to);
    else
        return json_null();
    return json_string(text);
}

void
web_forums(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "forums");
    json_t *list = page_api(&p, api_forums_list, "/api/v1/forums", false);
    if (list == NULL) {
        page_abandon(&p);
        return;
    }
    json_t *items = json_object_get(list, "items");
    size_t i;
    json_t *f;
    json_array_foreach(items, i, f)
    {
        char href[128];
        const char *slug = str(f, "slug");
        json_int_t n = json_integer_value(json_object_get(f, "actions"));
        snprintf(href, sizeof(href), "/forums/%s", slug);
        json_object_set_new(f, "href", json_string(href));
        snprintf(href, sizeof(href), "/actions?forum=%s", slug);
        json_object_set_new(f, "actions_href", json_string(href));
        json_object_set_new(f, "actions_text", page_plural(&p, "forum_actions", (uint64_t)n));
        json_object_set_new(
            f, "kind_label",
            json_string(label_of(&p, forum_kinds, ARRAY_LEN(forum_kinds), str(f, "kind"))));
        json_object_set_new(f, "dates", dates_text(str(f, "starts_on"), str(f, "ends_on")));
    }
    json_object_set(p.ctx, "forums", items);
    json_decref(list);
    page_finish(&p, "forums", page_t(&p, "forums_title"));
}

/* One figure of the forum page: {value, label, href?}. */
static void
add_figure(json_t *list, json_t *value, const char *label, const char *href)
{
    json_t *fig = json_pack("{sosssb}", "value", value, "label", label, "linked", href != NULL);
    if (href != NULL)
        json_object_set_new(fig, "href", json_string(href));
    json_array_append_new(list, fig);
}

static json_t *
figures(const struct page *p, const json_t *fig, const char *slug)
{
    json_t *list = json_array();
    char href[128], n_of_m[64];
#define FIG(name) ((uint64_t)json_integer_value(json_object_get(fig, name)))
    add_figure(list, page_count(p, FIG("governments")), page_t(p, "forum_figure_governments"),
               NULL);
    add_figure(list, page_count(p, FIG("regions")), page_t(p, "forum_figure_regions"), NULL);
    add_figure(list, page_count(p, FIG("countries")), page_t(p, "forum_figure_countries"), NULL);
    add_figure(list, page_count(p, FIG("national_delegations")),
               page_t(p, "forum_figure_national_delegations"), NULL);
    /* "6 of 7": the words around the numbers are the language's */
    struct buf b;
    buf_init(&b, 256);
    const char *pattern = page_t(p, "forum_n_of_m");
    for (const char *s = pattern; *s != '\0'; s++) {
        if (strncmp(s, "{n}", 3) == 0) {
            buf_addf(&b, "%llu",
                     (unsigned long long)FIG("official_sessions_with_local_government"));
            s += 2;
        } else if (strncmp(s, "{m}", 3) == 0) {
            buf_addf(&b, "%llu", (unsigned long long)FIG("official_sessions"));
            s += 2;
        } else {
            buf_addch(&b, *s);
        }
    }
    snprintf(n_of_m, sizeof(n_of_m), "%s", b.data);
    buf_release(&b);
    add_figure(list, json_string(n_of_m), page_t(p, "forum_figure_official_sessions"), NULL);
    add_figure(list, page_count(p, FIG("events")), page_t(p, "forum_figure_events"), NULL);
    add_figure(list, page_count(p, FIG("associations")), page_t(p, "forum_figure_associations"),
               NULL);
    snprintf(href, sizeof(href), "/actions?forum=%s", slug);
    add_figure(list, page_count(p, FIG("actions")), page_t(p, "forum_figure_actions"), href);
#undef FIG
    return list;
}

/* The delegation as two lists: local and regional governments, and associations. */
static void
delegation(struct page *p, json_t *governments)
{
    json_t *local = json_array(), *associations = json_array();
    size_t i;
    json_t *g;
    json_array_foreach(governments, i, g)
    {
        char href[160];
        snprintf(href, sizeof(href), "/governments/%s", str(g, "slug"));
        json_object_set_new(g, "href", json_string(href));
        json_object_set_new(g, "country_name",
                            json_string(page_dim_label(p->lang, DIM_COUNTRY, str(g, "country"),
                                                       str(g, "country"))));
        json_array_append(strcmp(str(g, "kind"), "association") == 0 ? associations : local, g);
    }
    json_object_set_new(p->ctx, "delegation", local);
    json_object_set_new(p->ctx, "associations", associations);
}

/* Each participant made readable: "who" (name, title, organisation joined, or null), the
 * government's "href", and "role_label". */
static void
participants(struct page *p, json_t *list)
{
    size_t i;
    json_t *pa;
    json_array_foreach(list, i, pa)
    {
        json_t *g = json_object_get(pa, "government");
        if (json_is_object(g)) {
            char href[160];
            snprintf(href, sizeof(href), "/governments/%s", str(g, "slug"));
            json_object_set_new(g, "href", json_string(href));
        }
        json_object_set_new(pa, "role_label",
                            json_string(label_of(p, roles, ARRAY_LEN(roles), str(pa, "role"))));
        struct buf who;
        buf_init(&who, 1024);
        const char *parts[] = {str(pa, "name"), str(pa, "title"), str(pa, "organisation")};
        for (size_t k = 0; k < ARRAY_LEN(parts); k++)
            if (parts[k] != NULL)
                buf_addf(&who, "%s%s", who.len ? ", " : "", parts[k]);
        json_object_set_new(pa, "who", who.len ? json_string(who.data) : json_null());
        buf_release(&who);
    }
}

/* The sessions grouped by day in programme order; sessions whose day is not known last. */
static json_t *
programme(struct page *p, json_t *sessions)
{
    json_t *days = json_array(), *undated = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(sessions, i, s)
    {
        const char *from = str(s, "starts_at"), *to = str(s, "ends_at");
        char time[32] = "";
        if (from != NULL)
            snprintf(time, sizeof(time), to != NULL ? "%s–%s" : "%s", from, to);
        json_object_set_new(s, "time", time[0] ? json_string(time) : json_null());
        json_object_set_new(
            s, "kind_label",
            json_string(label_of(p, session_kinds, ARRAY_LEN(session_kinds), str(s, "kind"))));
        json_object_set_new(s, "official", json_boolean(strcmp(str(s, "kind"), "official") == 0));
        participants(p, json_object_get(s, "participants"));
        const char *day = str(s, "day");
        if (day == NULL) {
            json_array_append(undated, s);
            continue;
        }
        json_t *group = NULL;
        for (size_t k = 0; k < json_array_size(days) && group == NULL; k++)
            if (strcmp(str(json_array_get(days, k), "day"), day) == 0)
                group = json_array_get(days, k);
        if (group == NULL) {
            char id[24];
            snprintf(id, sizeof(id), "day-%s", day);
            group = json_pack("{sssss[]}", "day", day, "id", id, "sessions");
            json_array_append_new(days, group);
        }
        json_array_append(json_object_get(group, "sessions"), s);
    }
    if (json_array_size(undated) > 0)
        json_array_append_new(days,
                              json_pack("{sssssO}", "id", "day-unknown", "day_label",
                                        page_t(p, "forum_day_not_stated"), "sessions", undated));
    json_decref(undated);
    return days;
}

void
web_forum(struct request *req, struct response *res)
{
    const char *slug = router_tail(req->path, "/forums/");
    struct page p;
    char path[160];
    page_begin(&p, req, res, "forums");
    snprintf(path, sizeof(path), "/api/v1/forums/%s", slug);
    json_t *forum = page_api(&p, api_forums_get, path, false);
    if (forum == NULL) {
        page_abandon(&p);
        return;
    }
    struct index_query *q = xcalloc(1, sizeof(*q));
    int v = index_forum_find(p.ix, slug, strlen(slug));
    json_t *answer = NULL;
    if (v >= 0) {
        q->selected[DIM_FORUM][0] = v;
        q->n_selected[DIM_FORUM] = 1;
        q->sort = SORT_UPDATED_DESC;
        q->limit = FORUM_CARDS;
        answer = cards_query(&p, q, NULL);
        if (answer == NULL) {
            free(q);
            json_decref(forum);
            page_abandon(&p);
            return;
        }
    }
    free(q);
    json_int_t total = json_integer_value(json_object_get(answer, "total"));
    json_object_set_new(
        forum, "kind_label",
        json_string(label_of(&p, forum_kinds, ARRAY_LEN(forum_kinds), str(forum, "kind"))));
    json_object_set_new(forum, "dates", dates_text(str(forum, "starts_on"), str(forum, "ends_on")));
    json_object_set_new(p.ctx, "figures", figures(&p, json_object_get(forum, "figures"), slug));
    delegation(&p, json_object_get(forum, "governments"));
    json_object_set_new(p.ctx, "days", programme(&p, json_object_get(forum, "sessions")));
    json_object_set_new(p.ctx, "items",
                        answer != NULL ? json_incref(json_object_get(answer, "items"))
                                       : json_array());
    json_object_set_new(p.ctx, "more", json_boolean(total > FORUM_CARDS));
    json_object_set_new(p.ctx, "actions_text", page_plural(&p, "forum_actions", (uint64_t)total));
    snprintf(path, sizeof(path), "/actions?forum=%s", slug);
    json_object_set_new(p.ctx, "all_href", json_string(path));
    json_object_set(p.ctx, "forum", forum);
    char title[400];
    snprintf(title, sizeof(title), "%s", str(forum, "name"));
    json_decref(answer);
    json_decref(forum);
    page_finish(&p, "forum", title);
}

void
web_declaration(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "declaration");
    struct index_query *q = xcalloc(1, sizeof(*q));
    q->facets[DIM_PARAGRAPH] = true;
    q->sort = SORT_UPDATED_DESC;
    q->limit = 1;
    json_t *answer = cards_query(&p, q, NULL);
    free(q);
    if (answer == NULL) {
        page_abandon(&p);
        return;
    }
    const json_t *counts = json_object_get(json_object_get(answer, "facets"), "paragraph");
    json_t *list = json_array();
    for (size_t i = 0; i < taxonomy_paragraph_count(); i++) {
        const struct paragraph *para = taxonomy_paragraph((int)i);
        char href[48];
        snprintf(href, sizeof(href), "/progress-declaration/%d", para->number);
        json_int_t count = json_integer_value(json_object_get(json_array_get(counts, i), "count"));
        json_array_append_new(
            list, json_pack("{sisssssssosb}", "number", para->number, "topic",
                            forum_view_paragraph_topic(&p, (int)i), "href", href, "stance_label",
                            label_of(&p, stances, ARRAY_LEN(stances), para->stance), "count",
                            page_count(&p, (uint64_t)count), "none", count == 0));
    }
    json_object_set_new(p.ctx, "paragraphs", list);
    json_decref(answer);
    page_finish(&p, "declaration", page_t(&p, "declaration_title"));
}

void
web_declaration_paragraph(struct request *req, struct response *res)
{
    const char *tail = router_tail(req->path, "/progress-declaration/");
    struct page p;
    page_begin(&p, req, res, "declaration");
    int64_t number = 0;
    int index = parse_i64(tail, strlen(tail), 1, 999, &number) == ERR_OK
                    ? taxonomy_paragraph_index((int)number)
                    : -1;
    if (index < 0) {
        enum lang lang = p.lang;
        page_abandon(&p);
        page_error(req, res, lang, 404, i18n_get(lang, "error_not_found"));
        return;
    }
    struct index_query *q = xcalloc(1, sizeof(*q));
    q->selected[DIM_PARAGRAPH][0] = index;
    q->n_selected[DIM_PARAGRAPH] = 1;
    q->sort = SORT_UPDATED_DESC;
    q->limit = PARAGRAPH_CARDS;
    json_t *answer = cards_query(&p, q, NULL);
    free(q);
    if (answer == NULL) {
        page_abandon(&p);
        return;
    }
    const struct paragraph *para = taxonomy_paragraph(index);
    size_t total = (size_t)json_integer_value(json_object_get(answer, "total"));
    char href[64];
    snprintf(href, sizeof(href), "/actions?paragraph=%d", para->number);
    json_object_set(p.ctx, "items", json_object_get(answer, "items"));
    json_object_set_new(p.ctx, "number", json_integer(para->number));
    json_object_set_new(p.ctx, "topic", json_string(forum_view_paragraph_topic(&p, index)));
    json_object_set_new(p.ctx, "stance_label",
                        json_string(label_of(&p, stances, ARRAY_LEN(stances), para->stance)));
    json_object_set_new(p.ctx, "action_count", page_plural(&p, "paragraph_count", total));
    json_object_set_new(p.ctx, "all_href", json_string(href));
    json_object_set_new(p.ctx, "more", json_boolean(total > PARAGRAPH_CARDS));
    if (index > 0) {
        snprintf(href, sizeof(href), "/progress-declaration/%d",
                 taxonomy_paragraph(index - 1)->number);
        json_object_set_new(p.ctx, "prev_href", json_string(href));
    }
    if ((size_t)index + 1 < taxonomy_paragraph_count()) {
        snprintf(href, sizeof(href), "/progress-declaration/%d",
                 taxonomy_paragraph(index + 1)->number);
        json_object_set_new(p.ctx, "next_href", json_string(href));
    }
    json_decref(answer);
    char title[400];
    snprintf(title, sizeof(title), "%s %d", page_t(&p, "declaration_paragraph"), para->number);
    page_finish(&p, "paragraph", title);
}
