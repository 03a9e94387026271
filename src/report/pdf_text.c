/* Fonts and lines of text for the PDF reports. Each style's font is loaded once through pango
 * and fontconfig; text is laid out either by this file (characters to glyphs through the
 * style's cairo font, greedy line breaking at spaces, hyphens and slashes) or, when it needs
 * shaping or fallback fonts, by a PangoLayout kept per style. Only the result of the latest
 * layout is kept: callers measure, then lay out again to draw. */
#include "report/pdf_text.h"

#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define FONT_FAMILY "DejaVu Sans"
#define ELLIPSIS    "\xe2\x80\xa6"

static const struct {
    bool bold;
    double size;    /* points */
    double leading; /* line height as a multiple of the size */
} style_specs[PDF_STYLE_COUNT] = {
    [PDF_STYLE_BODY] = {false, 9.5, 1.45},     [PDF_STYLE_BODY_BOLD] = {true, 9.5, 1.45},
    [PDF_STYLE_SMALL] = {false, 7.5, 1.35},    [PDF_STYLE_TABLE] = {false, 7.8, 1.3},
    [PDF_STYLE_TABLE_BOLD] = {true, 7.8, 1.3}, [PDF_STYLE_TABLE_HEAD] = {true, 7.5, 1.3},
    [PDF_STYLE_H1] = {true, 19, 1.2},          [PDF_STYLE_H2] = {true, 13, 1.25},
    [PDF_STYLE_H3] = {true, 10.5, 1.3},        [PDF_STYLE_FIGURE] = {true, 26, 1.1},
    [PDF_STYLE_TITLE] = {true, 28, 1.15},      [PDF_STYLE_SUBTITLE] = {false, 13, 1.35},
    [PDF_STYLE_FOOTER] = {false, 7.5, 1.2},
};

/* A character's glyph in a style's font, and how far it moves the pen. */
struct glyph_entry {
    unsigned long index; /* 0: the font has none */
    double advance;
    bool known;
};

#define GLYPH_TABLE 0x3000 /* characters up to here (every script of the fast path) are kept */

struct style_font {
    PangoFontDescription *desc;
    PangoFont *font;
    cairo_scaled_font_t *scaled; /* owned by @font */
    double ascent, descent, line_height;
    unsigned long ellipsis_glyph;
    double ellipsis_width;
    PangoLayout *layout;       /* for the slow path, made when first needed */
    struct glyph_entry *table; /* GLYPH_TABLE entries, made when first needed */
};

struct line {
    size_t start, end; /* glyphs [start, end) */
    double width;
    bool ellipsis;
};

struct pdf_fonts {
    PangoFontMap *map; /* our own, so its fonts and caches go with the document */
    PangoContext *context;
    struct style_font styles[PDF_STYLE_COUNT];
    /* the latest layout */
    enum pdf_style style;
    bool pango;
    size_t n_glyphs;
    cairo_glyph_t *glyphs; /* positions from 0 along one long line */
    double end_x;          /* where the last glyph ends */
    uint32_t *chars;       /* the code point of each glyph ('\n' marks a hard break) */
    size_t glyph_cap;
    char *text; /* the text handed to cairo or pango: control characters made spaces */
    size_t text_cap;
    struct line *lines;
    size_t n_lines, line_cap;
    cairo_glyph_t *scratch; /* one line's glyphs moved to where they are drawn */
    size_t scratch_cap;
    size_t pango_count;
};

static void
style_release(struct style_font *s)
{
    if (s->layout != NULL)
        g_object_unref(s->layout);
    if (s->font != NULL)
        g_object_unref(s->font);
    if (s->desc != NULL)
        pango_font_description_free(s->desc);
    free(s->table);
    memset(s, 0, sizeof(*s));
}

static enum err
style_load(struct pdf_fonts *f, enum pdf_style i, char *why, size_t why_len)
{
    struct style_font *s = &f->styles[i];
    s->desc = pango_font_description_new();
    pango_font_description_set_family(s->desc, FONT_FAMILY);
    pango_font_description_set_weight(s->desc, style_specs[i].bold ? PANGO_WEIGHT_BOLD
                                                                   : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(s->desc, style_specs[i].size * PANGO_SCALE);
    s->font = pango_font_map_load_font(f->map, f->context, s->desc);
    s->scaled =
        s->font != NULL ? pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(s->font)) : NULL;
    if (s->scaled == NULL || cairo_scaled_font_status(s->scaled) != CAIRO_STATUS_SUCCESS) {
        snprintf(why, why_len, "no font for the PDF: install fonts-dejavu-core");
        return ERR_IO;
    }
    cairo_font_extents_t fe;
    cairo_scaled_font_extents(s->scaled, &fe);
    s->ascent = fe.ascent;
    s->descent = fe.descent;
    s->line_height = style_specs[i].size * style_specs[i].leading;
    cairo_glyph_t one, *g = &one;
    int n = 1;
    if (cairo_scaled_font_text_to_glyphs(s->scaled, 0, 0, ELLIPSIS, 3, &g, &n, NULL, NULL, NULL) ==
            CAIRO_STATUS_SUCCESS &&
        n == 1) {
        cairo_text_extents_t te;
        cairo_scaled_font_glyph_extents(s->scaled, g, 1, &te);
        s->ellipsis_glyph = g->index;
        s->ellipsis_width = te.x_advance;
    }
    if (g != &one)
        cairo_glyph_free(g);
    return ERR_OK;
}

enum err
pdf_fonts_new(struct pdf_fonts **out, char *why, size_t why_len)
{
    struct pdf_fonts *f = xcalloc(1, sizeof(*f));
    f->map = pango_cairo_font_map_new();
    f->context = pango_font_map_create_context(f->map);
    /* points are the unit: 72 per inch; no hinting, so widths are the same at any zoom */
    pango_cairo_context_set_resolution(f->context, 72);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(f->context, fo);
    cairo_font_options_destroy(fo);
    for (int i = 0; i < PDF_STYLE_COUNT; i++) {
        enum err e = style_load(f, (enum pdf_style)i, why, why_len);
        if (e != ERR_OK) {
            pdf_fonts_free(f);
            return e;
        }
    }
    *out = f;
    return ERR_OK;
}

void
pdf_fonts_free(struct pdf_fonts *f)
{
    if (f == NULL)
        return;
    for (int i = 0; i < PDF_STYLE_COUNT; i++)
        style_release(&f->styles[i]);
    if (f->context != NULL)
        g_object_unref(f->context);
    if (f->map != NULL)
        g_object_unref(f->map);
    free(f->glyphs);
    free(f->chars);
    free(f->text);
    free(f->lines);
    free(f->scratch);
    free(f);
}

double
pdf_line_height(const struct pdf_fonts *f, enum pdf_style style)
{
    return f->styles[style].line_height;
}

double
pdf_ascent(const struct pdf_fonts *f, enum pdf_style style)
{
    const struct style_font *s = &f->styles[style];
    return (s->line_height - s->ascent - s->descent) / 2 + s->ascent;
}

size_t
pdf_text_pango_count(const struct pdf_fonts *f)
{
    return f->pango_count;
}

/* ---- decoding ---- */

/* The code point at @s (at most @len bytes) and its length in *n; U+FFFD and one byte for a
 * malformed sequence. */
static uint32_t
utf8_next(const unsigned char *s, size_t len, size_t *n)
{
    unsigned c = s[0];
    size_t need = c < 0x80 ? 0 : c >= 0xf0 && c < 0xf5 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : 9;
    if (c < 0x80) {
        *n = 1;
        return c;
    }
    *n = 1;
    if (need > 3 || need >= len)
        return 0xfffd;
    uint32_t cp = c & (0x3f >> need);
    for (size_t i = 1; i <= need; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0xfffd;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    static const uint32_t min[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min[need] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0xfffd;
    *n = need + 1;
    return cp;
}

static size_t
utf8_put(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* Characters a glyph-per-character layout would draw wrongly: combining marks, scripts whose
 * letters join or reorder (Hebrew to Mongolian), direction and joiner controls, variation
 * selectors, and everything outside the Basic Multilingual Plane. */
static bool
needs_shaping(uint32_t c)
{
    return (c >= 0x0300 && c < 0x0370) || (c >= 0x0483 && c <= 0x0489) ||
           (c >= 0x0590 && c < 0x1e00) || (c >= 0x200b && c <= 0x200f) ||
           (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
           (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe00 && c <= 0xfe0f) ||
           (c >= 0xfe20 && c <= 0xfe2f) || (c >= 0xfe70 && c <= 0xfeff) || c >= 0x10000;
}

static void
reserve(struct pdf_fonts *f, size_t glyphs, size_t bytes)
{
    if (glyphs > f->glyph_cap) {
        f->glyph_cap = glyphs + glyphs / 2 + 64;
        f->glyphs = xreallocarray(f->glyphs, f->glyph_cap, sizeof(*f->glyphs));
        f->chars = xreallocarray(f->chars, f->glyph_cap, sizeof(*f->chars));
    }
    if (bytes > f->text_cap) {
        f->text_cap = bytes + bytes / 2 + 256;
        f->text = xrealloc(f->text, f->text_cap);
    }
}

/* Copies @text into f->text with control characters as spaces (a line break stays, for pango)
 * and malformed bytes as U+FFFD; fills f->chars. Returns whether the fast path can draw it. */
static bool
prepare(struct pdf_fonts *f, const char *text, size_t len)
{
    reserve(f, len + 1, len * 3 + 4);
    const unsigned char *s = (const unsigned char *)text;
    size_t out = 0, n_chars = 0;
    bool simple = true;
    for (size_t i = 0; i < len;) {
        size_t n;
        uint32_t cp = utf8_next(s + i, len - i, &n);
        i += n;
        if (cp == '\r')
            continue;
        if ((cp < 0x20 && cp != '\n') || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
            cp = ' ';
        simple = simple && !needs_shaping(cp);
        f->chars[n_chars++] = cp;
        out += utf8_put(f->text + out, cp);
    }
    f->text[out] = '\0';
    f->n_glyphs = n_chars;
    return simple;
}

/* ---- the fast path ---- */

/* The glyph of code point @cp in @s and its advance, from the style's table (filled as
 * characters are first met: cairo's own lookup takes a lock and a cache probe per character,
 * which cost more than the rest of the layout); index 0 when the font lacks it. */
static struct glyph_entry
glyph_of(struct style_font *s, uint32_t cp)
{
    struct glyph_entry none = {0, 0, true};
    if (cp < GLYPH_TABLE && s->table != NULL && s->table[cp].known)
        return s->table[cp];
    char utf8[4];
    size_t len = utf8_put(utf8, cp);
    cairo_glyph_t one, *g = &one;
    int n = 1;
    struct glyph_entry e = none;
    if (cairo_scaled_font_text_to_glyphs(s->scaled, 0, 0, utf8, (int)len, &g, &n, NULL, NULL,
                                         NULL) == CAIRO_STATUS_SUCCESS &&
        n == 1) {
        cairo_text_extents_t te;
        cairo_scaled_font_glyph_extents(s->scaled, g, 1, &te);
        e = (struct glyph_entry){g->index, te.x_advance, true};
    }
    if (g != &one)
        cairo_glyph_free(g);
    if (cp < GLYPH_TABLE) {
        if (s->table == NULL)
            s->table = xcalloc(GLYPH_TABLE, sizeof(*s->table));
        s->table[cp] = e;
    }
    return e;
}

/* Glyphs for the characters of the text, one each, laid along one line ('\n' as a space);
 * false when the font lacks one of them. */
static bool
fast_glyphs(struct pdf_fonts *f, struct style_font *s)
{
    double x = 0;
    for (size_t i = 0; i < f->n_glyphs; i++) {
        struct glyph_entry e = glyph_of(s, f->chars[i] == '\n' ? ' ' : f->chars[i]);
        if (e.index == 0)
            return false;
        f->glyphs[i] = (cairo_glyph_t){e.index, x, 0};
        x += e.advance;
    }
    f->end_x = x;
    return true;
}

/* x where glyph @i starts; @i == n_glyphs gives the end of the text. */
static double
glyph_x(const struct pdf_fonts *f, size_t i)
{
    return i < f->n_glyphs ? f->glyphs[i].x : f->end_x;
}

static void
add_line(struct pdf_fonts *f, size_t start, size_t end)
{
    while (end > start && f->chars[end - 1] == ' ')
        end--;
    if (f->n_lines == f->line_cap) {
        f->line_cap = f->line_cap * 2 + 16;
        f->lines = xreallocarray(f->lines, f->line_cap, sizeof(*f->lines));
    }
    f->lines[f->n_lines++] = (struct line){start, end, glyph_x(f, end) - glyph_x(f, start), false};
}

/* Whether a line may end after character @c. */
static bool
break_after(uint32_t c)
{
    return c == ' ' || c == '-' || c == '/' || c == 0x2013 || c == 0x2014;
}

static void
fast_break(struct pdf_fonts *f, double width)
{
    size_t n = f->n_glyphs, start = 0, last_break = SIZE_MAX;
    f->n_lines = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = f->chars[i];
        if (c == '\n') {
            add_line(f, start, i);
            start = i + 1;
            last_break = SIZE_MAX;
            continue;
        }
        if (c != ' ' && i > start && glyph_x(f, i + 1) - glyph_x(f, start) > width) {
            size_t end = last_break != SIZE_MAX && last_break > start ? last_break : i;
            add_line(f, start, end);
            start = end;
            while (start < n && f->chars[start] == ' ')
                start++;
            last_break = SIZE_MAX;
        }
        if (break_after(c))
            last_break = i + 1;
    }
    add_line(f, start, n);
}

/* Cuts line @k to fit @width with an ellipsis after it. */
static void
fast_ellipsis(struct pdf_fonts *f, const struct style_font *s, size_t k, double width)
{
    struct line *l = &f->lines[k];
    size_t end = f->n_glyphs;
    while (end > l->start && (f->chars[end - 1] == ' ' || f->chars[end - 1] == '\n' ||
                              glyph_x(f, end) - glyph_x(f, l->start) + s->ellipsis_width > width))
        end--;
    l->end = end;
    l->width = glyph_x(f, end) - glyph_x(f, l->start) + s->ellipsis_width;
    l->ellipsis = true;
}

/* ---- the slow path ---- */

static PangoLayout *
style_layout(struct pdf_fonts *f, struct style_font *s)
{
    if (s->layout == NULL) {
        s->layout = pango_layout_new(f->context);
        pango_layout_set_font_description(s->layout, s->desc);
        pango_layout_set_wrap(s->layout, PANGO_WRAP_WORD_CHAR);
    }
    return s->layout;
}

static size_t
pango_lines(struct pdf_fonts *f, struct style_font *s, double width, size_t max_lines)
{
    PangoLayout *layout = style_layout(f, s);
    pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    pango_layout_set_height(layout, max_lines > 0 ? -(int)max_lines : -1);
    pango_layout_set_ellipsize(layout, max_lines > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
    pango_layout_set_text(layout, f->text, -1);
    f->pango_count++;
    int n = pango_layout_get_line_count(layout);
    return n > 0 ? (size_t)n : 1;
}

/* ---- the interface ---- */

size_t
pdf_text_layout(struct pdf_fonts *f, enum pdf_style style, const char *text, size_t len,
                double width, size_t max_lines)
{
    struct style_font *s = &f->styles[style];
    f->style = style;
    f->n_lines = 0;
    f->pango = !prepare(f, text, len);
    if (!f->pango)
        f->pango = !fast_glyphs(f, s);
    if (f->pango)
        return pango_lines(f, s, width, max_lines);
    fast_break(f, width);
    if (max_lines > 0 && f->n_lines > max_lines) {
        f->n_lines = max_lines;
        fast_ellipsis(f, s, max_lines - 1, width);
    }
    return f->n_lines;
}

double
pdf_text_line_width(const struct pdf_fonts *f, size_t line)
{
    if (!f->pango)
        return line < f->n_lines ? f->lines[line].width : 0;
    PangoLayoutLine *l = pango_layout_get_line_readonly(f->styles[f->style].layout, (int)line);
    if (l == NULL)
        return 0;
    PangoRectangle logical;
    pango_layout_line_get_extents(l, NULL, &logical);
    return (double)logical.width / PANGO_SCALE;
}

/* Room for @need glyphs in *@g (of *@cap). */
static void
glyph_room(cairo_glyph_t **g, size_t *cap, size_t need)
{
    if (need > *cap) {
        *cap = need * 2 + 64;
        *g = xreallocarray(*g, *cap, sizeof(**g));
    }
}

/* The glyphs of fast-path line @line into @out (room for the line's glyphs and an ellipsis),
 * placed in the box at (@x, top @y) of @width; returns how many. */
static size_t
place_line(const struct pdf_fonts *f, size_t line, double x, double y, double width,
           enum pdf_align align, cairo_glyph_t *out)
{
    const struct style_font *s = &f->styles[f->style];
    const struct line *l = &f->lines[line];
    size_t n = l->end - l->start + (l->ellipsis ? 1 : 0);
    double w = l->width;
    double dx = align == PDF_ALIGN_RIGHT    ? width - w
                : align == PDF_ALIGN_CENTER ? (width - w) / 2
                                            : 0;
    double baseline = y + pdf_ascent(f, f->style);
    double x0 = glyph_x(f, l->start);
    for (size_t i = l->start; i < l->end; i++)
        out[i - l->start] =
            (cairo_glyph_t){f->glyphs[i].index, f->glyphs[i].x - x0 + x + dx, baseline};
    if (l->ellipsis)
        out[n - 1] = (cairo_glyph_t){s->ellipsis_glyph, glyph_x(f, l->end) - x0 + x + dx, baseline};
    return n;
}

cairo_scaled_font_t *
pdf_text_font(const struct pdf_fonts *f, enum pdf_style style)
{
    return f->styles[style].scaled;
}

bool
pdf_text_is_pango(const struct pdf_fonts *f)
{
    return f->pango;
}

void
pdf_text_place_lines(struct pdf_fonts *f, double x, double y, double width, enum pdf_align align,
                     cairo_glyph_t **glyphs, size_t *n, size_t *cap)
{
    double lh = pdf_line_height(f, f->style);
    for (size_t i = 0; i < f->n_lines && !f->pango; i++) {
        const struct line *l = &f->lines[i];
        glyph_room(glyphs, cap, *n + (l->end - l->start) + 1);
        *n += place_line(f, i, x, y + (double)i * lh, width, align, *glyphs + *n);
    }
}

void
pdf_text_draw_line(struct pdf_fonts *f, cairo_t *cr, size_t line, double x, double y, double width,
                   enum pdf_align align)
{
    if (f->pango) {
        PangoLayoutLine *l = pango_layout_get_line_readonly(f->styles[f->style].layout, (int)line);
        if (l == NULL)
            return;
        double w = pdf_text_line_width(f, line);
        double dx = align == PDF_ALIGN_RIGHT    ? width - w
                    : align == PDF_ALIGN_CENTER ? (width - w) / 2
                                                : 0;
        cairo_move_to(cr, x + dx, y + pdf_ascent(f, f->style));
        pango_cairo_show_layout_line(cr, l);
        return;
    }
    if (line >= f->n_lines)
        return;
    const struct line *l = &f->lines[line];
    glyph_room(&f->scratch, &f->scratch_cap, l->end - l->start + 1);
    size_t n = place_line(f, line, x, y, width, align, f->scratch);
    if (n == 0)
        return;
    cairo_set_scaled_font(cr, f->styles[f->style].scaled);
    cairo_show_glyphs(cr, f->scratch, (int)n);
}

void
pdf_text_draw_lines(struct pdf_fonts *f, cairo_t *cr, double x, double y, double width,
                    enum pdf_align align)
{
    double lh = pdf_line_height(f, f->style);
    if (f->pango) {
        int n = pango_layout_get_line_count(f->styles[f->style].layout);
        for (int i = 0; i < n; i++)
            pdf_text_draw_line(f, cr, (size_t)i, x, y + i * lh, width, align);
        return;
    }
    /* one call for every line: cairo writes a text object per call, and its setup costs more
     * than the glyphs of a short line */
    size_t n = 0;
    pdf_text_place_lines(f, x, y, width, align, &f->scratch, &n, &f->scratch_cap);
    if (n == 0)
        return;
    cairo_set_scaled_font(cr, f->styles[f->style].scaled);
    cairo_show_glyphs(cr, f->scratch, (int)n);
}

double
pdf_text_draw(struct pdf_fonts *f, cairo_t *cr, enum pdf_style style, const char *text, double x,
              double y, double width, enum pdf_align align)
{
    size_t n = pdf_text_layout(f, style, text, strlen(text), width, 0);
    if (cr != NULL)
        pdf_text_draw_lines(f, cr, x, y, width, align);
    return (double)n * pdf_line_height(f, style);
}

double
pdf_text_height(struct pdf_fonts *f, enum pdf_style style, const char *text, double width)
{
    return (double)pdf_text_layout(f, style, text, strlen(text), width, 0) *
           pdf_line_height(f, style);
}

double
pdf_text_width(struct pdf_fonts *f, enum pdf_style style, const char *text)
{
    size_t n = pdf_text_layout(f, style, text, strlen(text), 1e6, 0);
    double w = 0;
    for (size_t i = 0; i < n; i++) {
        double lw = pdf_text_line_width(f, i);
        w = lw > w ? lw : w;
    }
    return w;
}
