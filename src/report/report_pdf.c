/* A report document as a PDF: each section of the document becomes headings, paragraphs,
 * figures, bar charts and tables of the typesetter (pdf.h), in the order of the HTML page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/pdf.h"
#include "report/report_render.h"
#include "util/xalloc.h"

struct out {
    struct pdf_doc *pdf;
    enum lang lang;
    const json_t *doc;
};

static const char *
t(const struct out *o, const char *text_key)
{
    return i18n_get(o->lang, text_key);
}

static const char *
title_of(const struct out *o, const char *section)
{
    return report_text(json_object_get(o->doc, "titles"), section);
}

static bool
has_section(const struct out *o, const char *section)
{
    return json_object_get(json_object_get(o->doc, "titles"), section) != NULL;
}

/* Bars from the rows of @list: label from @label_field, value from "count". */
static void
bars(struct out *o, const json_t *list, const char *label_field, bool numbered)
{
    size_t n = json_array_size(list);
    if (n == 0)
        return;
    struct pdf_bar *items = xcalloc(n, sizeof(*items));
    char(*labels)[200] = xcalloc(n, sizeof(*labels));
    char(*values)[32] = xcalloc(n, sizeof(*values));
    for (size_t i = 0; i < n; i++) {
        const json_t *row = json_array_get(list, i);
        json_int_t count = json_integer_value(json_object_get(row, "count"));
        if (numbered)
            snprintf(labels[i], sizeof(labels[i]), "%lld. %s",
                     (long long)json_integer_value(json_object_get(row, "number")),
                     report_text(row, label_field));
        else
            snprintf(labels[i], sizeof(labels[i]), "%s", report_text(row, label_field));
        i18n_format_count(o->lang, (uint64_t)count, values[i], sizeof(values[i]));
        items[i] = (struct pdf_bar){labels[i], (double)count, values[i]};
    }
    pdf_bars(o->pdf, items, n);
    free(items);
    free(labels);
    free(values);
}

static void
figures(struct out *o, const json_t *list)
{
    size_t n = json_array_size(list);
    struct pdf_figure *items = xcalloc(n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++) {
        const json_t *f = json_array_get(list, i);
        items[i] = (struct pdf_figure){report_text(f, "value"), report_text(f, "label")};
    }
    pdf_figures(o->pdf, items, n);
    free(items);
}

/* "45 % · On track · last update 3 March 2024 · no update for a year": an action's progress. */
static void
progress_text(const struct out *o, const json_t *p, char *out, size_t cap)
{
    out[0] = '\0';
    if (!json_is_object(p)) {
        snprintf(out, cap, "%s", t(o, "report_progress_no_data"));
        return;
    }
    const char *pct = report_text(p, "percent_text");
    size_t n = (size_t)snprintf(out, cap, "%s%s%s%s", pct, *pct ? " \xc2\xb7 " : "",
                                report_text(p, "status_label"),
                                json_is_true(json_object_get(p, "stale")) ? " \xe2\x9a\xa0" : "");
    const char *last = report_text(p, "last_update_text");
    if (*last != '\0' && n < cap)
        snprintf(out + n, cap - n, "\n%s %s", t(o, "report_last_update"), last);
}

static void
progress_section(struct out *o, const json_t *summary, bool headed)
{
    if (headed)
        pdf_heading(o->pdf, 3, t(o, "report_progress_heading"));
    if (!json_is_true(json_object_get(summary, "any"))) {
        pdf_paragraph(o->pdf, PDF_STYLE_BODY, t(o, "report_no_actions"));
        return;
    }
    pdf_paragraph(o->pdf, PDF_STYLE_BODY, report_text(summary, "tracked_text"));
    bars(o, json_object_get(summary, "rows"), "label", false);
    if (json_integer_value(json_object_get(summary, "stale")) > 0)
        pdf_paragraph(o->pdf, PDF_STYLE_BODY, report_text(summary, "stale_text"));
}

/* ---- the forum report ---- */

static void
forum_overview(struct out *o)
{
    const json_t *doc = o->doc;
    pdf_heading(o->pdf, 1, title_of(o, "overview"));
    if (*report_text(doc, "description") != '\0')
        pdf_paragraph(o->pdf, PDF_STYLE_BODY, report_text(doc, "description"));
    figures(o, json_object_get(doc, "figures"));
    size_t i;
    const json_t *h;
    json_array_foreach(json_object_get(doc, "highlights"), i, h)
    {
        char line[800];
        snprintf(line, sizeof(line), "\xe2\x80\xa2 %s", json_string_value(h));
        pdf_paragraph(o->pdf, PDF_STYLE_BODY, line);
    }
}

static void
forum_delegation(struct out *o)
{
    if (!has_section(o, "delegation"))
        return;
    pdf_heading(o->pdf, 1, title_of(o, "delegation"));
    pdf_heading(o->pdf, 3, t(o, "report_governments_by_region"));
    bars(o, json_object_get(o->doc, "regions"), "name", false);
    struct pdf_column cols[] = {{t(o, "report_col_government"), 2.2, PDF_ALIGN_LEFT, false},
                                {t(o, "report_col_country"), 1.6, PDF_ALIGN_LEFT, false},
                                {t(o, "report_col_kind"), 1.4, PDF_ALIGN_LEFT, false},
                                {t(o, "report_col_delegation"), 1.4, PDF_ALIGN_LEFT, false}};
    pdf_table_begin(o->pdf, cols, 4);
    size_t i, k;
    const json_t *r, *g;
    json_array_foreach(json_object_get(o->doc, "regions"), i, r)
    {
        char group[300];
        snprintf(group, sizeof(group), "%s (%lld)", report_text(r, "name"),
                 (long long)json_integer_value(json_object_get(r, "count")));
        pdf_table_group(o->pdf, group);
        json_array_foreach(json_object_get(r, "governments"), k, g)
        {
            const char *cells[] = {
                report_text(g, "name"), report_text(g, "country"), report_text(g, "kind_label"),
                json_is_true(json_object_get(g, "national_delegation")) ? t(o, "report_yes")
                                                                        : "\xe2\x80\x94"};
            pdf_table_row(o->pdf, cells);
        }
    }
    pdf_table_end(o->pdf);
    const json_t *assoc = json_object_get(o->doc, "associations");
    if (json_array_size(assoc) == 0)
        return;
    pdf_heading(o->pdf, 3, t(o, "report_associations"));
    struct pdf_column acols[] = {{t(o, "report_col_association"), 3, PDF_ALIGN_LEFT, false},
                                 {t(o, "report_col_country"), 2, PDF_ALIGN_LEFT, false}};
    pdf_table_begin(o->pdf, acols, 2);
    json_array_foreach(assoc, i, g)
    {
        const char *cells[] = {report_text(g, "name"), report_text(g, "country")};
        pdf_table_row(o->pdf, cells);
    }
    pdf_table_end(o->pdf);
}

static void
forum_glance(struct out *o)
{
    if (!has_section(o, "glance"))
        return;
    pdf_heading(o->pdf, 1, title_of(o, "glance"));
    pdf_paragraph(o->pdf, PDF_STYLE_BODY, t(o, "report_glance_intro"));
    struct pdf_column cols[] = {{t(o, "report_col_time"), 0.9, PDF_ALIGN_LEFT, false},
                                {t(o, "report_col_activity"), 3, PDF_ALIGN_LEFT, true},
                                {t(o, "report_col_local"), 2.6, PDF_ALIGN_LEFT, false}};
    pdf_table_begin(o->pdf, cols, 3);
    size_t i, k;
    const json_t *day, *s;
    json_array_foreach(json_object_get(o->doc, "days"), i, day)
    {
        pdf_table_group(o->pdf, report_text(day, "label"));
        json_array_foreach(json_object_get(day, "sessions"), k, s)
        {
            char activity[1200];
            snprintf(activity, sizeof(activity), "%s\n%s%s%s", report_text(s, "title"),
                     report_text(s, "kind_label"), *report_text(s, "room") ? " \xc2\xb7 " : "",
                     report_text(s, "room"));
            const char *local = *report_text(s, "local") ? report_text(s, "local") : "\xe2\x80\x94";
            const char *cells[] = {report_text(s, "time"), activity, local};
            pdf_table_row(o->pdf, cells);
        }
    }
    pdf_table_end(o->pdf);
}

static void
forum_days(struct out *o)
{
    if (!has_section(o, "days"))
        return;
    pdf_heading(o->pdf, 1, title_of(o, "days"));
    size_t i, k, m;
    const json_t *day, *s, *p;
    json_array_foreach(json_object_get(o->doc, "days"), i, day)
    {
        pdf_heading(o->pdf, 2, report_text(day, "heading"));
        json_array_foreach(json_object_get(day, "sessions"), k, s)
        {
            char line[600];
            pdf_heading(o->pdf, 3, report_text(s, "title"));
            snprintf(line, sizeof(line), "%s%s%s%s%s", report_text(s, "kind_label"),
                     *report_text(s, "time") ? " \xc2\xb7 " : "", report_text(s, "time"),
                     *report_text(s, "room") ? " \xc2\xb7 " : "", report_text(s, "room"));
            pdf_paragraph(o->pdf, PDF_STYLE_SMALL, line);
            if (*report_text(s, "summary") != '\0')
                pdf_paragraph(o->pdf, PDF_STYLE_BODY, report_text(s, "summary"));
            const json_t *people = json_object_get(s, "participants");
            if (json_array_size(people) == 0)
                continue;
            struct pdf_column cols[] = {{t(o, "report_col_person"), 2.4, PDF_ALIGN_LEFT, true},
                                        {t(o, "report_col_for"), 2.2, PDF_ALIGN_LEFT, false},
                                        {t(o, "report_col_role"), 1.1, PDF_ALIGN_LEFT, false}};
            pdf_table_begin(o->pdf, cols, 3);
            json_array_foreach(people, m, p)
            {
                char who[800];
                snprintf(who, sizeof(who), "%s%s%s", report_text(p, "name"),
                         *report_text(p, "title") ? "\n" : "", report_text(p, "title"));
                const char *cells[] = {who, report_text(p, "where"), report_text(p, "role_label")};
                pdf_table_row(o->pdf, cells);
            }
            pdf_table_end(o->pdf);
        }
    }
}

static void
paragraphs_table(struct out *o)
{
    const json_t *rows = json_object_get(o->doc, "paragraphs");
    if (json_array_size(rows) == 0)
        return;
    pdf_heading(o->pdf, 3, t(o, "report_paragraphs"));
    pdf_paragraph(o->pdf, PDF_STYLE_BODY, t(o, "report_paragraphs_intro"));
    struct pdf_column cols[] = {{t(o, "report_col_paragraph"), 0.6, PDF_ALIGN_RIGHT, false},
                                {t(o, "report_col_topic"), 4.2, PDF_ALIGN_LEFT, false},
                                {t(o, "report_col_stance"), 1.1, PDF_ALIGN_LEFT, false},
                                {t(o, "report_col_actions"), 0.8, PDF_ALIGN_RIGHT, false}};
    pdf_table_begin(o->pdf, cols, 4);
    size_t i;
    const json_t *r;
    json_array_foreach(rows, i, r)
    {
        char number[24], count[32];
        snprintf(number, sizeof(number), "%lld",
                 (long long)json_integer_value(json_object_get(r, "number")));
        i18n_format_count(o->lang, (uint64_t)json_integer_value(json_object_get(r, "count")), count,
                          sizeof(count));
        const char *cells[] = {number, report_text(r, "topic"), report_text(r, "stance_label"),
                               count};
        pdf_table_row(o->pdf, cells);
    }
    pdf_table_end(o->pdf);
}

static void
forum_actions(struct out *o)
{
    const json_t *doc = o->doc;
    pdf_heading(o->pdf, 1, title_of(o, "actions"));
    const json_t *coverage = json_object_get(doc, "coverage");
    pdf_heading(o->pdf, 3, t(o, "report_coverage"));
    pdf_paragraph(o->pdf, PDF_STYLE_BODY, report_text(coverage, "covered_text"));
    bars(o, json_object_get(coverage, "items"), "label", true);
    pdf_heading(o->pdf, 3, t(o, "report_actions_by_region"));
    if (json_array_size(json_object_get(doc, "action_regions")) > 0)
        bars(o, json_object_get(doc, "action_regions"), "name", false);
    else
        pdf_paragraph(o->pdf, PDF_STYLE_BODY, t(o, "report_no_actions"));
    pdf_heading(o->pdf, 3, t(o, "report_implementation"));
    bars(o, json_object_get(doc, "implementation"), "label", false);
    paragraphs_table(o);
}

/* The columns of an action table; @progress adds the progress column. */
static void
action_table(struct out *o, const json_t *rows)
{
    struct pdf_column cols[] = {{t(o, "report_col_action"), 4.2, PDF_ALIGN_LEFT, true},
                                {t(o, "report_col_objectives"), 0.9, PDF_ALIGN_LEFT, false},
                                {t(o, "report_col_status"), 1.1, PDF_ALIGN_LEFT, false},
                                {t(o, "report_col_progress"), 1.4, PDF_ALIGN_LEFT, false}};
    pdf_table_begin(o->pdf, cols, 4);
    size_t i;
    const json_t *a;
    json_array_foreach(rows, i, a)
    {
        char action[1600], progress[300];
        snprintf(action, sizeof(action), "%s\n%s", report_text(a, "title"),
                 report_text(a, "governments"));
        progress_text(o, json_object_get(a, "progress"), progress, sizeof(progress));
        const char *cells[] = {action, report_text(a, "objectives"), report_text(a, "status_label"),
                               progress};
        pdf_table_row(o->pdf, cells);
    }
    pdf_table_end(o->pdf);
}

static void
forum_objectives(struct out *o)
{
    if (!has_section(o, "objectives"))
        return;
    pdf_heading(o->pdf, 1, title_of(o, "objectives"));
    pdf_paragraph(o->pdf, PDF_STYLE_BODY, t(o, "report_objectives_intro"));
    pdf_paragraph(o->pdf, PDF_STYLE_BODY, t(o, "report_stale_legend"));
    size_t i;
    const json_t *g;
    json_array_foreach(json_object_get(o->doc, "objectives"), i, g)
    {
        pdf_heading(o->pdf, 2, report_text(g, "heading"));
        pdf_paragraph(o->pdf, PDF_STYLE_SMALL, report_text(g, "count"));
        action_table(o, json_object_get(g, "actions"));
    }
}

static void
forum_progress(struct out *o)
{
    pdf_heading(o->pdf, 1, title_of(o, "progress"));
    pdf_paragraph(o->pdf, PDF_STYLE_BODY, t(o, "report_progress_intro"));
    progress_section(o, json_object_get(o->doc, "progress"), true);
    const json_t *earlier = json_object_get(o->doc, "earlier");
    pdf_heading(o->pdf, 3, t(o, "report_earlier"));
    if (json_array_size(earlier) == 0) {
        pdf_paragraph(o->pdf, PDF_STYLE_BODY, t(o, "report_earlier_none"));
        return;
    }
    size_t i;
    const json_t *f;
    json_array_foreach(earlier, i, f)
    {
        char line[600];
        snprintf(line, sizeof(line), "%s \xc2\xb7 %s \xc2\xb7 %s", report_text(f, "name"),
                 report_text(f, "dates"), report_text(f, "actions"));
        pdf_paragraph(o->pdf, PDF_STYLE_BODY_BOLD, line);
        progress_section(o, json_object_get(f, "progress"), false);
    }
}

static void
about(struct out *o)
{
    pdf_heading(o->pdf, 1, title_of(o, "about"));
    static const struct {
        const char *text_key;
        bool forum, government;
    } texts[] = {
        {"report_about_data", true, true},     {"report_about_figures", true, false},
        {"report_about_regions", true, false}, {"report_about_sessions", true, false},
        {"report_about_vlr", false, true},     {"report_about_progress", true, true},
    };
    bool forum = json_is_true(json_object_get(o->doc, "is_forum"));
    for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
        if (forum ? texts[i].forum : texts[i].government)
            pdf_paragraph(o->pdf, PDF_STYLE_BODY, t(o, texts[i].text_key));
    }
    pdf_paragraph(o->pdf, PDF_STYLE_SMALL, report_text(o->doc, "note"));
}

/* ---- the government profile ---- */

static void
government_overview(struct out *o)
{
    const json_t *p = json_object_get(o->doc, "profile");
    pdf_heading(o->pdf, 1, title_of(o, "overview"));
    figures(o, json_object_get(o->doc, "figures"));
    struct pdf_column cols[] = {{t(o, "report_col_fact"), 1.3, PDF_ALIGN_LEFT, false},
                                {t(o, "report_col_value"), 4, PDF_ALIGN_LEFT, false}};
    pdf_table_begin(o->pdf, cols, 2);
    static const struct {
        const char *field, *label_key;
    } facts[] = {{"kind_label", "kind"},
                 {"country", "country"},
                 {"region", "report_col_region"},
                 {"subdivision", "subdivision"},
                 {"population", "population"},
                 {"website", "website"},
                 {"marrakech", "marrakech_declaration"}};
    for (size_t i = 0; i < ARRAY_LEN(facts); i++) {
        if (*report_text(p, facts[i].field) == '\0')
            continue;
        const char *cells[] = {t(o, facts[i].label_key), report_text(p, facts[i].field)};
        pdf_table_row(o->pdf, cells);
    }
    const json_t *networks = json_object_get(p, "networks");
    if (json_array_size(networks) > 0) {
        char list[2000] = "";
        size_t n = 0, i;
        const json_t *v;
        json_array_foreach(networks, i, v)
        {
            int w =
                snprintf(list + n, sizeof(list) - n, "%s%s", i ? "\n" : "", json_string_value(v));
            if (w < 0 || (size_t)w >= sizeof(list) - n)
                break;
            n += (size_t)w;
        }
        const char *cells[] = {t(o, "networks"), list};
        pdf_table_row(o->pdf, cells);
    }
    pdf_table_end(o->pdf);
}

static void
government_actions(struct out *o)
{
    const json_t *doc = o->doc;
    if (!has_section(o, "actions"))
        return;
    pdf_heading(o->pdf, 1, title_of(o, "actions"));
    pdf_heading(o->pdf, 3, t(o, "report_coverage"));
    pdf_paragraph(o->pdf, PDF_STYLE_BODY,
                  report_text(json_object_get(doc, "coverage"), "covered_text"));
    bars(o, json_object_get(json_object_get(doc, "coverage"), "items"), "label", true);
    pdf_heading(o->pdf, 3, t(o, "report_implementation"));
    bars(o, json_object_get(doc, "implementation"), "label", false);
    progress_section(o, json_object_get(doc, "progress"), true);
    pdf_paragraph(o->pdf, PDF_STYLE_SMALL, t(o, "report_stale_legend"));
    size_t i, k;
    const json_t *a, *r;
    json_array_foreach(json_object_get(doc, "actions"), i, a)
    {
        char line[800], progress[300];
        pdf_heading(o->pdf, 2, report_text(a, "heading"));
        snprintf(line, sizeof(line), "%s \xc2\xb7 %s%s%s", report_text(a, "kind_label"),
                 report_text(a, "status_label"), *report_text(a, "period") ? " \xc2\xb7 " : "",
                 report_text(a, "period"));
        if (*report_text(a, "objectives") != '\0') {
            size_t len = strlen(line);
            snprintf(line + len, sizeof(line) - len, " \xc2\xb7 %s %s",
                     t(o, "report_col_objectives"), report_text(a, "objectives"));
        }
        pdf_paragraph(o->pdf, PDF_STYLE_SMALL, line);
        if (*report_text(a, "summary") != '\0')
            pdf_paragraph(o->pdf, PDF_STYLE_BODY, report_text(a, "summary"));
        progress_text(o, json_object_get(a, "progress"), progress, sizeof(progress));
        for (char *nl = strchr(progress, '\n'); nl != NULL; nl = strchr(nl, '\n'))
            *nl = ';';
        snprintf(line, sizeof(line), "%s: %s", t(o, "report_col_progress"), progress);
        pdf_paragraph(o->pdf, PDF_STYLE_BODY_BOLD, line);
        const json_t *targets = json_object_get(a, "targets");
        if (json_array_size(targets) == 0) {
            pdf_paragraph(o->pdf, PDF_STYLE_SMALL, t(o, "report_no_targets"));
            continue;
        }
        struct pdf_column cols[] = {{t(o, "report_col_target"), 2.6, PDF_ALIGN_LEFT, false},
                                    {t(o, "report_col_baseline"), 0.9, PDF_ALIGN_RIGHT, false},
                                    {t(o, "report_col_goal"), 0.9, PDF_ALIGN_RIGHT, false},
                                    {t(o, "report_col_deadline"), 1.1, PDF_ALIGN_LEFT, false},
                                    {t(o, "report_col_latest"), 1.2, PDF_ALIGN_RIGHT, false},
                                    {t(o, "report_col_status"), 1.1, PDF_ALIGN_LEFT, false}};
        pdf_table_begin(o->pdf, cols, 6);
        json_array_foreach(targets, k, r)
        {
            struct report_target_row row = {0};
            report_target_row(r, "\n", "\n", &row);
            pdf_table_row(o->pdf, row.cells);
        }
        pdf_table_end(o->pdf);
    }
}

static void
government_forums(struct out *o)
{
    if (!has_section(o, "forums"))
        return;
    pdf_heading(o->pdf, 1, title_of(o, "forums"));
    size_t i, k;
    const json_t *f, *s;
    json_array_foreach(json_object_get(o->doc, "forums"), i, f)
    {
        char line[600];
        pdf_heading(o->pdf, 2, report_text(f, "heading"));
        snprintf(line, sizeof(line), "%s%s%s%s%s", report_text(f, "dates"),
                 *report_text(f, "place") ? " \xc2\xb7 " : "", report_text(f, "place"),
                 json_is_true(json_object_get(f, "national_delegation")) ? " \xc2\xb7 " : "",
                 json_is_true(json_object_get(f, "national_delegation"))
                     ? t(o, "report_in_delegation")
                     : "");
        pdf_paragraph(o->pdf, PDF_STYLE_BODY, line);
        const json_t *sessions = json_object_get(f, "sessions");
        if (json_array_size(sessions) == 0)
            continue;
        struct pdf_column cols[] = {{t(o, "report_col_day"), 1.1, PDF_ALIGN_LEFT, false},
                                    {t(o, "report_col_activity"), 3, PDF_ALIGN_LEFT, true},
                                    {t(o, "report_col_person"), 1.6, PDF_ALIGN_LEFT, false},
                                    {t(o, "report_col_role"), 1, PDF_ALIGN_LEFT, false}};
        pdf_table_begin(o->pdf, cols, 4);
        json_array_foreach(sessions, k, s)
        {
            char activity[800];
            snprintf(activity, sizeof(activity), "%s\n%s", report_text(s, "title"),
                     report_text(s, "kind_label"));
            const char *cells[] = {report_text(s, "day"), activity, report_text(s, "person"),
                                   report_text(s, "role_label")};
            pdf_table_row(o->pdf, cells);
        }
        pdf_table_end(o->pdf);
    }
}

enum err
report_pdf(const json_t *doc, struct buf *out, char *why, size_t why_len)
{
    struct out o = {NULL, report_lang(doc), doc};
    char footer[400];
    snprintf(footer, sizeof(footer), "%s \xc2\xb7 %s", report_text(doc, "title"),
             report_text(doc, "as_of"));
    struct pdf_info info = {report_text(doc, "eyebrow"),
                            report_text(doc, "title"),
                            report_text(doc, "subtitle"),
                            report_text(doc, "note"),
                            t(&o, "report_contents"),
                            t(&o, "report_page_label"),
                            footer,
                            t(&o, "site_name"),
                            json_integer_value(json_object_get(doc, "generated_at"))};
    enum err e = pdf_doc_new(&o.pdf, &info, why, why_len);
    if (e != ERR_OK)
        return e;
    if (json_is_true(json_object_get(doc, "is_forum"))) {
        forum_overview(&o);
        forum_delegation(&o);
        forum_glance(&o);
        forum_days(&o);
        forum_actions(&o);
        forum_objectives(&o);
        forum_progress(&o);
    } else {
        government_overview(&o);
        government_actions(&o);
        government_forums(&o);
    }
    about(&o);
    e = pdf_doc_write(o.pdf, out, why, why_len);
    pdf_doc_free(o.pdf);
    return e;
}
