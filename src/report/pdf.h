/* A small typesetter for the PDF reports: A4 pages with a title page, a contents list with the
 * page of each section, running page numbers, headings, paragraphs, big figures, bar charts and
 * tables whose rows break across pages under a repeated header. The caller adds blocks in
 * reading order; pdf_doc_write() lays them out twice, first to learn on which page each heading
 * falls, then to draw the contents list and the pages with cairo's PDF surface (fonts embedded
 * as subsets). */
#ifndef LOCALACTION_PDF_H
#define LOCALACTION_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "report/pdf_text.h"
#include "util/buf.h"

struct pdf_doc;

/** What the title page, the footers and the document's metadata say. Strings are copied. */
struct pdf_info {
    const char *eyebrow;    /* small, above the title ("Forum report") */
    const char *title;      /* also the PDF's Title */
    const char *subtitle;   /* under the title (place and dates) */
    const char *note;       /* at the foot of the title page (what the report is made from) */
    const char *contents;   /* the heading of the contents list */
    const char *page_label; /* the running page number: "Page {page} of {pages}" */
    const char *footer;     /* left of the page number on every page but the title page */
    const char *author;     /* the PDF's Author */
    int64_t created_at;     /* the PDF's creation date (seconds since the epoch; 0: now) */
};

/** A new, empty document; fails (with a reason in @why) when its fonts cannot be loaded. */
WARN_UNUSED enum err pdf_doc_new(struct pdf_doc **out, const struct pdf_info *info, char *why,
                                 size_t why_len);
/** Frees @d; NULL does nothing. */
void pdf_doc_free(struct pdf_doc *d);

/* Blocks, in reading order. Every string is copied; NULL counts as "". */

/** A heading: level 1 starts a new page, levels 1 and 2 are listed in the contents and the
 * PDF's outline, level 3 is a minor heading kept with what follows. */
void pdf_heading(struct pdf_doc *d, int level, const char *text);
/** A paragraph in @style; '\n' breaks a line. It may continue on the next page. */
void pdf_paragraph(struct pdf_doc *d, enum pdf_style style, const char *text);
/** Vertical space of @points. */
void pdf_space(struct pdf_doc *d, double points);

struct pdf_figure {
    const char *value; /* "16", "6 of 7" */
    const char *label; /* what it counts */
};
/** Big numbers with their labels, four to a row. */
void pdf_figures(struct pdf_doc *d, const struct pdf_figure *figures, size_t n);

struct pdf_bar {
    const char *label;
    double value;           /* bars are scaled to the largest value */
    const char *value_text; /* written after the bar */
};
/** A horizontal bar chart, one row per item in the given order. */
void pdf_bars(struct pdf_doc *d, const struct pdf_bar *bars, size_t n);

struct pdf_column {
    const char *title;
    double width; /* share of the text width; shares are scaled to fill it */
    enum pdf_align align;
    bool bold_first_line; /* a cell's text up to its first '\n' is bold (a title) */
};
/** Starts a table of @n columns (at most PDF_TABLE_COLUMNS). Rows that do not fit go to the
 * next page, under the header again. */
void pdf_table_begin(struct pdf_doc *d, const struct pdf_column *columns, size_t n);
/** A row across every column that groups the rows after it (a day, an objective). */
void pdf_table_group(struct pdf_doc *d, const char *text);
/** A row: one cell per column. */
void pdf_table_row(struct pdf_doc *d, const char *const *cells);
void pdf_table_end(struct pdf_doc *d);

#define PDF_TABLE_COLUMNS 8

/** Lays the document out and appends the PDF to @out. ERR_TOO_BIG when @out's limit is hit;
 * ERR_IO (reason in @why) when cairo fails. */
WARN_UNUSED enum err pdf_doc_write(struct pdf_doc *d, struct buf *out, char *why, size_t why_len);

/** Pages of the latest pdf_doc_write(), and the page number each contents entry points to, in
 * order (for tests and logs). */
size_t pdf_doc_pages(const struct pdf_doc *d);

#endif
