/* Text for the PDF reports: the fonts of each text style, loaded once per document, and lines
 * of text laid out in a width and drawn with cairo. Most text (Latin, Greek, Cyrillic) takes a
 * fast path: the style's cairo font maps characters to glyphs and this module breaks the lines
 * itself, which is about ten times cheaper than a PangoLayout and what lets a report of 10,000
 * actions typeset in about a second. Text that needs shaping or a glyph the font lacks
 * (Arabic, Devanagari, CJK, combining accents) goes through pango, with font fallback. */
#ifndef LOCALACTION_PDF_TEXT_H
#define LOCALACTION_PDF_TEXT_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

enum pdf_style {
    PDF_STYLE_BODY,       /* paragraphs */
    PDF_STYLE_BODY_BOLD,  /* a paragraph's lead-in */
    PDF_STYLE_SMALL,      /* notes, figure labels */
    PDF_STYLE_TABLE,      /* table cells */
    PDF_STYLE_TABLE_BOLD, /* a cell's first line (a title) */
    PDF_STYLE_TABLE_HEAD, /* column headers and group rows */
    PDF_STYLE_H1,
    PDF_STYLE_H2,
    PDF_STYLE_H3,
    PDF_STYLE_FIGURE, /* the big numbers */
    PDF_STYLE_TITLE,  /* the title page */
    PDF_STYLE_SUBTITLE,
    PDF_STYLE_FOOTER,
    PDF_STYLE_COUNT
};

enum pdf_align { PDF_ALIGN_LEFT, PDF_ALIGN_RIGHT, PDF_ALIGN_CENTER };

struct pdf_fonts;

/** Loads the font of every style (DejaVu Sans, regular and bold, through fontconfig). Fails
 * with a reason in @why when no font can be loaded at all. */
WARN_UNUSED enum err pdf_fonts_new(struct pdf_fonts **out, char *why, size_t why_len);
/** Frees @f; NULL does nothing. */
void pdf_fonts_free(struct pdf_fonts *f);

/** The distance between the baselines of two lines of @style, in points. */
double pdf_line_height(const struct pdf_fonts *f, enum pdf_style style);
/** How far the baseline of a line of @style sits below the line's top. */
double pdf_ascent(const struct pdf_fonts *f, enum pdf_style style);

/** Lays out @text (@len bytes of UTF-8; '\n' breaks a line) in @style within @width points,
 * at most @max_lines lines (0: no limit; the last line kept ends in an ellipsis). Returns the
 * number of lines (at least 1, even for empty text). The lines stay available to
 * pdf_text_line_width() and pdf_text_draw_line() until the next layout on @f. */
size_t pdf_text_layout(struct pdf_fonts *f, enum pdf_style style, const char *text, size_t len,
                       double width, size_t max_lines);
/** The width in points of line @line of the last layout. */
double pdf_text_line_width(const struct pdf_fonts *f, size_t line);
/** Draws line @line of the last layout with its top at @y, in a box from @x that is @width
 * wide, aligned as @align, in the current source colour of @cr. */
void pdf_text_draw_line(struct pdf_fonts *f, cairo_t *cr, size_t line, double x, double y,
                        double width, enum pdf_align align);

/** Draws every line of the last layout from the top @y, one under the other. */
void pdf_text_draw_lines(struct pdf_fonts *f, cairo_t *cr, double x, double y, double width,
                         enum pdf_align align);

/** The cairo font of @style. */
cairo_scaled_font_t *pdf_text_font(const struct pdf_fonts *f, enum pdf_style style);
/** Whether the last layout went through pango: then it can only be drawn, not placed. */
bool pdf_text_is_pango(const struct pdf_fonts *f);
/** Appends to @glyphs (*n used of *cap, grown as needed; the caller frees it) the glyphs of
 * every line of the last fast-path layout, placed where pdf_text_draw_lines() would draw
 * them, so that many texts of one font and colour can be drawn in one call. */
void pdf_text_place_lines(struct pdf_fonts *f, double x, double y, double width,
                          enum pdf_align align, cairo_glyph_t **glyphs, size_t *n, size_t *cap);

/** Lays out and draws @text (NUL-terminated) from the top @y; returns its height. */
double pdf_text_draw(struct pdf_fonts *f, cairo_t *cr, enum pdf_style style, const char *text,
                     double x, double y, double width, enum pdf_align align);
/** The height @text (NUL-terminated) takes in @width, without drawing it. */
double pdf_text_height(struct pdf_fonts *f, enum pdf_style style, const char *text, double width);
/** The width of @text on one line. */
double pdf_text_width(struct pdf_fonts *f, enum pdf_style style, const char *text);

/** Whether the last layouts went through pango (for tests of the slow path); counts since
 * pdf_fonts_new(). */
size_t pdf_text_pango_count(const struct pdf_fonts *f);

#endif
