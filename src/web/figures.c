/* Figures and charts from the statistics answer. Each chart comes with the rows of its data
 * table: the table is what screen readers and keyboards use, and what the CSV download holds. */
#include "web/figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "web/chart.h"

void
figures_headline(struct page *p, const json_t *stats)
{
    static const struct {
        const char *field, *label_key, *href;
    } figures[] = {
        {"actions", "figure_actions", "/actions"},
        {"governments", "figure_governments", "/governments"},
        {"countries", "figure_countries", NULL},
        {"regions", "figure_regions", NULL},
        {"endorsements", "figure_endorsements", "/governments"},
    };
    json_t *list = json_array();
    for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++) {
        json_int_t n = json_integer_value(json_object_get(stats, figures[i].field));
        json_t *f = json_pack("{sosssb}", "value", page_count(p, (uint64_t)n), "label",
                              page_t(p, figures[i].label_key), "linked", figures[i].href != NULL);
        if (figures[i].href != NULL)
            json_object_set_new(f, "href", json_string(figures[i].href));
        json_array_append_new(list, f);
    }
    json_object_set_new(p->ctx, "figures", list);
}

/* Draws the chart and its table rows from the facet list @values of dimension @d. */
static void
group_chart(struct page *p, const json_t *values, enum dim d, const char *param, bool columns,
            const char *name, const char *title, const char *desc)
{
    size_t n = json_array_size(values);
    struct chart_item *items = xcalloc(n ? n : 1, sizeof(*items));
    char(*labels)[160] = xcalloc(n ? n : 1, sizeof(*labels));
    char(*hrefs)[160] = xcalloc(n ? n : 1, sizeof(*hrefs));
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        const json_t *v = json_array_get(values, i);
        const char *value = json_string_value(json_object_get(v, "value"));
        const char *fallback = json_string_value(json_object_get(v, "label"));
        const char *label =
            page_dim_label(p->lang, d, value ? value : "", fallback ? fallback : "");
        if (d == DIM_OBJECTIVE)
            snprintf(labels[i], sizeof(labels[i]), "%s. %s", value, label);
        else
            snprintf(labels[i], sizeof(labels[i]), "%s", label);
        items[i].label = labels[i];
        items[i].value = (uint64_t)json_integer_value(json_object_get(v, "count"));
        if (param != NULL && value != NULL) {
            if (d == DIM_OBJECTIVE)
                snprintf(hrefs[i], sizeof(hrefs[i]), "/objectives/%s", value);
            else
                snprintf(hrefs[i], sizeof(hrefs[i]), "/actions?%s=%s", param, value);
            items[i].href = hrefs[i];
        }
        json_t *row = json_pack("{sssssI}", "label", labels[i], "value", value ? value : "",
                                "count", (json_int_t)items[i].value);
        if (items[i].href != NULL)
            json_object_set_new(row, "href", json_string(items[i].href));
        json_array_append_new(rows, row);
    }
    struct buf svg;
    buf_init(&svg, 1 << 20);
    if (columns)
        chart_columns(&svg, name, title, desc, items, n);
    else
        chart_bars(&svg, name, title, desc, items, n);
    json_t *chart = json_pack("{sssossss}", "svg", buf_status(&svg) == ERR_OK ? svg.data : "",
                              "rows", rows, "title", title, "id", name);
    json_object_set_new(p->ctx, name, chart);
    buf_release(&svg);
    free(items);
    free(labels);
    free(hrefs);
}

void
figures_objective_chart(struct page *p, const json_t *stats, const char *name)
{
    group_chart(p, json_object_get(stats, "by_objective"), DIM_OBJECTIVE, "objective", false, name,
                page_t(p, "chart_by_objective"), page_t(p, "chart_by_objective_desc"));
}

void
figures_group_chart(struct page *p, const json_t *stats, const char *group, enum dim d,
                    const char *param, bool columns, const char *name, const char *title_key)
{
    char desc_key[80];
    snprintf(desc_key, sizeof(desc_key), "%s_desc", title_key);
    group_chart(p, json_object_get(stats, group), d, param, columns, name, page_t(p, title_key),
                page_t(p, desc_key));
}
