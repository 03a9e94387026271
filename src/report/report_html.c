/* A report document as HTML: the Mustache templates report_*.html render it, inside the site's
 * layout for /forums/{slug}/report and /governments/{slug}/profile, or as a whole document
 * with the stylesheet inlined for `localaction report --format html`. This file adds what the
 * templates cannot compute: the SVG charts (web/chart.c) and short texts of progress. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_render.h"
#include "util/embedded.h"
#include "util/xalloc.h"
#include "web/chart.h"
#include "web/page.h"
#include "web/template.h"

/* {"svg", "rows", "title", "id"}: a bar chart of @list (labels from @label_field, values from
 * "count") with the rows of its data table, as chart_block.html shows it. */
static json_t *
bar_chart(enum lang lang, const json_t *list, const char *label_field, bool numbered, bool links,
          const char *id, const char *title_key)
{
    size_t n = json_array_size(list);
    struct chart_item *items = xcalloc(n ? n : 1, sizeof(*items));
    char(*labels)[240] = xcalloc(n ? n : 1, sizeof(*labels));
    char(*hrefs)[32] = xcalloc(n ? n : 1, sizeof(*hrefs));
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        const json_t *row = json_array_get(list, i);
        const char *label = json_string_value(json_object_get(row, label_field));
        json_int_t number = json_integer_value(json_object_get(row, "number"));
        if (numbered)
            snprintf(labels[i], sizeof(labels[i]), "%lld. %s", (long long)number,
                     label != NULL ? label : "");
        else
            snprintf(labels[i], sizeof(labels[i]), "%s", label != NULL ? label : "");
        items[i].label = labels[i];
        items[i].value = (uint64_t)json_integer_value(json_object_get(row, "count"));
        if (numbered && links) {
            snprintf(hrefs[i], sizeof(hrefs[i]), "/objectives/%lld", (long long)number);
            items[i].href = hrefs[i];
        }
        json_t *r = json_pack("{sssI}", "label", labels[i], "count", (json_int_t)items[i].value);
        if (items[i].href != NULL)
            json_object_set_new(r, "href", json_string(items[i].href));
        json_array_append_new(rows, r);
    }
    struct buf svg;
    buf_init(&svg, 1 << 20);
    char desc_key[96];
    snprintf(desc_key, sizeof(desc_key), "%s_desc", title_key);
    chart_bars(&svg, id, i18n_get(lang, title_key), i18n_get(lang, desc_key), items, n);
    json_t *chart = json_pack("{sssossss}", "svg", buf_status(&svg) == ERR_OK ? svg.data : "",
                              "rows", rows, "title", i18n_get(lang, title_key), "id", id);
    buf_release(&svg);
    free(items);
    free(labels);
    free(hrefs);
    return chart;
}

/* An action's progress as "progress_text" ("45 % · On track") and "progress_detail" (with the
 * date of the last update, and a warning when it is a year old). */
static void
progress_line(enum lang lang, json_t *row)
{
    const json_t *p = json_object_get(row, "progress");
    char text[300], detail[600];
    if (!json_is_object(p)) {
        snprintf(text, sizeof(text), "%s", i18n_get(lang, "report_progress_no_data"));
        snprintf(detail, sizeof(detail), "%s", text);
    } else {
        const char *pct = json_string_value(json_object_get(p, "percent_text"));
        const char *status = json_string_value(json_object_get(p, "status_label"));
        const char *last = json_string_value(json_object_get(p, "last_update_text"));
        bool stale = json_is_true(json_object_get(p, "stale"));
        snprintf(text, sizeof(text), "%s%s%s%s", pct != NULL ? pct : "",
                 pct != NULL ? " \xc2\xb7 " : "", status != NULL ? status : "",
                 stale ? " \xc2\xb7 \xe2\x9a\xa0" : "");
        snprintf(detail, sizeof(detail), "%s%s%s%s%s%s%s", pct != NULL ? pct : "",
                 pct != NULL ? " \xc2\xb7 " : "", status != NULL ? status : "",
                 last != NULL ? " \xc2\xb7 " : "",
                 last != NULL ? i18n_get(lang, "report_last_update") : "", last != NULL ? " " : "",
                 last != NULL ? last : "");
        if (stale) {
            size_t n = strlen(detail);
            snprintf(detail + n, sizeof(detail) - n, " \xc2\xb7 %s",
                     i18n_get(lang, "report_stale"));
        }
    }
    json_object_set_new(row, "progress_text", json_string(text));
    json_object_set_new(row, "progress_detail", json_string(detail));
}

void
report_html_prepare(json_t *doc, bool links)
{
    enum lang lang = report_lang(doc);
    json_t *charts = json_object();
    json_object_set_new(doc, "links", json_boolean(links));
    const json_t *coverage = json_object_get(doc, "coverage");
    json_object_set_new(charts, "coverage",
                        bar_chart(lang, json_object_get(coverage, "items"), "label", true, links,
                                  "chart-coverage", "report_coverage"));
    json_object_set_new(charts, "implementation",
                        bar_chart(lang, json_object_get(doc, "implementation"), "label", false,
                                  links, "chart-implementation", "report_implementation"));
    json_object_set_new(charts, "progress",
                        bar_chart(lang, json_object_get(json_object_get(doc, "progress"), "rows"),
                                  "label", false, links, "chart-progress",
                                  "report_progress_heading"));
    if (json_is_true(json_object_get(doc, "is_forum"))) {
        json_object_set_new(charts, "regions",
                            bar_chart(lang, json_object_get(doc, "regions"), "name", false, links,
                                      "chart-regions", "report_governments_by_region"));
        json_object_set_new(charts, "action_regions",
                            bar_chart(lang, json_object_get(doc, "action_regions"), "name", false,
                                      links, "chart-action-regions", "report_actions_by_region"));
    }
    json_object_set_new(doc, "charts", charts);
    size_t i, k;
    json_t *g, *row;
    json_array_foreach(json_object_get(doc, "objectives"), i, g)
    {
        json_array_foreach(json_object_get(g, "actions"), k, row)
        {
            progress_line(lang, row);
        }
    }
    json_array_foreach(json_object_get(doc, "actions"), i, row)
    {
        progress_line(lang, row);
    }
}

void
report_html_document(json_t *doc, struct buf *out)
{
    enum lang lang = report_lang(doc);
    size_t css_len = 0;
    const char *css = web_stylesheet(&css_len);
    const struct embedded_file *report_css = embedded_find("static/report.css");
    const char *title = json_string_value(json_object_get(doc, "title"));
    json_t *ctx =
        json_pack("{ss ss sO ss ss}", "lang", lang_code(lang), "page_title",
                  title != NULL ? title : "", "report", doc, "css", css != NULL ? css : "",
                  "report_css", report_css != NULL ? report_css->data : "");
    const json_t *frames[] = {i18n_frame(lang), ctx};
    tmpl_render(web_templates(), "report_document", frames, 2, out);
    json_decref(ctx);
}
