/* The PDF typesetter. Blocks are kept as a list (strings in one arena) until pdf_doc_write(),
 * which runs the same layout twice: a measuring pass without a surface records the page of
 * every heading, then the drawing pass writes the title page, the contents list (whose length
 * depends only on the number of headings) and the content pages. Both passes take the same
 * decisions from the same measurements, so the contents list points where the headings are. */
#include "report/pdf.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/limits.h"
#include "util/xalloc.h"

/* A4 in points, and the text block */
#define PAGE_W        595.276
#define PAGE_H        841.89
#define MARGIN_X      56.7
#define MARGIN_TOP    60.0
#define MARGIN_BOTTOM 66.0
#define TEXT_W        (PAGE_W - 2 * MARGIN_X)
#define TEXT_BOTTOM   (PAGE_H - MARGIN_BOTTOM)
#define FOOTER_Y      (PAGE_H - 40.0)

#define CELL_PAD    3.5 /* inside a table cell, around its text */
#define FIGURES_ROW 4   /* big numbers side by side */
#define FIGURE_GAP  8.0
#define BAR_LABEL_W 0.36 /* share of the width for a bar's label */
#define BAR_VALUE_W 54.0 /* room for the value after the longest bar */
#define TOC_INDENT  14.0
#define PDF_BATCHES 8 /* fonts x colours of a page's table text */

struct rgb {
    double r, g, b;
};
static const struct rgb NAVY = {0.043, 0.235, 0.365}; /* #0b3c5d, the site's */
static const struct rgb BLUE = {0.122, 0.373, 0.545}; /* #1f5f8b */
static const struct rgb INK = {0.102, 0.125, 0.173};  /* #1a202c */
static const struct rgb MUTED = {0.29, 0.333, 0.408}; /* #4a5568 */
static const struct rgb LINE = {0.835, 0.867, 0.898}; /* #d5dde5 */
static const struct rgb TINT = {0.957, 0.969, 0.98};  /* #f4f7fa */
static const struct rgb AMBER = {0.949, 0.663, 0.0};  /* #f2a900 */

enum block_kind {
    BLOCK_HEADING,
    BLOCK_PARAGRAPH,
    BLOCK_SPACE,
    BLOCK_FIGURES,
    BLOCK_BARS,
    BLOCK_TABLE,
    BLOCK_GROUP,
    BLOCK_ROW,
    BLOCK_TABLE_END,
};

struct block {
    enum block_kind kind;
    int arg;      /* heading level, paragraph style, table columns */
    size_t first; /* first string (or column) */
    size_t n;     /* strings (or items) */
    double value; /* space; the first bar's value index; a table's header height */
};

struct column {
    size_t title; /* string index */
    double x, width;
    enum pdf_align align;
    bool bold_first_line;
};

struct toc_entry {
    int level;
    size_t text; /* string index */
    size_t page; /* content page index, 0-based */
    double y;
};

struct pdf_doc {
    struct pdf_fonts *fonts;
    struct buf arena; /* every string, NUL-terminated */
    size_t *strings;  /* offsets into arena */
    size_t n_strings, cap_strings;
    struct block *blocks;
    size_t n_blocks, cap_blocks;
    struct column *columns;
    size_t n_columns, cap_columns;
    double *values;
    size_t n_values, cap_values;
    struct toc_entry *toc;
    size_t n_toc, cap_toc;
    size_t info[9]; /* string indexes of struct pdf_info's texts, in its order */
    int64_t created_at;
    size_t open_table; /* block of the table being added, or SIZE_MAX */
    size_t pages;      /* of the latest write */
};

enum info_field {
    INFO_EYEBROW,
    INFO_TITLE,
    INFO_SUBTITLE,
    INFO_NOTE,
    INFO_CONTENTS,
    INFO_PAGE_LABEL,
    INFO_FOOTER,
    INFO_AUTHOR,
};

/* ---- building ---- */

static size_t
add_string(struct pdf_doc *d, const char *s)
{
    if (d->n_strings == d->cap_strings) {
        d->cap_strings = d->cap_strings * 2 + 256;
        d->strings = xreallocarray(d->strings, d->cap_strings, sizeof(*d->strings));
    }
    d->strings[d->n_strings] = d->arena.len;
    buf_addstr(&d->arena, s != NULL ? s : "");
    buf_addch(&d->arena, '\0');
    return d->n_strings++;
}

static const char *
string_at(const struct pdf_doc *d, size_t i)
{
    return d->arena.err == ERR_OK ? d->arena.data + d->strings[i] : "";
}

static struct block *
add_block(struct pdf_doc *d, enum block_kind kind, int arg)
{
    if (d->n_blocks == d->cap_blocks) {
        d->cap_blocks = d->cap_blocks * 2 + 64;
        d->blocks = xreallocarray(d->blocks, d->cap_blocks, sizeof(*d->blocks));
    }
    struct block *b = &d->blocks[d->n_blocks++];
    *b = (struct block){kind, arg, d->n_strings, 0, 0};
    return b;
}

enum err
pdf_doc_new(struct pdf_doc **out, const struct pdf_info *info, char *why, size_t why_len)
{
    struct pdf_doc *d = xcalloc(1, sizeof(*d));
    enum err e = pdf_fonts_new(&d->fonts, why, why_len);
    if (e != ERR_OK) {
        free(d);
        return e;
    }
    buf_init(&d->arena, LIMIT_REPORT_BYTES);
    const char *texts[] = {info->eyebrow,  info->title,      info->subtitle, info->note,
                           info->contents, info->page_label, info->footer,   info->author};
    for (size_t i = 0; i < ARRAY_LEN(texts); i++)
        d->info[i] = add_string(d, texts[i]);
    d->created_at = info->created_at;
    d->open_table = SIZE_MAX;
    *out = d;
    return ERR_OK;
}

void
pdf_doc_free(struct pdf_doc *d)
{
    if (d == NULL)
        return;
    pdf_fonts_free(d->fonts);
    buf_release(&d->arena);
    free(d->strings);
    free(d->blocks);
    free(d->columns);
    free(d->values);
    free(d->toc);
    free(d);
}

void
pdf_heading(struct pdf_doc *d, int level, const char *text)
{
    struct block *b = add_block(d, BLOCK_HEADING, level < 1 ? 1 : level > 3 ? 3 : level);
    add_string(d, text);
    b->n = 1;
}

void
pdf_paragraph(struct pdf_doc *d, enum pdf_style style, const char *text)
{
    struct block *b = add_block(d, BLOCK_PARAGRAPH, (int)style);
    add_string(d, text);
    b->n = 1;
}

void
pdf_space(struct pdf_doc *d, double points)
{
    add_block(d, BLOCK_SPACE, 0)->value = points;
}

void
pdf_figures(struct pdf_doc *d, const struct pdf_figure *figures, size_t n)
{
    struct block *b = add_block(d, BLOCK_FIGURES, 0);
    for (size_t i = 0; i < n; i++) {
        add_string(d, figures[i].value);
        add_string(d, figures[i].label);
    }
    b->n = n;
}

void
pdf_bars(struct pdf_doc *d, const struct pdf_bar *bars, size_t n)
{
    struct block *b = add_block(d, BLOCK_BARS, 0);
    b->value = (double)d->n_values;
    for (size_t i = 0; i < n; i++) {
        add_string(d, bars[i].label);
        add_string(d, bars[i].value_text);
        if (d->n_values == d->cap_values) {
            d->cap_values = d->cap_values * 2 + 64;
            d->values = xreallocarray(d->values, d->cap_values, sizeof(*d->values));
        }
        d->values[d->n_values++] = bars[i].value > 0 ? bars[i].value : 0;
    }
    b->n = n;
}

void
pdf_table_begin(struct pdf_doc *d, const struct pdf_column *columns, size_t n)
{
    if (n > PDF_TABLE_COLUMNS)
        n = PDF_TABLE_COLUMNS;
    d->open_table = d->n_blocks;
    struct block *b = add_block(d, BLOCK_TABLE, (int)n);
    b->first = d->n_columns;
    b->n = n;
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += columns[i].width > 0 ? columns[i].width : 1;
    double x = MARGIN_X;
    for (size_t i = 0; i < n; i++) {
        if (d->n_columns == d->cap_columns) {
            d->cap_columns = d->cap_columns * 2 + 16;
            d->columns = xreallocarray(d->columns, d->cap_columns, sizeof(*d->columns));
        }
        double w = (columns[i].width > 0 ? columns[i].width : 1) / total * TEXT_W;
        d->columns[d->n_columns++] = (struct column){add_string(d, columns[i].title), x, w,
                                                     columns[i].align, columns[i].bold_first_line};
        x += w;
    }
}

void
pdf_table_group(struct pdf_doc *d, const char *text)
{
    if (d->open_table == SIZE_MAX)
        return;
    struct block *b = add_block(d, BLOCK_GROUP, 0);
    add_string(d, text);
    b->n = 1;
}

void
pdf_table_row(struct pdf_doc *d, const char *const *cells)
{
    if (d->open_table == SIZE_MAX)
        return;
    size_t n = d->blocks[d->open_table].n;
    struct block *b = add_block(d, BLOCK_ROW, 0);
    for (size_t i = 0; i < n; i++)
        add_string(d, cells[i]);
    b->n = n;
}

void
pdf_table_end(struct pdf_doc *d)
{
    if (d->open_table == SIZE_MAX)
        return;
    add_block(d, BLOCK_TABLE_END, 0);
    d->open_table = SIZE_MAX;
}

size_t
pdf_doc_pages(const struct pdf_doc *d)
{
    return d->pages;
}

/* ---- laying out ---- */

/* One run over the blocks. Without @cr it only measures. */
struct pass {
    struct pdf_doc *d;
    cairo_t *cr;
    size_t page;        /* content page, from 0 */
    size_t first_page;  /* the page number of content page 0 */
    size_t total_pages; /* known in the drawing pass */
    double y;
    bool page_empty;
    const struct block *table; /* open table, for the header on each page */
    size_t toc_next;
    /* the rules under table rows on this page, stroked together when the page ends: cairo's
     * PDF surface pays for every drawing operation twice (it records, then replays) */
    double *rules;
    size_t n_rules, cap_rules;
    /* the page's table text by font and colour, drawn together when the page ends */
    struct batch {
        enum pdf_style style;
        struct rgb colour;
        cairo_glyph_t *glyphs;
        size_t n, cap;
    } batches[PDF_BATCHES];
    size_t n_batches;
};

static void
set_colour(cairo_t *cr, struct rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void
fill_rect(cairo_t *cr, struct rgb c, double x, double y, double w, double h)
{
    set_colour(cr, c);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
}

static void
hline(cairo_t *cr, struct rgb c, double x, double y, double w, double width)
{
    set_colour(cr, c);
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + w, y);
    cairo_stroke(cr);
}

/* "Page {page} of {pages}" filled in. */
static void
page_label(const struct pdf_doc *d, size_t page, size_t pages, char *out, size_t cap)
{
    const char *pattern = string_at(d, d->info[INFO_PAGE_LABEL]);
    size_t o = 0;
    for (const char *s = pattern; *s != '\0' && o + 1 < cap;) {
        if (strncmp(s, "{page}", 6) == 0) {
            o += (size_t)snprintf(out + o, cap - o, "%zu", page);
            s += 6;
        } else if (strncmp(s, "{pages}", 7) == 0) {
            o += (size_t)snprintf(out + o, cap - o, "%zu", pages);
            s += 7;
        } else {
            out[o++] = *s++;
        }
        if (o >= cap)
            o = cap - 1;
    }
    out[o] = '\0';
}

static void
draw_footer(struct pdf_doc *d, cairo_t *cr, size_t page, size_t pages)
{
    char label[160];
    page_label(d, page, pages, label, sizeof(label));
    hline(cr, LINE, MARGIN_X, FOOTER_Y - 6, TEXT_W, 0.6);
    set_colour(cr, MUTED);
    struct pdf_fonts *f = d->fonts;
    double right = pdf_text_width(f, PDF_STYLE_FOOTER, label);
    pdf_text_layout(f, PDF_STYLE_FOOTER, string_at(d, d->info[INFO_FOOTER]),
                    strlen(string_at(d, d->info[INFO_FOOTER])), TEXT_W - right - 20, 1);
    pdf_text_draw_line(f, cr, 0, MARGIN_X, FOOTER_Y, TEXT_W, PDF_ALIGN_LEFT);
    pdf_text_draw(f, cr, PDF_STYLE_FOOTER, label, MARGIN_X, FOOTER_Y, TEXT_W, PDF_ALIGN_RIGHT);
}

static void draw_table_header(struct pass *p);

/* A rule under a table row at @y, drawn with the page's others by flush_rules(). */
static void
add_rule(struct pass *p, double y)
{
    if (p->n_rules == p->cap_rules) {
        p->cap_rules = p->cap_rules * 2 + 64;
        p->rules = xreallocarray(p->rules, p->cap_rules, sizeof(*p->rules));
    }
    p->rules[p->n_rules++] = y;
}

/* Queues the glyphs of the last layout (the caller's) in the page's batch of @style and
 * @colour; text pango laid out is drawn at once. */
static void
queue_text(struct pass *p, enum pdf_style style, struct rgb colour, double x, double y,
           double width, enum pdf_align align)
{
    struct pdf_fonts *f = p->d->fonts;
    struct batch *b = NULL;
    for (size_t i = 0; i < p->n_batches && b == NULL; i++) {
        struct batch *c = &p->batches[i];
        if (c->style == style && c->colour.r == colour.r && c->colour.g == colour.g &&
            c->colour.b == colour.b)
            b = c;
    }
    if (b == NULL && p->n_batches < PDF_BATCHES) {
        b = &p->batches[p->n_batches++];
        b->style = style;
        b->colour = colour;
        b->n = 0;
    }
    if (b == NULL || pdf_text_is_pango(f)) {
        set_colour(p->cr, colour);
        pdf_text_draw_lines(f, p->cr, x, y, width, align);
        return;
    }
    pdf_text_place_lines(f, x, y, width, align, &b->glyphs, &b->n, &b->cap);
}

static void
flush_text(struct pass *p)
{
    for (size_t i = 0; p->cr != NULL && i < p->n_batches; i++) {
        struct batch *b = &p->batches[i];
        if (b->n == 0)
            continue;
        set_colour(p->cr, b->colour);
        cairo_set_scaled_font(p->cr, pdf_text_font(p->d->fonts, b->style));
        cairo_show_glyphs(p->cr, b->glyphs, (int)b->n);
        b->n = 0;
    }
}

static void
free_batches(struct pass *p)
{
    for (size_t i = 0; i < PDF_BATCHES; i++)
        free(p->batches[i].glyphs);
    free(p->rules);
}

static void
flush_rules(struct pass *p)
{
    if (p->cr == NULL || p->n_rules == 0)
        return;
    set_colour(p->cr, LINE);
    cairo_set_line_width(p->cr, 0.5);
    for (size_t i = 0; i < p->n_rules; i++) {
        cairo_move_to(p->cr, MARGIN_X, p->rules[i]);
        cairo_line_to(p->cr, MARGIN_X + TEXT_W, p->rules[i]);
    }
    cairo_stroke(p->cr);
    p->n_rules = 0;
}

static void
new_page(struct pass *p)
{
    if (p->cr != NULL) {
        flush_rules(p);
        flush_text(p);
        draw_footer(p->d, p->cr, p->first_page + p->page, p->total_pages);
        cairo_show_page(p->cr);
    }
    p->page++;
    p->y = MARGIN_TOP;
    p->page_empty = true;
    if (p->table != NULL)
        draw_table_header(p);
}

/* Makes room for @h points, on a new page when this one lacks it. */
static void
ensure(struct pass *p, double h)
{
    if (p->y + h > TEXT_BOTTOM && !p->page_empty)
        new_page(p);
}

/* Lays out @text in @style and draws (or measures) it line by line from p->y, breaking to the
 * next page between lines. */
static void
flow_text(struct pass *p, enum pdf_style style, const char *text, double x, double width,
          enum pdf_align align)
{
    struct pdf_fonts *f = p->d->fonts;
    double lh = pdf_line_height(f, style);
    size_t n = pdf_text_layout(f, style, text, strlen(text), width, 0);
    for (size_t i = 0; i < n; i++) {
        if (p->y + lh > TEXT_BOTTOM && !p->page_empty) {
            new_page(p);
            /* a table header drawn on the new page laid out other text: lay this out again */
            n = pdf_text_layout(f, style, text, strlen(text), width, 0);
        }
        if (p->cr != NULL)
            pdf_text_draw_line(f, p->cr, i, x, p->y, width, align);
        p->y += lh;
        p->page_empty = false;
    }
}

static double lead_height(struct pass *p, const struct block *b, const struct block *table,
                          int depth);

static void
do_heading(struct pass *p, const struct block *b)
{
    struct pdf_doc *d = p->d;
    const char *text = string_at(d, b->first);
    enum pdf_style style = b->arg == 1 ? PDF_STYLE_H1 : b->arg == 2 ? PDF_STYLE_H2 : PDF_STYLE_H3;
    double before = b->arg == 1 ? 0 : b->arg == 2 ? 12 : 8;
    if (b->arg == 1 && !p->page_empty)
        new_page(p);
    else
        ensure(p, lead_height(p, b, p->table, 0));
    if (!p->page_empty)
        p->y += before;
    if (b->arg <= 2) {
        if (p->toc_next < d->n_toc && p->cr == NULL) {
            d->toc[p->toc_next].page = p->page;
            d->toc[p->toc_next].y = p->y;
        }
        p->toc_next++;
    }
    if (p->cr != NULL)
        set_colour(p->cr, NAVY);
    flow_text(p, style, text, MARGIN_X, TEXT_W, PDF_ALIGN_LEFT);
    if (b->arg == 1) {
        if (p->cr != NULL)
            fill_rect(p->cr, AMBER, MARGIN_X, p->y + 2, 48, 3);
        p->y += 14;
    } else {
        p->y += 3;
    }
}

static void
do_paragraph(struct pass *p, const struct block *b)
{
    enum pdf_style style = (enum pdf_style)b->arg;
    ensure(p, lead_height(p, b, p->table, 0));
    if (p->cr != NULL)
        set_colour(p->cr, style == PDF_STYLE_SMALL ? MUTED : INK);
    flow_text(p, style, string_at(p->d, b->first), MARGIN_X, TEXT_W, PDF_ALIGN_LEFT);
    p->y += pdf_line_height(p->d->fonts, style) * 0.5;
}

static void
do_figures(struct pass *p, const struct block *b)
{
    struct pdf_doc *d = p->d;
    struct pdf_fonts *f = d->fonts;
    double w = (TEXT_W - FIGURE_GAP * (FIGURES_ROW - 1)) / FIGURES_ROW;
    double inner = w - 2 * 8;
    for (size_t row = 0; row < b->n; row += FIGURES_ROW) {
        size_t end = row + FIGURES_ROW < b->n ? row + FIGURES_ROW : b->n;
        double h = 0;
        for (size_t i = row; i < end; i++) {
            double fh =
                pdf_text_height(f, PDF_STYLE_FIGURE, string_at(d, b->first + 2 * i), inner) +
                pdf_text_height(f, PDF_STYLE_SMALL, string_at(d, b->first + 2 * i + 1), inner);
            h = fh > h ? fh : h;
        }
        h += 2 * 8;
        ensure(p, h);
        for (size_t i = row; i < end && p->cr != NULL; i++) {
            double x = MARGIN_X + (double)(i - row) * (w + FIGURE_GAP);
            fill_rect(p->cr, TINT, x, p->y, w, h);
            fill_rect(p->cr, NAVY, x, p->y, 3, h);
            set_colour(p->cr, NAVY);
            double vh = pdf_text_draw(f, p->cr, PDF_STYLE_FIGURE, string_at(d, b->first + 2 * i),
                                      x + 8, p->y + 8, inner, PDF_ALIGN_LEFT);
            set_colour(p->cr, MUTED);
            pdf_text_draw(f, p->cr, PDF_STYLE_SMALL, string_at(d, b->first + 2 * i + 1), x + 8,
                          p->y + 8 + vh, inner, PDF_ALIGN_LEFT);
        }
        p->y += h + FIGURE_GAP;
        p->page_empty = false;
    }
    p->y += 4;
}

static void
do_bars(struct pass *p, const struct block *b)
{
    struct pdf_doc *d = p->d;
    struct pdf_fonts *f = d->fonts;
    const double *values = d->values + (size_t)b->value;
    double max = 0;
    for (size_t i = 0; i < b->n; i++)
        max = values[i] > max ? values[i] : max;
    double label_w = TEXT_W * BAR_LABEL_W;
    double bar_x = MARGIN_X + label_w + 6;
    double bar_w = TEXT_W - label_w - 6 - BAR_VALUE_W;
    double lh = pdf_line_height(f, PDF_STYLE_TABLE);
    double row_h = lh + 5;
    for (size_t i = 0; i < b->n; i++) {
        ensure(p, row_h);
        if (p->cr != NULL) {
            const char *label = string_at(d, b->first + 2 * i);
            set_colour(p->cr, INK);
            pdf_text_layout(f, PDF_STYLE_TABLE, label, strlen(label), label_w, 1);
            pdf_text_draw_line(f, p->cr, 0, MARGIN_X, p->y + 2.5, label_w, PDF_ALIGN_LEFT);
            double len = max > 0 ? values[i] / max * bar_w : 0;
            if (len > 0)
                fill_rect(p->cr, BLUE, bar_x, p->y + 3, len < 1 ? 1 : len, row_h - 6);
            set_colour(p->cr, INK);
            pdf_text_draw(f, p->cr, PDF_STYLE_TABLE_BOLD, string_at(d, b->first + 2 * i + 1),
                          bar_x + len + 4, p->y + 2.5, BAR_VALUE_W + bar_w - len - 4,
                          PDF_ALIGN_LEFT);
        }
        p->y += row_h;
        p->page_empty = false;
    }
    p->y += 8;
}

static const struct column *
table_columns(const struct pdf_doc *d, const struct block *table)
{
    return d->columns + table->first;
}

/* The height of @table's header, measured once before the passes (measure_headers()). */
static double
header_height(const struct block *table)
{
    return table->value;
}

static void
measure_headers(struct pdf_doc *d)
{
    for (size_t k = 0; k < d->n_blocks; k++) {
        struct block *table = &d->blocks[k];
        if (table->kind != BLOCK_TABLE)
            continue;
        table->value = 0;
        const struct column *c = table_columns(d, table);
        for (size_t i = 0; i < table->n; i++) {
            double ch = pdf_text_height(d->fonts, PDF_STYLE_TABLE_HEAD, string_at(d, c[i].title),
                                        c[i].width - 2 * CELL_PAD);
            table->value = ch > table->value ? ch : table->value;
        }
        table->value += 2 * CELL_PAD;
    }
}

static void
draw_table_header(struct pass *p)
{
    double h = header_height(p->table);
    const struct column *c = table_columns(p->d, p->table);
    static const struct rgb white = {1, 1, 1};
    if (p->cr != NULL) {
        fill_rect(p->cr, NAVY, MARGIN_X, p->y, TEXT_W, h);
        for (size_t i = 0; i < p->table->n; i++) {
            const char *title = string_at(p->d, c[i].title);
            pdf_text_layout(p->d->fonts, PDF_STYLE_TABLE_HEAD, title, strlen(title),
                            c[i].width - 2 * CELL_PAD, 0);
            queue_text(p, PDF_STYLE_TABLE_HEAD, white, c[i].x + CELL_PAD, p->y + CELL_PAD,
                       c[i].width - 2 * CELL_PAD, c[i].align);
        }
    }
    p->y += h;
    p->page_empty = false;
}

/* The most lines of @style a cell of @table can hold on an otherwise empty page: a longer cell
 * is cut with an ellipsis rather than overflow the page. */
static size_t
max_cell_lines(struct pdf_doc *d, const struct block *table, enum pdf_style style)
{
    double room = TEXT_BOTTOM - MARGIN_TOP - header_height(table) - 2 * CELL_PAD;
    double lines = floor(room / pdf_line_height(d->fonts, style)) - 1;
    return lines > 1 ? (size_t)lines : 1;
}

/* Measures one cell of @table, or with @p queues its text for the page; returns its height. */
static double
cell(struct pdf_doc *d, const struct block *table, const struct column *c, const char *text,
     struct pass *p, double y)
{
    struct pdf_fonts *f = d->fonts;
    double x = c->x + CELL_PAD, w = c->width - 2 * CELL_PAD, h = 0;
    const char *rest = text;
    if (c->bold_first_line) {
        const char *nl = strchr(text, '\n');
        size_t len = nl != NULL ? (size_t)(nl - text) : strlen(text);
        size_t n = pdf_text_layout(f, PDF_STYLE_TABLE_BOLD, text, len, w,
                                   max_cell_lines(d, table, PDF_STYLE_TABLE_BOLD) / 2);
        double lh = pdf_line_height(f, PDF_STYLE_TABLE_BOLD);
        if (p != NULL)
            queue_text(p, PDF_STYLE_TABLE_BOLD, INK, x, y, w, c->align);
        h = (double)n * lh;
        rest = nl != NULL ? nl + 1 : "";
        if (*rest == '\0')
            return h;
    }
    size_t n =
        pdf_text_layout(f, PDF_STYLE_TABLE, rest, strlen(rest), w,
                        max_cell_lines(d, table, PDF_STYLE_TABLE) / (c->bold_first_line ? 2 : 1));
    double lh = pdf_line_height(f, PDF_STYLE_TABLE);
    if (p != NULL)
        queue_text(p, PDF_STYLE_TABLE, c->bold_first_line ? MUTED : INK, x, y + h, w, c->align);
    return h + (double)n * lh;
}

/* A row's height, measured once (kept in its block: both passes ask, and so does the row
 * before it, to keep a group with its first row). */
static double
row_height(struct pdf_doc *d, const struct block *table, const struct block *b)
{
    if (b->value > 0)
        return b->value;
    const struct column *c = table_columns(d, table);
    double h = 0;
    for (size_t i = 0; i < b->n && i < table->n; i++) {
        double ch = cell(d, table, &c[i], string_at(d, b->first + i), NULL, 0);
        h = ch > h ? ch : h;
    }
    d->blocks[b - d->blocks].value = h + 2 * CELL_PAD;
    return h + 2 * CELL_PAD;
}

static double
group_height(struct pdf_doc *d, const struct block *b)
{
    return pdf_text_height(d->fonts, PDF_STYLE_TABLE_HEAD, string_at(d, b->first),
                           TEXT_W - 2 * CELL_PAD) +
           2 * CELL_PAD;
}

static double
heading_height(struct pdf_doc *d, const struct block *b, double *before)
{
    enum pdf_style style = b->arg == 1 ? PDF_STYLE_H1 : b->arg == 2 ? PDF_STYLE_H2 : PDF_STYLE_H3;
    *before = b->arg == 1 ? 0 : b->arg == 2 ? 12 : 8;
    return pdf_text_height(d->fonts, style, string_at(d, b->first), TEXT_W) +
           (b->arg == 1 ? 14 : 3);
}

/* How much of the block at @b must share a page with what comes before it: a heading with the
 * start of what it heads, a short paragraph that introduces a table or chart with its start, a
 * table's header with its first row. @table is the table rows belong to. */
static double
lead_height(struct pass *p, const struct block *b, const struct block *table, int depth)
{
    struct pdf_doc *d = p->d;
    const struct block *end = d->blocks + d->n_blocks;
    if (b >= end || depth > 3)
        return 0;
    const struct block *next = b + 1;
    double before, h;
    switch (b->kind) {
    case BLOCK_HEADING:
        h = heading_height(d, b, &before);
        return before + h + lead_height(p, next, table, depth + 1);
    case BLOCK_PARAGRAPH:
        h = pdf_text_height(d->fonts, (enum pdf_style)b->arg, string_at(d, b->first), TEXT_W);
        if (h > (TEXT_BOTTOM - MARGIN_TOP) / 4)
            return 2 * pdf_line_height(d->fonts, (enum pdf_style)b->arg);
        if (next < end &&
            (next->kind == BLOCK_TABLE || next->kind == BLOCK_BARS || next->kind == BLOCK_FIGURES))
            h += lead_height(p, next, table, depth + 1);
        return h;
    case BLOCK_SPACE:
        return b->value + lead_height(p, next, table, depth + 1);
    case BLOCK_FIGURES:
        return 60;
    case BLOCK_BARS:
        return pdf_line_height(d->fonts, PDF_STYLE_TABLE) + 5;
    case BLOCK_TABLE:
        return header_height(b) + lead_height(p, next, b, depth + 1);
    case BLOCK_GROUP:
        return group_height(d, b) + lead_height(p, next, table, depth + 1);
    case BLOCK_ROW:
        return table != NULL ? row_height(d, table, b) : 0;
    case BLOCK_TABLE_END:
        break;
    }
    return 0;
}

static void
do_row(struct pass *p, const struct block *b)
{
    if (p->table == NULL)
        return;
    double h = row_height(p->d, p->table, b);
    ensure(p, h);
    if (p->cr != NULL) {
        const struct column *c = table_columns(p->d, p->table);
        for (size_t i = 0; i < b->n && i < p->table->n; i++)
            (void)cell(p->d, p->table, &c[i], string_at(p->d, b->first + i), p, p->y + CELL_PAD);
        add_rule(p, p->y + h);
    }
    p->y += h;
    p->page_empty = false;
}

static void
do_group(struct pass *p, const struct block *b)
{
    if (p->table == NULL)
        return;
    double h = group_height(p->d, b);
    /* a group row stays with its first row */
    ensure(p, lead_height(p, b, p->table, 0));
    if (p->cr != NULL) {
        fill_rect(p->cr, TINT, MARGIN_X, p->y, TEXT_W, h);
        const char *text = string_at(p->d, b->first);
        pdf_text_layout(p->d->fonts, PDF_STYLE_TABLE_HEAD, text, strlen(text),
                        TEXT_W - 2 * CELL_PAD, 0);
        queue_text(p, PDF_STYLE_TABLE_HEAD, NAVY, MARGIN_X + CELL_PAD, p->y + CELL_PAD,
                   TEXT_W - 2 * CELL_PAD, PDF_ALIGN_LEFT);
        add_rule(p, p->y + h);
    }
    p->y += h;
    p->page_empty = false;
}

static void
do_table(struct pass *p, const struct block *b)
{
    ensure(p, lead_height(p, b, b, 0));
    p->table = b;
    draw_table_header(p);
}

static void
run(struct pass *p)
{
    struct pdf_doc *d = p->d;
    p->page = 0;
    p->y = MARGIN_TOP;
    p->page_empty = true;
    p->table = NULL;
    p->toc_next = 0;
    for (size_t i = 0; i < d->n_blocks; i++) {
        const struct block *b = &d->blocks[i];
        switch (b->kind) {
        case BLOCK_HEADING:
            do_heading(p, b);
            break;
        case BLOCK_PARAGRAPH:
            do_paragraph(p, b);
            break;
        case BLOCK_SPACE:
            if (!p->page_empty)
                p->y += b->value;
            break;
        case BLOCK_FIGURES:
            do_figures(p, b);
            break;
        case BLOCK_BARS:
            do_bars(p, b);
            break;
        case BLOCK_TABLE:
            do_table(p, b);
            break;
        case BLOCK_GROUP:
            do_group(p, b);
            break;
        case BLOCK_ROW:
            do_row(p, b);
            break;
        case BLOCK_TABLE_END:
            p->table = NULL;
            p->y += 10;
            break;
        }
    }
}

/* ---- the contents list ---- */

static double
toc_line_height(const struct pdf_doc *d)
{
    return pdf_line_height(d->fonts, PDF_STYLE_BODY) + 3;
}

static double
toc_first_y(struct pdf_doc *d)
{
    return MARGIN_TOP +
           pdf_text_height(d->fonts, PDF_STYLE_H1, string_at(d, d->info[INFO_CONTENTS]), TEXT_W) +
           18;
}

static size_t
toc_per_page(struct pdf_doc *d, bool first)
{
    double top = first ? toc_first_y(d) : MARGIN_TOP;
    size_t n = (size_t)((TEXT_BOTTOM - top) / toc_line_height(d));
    return n > 0 ? n : 1;
}

static size_t
toc_pages(struct pdf_doc *d)
{
    size_t first = toc_per_page(d, true), rest = toc_per_page(d, false);
    if (d->n_toc <= first)
        return 1;
    return 1 + (d->n_toc - first + rest - 1) / rest;
}

static void
link_target(char *out, size_t cap, size_t page, double y)
{
    snprintf(out, cap, "page=%zu pos=[%.1f %.1f]", page, MARGIN_X, y > 12 ? y - 12 : 0);
}

static void
draw_toc(struct pdf_doc *d, cairo_t *cr, size_t first_content, size_t total)
{
    struct pdf_fonts *f = d->fonts;
    double lh = toc_line_height(d);
    size_t page = 2;
    double y = toc_first_y(d);
    set_colour(cr, NAVY);
    pdf_text_draw(f, cr, PDF_STYLE_H1, string_at(d, d->info[INFO_CONTENTS]), MARGIN_X, MARGIN_TOP,
                  TEXT_W, PDF_ALIGN_LEFT);
    fill_rect(cr, AMBER, MARGIN_X, y - 16, 48, 3);
    size_t on_page = 0, per_page = toc_per_page(d, true);
    for (size_t i = 0; i < d->n_toc; i++) {
        if (on_page == per_page) {
            draw_footer(d, cr, page, total);
            cairo_show_page(cr);
            page++;
            y = MARGIN_TOP;
            on_page = 0;
            per_page = toc_per_page(d, false);
        }
        const struct toc_entry *t = &d->toc[i];
        size_t target = first_content + t->page;
        char number[24], link[96];
        snprintf(number, sizeof(number), "%zu", target);
        link_target(link, sizeof(link), target, t->y);
        double indent = t->level == 1 ? 0 : TOC_INDENT;
        enum pdf_style style = t->level == 1 ? PDF_STYLE_BODY_BOLD : PDF_STYLE_BODY;
        double nw = pdf_text_width(f, style, number);
        const char *text = string_at(d, t->text);
        cairo_tag_begin(cr, CAIRO_TAG_LINK, link);
        set_colour(cr, INK);
        double text_w = TEXT_W - indent - nw - 24;
        pdf_text_layout(f, style, text, strlen(text), text_w, 1);
        double used = pdf_text_line_width(f, 0);
        pdf_text_draw_line(f, cr, 0, MARGIN_X + indent, y, text_w, PDF_ALIGN_LEFT);
        /* dot leaders from the text to the number */
        set_colour(cr, LINE);
        for (double x = MARGIN_X + indent + used + 6; x < PAGE_W - MARGIN_X - nw - 6; x += 4) {
            cairo_rectangle(cr, x, y + pdf_ascent(f, style) - 1, 1, 1);
        }
        cairo_fill(cr);
        set_colour(cr, INK);
        pdf_text_draw(f, cr, style, number, MARGIN_X, y, TEXT_W, PDF_ALIGN_RIGHT);
        cairo_tag_end(cr, CAIRO_TAG_LINK);
        y += lh;
        on_page++;
    }
    draw_footer(d, cr, page, total);
    cairo_show_page(cr);
}

/* ---- the title page ---- */

static void
draw_title_page(struct pdf_doc *d, cairo_t *cr)
{
    struct pdf_fonts *f = d->fonts;
    double band = PAGE_H * 0.46;
    fill_rect(cr, NAVY, 0, 0, PAGE_W, band);
    fill_rect(cr, AMBER, MARGIN_X, band - 70, 64, 5);
    double y = 150;
    cairo_set_source_rgb(cr, 0.85, 0.9, 0.95);
    y += pdf_text_draw(f, cr, PDF_STYLE_SUBTITLE, string_at(d, d->info[INFO_EYEBROW]), MARGIN_X, y,
                       TEXT_W, PDF_ALIGN_LEFT) +
         10;
    cairo_set_source_rgb(cr, 1, 1, 1);
    pdf_text_draw(f, cr, PDF_STYLE_TITLE, string_at(d, d->info[INFO_TITLE]), MARGIN_X, y, TEXT_W,
                  PDF_ALIGN_LEFT);
    set_colour(cr, NAVY);
    pdf_text_draw(f, cr, PDF_STYLE_SUBTITLE, string_at(d, d->info[INFO_SUBTITLE]), MARGIN_X,
                  band + 36, TEXT_W, PDF_ALIGN_LEFT);
    const char *note = string_at(d, d->info[INFO_NOTE]);
    double nh = pdf_text_height(f, PDF_STYLE_SMALL, note, TEXT_W);
    set_colour(cr, MUTED);
    pdf_text_draw(f, cr, PDF_STYLE_SMALL, note, MARGIN_X, TEXT_BOTTOM - nh, TEXT_W, PDF_ALIGN_LEFT);
    hline(cr, LINE, MARGIN_X, TEXT_BOTTOM - nh - 8, TEXT_W, 0.6);
    cairo_show_page(cr);
}

/* ---- writing ---- */

static cairo_status_t
write_to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    struct buf *out = closure;
    buf_add(out, data, length);
    return buf_status(out) == ERR_OK ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void
add_outline(struct pdf_doc *d, cairo_surface_t *surface, size_t first_content)
{
    int parent = CAIRO_PDF_OUTLINE_ROOT;
    for (size_t i = 0; i < d->n_toc; i++) {
        const struct toc_entry *t = &d->toc[i];
        char link[96];
        link_target(link, sizeof(link), first_content + t->page, t->y);
        int id =
            cairo_pdf_surface_add_outline(surface, t->level == 1 ? CAIRO_PDF_OUTLINE_ROOT : parent,
                                          string_at(d, t->text), link, 0);
        if (t->level == 1)
            parent = id;
    }
}

static void
set_metadata(struct pdf_doc *d, cairo_surface_t *surface)
{
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                   string_at(d, d->info[INFO_TITLE]));
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR,
                                   string_at(d, d->info[INFO_AUTHOR]));
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "localaction");
    if (d->created_at > 0) {
        /* the data's date, not the clock's: the same data gives the same file */
        time_t t = (time_t)d->created_at;
        struct tm tm;
        char date[40];
        gmtime_r(&t, &tm);
        strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
    }
}

static void
collect_toc(struct pdf_doc *d)
{
    d->n_toc = 0;
    for (size_t i = 0; i < d->n_blocks; i++) {
        const struct block *b = &d->blocks[i];
        if (b->kind != BLOCK_HEADING || b->arg > 2)
            continue;
        if (d->n_toc == d->cap_toc) {
            d->cap_toc = d->cap_toc * 2 + 32;
            d->toc = xreallocarray(d->toc, d->cap_toc, sizeof(*d->toc));
        }
        d->toc[d->n_toc++] = (struct toc_entry){b->arg, b->first, 0, 0};
    }
}

enum err
pdf_doc_write(struct pdf_doc *d, struct buf *out, char *why, size_t why_len)
{
    if (buf_status(&d->arena) != ERR_OK) {
        snprintf(why, why_len, "the report is too large to typeset");
        return ERR_TOO_BIG;
    }
    pdf_table_end(d);
    collect_toc(d);
    measure_headers(d);
    /* pass 1: where every heading falls */
    struct pass measure = {.d = d};
    run(&measure);
    size_t contents = toc_pages(d);
    size_t first_content = 2 + contents;
    size_t total = first_content + measure.page;
    d->pages = total;

    /* pass 2: draw */
    cairo_surface_t *surface =
        cairo_pdf_surface_create_for_stream(write_to_buf, out, PAGE_W, PAGE_H);
    cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
    set_metadata(d, surface);
    cairo_t *cr = cairo_create(surface);
    draw_title_page(d, cr);
    draw_toc(d, cr, first_content, total);
    struct pass draw = {.d = d, .cr = cr, .first_page = first_content, .total_pages = total};
    run(&draw);
    flush_rules(&draw);
    flush_text(&draw);
    free_batches(&draw);
    draw_footer(d, cr, first_content + draw.page, total);
    cairo_show_page(cr);
    add_outline(d, surface, first_content);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (buf_status(out) != ERR_OK) {
        snprintf(why, why_len, "the PDF is larger than the limit of %zu bytes", out->limit);
        return ERR_TOO_BIG;
    }
    if (st != CAIRO_STATUS_SUCCESS) {
        snprintf(why, why_len, "cairo could not write the PDF: %s", cairo_status_to_string(st));
        return ERR_IO;
    }
    if (draw.page != measure.page) {
        snprintf(why, why_len, "the two layout passes disagree (%zu and %zu pages)", measure.page,
                 draw.page);
        return ERR_IO;
    }
    return ERR_OK;
}
