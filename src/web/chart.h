/* Charts as inline SVG for the server-rendered pages: horizontal bars, columns over time, a
 * heat map, a coverage strip and lines of progress towards targets. No script, no per-element
 * styles: the site stylesheet (data/static/style.css) colours the class names these functions
 * write. */
#ifndef LOCALACTION_CHART_H
#define LOCALACTION_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/** One bar, column or square. Strings are borrowed for the call. @label is UTF-8 (as import
 * validated it); @href is a relative or http(s) URL, or NULL for no link (any other scheme,
 * such as javascript:, is dropped). */
struct chart_item {
    const char *label;
    const char *href;
    uint64_t value;
};

/* What every chart function shares:
 *
 * - It appends one <svg> element to @out, or nothing at all when there is nothing to draw
 *   (n, rows or cols is 0): the caller then shows its own "no data" message.
 * - The <svg> has role="img", focusable="false", a viewBox and width="100%" (it scales down to
 *   a phone screen), and aria-labelledby naming its <title> (@title) and, when @desc is not
 *   NULL, its <desc> (@desc). Their ids are "<id>-title" and "<id>-desc": @id is a caller-chosen
 *   prefix, unique on the page, of ASCII letters, digits, '-' and '_'.
 * - Everything inside but the title and desc is aria-hidden, and links have tabindex="-1": a
 *   chart repeats a data table that the caller puts next to it, and that table is what screen
 *   readers and keyboards use (so it must carry the same links).
 * - Text from data is HTML-escaped. A label too wide for its place is cut on a code-point
 *   boundary and ends with an ellipsis; its full text is then in a <title> (a tooltip).
 * - Values may be anything up to UINT64_MAX; scaling cannot overflow.
 * - Errors (the buffer's limit) stick in @out: check buf_status() once after rendering. */

/** Horizontal bars, one per item in the given order: label on the left, the bar scaled to the
 * largest value, the value right of the bar. A zero value draws its 0 and no bar. */
void chart_bars(struct buf *out, const char *id, const char *title, const char *desc,
                const struct chart_item *items, size_t n);

/** Vertical columns in the given order (years, say), each with a tooltip "label: value". Labels
 * under the columns are thinned to every k-th, counted back from the last, when they would
 * collide; values are written above the columns when they fit, else the largest is marked. */
void chart_columns(struct buf *out, const char *id, const char *title, const char *desc,
                   const struct chart_item *items, size_t n);

/** A @rows x @cols grid of counts (@cells row-major, rows*cols values) with @row_labels
 * down the left and @col_labels across the top (turned upright when they do not fit).
 * A cell's class is heat-0 for zero, else heat-1 .. heat-5 by fifths of the largest count:
 * heat-k holds counts above (k-1)/5 and up to k/5 of it. Non-zero cells show their count;
 * every cell has the tooltip "row label – col label: count". */
void chart_heatmap(struct buf *out, const char *id, const char *title, const char *desc,
                   const char *const *row_labels, size_t rows, const char *const *col_labels,
                   size_t cols, const uint64_t *cells);

/** A strip of @n numbered squares (1..n, wrapping after 12), class "on" when the item's value
 * is above zero and "off" otherwise, each with the tooltip "number. label: value": coverage
 * of the 23 GCM objectives at a glance. */
void chart_coverage(struct buf *out, const char *id, const char *title, const char *desc,
                    const struct chart_item *items, size_t n);

/* One point of a progress line: @x a day (any integer scale), @percent in tenths of a percent
 * (1000 is 100%; drawn clamped to the chart's range); @tip the point's tooltip (borrowed). */
struct chart_point {
    int64_t x;
    int64_t percent;
    const char *tip;
};

/* One line: its label for the legend and its points in order of @x. */
struct chart_series {
    const char *label;
    const struct chart_point *points;
    size_t n;
};

/** Lines of percent over time, one per series (classes "line series-K", K = index mod 6), each
 * point a dot with its tooltip: progress towards targets. The y axis runs from 0 to 100%, or
 * to 150% or 200% when a value passes the target (beyond, values are drawn at the top), with a
 * dashed line at 100% (class "target"); @first and @last label the two ends of the x axis,
 * which spans the points' days. A legend names each series under the chart. Nothing is drawn
 * when no series has a point. */
void chart_progress(struct buf *out, const char *id, const char *title, const char *desc,
                    const struct chart_series *series, size_t n, const char *first,
                    const char *last);

#endif
