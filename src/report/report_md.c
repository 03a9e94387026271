/* A report document as Markdown (CommonMark with GitHub's pipe tables), for editing into a
 * Voluntary Local Review or another report. Text from the data is escaped: characters that
 * would start emphasis, links, code, HTML or table cells are backslash-escaped anywhere, and
 * those that would start a heading, list or quote only where a line begins; line breaks in
 * table cells become spaces. */
#include <stdio.h>
#include <string.h>

#include "report/report_render.h"

struct md {
    struct buf *out;
    enum lang lang;
    const json_t *doc;
};

static const char *
t(const struct md *m, const char *text_key)
{
    return i18n_get(m->lang, text_key);
}

/* Appends @s escaped. Inline (@cell: a table cell, a heading, a list item) line breaks become
 * spaces; @start says whether @s begins a block, where "#", "- " or "1. " would start one. */
static void
escape_text(struct buf *out, const char *s, bool cell, bool start)
{
    bool line_start = start;
    for (const char *p = s; *p != '\0'; p++) {
        char ch = *p;
        if (ch == '\r')
            continue;
        if (ch == '\n') {
            buf_addstr(out, cell ? " " : "\n");
            line_start = !cell;
            continue;
        }
        if ((unsigned char)ch < 0x20) {
            buf_addch(out, ' ');
            continue;
        }
        if (line_start && (ch == ' ' || ch == '\t')) {
            buf_addch(out, ch);
            continue;
        }
        bool escape_it = strchr("\\`*_[]<>&~|!", ch) != NULL;
        if (line_start) {
            /* "#", ">", "=", "- " or "---", "+ " and "1. " or "1) " would start a block */
            char next = p[1];
            bool ends = next == ' ' || next == '\t' || next == '\n' || next == '\0';
            escape_it = escape_it || strchr("#>=", ch) != NULL ||
                        ((ch == '-' || ch == '+') && (ends || next == ch));
            if (ch >= '0' && ch <= '9') {
                const char *q = p;
                while (*q >= '0' && *q <= '9')
                    q++;
                bool marker_ends = q[1] == ' ' || q[1] == '\t' || q[1] == '\n' || q[1] == '\0';
                if ((*q == '.' || *q == ')') && marker_ends) {
                    buf_add(out, p, (size_t)(q - p));
                    buf_addch(out, '\\');
                    p = q - 1;
                    line_start = false;
                    continue;
                }
            }
        }
        if (escape_it)
            buf_addch(out, '\\');
        buf_addch(out, ch);
        line_start = false;
    }
}

/* Text inside a line (a cell, a heading, after other text), or a paragraph's lines. */
static void
escape(struct buf *out, const char *s, bool cell)
{
    escape_text(out, s, cell, !cell);
}

/* The text of a list item, after its "- ". */
static void
item(struct buf *out, const char *s)
{
    escape_text(out, s, true, true);
}

static void
paragraph(struct md *m, const char *s)
{
    if (*s == '\0')
        return;
    escape(m->out, s, false);
    buf_addstr(m->out, "\n\n");
}

static void
heading(struct md *m, int level, const char *s)
{
    for (int i = 0; i < level; i++)
        buf_addch(m->out, '#');
    buf_addch(m->out, ' ');
    /* a heading is one line */
    escape(m->out, s, true);
    buf_addstr(m->out, "\n\n");
}

static void
table_head(struct md *m, const char *const *titles, const bool *right, size_t n)
{
    buf_addch(m->out, '|');
    for (size_t i = 0; i < n; i++) {
        buf_addch(m->out, ' ');
        escape(m->out, titles[i], true);
        buf_addstr(m->out, " |");
    }
    buf_addstr(m->out, "\n|");
    for (size_t i = 0; i < n; i++)
        buf_addstr(m->out, right != NULL && right[i] ? " ---: |" : " --- |");
    buf_addch(m->out, '\n');
}

static void
table_row(struct md *m, const char *const *cells, size_t n)
{
    buf_addch(m->out, '|');
    for (size_t i = 0; i < n; i++) {
        buf_addch(m->out, ' ');
        escape(m->out, cells[i], true);
        buf_addstr(m->out, " |");
    }
    buf_addch(m->out, '\n');
}

/* A label/count table from rows with @label_field and "count". */
static void
count_table(struct md *m, const char *label_title, const json_t *rows, const char *label_field,
            bool numbered)
{
    const char *head[] = {label_title, t(m, "report_col_actions")};
    const bool right[] = {false, true};
    table_head(m, head, right, 2);
    size_t i;
    const json_t *r;
    json_array_foreach(rows, i, r)
    {
        char label[400], count[32];
        if (numbered)
            snprintf(label, sizeof(label), "%lld. %s",
                     (long long)json_integer_value(json_object_get(r, "number")),
                     report_text(r, label_field));
        else
            snprintf(label, sizeof(label), "%s", report_text(r, label_field));
        i18n_format_count(m->lang, (uint64_t)json_integer_value(json_object_get(r, "count")), count,
                          sizeof(count));
        const char *cells[] = {label, count};
        table_row(m, cells, 2);
    }
    buf_addch(m->out, '\n');
}

static const char *
title_of(const struct md *m, const char *section)
{
    return report_text(json_object_get(m->doc, "titles"), section);
}

static bool
has_section(const struct md *m, const char *section)
{
    return json_object_get(json_object_get(m->doc, "titles"), section) != NULL;
}

static void
figures(struct md *m)
{
    size_t i;
    const json_t *f;
    json_array_foreach(json_object_get(m->doc, "figures"), i, f)
    {
        buf_addstr(m->out, "- **");
        escape(m->out, report_text(f, "value"), true);
        buf_addstr(m->out, "** ");
        escape(m->out, report_text(f, "label"), true);
        buf_addch(m->out, '\n');
    }
    buf_addch(m->out, '\n');
}

static void
progress_cell(struct md *m, const json_t *p, char *out, size_t cap)
{
    if (!json_is_object(p)) {
        snprintf(out, cap, "%s", t(m, "report_progress_no_data"));
        return;
    }
    const char *pct = report_text(p, "percent_text");
    snprintf(
        out, cap, "%s%s%s%s%s%s", pct, *pct ? " \xc2\xb7 " : "", report_text(p, "status_label"),
        *report_text(p, "last_update_text") ? " \xc2\xb7 " : "", report_text(p, "last_update_text"),
        json_is_true(json_object_get(p, "stale")) ? " \xc2\xb7 \xe2\x9a\xa0" : "");
}

static void
progress_summary(struct md *m, const json_t *summary)
{
    if (!json_is_true(json_object_get(summary, "any"))) {
        paragraph(m, t(m, "report_no_actions"));
        return;
    }
    paragraph(m, report_text(summary, "tracked_text"));
    count_table(m, t(m, "report_col_progress"), json_object_get(summary, "rows"), "label", false);
    if (json_integer_value(json_object_get(summary, "stale")) > 0)
        paragraph(m, report_text(summary, "stale_text"));
}

/* ---- the forum report ---- */

static void
forum(struct md *m)
{
    const json_t *doc = m->doc;
    size_t i, k, n;
    const json_t *r, *g, *day, *s, *p;

    heading(m, 2, title_of(m, "overview"));
    paragraph(m, report_text(doc, "description"));
    figures(m);
    json_array_foreach(json_object_get(doc, "highlights"), i, g)
    {
        buf_addstr(m->out, "- ");
        item(m->out, json_string_value(g));
        buf_addch(m->out, '\n');
    }
    buf_addch(m->out, '\n');

    if (has_section(m, "delegation")) {
        heading(m, 2, title_of(m, "delegation"));
        const char *head[] = {t(m, "report_col_government"), t(m, "report_col_country"),
                              t(m, "report_col_region"), t(m, "report_col_delegation")};
        table_head(m, head, NULL, 4);
        json_array_foreach(json_object_get(doc, "regions"), i, r)
        {
            json_array_foreach(json_object_get(r, "governments"), k, g)
            {
                const char *cells[] = {
                    report_text(g, "name"), report_text(g, "country"), report_text(r, "name"),
                    json_is_true(json_object_get(g, "national_delegation")) ? t(m, "report_yes")
                                                                            : "\xe2\x80\x94"};
                table_row(m, cells, 4);
            }
        }
        buf_addch(m->out, '\n');
        if (json_array_size(json_object_get(doc, "associations")) > 0) {
            heading(m, 3, t(m, "report_associations"));
            json_array_foreach(json_object_get(doc, "associations"), i, g)
            {
                buf_addstr(m->out, "- ");
                item(m->out, report_text(g, "name"));
                buf_addstr(m->out, " (");
                escape(m->out, report_text(g, "country"), true);
                buf_addstr(m->out, ")\n");
            }
            buf_addch(m->out, '\n');
        }
    }

    if (has_section(m, "glance")) {
        heading(m, 2, title_of(m, "glance"));
        paragraph(m, t(m, "report_glance_intro"));
        const char *head[] = {t(m, "report_col_day"), t(m, "report_col_time"),
                              t(m, "report_col_activity"), t(m, "report_col_local")};
        table_head(m, head, NULL, 4);
        json_array_foreach(json_object_get(doc, "days"), i, day)
        {
            json_array_foreach(json_object_get(day, "sessions"), k, s)
            {
                char activity[1000];
                snprintf(activity, sizeof(activity), "%s (%s)", report_text(s, "title"),
                         report_text(s, "kind_label"));
                const char *cells[] = {report_text(day, "label"), report_text(s, "time"), activity,
                                       *report_text(s, "local") ? report_text(s, "local")
                                                                : "\xe2\x80\x94"};
                table_row(m, cells, 4);
            }
        }
        buf_addch(m->out, '\n');
    }

    if (has_section(m, "days")) {
        heading(m, 2, title_of(m, "days"));
        json_array_foreach(json_object_get(doc, "days"), i, day)
        {
            heading(m, 3, report_text(day, "heading"));
            json_array_foreach(json_object_get(day, "sessions"), k, s)
            {
                char line[600];
                heading(m, 4, report_text(s, "title"));
                snprintf(line, sizeof(line), "%s%s%s%s%s", report_text(s, "kind_label"),
                         *report_text(s, "time") ? " \xc2\xb7 " : "", report_text(s, "time"),
                         *report_text(s, "room") ? " \xc2\xb7 " : "", report_text(s, "room"));
                buf_addch(m->out, '*');
                escape(m->out, line, true);
                buf_addstr(m->out, "*\n\n");
                paragraph(m, report_text(s, "summary"));
                json_array_foreach(json_object_get(s, "participants"), n, p)
                {
                    buf_addstr(m->out, "- ");
                    item(m->out, report_text(p, "name"));
                    if (*report_text(p, "title") != '\0') {
                        buf_addstr(m->out, ", ");
                        escape(m->out, report_text(p, "title"), true);
                    }
                    if (*report_text(p, "where") != '\0') {
                        buf_addstr(m->out, " \xe2\x80\x94 ");
                        escape(m->out, report_text(p, "where"), true);
                    }
                    buf_addstr(m->out, " (");
                    escape(m->out, report_text(p, "role_label"), true);
                    buf_addstr(m->out, ")\n");
                }
                if (json_array_size(json_object_get(s, "participants")) > 0)
                    buf_addch(m->out, '\n');
            }
        }
    }

    heading(m, 2, title_of(m, "actions"));
    heading(m, 3, t(m, "report_coverage"));
    paragraph(m, report_text(json_object_get(doc, "coverage"), "covered_text"));
    count_table(m, t(m, "report_col_objective"),
                json_object_get(json_object_get(doc, "coverage"), "items"), "label", true);
    heading(m, 3, t(m, "report_actions_by_region"));
    count_table(m, t(m, "report_col_region"), json_object_get(doc, "action_regions"), "name",
                false);
    heading(m, 3, t(m, "report_implementation"));
    count_table(m, t(m, "report_col_status"), json_object_get(doc, "implementation"), "label",
                false);
    if (json_array_size(json_object_get(doc, "paragraphs")) > 0) {
        heading(m, 3, t(m, "report_paragraphs"));
        paragraph(m, t(m, "report_paragraphs_intro"));
        const char *head[] = {t(m, "report_col_paragraph"), t(m, "report_col_topic"),
                              t(m, "report_col_stance"), t(m, "report_col_actions")};
        const bool right[] = {true, false, false, true};
        table_head(m, head, right, 4);
        json_array_foreach(json_object_get(doc, "paragraphs"), i, r)
        {
            char number[24], count[32];
            snprintf(number, sizeof(number), "%lld",
                     (long long)json_integer_value(json_object_get(r, "number")));
            i18n_format_count(m->lang, (uint64_t)json_integer_value(json_object_get(r, "count")),
                              count, sizeof(count));
            const char *cells[] = {number, report_text(r, "topic"), report_text(r, "stance_label"),
                                   count};
            table_row(m, cells, 4);
        }
        buf_addch(m->out, '\n');
    }

    if (has_section(m, "objectives")) {
        heading(m, 2, title_of(m, "objectives"));
        paragraph(m, t(m, "report_objectives_intro"));
        json_array_foreach(json_object_get(doc, "objectives"), i, g)
        {
            heading(m, 3, report_text(g, "heading"));
            const char *head[] = {t(m, "report_col_action"), t(m, "report_col_governments"),
                                  t(m, "report_col_objectives"), t(m, "report_col_status"),
                                  t(m, "report_col_progress")};
            table_head(m, head, NULL, 5);
            json_array_foreach(json_object_get(g, "actions"), k, r)
            {
                char progress[300];
                progress_cell(m, json_object_get(r, "progress"), progress, sizeof(progress));
                const char *cells[] = {report_text(r, "title"), report_text(r, "governments"),
                                       report_text(r, "objectives"), report_text(r, "status_label"),
                                       progress};
                table_row(m, cells, 5);
            }
            buf_addch(m->out, '\n');
        }
    }

    heading(m, 2, title_of(m, "progress"));
    paragraph(m, t(m, "report_progress_intro"));
    progress_summary(m, json_object_get(doc, "progress"));
    heading(m, 3, t(m, "report_earlier"));
    if (json_array_size(json_object_get(doc, "earlier")) == 0)
        paragraph(m, t(m, "report_earlier_none"));
    json_array_foreach(json_object_get(doc, "earlier"), i, g)
    {
        char line[600];
        snprintf(line, sizeof(line), "%s \xc2\xb7 %s \xc2\xb7 %s", report_text(g, "name"),
                 report_text(g, "dates"), report_text(g, "actions"));
        heading(m, 4, line);
        progress_summary(m, json_object_get(g, "progress"));
    }
}

/* ---- the government profile ---- */

static void
government(struct md *m)
{
    const json_t *doc = m->doc, *p = json_object_get(doc, "profile");
    size_t i, k;
    const json_t *a, *r, *f, *s;
    heading(m, 2, title_of(m, "overview"));
    figures(m);
    static const struct {
        const char *field, *label_key;
    } facts[] = {{"kind_label", "kind"},
                 {"country", "country"},
                 {"region", "report_col_region"},
                 {"subdivision", "subdivision"},
                 {"population", "population"},
                 {"website", "website"},
                 {"marrakech", "marrakech_declaration"}};
    for (size_t n = 0; n < ARRAY_LEN(facts); n++) {
        if (*report_text(p, facts[n].field) == '\0')
            continue;
        buf_addstr(m->out, "- **");
        escape(m->out, t(m, facts[n].label_key), true);
        buf_addstr(m->out, ":** ");
        escape(m->out, report_text(p, facts[n].field), true);
        buf_addch(m->out, '\n');
    }
    json_array_foreach(json_object_get(p, "networks"), i, a)
    {
        buf_addstr(m->out, i == 0 ? "- **" : "");
        if (i == 0) {
            escape(m->out, t(m, "networks"), true);
            buf_addstr(m->out, ":** ");
        } else {
            buf_addstr(m->out, "; ");
        }
        escape(m->out, json_string_value(a), true);
    }
    buf_addstr(m->out, json_array_size(json_object_get(p, "networks")) > 0 ? "\n\n" : "\n");

    if (has_section(m, "actions")) {
        heading(m, 2, title_of(m, "actions"));
        heading(m, 3, t(m, "report_coverage"));
        paragraph(m, report_text(json_object_get(doc, "coverage"), "covered_text"));
        count_table(m, t(m, "report_col_objective"),
                    json_object_get(json_object_get(doc, "coverage"), "items"), "label", true);
        heading(m, 3, t(m, "report_progress_heading"));
        progress_summary(m, json_object_get(doc, "progress"));
        paragraph(m, t(m, "report_stale_legend"));
        json_array_foreach(json_object_get(doc, "actions"), i, a)
        {
            char line[800], progress[300];
            heading(m, 3, report_text(a, "heading"));
            snprintf(line, sizeof(line), "%s \xc2\xb7 %s%s%s%s%s%s", report_text(a, "kind_label"),
                     report_text(a, "status_label"), *report_text(a, "period") ? " \xc2\xb7 " : "",
                     report_text(a, "period"), *report_text(a, "objectives") ? " \xc2\xb7 " : "",
                     *report_text(a, "objectives") ? t(m, "report_col_objectives") : "",
                     *report_text(a, "objectives") ? " " : "");
            buf_addch(m->out, '*');
            escape(m->out, line, true);
            escape(m->out, report_text(a, "objectives"), true);
            buf_addstr(m->out, "*\n\n");
            paragraph(m, report_text(a, "summary"));
            progress_cell(m, json_object_get(a, "progress"), progress, sizeof(progress));
            buf_addstr(m->out, "**");
            escape(m->out, t(m, "report_col_progress"), true);
            buf_addstr(m->out, ":** ");
            escape(m->out, progress, true);
            buf_addstr(m->out, "\n\n");
            const json_t *targets = json_object_get(a, "targets");
            if (json_array_size(targets) == 0) {
                paragraph(m, t(m, "report_no_targets"));
                continue;
            }
            const char *head[] = {t(m, "report_col_target"), t(m, "report_col_baseline"),
                                  t(m, "report_col_goal"),   t(m, "report_col_deadline"),
                                  t(m, "report_col_latest"), t(m, "report_col_status")};
            const bool right[] = {false, true, true, false, true, false};
            table_head(m, head, right, 6);
            json_array_foreach(targets, k, r)
            {
                struct report_target_row row = {0};
                report_target_row(r, ", ", " \xc2\xb7 ", &row);
                table_row(m, row.cells, 6);
            }
            buf_addch(m->out, '\n');
        }
    }

    if (has_section(m, "forums")) {
        heading(m, 2, title_of(m, "forums"));
        json_array_foreach(json_object_get(doc, "forums"), i, f)
        {
            heading(m, 3, report_text(f, "heading"));
            char line[600];
            snprintf(line, sizeof(line), "%s%s%s%s%s", report_text(f, "dates"),
                     *report_text(f, "place") ? " \xc2\xb7 " : "", report_text(f, "place"),
                     json_is_true(json_object_get(f, "national_delegation")) ? " \xc2\xb7 " : "",
                     json_is_true(json_object_get(f, "national_delegation"))
                         ? t(m, "report_in_delegation")
                         : "");
            paragraph(m, line);
            if (json_array_size(json_object_get(f, "sessions")) == 0)
                continue;
            const char *head[] = {t(m, "report_col_day"), t(m, "report_col_activity"),
                                  t(m, "report_col_person"), t(m, "report_col_role")};
            table_head(m, head, NULL, 4);
            json_array_foreach(json_object_get(f, "sessions"), k, s)
            {
                char activity[800];
                snprintf(activity, sizeof(activity), "%s (%s)", report_text(s, "title"),
                         report_text(s, "kind_label"));
                const char *cells[] = {report_text(s, "day"), activity, report_text(s, "person"),
                                       report_text(s, "role_label")};
                table_row(m, cells, 4);
            }
            buf_addch(m->out, '\n');
        }
    }
}

void
report_markdown(const json_t *doc, struct buf *out)
{
    struct md m = {out, report_lang(doc), doc};
    heading(&m, 1, report_text(doc, "title"));
    buf_addch(out, '*');
    escape(out, report_text(doc, "eyebrow"), true);
    if (*report_text(doc, "subtitle") != '\0') {
        buf_addstr(out, " \xc2\xb7 ");
        escape(out, report_text(doc, "subtitle"), true);
    }
    buf_addstr(out, "*\n\n");
    heading(&m, 2, t(&m, "report_contents"));
    size_t i;
    const json_t *s;
    json_array_foreach(json_object_get(doc, "sections"), i, s)
    {
        buf_addstr(out, "- ");
        item(out, report_text(s, "title"));
        buf_addch(out, '\n');
    }
    buf_addch(out, '\n');
    if (json_is_true(json_object_get(doc, "is_forum")))
        forum(&m);
    else
        government(&m);
    heading(&m, 2, title_of(&m, "about"));
    static const struct {
        const char *text_key;
        bool forum, government;
    } texts[] = {
        {"report_about_data", true, true},     {"report_about_figures", true, false},
        {"report_about_regions", true, false}, {"report_about_sessions", true, false},
        {"report_about_vlr", false, true},     {"report_about_progress", true, true},
    };
    bool is_forum = json_is_true(json_object_get(doc, "is_forum"));
    for (size_t k = 0; k < ARRAY_LEN(texts); k++) {
        if (is_forum ? texts[k].forum : texts[k].government)
            paragraph(&m, t(&m, texts[k].text_key));
    }
    paragraph(&m, report_text(doc, "note"));
}
