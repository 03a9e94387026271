/* Charts as inline SVG (bars, columns, a heat map, a coverage strip, progress lines), built as
 * text: no script, no per-element style (the site stylesheet colours class names), and geometry
 * in integers, tenths of a viewBox unit, so output never depends on the C locale and no value
 * overflows its scaling. The server cannot measure fonts, so text widths are estimated from
 * code points and labels that may not fit are cut with an ellipsis, keeping their full text in
 * a <title>. Invariant: text from data goes out only through add_text() or buf_add_html(). */
#include "web/chart.h"

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

/* Geometry is in tenths of a viewBox unit ("t"). The viewBox is CHART_WIDTH_T wide, so the
 * font shows at about 11 px when a 320-px phone draws the chart 290 px wide. */
#define CHART_WIDTH_T 3600 /* 360 units */
#define CHART_FONT    "14" /* font-size in viewBox units */
#define CHAR_T        84   /* estimated advance of a character: 0.6 em */
#define WIDE_CHAR_T   140  /* of an East Asian wide character or an emoji: 1 em */
#define ELLIPSIS_T    CHAR_T
#define TEXT_DROP_T   50     /* from the middle of a line down to its baseline: 0.35 em */
#define GAP_T         60     /* between a label and what it labels */
#define MEASURE_CAP_T 100000 /* widths are measured up to this, then treated as "too wide" */
#define SCALE_BITS    40     /* operands are shifted below 2^40 before being multiplied */

/* Bars: one row each */
#define BAR_ROW_T       260
#define BAR_HEIGHT_T    180
#define BAR_MIN_SPAN_T  800  /* the bars' area keeps at least this much width */
#define BAR_LABEL_MAX_T 1620 /* labels take at most 45% of the width */

/* Columns */
#define COL_TOP_T       220 /* above the tallest column: room for its value */
#define COL_PLOT_T      1600
#define COL_LABELS_T    240 /* under the baseline */
#define COL_LABEL_MAX_T 840 /* ten characters */
#define COL_PAD_MAX_T   600 /* side margins for the outer labels */
#define COL_MIN_PITCH_T 10

/* Heat map */
#define HEAT_ROW_T       260
#define HEAT_CELL_GAP_T  20
#define HEAT_CELL_MIN_T  400
#define HEAT_LABEL_MAX_T 1400 /* row labels, and upright column labels */
#define HEAT_HEADER_T    240  /* when column labels fit across */
#define HEAT_CLASSES     5

/* Progress lines */
#define LINE_LEFT_T      480 /* room for "200%" left of the plot */
#define LINE_RIGHT_T     120
#define LINE_TOP_T       120
#define LINE_PLOT_T      1400
#define LINE_AXIS_T      260 /* the x labels under the plot */
#define LINE_LEGEND_T    240 /* a legend row */
#define LINE_SERIES      6   /* classes series-0 .. series-5 */
#define LINE_DOT_T       35  /* dot radius */
#define LINE_LABEL_MAX_T 3000

/* Coverage strip */
#define COVER_PITCH_T  300
#define COVER_SQUARE_T 260
#define COVER_PER_ROW  12

static const char ellipsis[] = "\xe2\x80\xa6"; /* U+2026 */

/* ---- numbers ------------------------------------------------------------------------------ */

/* @v * @span / @max rounded to nearest, for v <= max and 0 < span < 2^20. Past 2^40 both
 * operands lose low bits first, so the product always fits in 64 bits. */
static uint64_t
scale(uint64_t v, uint64_t max, uint64_t span)
{
    while (max >= (UINT64_C(1) << SCALE_BITS)) {
        v >>= 1;
        max >>= 1;
    }
    return (v * span + max / 2) / max;
}

/* The heat class of @v: 0 for zero, else the smallest k with v <= k/5 of @max. The bound
 * k * max / 5 is computed as k * (max / 5) + k * (max % 5) / 5, exact and without overflow. */
static unsigned
heat_level(uint64_t v, uint64_t max)
{
    if (v == 0)
        return 0;
    for (unsigned k = 1; k < HEAT_CLASSES; k++)
        if (v <= k * (max / HEAT_CLASSES) + k * (max % HEAT_CLASSES) / HEAT_CLASSES)
            return k;
    return HEAT_CLASSES;
}

static uint64_t
digits(uint64_t v)
{
    uint64_t n = 1;
    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

/* Writes a length in tenths as viewBox units: "12" or "12.5". */
static void
add_t(struct buf *out, uint64_t t)
{
    buf_add_u64(out, t / 10);
    if (t % 10 != 0) {
        buf_addch(out, '.');
        buf_addch(out, (char)('0' + t % 10));
    }
}

static uint64_t
max_item_value(const struct chart_item *items, size_t n)
{
    uint64_t max = 0;
    for (size_t i = 0; i < n; i++)
        if (items[i].value > max)
            max = items[i].value;
    return max;
}

/* ---- text --------------------------------------------------------------------------------- */

static const char *
or_empty(const char *s)
{
    return s != NULL ? s : "";
}

/* Length of the UTF-8 sequence at s[i], never past @len and never over a byte that cannot
 * continue it, so a malformed sequence is stepped over, not cut. */
static size_t
seq_len(const unsigned char *s, size_t len, size_t i)
{
    unsigned char c = s[i];
    size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    if (n > len - i)
        n = len - i;
    for (size_t k = 1; k < n; k++)
        if ((s[i + k] & 0xc0) != 0x80)
            return k;
    return n;
}

static uint32_t
code_point(const unsigned char *s, size_t n)
{
    if (n == 1)
        return s[0];
    uint32_t cp = s[0] & (0x7fu >> n);
    for (size_t k = 1; k < n; k++)
        cp = (cp << 6) | (s[k] & 0x3fu);
    return cp;
}

/* Marks drawn on the character before them: cutting before one would strip an accent. */
static bool
is_combining(uint32_t cp)
{
    return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1ab0 && cp <= 0x1aff) ||
           (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x20d0 && cp <= 0x20ff) ||
           (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xfe20 && cp <= 0xfe2f) || cp == 0x200d;
}

static bool
is_wide(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
           (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
           (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
           (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) ||
           (cp >= 0x20000 && cp <= 0x3fffd);
}

static uint64_t
advance(uint32_t cp)
{
    if (is_combining(cp))
        return 0;
    return is_wide(cp) ? WIDE_CHAR_T : CHAR_T;
}

/* Estimated width of @s, at most MEASURE_CAP_T. */
static uint64_t
text_width(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s);
    uint64_t width = 0;
    size_t i = 0;
    while (i < len && width < MEASURE_CAP_T) {
        size_t n = seq_len(u, len, i);
        width += advance(code_point(u + i, n));
        i += n;
    }
    return width < MEASURE_CAP_T ? width : MEASURE_CAP_T;
}

/* Bytes of @s to show in @room: all of them when they fit, else the longest prefix that
 * leaves room for an ellipsis, ending on a code-point boundary that no combining mark follows,
 * without trailing spaces (*cut is then true). */
static size_t
fit_text(const char *s, size_t len, uint64_t room, bool *cut)
{
    const unsigned char *u = (const unsigned char *)s;
    uint64_t width = 0;
    size_t keep = 0;
    size_t i = 0;

    *cut = false;
    while (i < len) {
        size_t n = seq_len(u, len, i);
        uint64_t w = advance(code_point(u + i, n));
        if (w != 0 && width + ELLIPSIS_T <= room)
            keep = i;
        width += w;
        if (width > room) {
            *cut = true;
            while (keep > 0 && s[keep - 1] == ' ')
                keep--;
            return keep;
        }
        i += n;
    }
    return len;
}

/* Appends @s escaped, with control characters (which XML forbids) as spaces. */
static void
add_text(struct buf *out, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != 0x7f)
            continue;
        buf_add_html(out, s + start, i - start);
        buf_addch(out, ' ');
        start = i + 1;
    }
    buf_add_html(out, s + start, len - start);
}

static void
add_textz(struct buf *out, const char *s)
{
    add_text(out, s, strlen(s));
}

/* Writes the content of a <text> element (the caller wrote its start tag): @label cut to
 * @room, with a <title> holding all of it when cut. */
static void
add_label(struct buf *out, const char *label, uint64_t room)
{
    size_t len = strlen(label);
    bool cut;
    size_t keep = fit_text(label, len, room, &cut);
    if (cut) {
        buf_addstr(out, "<title>");
        add_text(out, label, len);
        buf_addstr(out, "</title>");
    }
    add_text(out, label, keep);
    if (cut)
        buf_addstr(out, ellipsis);
    buf_addstr(out, "</text>");
}

/* ---- svg ---------------------------------------------------------------------------------- */

/* Relative URLs and http(s) only: a chart never carries javascript: or data: links. */
static bool
is_safe_href(const char *href)
{
    if (href == NULL || *href == '\0')
        return false;
    for (const char *p = href; *p != '\0'; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return false;
    size_t scheme = strcspn(href, ":/?#");
    if (href[scheme] != ':')
        return true;
    return text_ieq(href, scheme, "http") || text_ieq(href, scheme, "https");
}

static bool
any_link(const struct chart_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_safe_href(items[i].href))
            return true;
    return false;
}

/* Opens a link out of the tab order (the paired table carries the same link for keyboards);
 * false, writing nothing, when @href is absent or unsafe. */
static bool
link_open(struct buf *out, const char *href)
{
    if (!is_safe_href(href))
        return false;
    buf_addstr(out, "<a xlink:href=\"");
    buf_add_html(out, href, strlen(href));
    buf_addstr(out, "\" tabindex=\"-1\">");
    return true;
}

#ifndef NDEBUG
/* Whether @id is a caller-chosen prefix (checked in debug builds: ids come from our code) */
static bool
is_id(const char *id)
{
    if (id == NULL || *id == '\0')
        return false;
    for (const char *p = id; *p != '\0'; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return false;
    return true;
}
#endif

static void
add_id(struct buf *out, const char *id, const char *suffix)
{
    buf_add_html(out, id, strlen(id));
    buf_addstr(out, suffix);
}

/* Writes the <svg> start tag, its title and desc, and opens the aria-hidden drawing group. */
static void
svg_open(struct buf *out, const char *kind, const char *id, const char *title, const char *desc,
         uint64_t width, uint64_t height, bool links)
{
    assert(is_id(id));
    id = or_empty(id);
    buf_addstr(out, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
    if (links)
        buf_addstr(out, " xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
    buf_addstr(out, " class=\"chart chart-");
    buf_addstr(out, kind);
    buf_addstr(out, "\" viewBox=\"0 0 ");
    add_t(out, width);
    buf_addch(out, ' ');
    add_t(out, height);
    buf_addstr(out,
               "\" width=\"100%\" font-size=\"" CHART_FONT "\" role=\"img\" focusable=\"false\""
               " aria-labelledby=\"");
    add_id(out, id, "-title");
    if (desc != NULL) {
        buf_addch(out, ' ');
        add_id(out, id, "-desc");
    }
    buf_addstr(out, "\">\n<title id=\"");
    add_id(out, id, "-title");
    buf_addstr(out, "\">");
    add_textz(out, or_empty(title));
    buf_addstr(out, "</title>\n");
    if (desc != NULL) {
        buf_addstr(out, "<desc id=\"");
        add_id(out, id, "-desc");
        buf_addstr(out, "\">");
        add_textz(out, desc);
        buf_addstr(out, "</desc>\n");
    }
    buf_addstr(out, "<g aria-hidden=\"true\">\n");
}

static void
svg_close(struct buf *out)
{
    buf_addstr(out, "</g>\n</svg>\n");
}

/* Writes <text class="@cls" x=".." y=".." (the tag left open for more attributes). */
static void
text_open(struct buf *out, const char *cls, uint64_t x, uint64_t y)
{
    buf_addstr(out, "<text");
    if (cls != NULL) {
        buf_addstr(out, " class=\"");
        buf_addstr(out, cls);
        buf_addch(out, '"');
    }
    buf_addstr(out, " x=\"");
    add_t(out, x);
    buf_addstr(out, "\" y=\"");
    add_t(out, y);
    buf_addch(out, '"');
}

static void
add_number_text(struct buf *out, const char *cls, uint64_t x, uint64_t y, uint64_t v)
{
    text_open(out, cls, x, y);
    buf_addch(out, '>');
    buf_add_u64(out, v);
    buf_addstr(out, "</text>");
}

static void
add_rect(struct buf *out, const char *cls, uint64_t x, uint64_t y, uint64_t w, uint64_t h)
{
    buf_addstr(out, "<rect");
    if (cls != NULL) {
        buf_addstr(out, " class=\"");
        buf_addstr(out, cls);
        buf_addch(out, '"');
    }
    buf_addstr(out, " x=\"");
    add_t(out, x);
    buf_addstr(out, "\" y=\"");
    add_t(out, y);
    buf_addstr(out, "\" width=\"");
    add_t(out, w);
    buf_addstr(out, "\" height=\"");
    add_t(out, h);
    buf_addstr(out, "\"/>");
}

/* A tooltip "<label>: <value>", optionally numbered "<number>. " */
static void
add_tooltip(struct buf *out, size_t number, const char *label, uint64_t v)
{
    buf_addstr(out, "<title>");
    if (number != 0) {
        buf_add_u64(out, number);
        buf_addstr(out, ". ");
    }
    add_textz(out, label);
    buf_addstr(out, ": ");
    buf_add_u64(out, v);
    buf_addstr(out, "</title>");
}

/* ---- charts ------------------------------------------------------------------------------- */

void
chart_bars(struct buf *out, const char *id, const char *title, const char *desc,
           const struct chart_item *items, size_t n)
{
    if (n == 0)
        return;
    uint64_t max = max_item_value(items, n);
    uint64_t value_w = digits(max) * CHAR_T;
    uint64_t label_w = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t w = text_width(or_empty(items[i].label));
        if (w > label_w)
            label_w = w;
    }
    /* the label column gives way first, so bars and the longest value always fit */
    uint64_t label_room = CHART_WIDTH_T - value_w - 2 * GAP_T - BAR_MIN_SPAN_T;
    if (label_room > BAR_LABEL_MAX_T)
        label_room = BAR_LABEL_MAX_T;
    if (label_w > label_room)
        label_w = label_room;
    uint64_t bar_x = label_w + GAP_T;
    uint64_t span = CHART_WIDTH_T - bar_x - GAP_T - value_w;

    svg_open(out, "bars", id, title, desc, CHART_WIDTH_T, n * BAR_ROW_T, any_link(items, n));
    for (size_t i = 0; i < n; i++) {
        const struct chart_item *it = &items[i];
        uint64_t top = i * BAR_ROW_T;
        uint64_t baseline = top + BAR_ROW_T / 2 + TEXT_DROP_T;
        uint64_t w = 0;
        if (it->value != 0) {
            w = scale(it->value, max, span);
            if (w == 0)
                w = 1; /* a non-zero value never looks like zero */
        }
        bool link = link_open(out, it->href);
        text_open(out, "bar-label", 0, baseline);
        buf_addch(out, '>');
        add_label(out, or_empty(it->label), label_w);
        if (w != 0)
            add_rect(out, "bar", bar_x, top + (BAR_ROW_T - BAR_HEIGHT_T) / 2, w, BAR_HEIGHT_T);
        add_number_text(out, "bar-value", bar_x + w + GAP_T / 2, baseline, it->value);
        if (link)
            buf_addstr(out, "</a>");
        buf_addch(out, '\n');
    }
    svg_close(out);
}

void
chart_columns(struct buf *out, const char *id, const char *title, const char *desc,
              const struct chart_item *items, size_t n)
{
    if (n == 0)
        return;
    uint64_t max = max_item_value(items, n);
    uint64_t label_w = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t w = text_width(or_empty(items[i].label));
        if (w > label_w)
            label_w = w;
    }
    if (label_w > COL_LABEL_MAX_T)
        label_w = COL_LABEL_MAX_T;
    /* side margins let the outer labels, centred under their columns, stay inside */
    uint64_t pad = label_w / 2 < COL_PAD_MAX_T ? label_w / 2 : COL_PAD_MAX_T;
    uint64_t pitch = (CHART_WIDTH_T - 2 * pad) / n;
    if (pitch < COL_MIN_PITCH_T)
        pitch = COL_MIN_PITCH_T;
    uint64_t width = 2 * pad + n * pitch;
    if (width < CHART_WIDTH_T)
        width = CHART_WIDTH_T;
    uint64_t col_w = pitch * 7 / 10;
    bool show_values = digits(max) * CHAR_T <= pitch;
    /* every k-th label, counted back from the last (the latest year matters most) */
    uint64_t every = (label_w + GAP_T + pitch - 1) / pitch;
    uint64_t base = COL_TOP_T + COL_PLOT_T;

    svg_open(out, "columns", id, title, desc, width, base + COL_LABELS_T, any_link(items, n));
    buf_addstr(out, "<path class=\"axis\" d=\"M");
    add_t(out, pad);
    buf_addch(out, ' ');
    add_t(out, base);
    buf_addch(out, 'H');
    add_t(out, pad + n * pitch);
    buf_addstr(out, "\"/>\n");
    if (!show_values && max != 0) {
        /* values do not fit over the columns: mark the tallest one's height instead */
        buf_addstr(out, "<path class=\"grid\" d=\"M");
        add_t(out, pad);
        buf_addch(out, ' ');
        add_t(out, COL_TOP_T);
        buf_addch(out, 'H');
        add_t(out, pad + n * pitch);
        buf_addstr(out, "\"/>");
        add_number_text(out, "bar-value", pad, COL_TOP_T - 2 * TEXT_DROP_T, max);
        buf_addch(out, '\n');
    }
    buf_addstr(out, "<g text-anchor=\"middle\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct chart_item *it = &items[i];
        const char *label = or_empty(it->label);
        uint64_t mid = pad + i * pitch + pitch / 2;
        uint64_t h = 0;
        if (it->value != 0) {
            h = scale(it->value, max, COL_PLOT_T);
            if (h == 0)
                h = 1;
        }
        bool link = link_open(out, it->href);
        if (!link)
            buf_addstr(out, "<g>");
        add_tooltip(out, 0, label, it->value);
        if (h != 0)
            add_rect(out, "bar", mid - col_w / 2, base - h, col_w, h);
        if (show_values)
            add_number_text(out, "bar-value", mid, base - h - TEXT_DROP_T, it->value);
        if ((n - 1 - i) % every == 0) {
            text_open(out, "bar-label", mid, base + COL_LABELS_T / 2 + TEXT_DROP_T);
            buf_addch(out, '>');
            add_label(out, label, COL_LABEL_MAX_T);
        }
        buf_addstr(out, link ? "</a>\n" : "</g>\n");
    }
    buf_addstr(out, "</g>\n");
    svg_close(out);
}

void
chart_heatmap(struct buf *out, const char *id, const char *title, const char *desc,
              const char *const *row_labels, size_t rows, const char *const *col_labels,
              size_t cols, const uint64_t *cells)
{
    if (rows == 0 || cols == 0)
        return;
    uint64_t max = 0;
    for (size_t i = 0; i < rows * cols; i++)
        if (cells[i] > max)
            max = cells[i];
    uint64_t label_w = 0;
    for (size_t r = 0; r < rows; r++) {
        uint64_t w = text_width(or_empty(row_labels[r]));
        if (w > label_w)
            label_w = w;
    }
    if (label_w > HEAT_LABEL_MAX_T)
        label_w = HEAT_LABEL_MAX_T;
    uint64_t grid_x = label_w + GAP_T;
    uint64_t cell_min = digits(max) * CHAR_T + 2 * GAP_T;
    if (cell_min < HEAT_CELL_MIN_T)
        cell_min = HEAT_CELL_MIN_T;
    uint64_t cell_w = (CHART_WIDTH_T - grid_x) / cols;
    if (cell_w < cell_min)
        cell_w = cell_min; /* the viewBox widens and the browser scales it down */
    uint64_t head_w = 0;
    for (size_t c = 0; c < cols; c++) {
        uint64_t w = text_width(or_empty(col_labels[c]));
        if (w > head_w)
            head_w = w;
    }
    /* column labels go across when all fit over their cells, else upright */
    bool upright = head_w + 2 * HEAT_CELL_GAP_T > cell_w;
    if (head_w > HEAT_LABEL_MAX_T)
        head_w = HEAT_LABEL_MAX_T;
    uint64_t head_h = upright ? head_w + 2 * GAP_T : HEAT_HEADER_T;
    uint64_t width = grid_x + cols * cell_w;
    if (width < CHART_WIDTH_T)
        width = CHART_WIDTH_T;

    svg_open(out, "heatmap", id, title, desc, width, head_h + rows * HEAT_ROW_T, false);
    buf_addstr(out, upright ? "<g class=\"heat-label\">\n"
                            : "<g class=\"heat-label\" text-anchor=\"middle\">\n");
    for (size_t c = 0; c < cols; c++) {
        uint64_t mid = grid_x + c * cell_w + cell_w / 2;
        if (upright) {
            uint64_t x = mid + TEXT_DROP_T;
            uint64_t y = head_h - GAP_T;
            text_open(out, NULL, x, y);
            buf_addstr(out, " transform=\"rotate(-90 ");
            add_t(out, x);
            buf_addch(out, ' ');
            add_t(out, y);
            buf_addstr(out, ")\">");
            add_label(out, or_empty(col_labels[c]), HEAT_LABEL_MAX_T);
        } else {
            text_open(out, NULL, mid, HEAT_HEADER_T / 2 + TEXT_DROP_T);
            buf_addch(out, '>');
            add_label(out, or_empty(col_labels[c]), cell_w);
        }
        buf_addch(out, '\n');
    }
    buf_addstr(out, "</g>\n<g class=\"heat-label\">\n");
    for (size_t r = 0; r < rows; r++) {
        text_open(out, NULL, 0, head_h + r * HEAT_ROW_T + HEAT_ROW_T / 2 + TEXT_DROP_T);
        buf_addch(out, '>');
        add_label(out, or_empty(row_labels[r]), label_w);
        buf_addch(out, '\n');
    }
    buf_addstr(out, "</g>\n<g text-anchor=\"middle\">\n");
    for (size_t r = 0; r < rows; r++) {
        uint64_t top = head_h + r * HEAT_ROW_T;
        for (size_t c = 0; c < cols; c++) {
            uint64_t v = cells[r * cols + c];
            uint64_t x = grid_x + c * cell_w;
            buf_addf(out, "<g class=\"heat-%u\"><title>", heat_level(v, max));
            add_textz(out, or_empty(row_labels[r]));
            buf_addstr(out, " \xe2\x80\x93 "); /* en dash */
            add_textz(out, or_empty(col_labels[c]));
            buf_addstr(out, ": ");
            buf_add_u64(out, v);
            buf_addstr(out, "</title>");
            add_rect(out, NULL, x + HEAT_CELL_GAP_T / 2, top + HEAT_CELL_GAP_T / 2,
                     cell_w - HEAT_CELL_GAP_T, HEAT_ROW_T - HEAT_CELL_GAP_T);
            if (v != 0)
                add_number_text(out, NULL, x + cell_w / 2, top + HEAT_ROW_T / 2 + TEXT_DROP_T, v);
            buf_addstr(out, "</g>");
        }
        buf_addch(out, '\n');
    }
    buf_addstr(out, "</g>\n");
    svg_close(out);
}

void
chart_coverage(struct buf *out, const char *id, const char *title, const char *desc,
               const struct chart_item *items, size_t n)
{
    if (n == 0)
        return;
    size_t per_row = n < COVER_PER_ROW ? n : COVER_PER_ROW;
    size_t rows = (n + per_row - 1) / per_row;
    uint64_t height = rows * COVER_PITCH_T - (COVER_PITCH_T - COVER_SQUARE_T);

    svg_open(out, "coverage", id, title, desc, CHART_WIDTH_T, height, any_link(items, n));
    buf_addstr(out, "<g text-anchor=\"middle\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct chart_item *it = &items[i];
        uint64_t x = (i % per_row) * COVER_PITCH_T;
        uint64_t y = (i / per_row) * COVER_PITCH_T;
        buf_addstr(out, it->value != 0 ? "<g class=\"on\">" : "<g class=\"off\">");
        add_tooltip(out, i + 1, or_empty(it->label), it->value);
        bool link = link_open(out, it->href);
        add_rect(out, NULL, x, y, COVER_SQUARE_T, COVER_SQUARE_T);
        add_number_text(out, NULL, x + COVER_SQUARE_T / 2, y + COVER_SQUARE_T / 2 + TEXT_DROP_T,
                        i + 1);
        buf_addstr(out, link ? "</a></g>\n" : "</g>\n");
    }
    buf_addstr(out, "</g>\n");
    svg_close(out);
}

/* ---- progress lines ------------------------------------------------------------------------ */

/* Writes "x,y" of a point at @t tenths. */
static void
add_xy(struct buf *out, uint64_t x, uint64_t y)
{
    add_t(out, x);
    buf_addch(out, ',');
    add_t(out, y);
}

/* A series' position in the plot: x from the day, y from the percent (clamped to 0..@top). */
static uint64_t
line_x(int64_t x, int64_t x_min, int64_t x_max)
{
    uint64_t span = CHART_WIDTH_T - LINE_LEFT_T - LINE_RIGHT_T;
    if (x_max <= x_min)
        return LINE_LEFT_T + span / 2;
    return LINE_LEFT_T + scale((uint64_t)(x - x_min), (uint64_t)(x_max - x_min), span);
}

static uint64_t
line_y(int64_t percent, int64_t top)
{
    uint64_t v = percent < 0 ? 0 : percent > top ? (uint64_t)top : (uint64_t)percent;
    return LINE_TOP_T + LINE_PLOT_T - scale(v, (uint64_t)top, LINE_PLOT_T);
}

static void
add_percent_label(struct buf *out, int64_t percent, int64_t top)
{
    text_open(out, "bar-value", LINE_LEFT_T - GAP_T, line_y(percent, top) + TEXT_DROP_T);
    buf_addstr(out, " text-anchor=\"end\">");
    buf_add_u64(out, (uint64_t)percent / 10);
    buf_addstr(out, "%</text>\n");
}

void
chart_progress(struct buf *out, const char *id, const char *title, const char *desc,
               const struct chart_series *series, size_t n, const char *first, const char *last)
{
    int64_t x_min = 0, x_max = 0, high = 0;
    size_t points = 0;
    for (size_t s = 0; s < n; s++) {
        for (size_t i = 0; i < series[s].n; i++) {
            const struct chart_point *pt = &series[s].points[i];
            if (points++ == 0 || pt->x < x_min)
                x_min = pt->x;
            if (points == 1 || pt->x > x_max)
                x_max = pt->x;
            if (pt->percent > high)
                high = pt->percent;
        }
    }
    if (points == 0)
        return;
    /* 100%, or 150% / 200% when a value passes the target: the target line stays in view */
    int64_t top = high <= 1000 ? 1000 : high <= 1500 ? 1500 : 2000;
    uint64_t base = LINE_TOP_T + LINE_PLOT_T;
    uint64_t height = base + LINE_AXIS_T + n * LINE_LEGEND_T;

    svg_open(out, "progress", id, title, desc, CHART_WIDTH_T, height, false);
    buf_addstr(out, "<path class=\"axis\" d=\"M");
    add_xy(out, LINE_LEFT_T, LINE_TOP_T);
    buf_addstr(out, "V");
    add_t(out, base);
    buf_addstr(out, "H");
    add_t(out, CHART_WIDTH_T - LINE_RIGHT_T);
    buf_addstr(out, "\"/>\n<path class=\"target\" d=\"M");
    add_xy(out, LINE_LEFT_T, line_y(1000, top));
    buf_addstr(out, "H");
    add_t(out, CHART_WIDTH_T - LINE_RIGHT_T);
    buf_addstr(out, "\"/>\n");
    add_percent_label(out, 0, top);
    add_percent_label(out, 500, top);
    add_percent_label(out, 1000, top);
    if (top > 1000)
        add_percent_label(out, top, top);
    /* the x axis: its first and last day */
    uint64_t label_y = base + LINE_AXIS_T / 2 + TEXT_DROP_T;
    uint64_t label_room = (CHART_WIDTH_T - LINE_LEFT_T - LINE_RIGHT_T - GAP_T) / 2;
    text_open(out, "bar-label", LINE_LEFT_T, label_y);
    buf_addch(out, '>');
    add_label(out, or_empty(first), label_room);
    buf_addch(out, '\n');
    if (x_max > x_min && last != NULL) {
        text_open(out, "bar-label", CHART_WIDTH_T - LINE_RIGHT_T, label_y);
        buf_addstr(out, " text-anchor=\"end\">");
        add_label(out, last, label_room);
        buf_addch(out, '\n');
    }
    for (size_t s = 0; s < n; s++) {
        const struct chart_series *se = &series[s];
        char cls[32];
        snprintf(cls, sizeof(cls), "series-%zu", s % LINE_SERIES);
        buf_addstr(out, "<g class=\"");
        buf_addstr(out, cls);
        buf_addstr(out, "\">");
        if (se->n > 1) {
            buf_addstr(out, "<polyline class=\"line\" points=\"");
            for (size_t i = 0; i < se->n; i++) {
                if (i > 0)
                    buf_addch(out, ' ');
                add_xy(out, line_x(se->points[i].x, x_min, x_max),
                       line_y(se->points[i].percent, top));
            }
            buf_addstr(out, "\"/>");
        }
        for (size_t i = 0; i < se->n; i++) {
            buf_addstr(out, "<circle class=\"dot\" cx=\"");
            add_t(out, line_x(se->points[i].x, x_min, x_max));
            buf_addstr(out, "\" cy=\"");
            add_t(out, line_y(se->points[i].percent, top));
            buf_addstr(out, "\" r=\"");
            add_t(out, LINE_DOT_T);
            buf_addstr(out, "\"><title>");
            add_textz(out, or_empty(se->points[i].tip));
            buf_addstr(out, "</title></circle>");
        }
        /* the legend: a stroke of the line's colour and its label */
        uint64_t row = base + LINE_AXIS_T + s * LINE_LEGEND_T + LINE_LEGEND_T / 2;
        buf_addstr(out, "<path class=\"line\" d=\"M");
        add_xy(out, LINE_LEFT_T, row);
        buf_addstr(out, "h");
        add_t(out, 240);
        buf_addstr(out, "\"/>");
        text_open(out, "bar-label", LINE_LEFT_T + 240 + GAP_T, row + TEXT_DROP_T);
        buf_addch(out, '>');
        add_label(out, or_empty(se->label), LINE_LABEL_MAX_T - 240 - GAP_T);
        buf_addstr(out, "</g>\n");
    }
    svg_close(out);
}
