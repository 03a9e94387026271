/* Parts shared by the forum report and the government profile: implementation and progress
 * counts, the forums before this one, and the numbering of sections. */
#include "report/report_parts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_model.h"
#include "util/xalloc.h"

json_t *
report_status_rows(struct model_ctx *c, const json_t *facets)
{
    json_t *rows = json_array();
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(facets, "status"), i, v)
    {
        const char *code = json_string_value(json_object_get(v, "value"));
        json_array_append_new(
            rows, json_pack("{sssssI}", "code", code != NULL ? code : "", "label",
                            model_dim_label(c, DIM_STATUS, code,
                                            json_string_value(json_object_get(v, "label"))),
                            "count", json_integer_value(json_object_get(v, "count"))));
    }
    return rows;
}

/* The order a reader wants: what is done, what goes well, what does not, what is unknown. */
static const char *const statuses[] = {"achieved", "on_track", "behind", "overdue", "no_data"};

json_t *
report_progress_summary(struct model_ctx *c, const json_t *cards, const json_t *progress)
{
    json_int_t counts[ARRAY_LEN(statuses)] = {0}, stale = 0;
    size_t total = json_array_size(cards);
    for (size_t i = 0; i < total; i++) {
        const json_t *p = json_array_get(progress, i);
        const char *status = json_string_value(json_object_get(p, "status"));
        size_t k = ARRAY_LEN(statuses) - 1;
        for (size_t s = 0; status != NULL && s < ARRAY_LEN(statuses); s++) {
            if (strcmp(status, statuses[s]) == 0)
                k = s;
        }
        counts[k]++;
        stale += json_is_true(json_object_get(p, "stale"));
    }
    json_t *rows = json_array();
    for (size_t s = 0; s < ARRAY_LEN(statuses); s++)
        json_array_append_new(rows,
                              json_pack("{sssssI}", "status", statuses[s], "label",
                                        model_progress_label(c, statuses[s]), "count", counts[s]));
    json_int_t tracked = (json_int_t)total - counts[ARRAY_LEN(statuses) - 1];
    json_t *tracked_text = model_plural(c, "report_progress_tracked", (uint64_t)tracked);
    json_t *stale_text = model_plural(c, "report_progress_stale", (uint64_t)stale);
    return json_pack("{sIsIsIsosososb}", "total", (json_int_t)total, "tracked", tracked, "stale",
                     stale, "rows", rows, "tracked_text", tracked_text, "stale_text", stale_text,
                     "any", total > 0);
}

struct earlier {
    json_t *item; /* borrowed from the forum list */
    const char *starts_on;
};

static int
most_recent_first(const void *a, const void *b)
{
    const struct earlier *x = a, *y = b;
    return strcmp(y->starts_on, x->starts_on);
}

json_t *
report_earlier_forums(struct model_ctx *c, const json_t *forums, const json_t *forum)
{
    const char *starts = json_string_value(json_object_get(forum, "starts_on"));
    const char *slug = json_string_value(json_object_get(forum, "slug"));
    char today[11];
    if (starts == NULL) {
        /* a forum still to come: every forum that has ended is earlier */
        report_today(today);
        starts = today;
    }
    json_t *out = json_array();
    const json_t *items = json_object_get(forums, "items");
    size_t n = json_array_size(items), k = 0;
    struct earlier *list = xcalloc(n ? n : 1, sizeof(*list));
    for (size_t i = 0; i < n && starts != NULL; i++) {
        json_t *f = json_array_get(items, i);
        const char *s = json_string_value(json_object_get(f, "starts_on"));
        const char *e = json_string_value(json_object_get(f, "ends_on"));
        const char *other = json_string_value(json_object_get(f, "slug"));
        const char *end = e != NULL ? e : s;
        if (end == NULL || other == NULL || (slug != NULL && strcmp(other, slug) == 0) ||
            strcmp(end, starts) >= 0 || json_integer_value(json_object_get(f, "actions")) == 0)
            continue;
        list[k++] = (struct earlier){f, s != NULL ? s : end};
    }
    qsort(list, k, sizeof(*list), most_recent_first);
    for (size_t i = 0; i < k && c->err == ERR_OK; i++) {
        const char *other = json_string_value(json_object_get(list[i].item, "slug"));
        json_t *cards = model_actions(c, "forum", other, NULL, NULL);
        json_t *progress = cards != NULL ? model_progress_all(c, cards) : NULL;
        if (progress != NULL) {
            char dates[120];
            model_date_range(c, json_string_value(json_object_get(list[i].item, "starts_on")),
                             json_string_value(json_object_get(list[i].item, "ends_on")), dates,
                             sizeof(dates));
            json_t *count = model_plural(c, "report_actions", json_array_size(cards));
            json_array_append_new(
                out, json_pack("{sssssssoso}", "name",
                               json_string_value(json_object_get(list[i].item, "name")), "slug",
                               other, "dates", dates, "actions", count, "progress",
                               report_progress_summary(c, cards, progress)));
        }
        json_decref(cards);
        json_decref(progress);
    }
    free(list);
    return out;
}

/* ---- sections ---- */

struct section {
    const char *id;
    const char *title_key;
    const char *needs;  /* a key of the document that must be a non-empty array, or NULL */
    const char *groups; /* the key of its sub-sections' array, or NULL */
};

static const struct section forum_sections[] = {
    {"overview", "report_section_overview", NULL, NULL},
    {"delegation", "report_section_delegation", "regions", NULL},
    {"glance", "report_section_glance", "days", NULL},
    {"days", "report_section_days", "days", "days"},
    {"actions", "report_section_actions", NULL, NULL},
    {"objectives", "report_section_objectives", "objectives", "objectives"},
    {"progress", "report_section_progress", NULL, NULL},
    {"about", "report_section_about", NULL, NULL},
};

static const struct section government_sections[] = {
    {"overview", "report_section_profile", NULL, NULL},
    {"actions", "report_section_government_actions", "actions", "actions"},
    {"forums", "report_section_forums", "forums", "forums"},
    {"about", "report_section_about", NULL, NULL},
};

/* The heading of a sub-section: a day's date, an objective's number and title, an action's or
 * a forum's title. */
static void
group_title(struct model_ctx *c, const json_t *g, char *out, size_t cap)
{
    const char *label = json_string_value(json_object_get(g, "label"));
    json_int_t number = json_integer_value(json_object_get(g, "number"));
    const char *title = json_string_value(json_object_get(g, "title"));
    const char *name = json_string_value(json_object_get(g, "name"));
    if (label != NULL) {
        snprintf(out, cap, "%s", label);
    } else if (number > 0 && title != NULL) {
        char n[24];
        snprintf(n, sizeof(n), "%lld", (long long)number);
        const char *pairs[] = {"number", n, "title", title, NULL};
        model_fill(c, "report_objective_heading", pairs, out, cap);
    } else {
        snprintf(out, cap, "%s", title != NULL ? title : name != NULL ? name : "");
    }
}

void
report_add_sections(struct model_ctx *c, json_t *doc)
{
    bool forum = strcmp(json_string_value(json_object_get(doc, "kind")), "forum") == 0;
    const struct section *list = forum ? forum_sections : government_sections;
    size_t n = forum ? ARRAY_LEN(forum_sections) : ARRAY_LEN(government_sections);
    json_t *sections = json_array(), *titles = json_object();
    int number = 0;
    for (size_t i = 0; i < n; i++) {
        if (list[i].needs != NULL && json_array_size(json_object_get(doc, list[i].needs)) == 0)
            continue;
        char title[300];
        snprintf(title, sizeof(title), "%d. %s", ++number, model_t(c, list[i].title_key));
        json_array_append_new(sections, json_pack("{ssss}", "id", list[i].id, "title", title));
        json_object_set_new(titles, list[i].id, json_string(title));
        if (list[i].groups == NULL)
            continue;
        size_t k;
        json_t *g;
        json_array_foreach(json_object_get(doc, list[i].groups), k, g)
        {
            char sub[400], heading[460], anchor[64];
            group_title(c, g, sub, sizeof(sub));
            snprintf(heading, sizeof(heading), "%d.%zu %s", number, k + 1, sub);
            snprintf(anchor, sizeof(anchor), "%s-%zu", list[i].id, k + 1);
            json_object_set_new(g, "heading", json_string(heading));
            json_object_set_new(g, "anchor", json_string(anchor));
        }
    }
    json_object_set_new(doc, "sections", sections);
    json_object_set_new(doc, "titles", titles);
}
