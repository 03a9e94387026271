/* Unit tests of web/chart: the SVG is well-formed and escaped, bars and columns are scaled to
 * their values (up to UINT64_MAX), heat classes follow fifths of the maximum, labels are cut
 * on code-point boundaries, ids follow the caller's prefix, and empty input writes nothing. */
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/text.h"
#include "web/chart.h"

#define TEST_BUF_LIMIT (1u << 20)
#define XML_MAX_DEPTH  32
#define MAX_FOUND      64

static const char hostile_script[] = "<script>alert(1)</script>";
static const char hostile_attr[] = "\"><img onerror=x>";

/* ---- a small XML checker ------------------------------------------------------------------ */

static bool
is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == ':' || c == '.';
}

/* Steps over one of the entities buf_add_html() writes; false for anything else. */
static bool
skip_entity(const char **p)
{
    static const char *const names[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        size_t n = strlen(names[i]);
        if (strncmp(*p, names[i], n) == 0) {
            *p += n;
            return true;
        }
    }
    return false;
}

/* True when @s is a sequence of well-formed XML elements: tags balance, attribute values are
 * double-quoted, and neither text nor values hold a raw '<', '>' or a stray '&'. */
static bool
is_well_formed(const char *s)
{
    const char *stack[XML_MAX_DEPTH];
    size_t lens[XML_MAX_DEPTH];
    size_t depth = 0;
    const char *p = s;

    while (*p != '\0') {
        if (*p == '&') {
            if (!skip_entity(&p))
                return false;
            continue;
        }
        if (*p == '>')
            return false;
        if (*p != '<') {
            if (depth == 0 && *p != '\n' && *p != ' ')
                return false;
            p++;
            continue;
        }
        p++;
        bool closing = *p == '/';
        if (closing)
            p++;
        const char *name = p;
        while (is_name_char(*p))
            p++;
        size_t nlen = (size_t)(p - name);
        if (nlen == 0)
            return false;
        if (closing) {
            if (*p != '>' || depth == 0 || lens[depth - 1] != nlen ||
                strncmp(stack[depth - 1], name, nlen) != 0)
                return false;
            depth--;
            p++;
            continue;
        }
        for (;;) {
            if (*p == '/' && p[1] == '>') {
                p += 2;
                break;
            }
            if (*p == '>') {
                if (depth == XML_MAX_DEPTH)
                    return false;
                stack[depth] = name;
                lens[depth] = nlen;
                depth++;
                p++;
                break;
            }
            if (*p != ' ')
                return false;
            p++;
            const char *attr = p;
            while (is_name_char(*p))
                p++;
            if (p == attr || p[0] != '=' || p[1] != '"')
                return false;
            p += 2;
            while (*p != '"') {
                if (*p == '\0' || *p == '<' || *p == '>')
                    return false;
                if (*p == '&') {
                    if (!skip_entity(&p))
                        return false;
                } else {
                    p++;
                }
            }
            p++;
        }
    }
    return depth == 0;
}

/* ---- reading the output back -------------------------------------------------------------- */

static size_t
count(const char *s, const char *needle)
{
    size_t n = 0;
    const char *p = strstr(s, needle);
    while (p != NULL) {
        n++;
        p = strstr(p + 1, needle);
    }
    return n;
}

/* A length written as "12" or "12.5", in tenths. */
static long
parse_tenths(const char *p)
{
    long v = 0;
    while (*p >= '0' && *p <= '9')
        v = v * 10 + (*p++ - '0');
    v *= 10;
    if (*p == '.' && p[1] >= '0' && p[1] <= '9')
        v += p[1] - '0';
    return v;
}

/* The value of attribute @attr in the tag starting at @tag, in tenths; -1 when absent. */
static long
attr_tenths(const char *tag, const char *attr)
{
    const char *end = strchr(tag, '>');
    char key[32];
    snprintf(key, sizeof(key), " %s=\"", attr);
    const char *p = strstr(tag, key);
    if (p == NULL || p > end)
        return -1;
    return parse_tenths(p + strlen(key));
}

/* Attribute @attr of every tag that starts with @tag_start, in order. */
static size_t
all_tenths(const char *s, const char *tag_start, const char *attr, long *out)
{
    size_t n = 0;
    const char *p = strstr(s, tag_start);
    while (p != NULL && n < MAX_FOUND) {
        out[n++] = attr_tenths(p, attr);
        p = strstr(p + 1, tag_start);
    }
    return n;
}

/* Copies the text shown by the element starting at @tag (after any <title> child). */
static void
shown_text(const char *tag, char *out, size_t size)
{
    const char *p = strchr(tag, '>') + 1;
    if (strncmp(p, "<title>", 7) == 0)
        p = strstr(p, "</title>") + 8;
    size_t n = strcspn(p, "<");
    if (n >= size)
        n = size - 1;
    memcpy(out, p, n);
    out[n] = '\0';
}

static void
render_start(struct buf *b)
{
    buf_init(b, TEST_BUF_LIMIT);
}

static void
render_done(struct buf *b)
{
    assert_int_equal(buf_status(b), ERR_OK);
    if (!is_well_formed(b->data))
        print_error("not well-formed:\n%s\n", b->data);
    assert_true(is_well_formed(b->data));
}

/* ---- the checker itself ------------------------------------------------------------------- */

static void
test_checker(void **state)
{
    static const struct {
        const char *xml;
        bool ok;
    } cases[] = {
        {"<a x=\"1\"><b/>t&amp;t</a>\n", true},
        {"<a><b></a></b>", false},
        {"<a>", false},
        {"<a>x<y</a>", false},
        {"<a>&nbsp;</a>", false},
        {"<a x=1/>", false},
        {"<a x=\"\"><\"/></a>", false},
        {"<a x=\"\"\"/>", false},
        {"text<a/>", false},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        if (is_well_formed(cases[i].xml) != cases[i].ok)
            print_error("case %zu: %s\n", i, cases[i].xml);
        assert_int_equal(is_well_formed(cases[i].xml), cases[i].ok);
    }
}

/* ---- empty input -------------------------------------------------------------------------- */

static void
test_empty_writes_nothing(void **state)
{
    static const char *const labels[] = {"a"};
    static const uint64_t cells[] = {1};
    struct chart_item item = {"a", NULL, 1};
    struct buf b;
    (void)state;
    render_start(&b);
    chart_bars(&b, "c", "T", "D", NULL, 0);
    chart_columns(&b, "c", "T", "D", NULL, 0);
    chart_coverage(&b, "c", "T", "D", NULL, 0);
    chart_heatmap(&b, "c", "T", "D", labels, 0, labels, 1, cells);
    chart_heatmap(&b, "c", "T", "D", labels, 1, labels, 0, cells);
    assert_int_equal(buf_status(&b), ERR_OK);
    assert_int_equal(b.len, 0);
    chart_bars(&b, "c", "T", "D", &item, 1);
    assert_true(b.len > 0);
    buf_release(&b);
}

/* ---- the frame every chart shares --------------------------------------------------------- */

static void
render_all(struct buf *b, const char *id, const struct chart_item *items, size_t n)
{
    static const char *const rows[] = {"Row one", "Row two"};
    static const char *const cols[] = {"A", "B", "C"};
    static const uint64_t cells[] = {0, 1, 2, 3, 4, 5};
    char full[32];
    snprintf(full, sizeof(full), "%s-bars", id);
    chart_bars(b, full, "Bars", "Bars chart", items, n);
    snprintf(full, sizeof(full), "%s-cols", id);
    chart_columns(b, full, "Columns", "Columns chart", items, n);
    snprintf(full, sizeof(full), "%s-heat", id);
    chart_heatmap(b, full, "Heat", "Heat map", rows, 2, cols, 3, cells);
    snprintf(full, sizeof(full), "%s-cover", id);
    chart_coverage(b, full, "Coverage", "Coverage strip", items, n);
}

static void
test_svg_frame(void **state)
{
    const struct chart_item items[] = {{"One", "/a/1", 3}, {"Two", NULL, 0}, {"Three", "/a/3", 9}};
    struct buf b;
    (void)state;
    render_start(&b);
    render_all(&b, "x", items, ARRAY_LEN(items));
    render_done(&b);
    assert_int_equal(count(b.data, "<svg "), 4);
    assert_int_equal(count(b.data, " role=\"img\""), 4);
    assert_int_equal(count(b.data, " width=\"100%\""), 4);
    assert_int_equal(count(b.data, " viewBox=\"0 0 "), 4);
    assert_int_equal(count(b.data, " focusable=\"false\""), 4);
    assert_int_equal(count(b.data, "<g aria-hidden=\"true\">"), 4);
    assert_non_null(strstr(b.data, "aria-labelledby=\"x-bars-title x-bars-desc\""));
    assert_non_null(strstr(b.data, "<title id=\"x-bars-title\">Bars</title>"));
    assert_non_null(strstr(b.data, "<desc id=\"x-bars-desc\">Bars chart</desc>"));
    /* title and desc come first, before the hidden drawing */
    const char *svg = strstr(b.data, "<svg ");
    assert_true(strstr(svg, "<title id=") < strstr(svg, "<g aria-hidden"));
    buf_release(&b);

    /* without a desc, the label names the title alone */
    render_start(&b);
    chart_bars(&b, "y", "Only a title", NULL, items, 1);
    render_done(&b);
    assert_non_null(strstr(b.data, "aria-labelledby=\"y-title\""));
    assert_null(strstr(b.data, "<desc"));
    buf_release(&b);
}

/* Collects the values of id="..." in @s. */
static size_t
collect_ids(const char *s, char ids[][32], size_t max)
{
    size_t n = 0;
    const char *p = strstr(s, " id=\"");
    while (p != NULL && n < max) {
        p += 5;
        size_t len = strcspn(p, "\"");
        assert_true(len < 32);
        memcpy(ids[n], p, len);
        ids[n][len] = '\0';
        n++;
        p = strstr(p, " id=\"");
    }
    return n;
}

static void
test_ids_unique_per_prefix(void **state)
{
    const struct chart_item items[] = {{"One", NULL, 1}, {"Two", NULL, 2}};
    char ids[MAX_FOUND][32];
    struct buf b;
    (void)state;
    render_start(&b);
    render_all(&b, "first", items, 2);
    render_all(&b, "second", items, 2);
    render_done(&b);
    size_t n = collect_ids(b.data, ids, MAX_FOUND);
    assert_int_equal(n, 16); /* 8 charts, a title and a desc each */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_string_not_equal(ids[i], ids[j]);
    /* every name in every aria-labelledby is an id of the same <svg> */
    const char *p = strstr(b.data, "aria-labelledby=\"");
    size_t refs = 0;
    while (p != NULL) {
        p += strlen("aria-labelledby=\"");
        const char *end = strchr(p, '"');
        const char *svg_end = strstr(p, "</svg>");
        while (p < end) {
            size_t len = strcspn(p, " \"");
            char want[48];
            assert_true(len < 32);
            snprintf(want, sizeof(want), " id=\"%.*s\"", (int)len, p);
            const char *at = strstr(p, want);
            assert_non_null(at);
            assert_true(at < svg_end);
            refs++;
            p += len;
            if (*p == ' ')
                p++;
        }
        p = strstr(p, "aria-labelledby=\"");
    }
    assert_int_equal(refs, 16);
    buf_release(&b);
}

/* ---- escaping ----------------------------------------------------------------------------- */

static void
test_hostile_text_is_escaped(void **state)
{
    const struct chart_item items[] = {
        {hostile_script, "/x?a=1&b=\"2\"", 5},
        {hostile_attr, NULL, 3},
        {"A very long label that will be cut <script>alert(1)</script> here", NULL, 1},
    };
    const char *const rows[] = {hostile_script, hostile_attr};
    const char *const cols[] = {hostile_attr, hostile_script};
    const uint64_t cells[] = {1, 2, 3, 4};
    struct buf b;
    (void)state;
    render_start(&b);
    chart_bars(&b, "b", hostile_script, hostile_attr, items, ARRAY_LEN(items));
    chart_columns(&b, "c", hostile_attr, hostile_script, items, ARRAY_LEN(items));
    chart_heatmap(&b, "h", hostile_script, hostile_attr, rows, 2, cols, 2, cells);
    chart_coverage(&b, "v", hostile_script, hostile_attr, items, ARRAY_LEN(items));
    render_done(&b);
    assert_null(strstr(b.data, "<script"));
    assert_null(strstr(b.data, "<img"));
    assert_non_null(strstr(b.data, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(b.data, "&quot;&gt;&lt;img onerror=x&gt;"));
    assert_non_null(strstr(b.data, "xlink:href=\"/x?a=1&amp;b=&quot;2&quot;\""));
    buf_release(&b);
}

static void
test_control_characters_become_spaces(void **state)
{
    const struct chart_item items[] = {{"tab\there\x01", NULL, 1}};
    struct buf b;
    (void)state;
    render_start(&b);
    chart_bars(&b, "b", "t\ni", NULL, items, 1);
    render_done(&b);
    assert_non_null(strstr(b.data, ">tab here </text>"));
    assert_non_null(strstr(b.data, ">t i</title>"));
    buf_release(&b);
}

static void
test_links(void **state)
{
    const struct chart_item items[] = {
        {"relative", "/actions?objective=1", 1},
        {"absolute", "https://example.org/a", 2},
        {"none", NULL, 3},
        {"script", "javascript:alert(1)", 4},
        {"script upper", "JaVaScRiPt:alert(1)", 5},
        {"script spaced", " javascript:alert(1)", 6},
        {"script tab", "java\tscript:alert(1)", 7},
        {"data", "data:text/html,<b>", 8},
        {"empty", "", 9},
    };
    struct buf b;
    (void)state;
    render_start(&b);
    chart_bars(&b, "b", "T", NULL, items, ARRAY_LEN(items));
    render_done(&b);
    assert_int_equal(count(b.data, "<a "), 2);
    assert_int_equal(count(b.data, " tabindex=\"-1\""), 2);
    assert_non_null(strstr(b.data, "<a xlink:href=\"/actions?objective=1\" tabindex=\"-1\">"));
    assert_non_null(strstr(b.data, "<a xlink:href=\"https://example.org/a\" tabindex=\"-1\">"));
    assert_null(strstr(b.data, "script:"));
    assert_null(strstr(b.data, "data:"));
    assert_non_null(strstr(b.data, "xmlns:xlink="));
    buf_release(&b);

    /* no links, no xlink namespace */
    render_start(&b);
    chart_coverage(&b, "c", "T", NULL, items + 2, 2);
    render_done(&b);
    assert_null(strstr(b.data, "<a "));
    assert_null(strstr(b.data, "xmlns:xlink"));
    buf_release(&b);
}

/* ---- bars --------------------------------------------------------------------------------- */

static void
test_bar_widths_proportional(void **state)
{
    const struct chart_item items[] = {
        {"Kampala", NULL, 100}, {"Quito", NULL, 50}, {"Lyon", NULL, 0}, {"Accra", NULL, 25}};
    long widths[MAX_FOUND];
    long xs[MAX_FOUND];
    char text[64];
    struct buf b;
    (void)state;
    render_start(&b);
    chart_bars(&b, "b", "T", NULL, items, ARRAY_LEN(items));
    render_done(&b);
    /* the zero value draws no bar */
    size_t n = all_tenths(b.data, "<rect class=\"bar\"", "width", widths);
    assert_int_equal(n, 3);
    assert_true(widths[0] > 0);
    assert_true(labs(widths[0] - 2 * widths[1]) <= 1);
    assert_true(labs(widths[0] - 4 * widths[2]) <= 2);
    /* bars start at one x, and the values end up right of their bars */
    all_tenths(b.data, "<rect class=\"bar\"", "x", xs);
    assert_true(xs[0] == xs[1] && xs[1] == xs[2]);
    size_t nv = all_tenths(b.data, "<text class=\"bar-value\"", "x", xs + 3);
    assert_int_equal(nv, 4);
    assert_true(xs[3] > xs[0] + widths[0]);
    assert_true(xs[3] > xs[4] && xs[4] > xs[6]);
    /* the zero value still shows its 0 */
    const char *v = strstr(b.data, "<text class=\"bar-value\"");
    const char *want[] = {"100", "50", "0", "25"};
    for (size_t i = 0; i < ARRAY_LEN(want); i++) {
        shown_text(v, text, sizeof(text));
        assert_string_equal(text, want[i]);
        v = strstr(v + 1, "<text class=\"bar-value\"");
    }
    /* the bars fit in the viewBox */
    long vb_w = parse_tenths(strstr(b.data, "viewBox=\"0 0 ") + 13);
    assert_true(xs[3] + 3 * 84 <= vb_w);
    buf_release(&b);
}

static void
test_bars_huge_values(void **state)
{
    const struct chart_item items[] = {
        {"max", NULL, UINT64_MAX}, {"half", NULL, UINT64_MAX / 2}, {"one", NULL, 1}};
    long widths[MAX_FOUND];
    long xs[MAX_FOUND];
    struct buf b;
    (void)state;
    render_start(&b);
    chart_bars(&b, "b", "T", NULL, items, ARRAY_LEN(items));
    render_done(&b);
    assert_int_equal(all_tenths(b.data, "<rect class=\"bar\"", "width", widths), 3);
    assert_true(labs(widths[0] - 2 * widths[1]) <= 1);
    assert_true(widths[0] >= 500);  /* the bars keep room next to 20-digit values */
    assert_int_equal(widths[2], 1); /* tiny, but not nothing */
    assert_non_null(strstr(b.data, ">18446744073709551615</text>"));
    assert_non_null(strstr(b.data, ">9223372036854775807</text>"));
    /* the longest value, right of the longest bar, ends inside the viewBox */
    all_tenths(b.data, "<text class=\"bar-value\"", "x", xs);
    long vb_w = parse_tenths(strstr(b.data, "viewBox=\"0 0 ") + 13);
    assert_true(xs[0] + 20 * 84 <= vb_w);
    buf_release(&b);
}

static void
test_bars_all_zero(void **state)
{
    const struct chart_item items[] = {{"a", NULL, 0}, {"b", NULL, 0}};
    struct buf b;
    (void)state;
    render_start(&b);
    chart_bars(&b, "b", "T", NULL, items, 2);
    chart_columns(&b, "c", "T", NULL, items, 2);
    render_done(&b);
    assert_null(strstr(b.data, "<rect"));
    assert_int_equal(count(b.data, ">0</text>"), 4);
    buf_release(&b);
}

/* ---- labels ------------------------------------------------------------------------------- */

/* The shown text of the first bar label, which must be cut: checks its bytes and returns them. */
static void
cut_label(const char *label, char *shown, size_t size)
{
    const struct chart_item items[] = {{label, NULL, 1}};
    struct buf b;
    render_start(&b);
    chart_bars(&b, "b", "T", NULL, items, 1);
    render_done(&b);
    const char *tag = strstr(b.data, "<text class=\"bar-label\"");
    assert_non_null(tag);
    /* the full label is kept in a <title> */
    char want[1024];
    snprintf(want, sizeof(want), "><title>%s</title>", label);
    assert_non_null(strstr(tag, want));
    shown_text(tag, shown, size);
    size_t n = strlen(shown);
    assert_true(n > 3);
    assert_memory_equal(shown + n - 3, "\xe2\x80\xa6", 3);
    assert_true(text_is_utf8(shown, n));
    /* what is shown before the ellipsis starts the label */
    assert_memory_equal(shown, label, n - 3);
    buf_release(&b);
}

static void
test_truncation_on_utf8_boundary(void **state)
{
    /* 2-, 3- and 4-byte sequences, shifted by one ASCII byte so that each cut position occurs */
    static const char *const units[] = {"\xc3\xa9",         "\xe2\x82\xac",  "\xf0\x9f\x8c\x8d",
                                        "a\xc3\xa9",        "a\xe2\x82\xac", "ab\xe2\x82\xac",
                                        "a\xf0\x9f\x8c\x8d"};
    char label[512];
    char shown[512];
    (void)state;
    for (size_t u = 0; u < ARRAY_LEN(units); u++) {
        for (size_t lead = 0; lead < 4; lead++) {
            size_t len = 0;
            for (size_t i = 0; i < lead; i++)
                label[len++] = 'x';
            while (len + strlen(units[u]) < 300) {
                memcpy(label + len, units[u], strlen(units[u]));
                len += strlen(units[u]);
            }
            label[len] = '\0';
            cut_label(label, shown, sizeof(shown));
        }
    }
}

static void
test_truncation_keeps_combining_marks(void **state)
{
    char label[512];
    char shown[512];
    size_t len = 0;
    (void)state;
    /* "e" followed by U+0301: the cut never separates a letter from its accent */
    while (len < 400) {
        memcpy(label + len, "e\xcc\x81", 3);
        len += 3;
    }
    label[len] = '\0';
    cut_label(label, shown, sizeof(shown));
    size_t n = strlen(shown) - 3;
    assert_true(n % 3 == 0);
    assert_memory_equal(shown + n - 2, "\xcc\x81", 2);
}

static void
test_truncation_escapes_and_trims(void **state)
{
    /* a cut lands between characters, never inside an escape, and drops trailing spaces */
    const struct chart_item items[] = {
        {"&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&", NULL, 1},
        {"word                                                   tail", NULL, 2},
        {"short", NULL, 3},
    };
    char shown[512];
    struct buf b;
    (void)state;
    render_start(&b);
    chart_bars(&b, "b", "T", NULL, items, ARRAY_LEN(items));
    render_done(&b);
    const char *tag = strstr(b.data, "<text class=\"bar-label\"");
    shown_text(tag, shown, sizeof(shown));
    assert_true(count(shown, "&amp;") > 0);
    assert_int_equal(strlen(shown), count(shown, "&amp;") * 5 + 3);
    tag = strstr(tag + 1, "<text class=\"bar-label\"");
    shown_text(tag, shown, sizeof(shown));
    assert_string_equal(shown, "word\xe2\x80\xa6");
    /* a label that fits is whole, with no title */
    tag = strstr(tag + 1, "<text class=\"bar-label\"");
    assert_memory_equal(strchr(tag, '>'), ">short</text>", 13);
    buf_release(&b);
}

/* ---- columns ------------------------------------------------------------------------------ */

static void
test_columns(void **state)
{
    struct chart_item items[40];
    char years[40][8];
    long heights[MAX_FOUND];
    char text[64];
    struct buf b;
    (void)state;
    for (size_t i = 0; i < 40; i++) {
        snprintf(years[i], sizeof(years[i]), "%zu", 1985 + i);
        items[i] = (struct chart_item){years[i], NULL, (uint64_t)(i + 1) * 10};
    }
    render_start(&b);
    chart_columns(&b, "c", "Actions per year", NULL, items, 40);
    render_done(&b);
    assert_int_equal(all_tenths(b.data, "<rect class=\"bar\"", "height", heights), 40);
    for (size_t i = 0; i < 40; i++)
        assert_true(labs(heights[i] * 40 - heights[39] * (long)(i + 1)) <= 40);
    /* every column has a tooltip; labels are thinned, and the last year is kept */
    assert_non_null(strstr(b.data, "<title>1985: 10</title>"));
    assert_non_null(strstr(b.data, "<title>2024: 400</title>"));
    size_t shown = count(b.data, "<text class=\"bar-label\"");
    assert_true(shown >= 4 && shown < 20);
    const char *last = strstr(b.data, "<title>2024: 400</title>");
    shown_text(strstr(last, "<text class=\"bar-label\""), text, sizeof(text));
    assert_string_equal(text, "2024");
    /* shown labels do not overlap: their centres are further apart than a label is wide */
    long xs[MAX_FOUND];
    size_t n = all_tenths(b.data, "<text class=\"bar-label\"", "x", xs);
    for (size_t i = 1; i < n; i++)
        assert_true(xs[i] - xs[i - 1] >= 4 * 84);
    /* 40 three-digit values do not fit over 9-unit columns: the maximum is marked instead */
    assert_non_null(strstr(b.data, "<path class=\"grid\""));
    buf_release(&b);

    /* few columns: every label and value is shown */
    render_start(&b);
    chart_columns(&b, "c", "T", NULL, items, 5);
    render_done(&b);
    assert_int_equal(count(b.data, "<text class=\"bar-label\""), 5);
    assert_int_equal(count(b.data, "<text class=\"bar-value\""), 5);
    assert_null(strstr(b.data, "<path class=\"grid\""));
    buf_release(&b);
}

/* ---- heat map ----------------------------------------------------------------------------- */

/* The class of every cell, in order, as digits. */
static void
heat_classes(const char *s, char *out, size_t size)
{
    size_t n = 0;
    const char *p = strstr(s, "<g class=\"heat-");
    while (p != NULL && n + 1 < size) {
        if (p[15] >= '0' && p[15] <= '9')
            out[n++] = p[15];
        p = strstr(p + 1, "<g class=\"heat-");
    }
    out[n] = '\0';
}

static void
test_heat_classes(void **state)
{
    static const char *const rows[] = {"r1", "r2"};
    static const char *const cols[] = {"a", "b", "c", "d", "e", "f"};
    static const uint64_t cells[] = {0, 1, 20, 21, 40, 41, 60, 61, 80, 81, 99, 100};
    static const uint64_t huge[] = {
        0, 1, UINT64_MAX / 5, UINT64_MAX / 5 + 1, UINT64_MAX - 1, UINT64_MAX};
    char classes[32];
    struct buf b;
    (void)state;
    render_start(&b);
    chart_heatmap(&b, "h", "T", NULL, rows, 2, cols, 6, cells);
    render_done(&b);
    heat_classes(b.data, classes, sizeof(classes));
    assert_string_equal(classes, "011223344555");
    /* counts show in non-zero cells only, and every cell has its tooltip */
    assert_int_equal(count(b.data, "<title>r1 \xe2\x80\x93 a: 0</title>"), 1);
    assert_int_equal(count(b.data, "<title>r2 \xe2\x80\x93 f: 100</title>"), 1);
    assert_int_equal(count(b.data, "<title>"), 12); /* the chart title has an id */
    assert_int_equal(count(b.data, "<rect "), 12);
    assert_int_equal(count(b.data, "</text>"), 11 + 2 + 6);
    assert_null(strstr(b.data, ">0</text>"));
    buf_release(&b);

    render_start(&b);
    chart_heatmap(&b, "h", "T", NULL, rows, 1, cols, 6, huge);
    render_done(&b);
    heat_classes(b.data, classes, sizeof(classes));
    assert_string_equal(classes, "011255");
    buf_release(&b);
}

static void
test_heat_all_zero_and_long_headers(void **state)
{
    static const char *const rows[] = {"Objective 1: Collect and utilize accurate data"};
    static const char *const cols[] = {"Africa", "Latin America and the Caribbean", "Europe"};
    static const uint64_t zeros[] = {0, 0, 0};
    char classes[8];
    struct buf b;
    (void)state;
    render_start(&b);
    chart_heatmap(&b, "h", "T", NULL, rows, 1, cols, 3, zeros);
    render_done(&b);
    heat_classes(b.data, classes, sizeof(classes));
    assert_string_equal(classes, "000");
    /* column labels too wide for their cells are turned upright */
    assert_int_equal(count(b.data, " transform=\"rotate(-90 "), 3);
    /* the long row label is cut, and whole in its tooltip */
    assert_non_null(
        strstr(b.data, "<title>Objective 1: Collect and utilize accurate data</title>"));
    assert_non_null(strstr(b.data, "\xe2\x80\xa6</text>"));
    buf_release(&b);
}

/* ---- coverage ----------------------------------------------------------------------------- */

static void
test_coverage(void **state)
{
    struct chart_item items[23];
    char labels[23][16];
    char want[64];
    struct buf b;
    (void)state;
    for (size_t i = 0; i < 23; i++) {
        snprintf(labels[i], sizeof(labels[i]), "Objective %zu", i + 1);
        items[i] = (struct chart_item){labels[i], i % 3 == 0 ? "/o" : NULL, i % 2 == 0 ? i : 0};
    }
    render_start(&b);
    chart_coverage(&b, "v", "GCM objectives", "11 of 23 objectives", items, 23);
    render_done(&b);
    /* items 3, 5, ..., 23 (values 2, 4, ..., 22) are on */
    assert_int_equal(count(b.data, "<g class=\"on\">"), 11);
    assert_int_equal(count(b.data, "<g class=\"off\">"), 12);
    assert_int_equal(count(b.data, "<a "), 8);
    for (size_t i = 1; i <= 23; i++) {
        snprintf(want, sizeof(want), ">%zu</text>", i);
        assert_int_equal(count(b.data, want), 1);
    }
    assert_non_null(strstr(b.data, "<title>7. Objective 7: 6</title>"));
    /* two rows of at most 12 squares, inside the viewBox */
    long xs[MAX_FOUND];
    long ys[MAX_FOUND];
    assert_int_equal(all_tenths(b.data, "<rect ", "x", xs), 23);
    all_tenths(b.data, "<rect ", "y", ys);
    long vb_w = parse_tenths(strstr(b.data, "viewBox=\"0 0 ") + 13);
    for (size_t i = 0; i < 23; i++) {
        assert_true(xs[i] + 260 <= vb_w);
        assert_int_equal(ys[i], i < 12 ? 0 : 300);
    }
    buf_release(&b);
}

/* ---- robustness --------------------------------------------------------------------------- */

static void
test_output_ignores_locale(void **state)
{
    const struct chart_item items[] = {{"a", NULL, 3}, {"b", NULL, 7}, {"c", NULL, 1000001}};
    struct buf before;
    struct buf after;
    (void)state;
    render_start(&before);
    render_all(&before, "l", items, ARRAY_LEN(items));
    /* any locale with a decimal comma will do; without one the comparison still holds */
    if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL)
        setlocale(LC_ALL, "fr_FR.UTF-8");
    render_start(&after);
    render_all(&after, "l", items, ARRAY_LEN(items));
    setlocale(LC_ALL, "C");
    assert_string_equal(before.data, after.data);
    assert_null(strstr(before.data, ","));
    buf_release(&before);
    buf_release(&after);
}

/* ---- progress lines ----------------------------------------------------------------------- */

static void
test_progress_lines(void **state)
{
    /* 0%, 50%, 100% over 10 days; a one-point series; hostile text */
    const struct chart_point first[] = {
        {100, 0, "a: 0%"}, {105, 500, "a: 50%"}, {110, 1000, hostile_script}};
    const struct chart_point second[] = {{105, -200, "below zero"}};
    const struct chart_series series[] = {{hostile_attr, first, 3}, {"Two", second, 1}};
    struct buf b;
    (void)state;
    render_start(&b);
    chart_progress(&b, "p", "Progress", "Over time", series, 0, "from", "to");
    const struct chart_series none[] = {{"empty", first, 0}};
    chart_progress(&b, "p", "Progress", "Over time", none, 1, "from", "to");
    assert_int_equal(b.len, 0);
    chart_progress(&b, "p", "Progress", "Over time", series, 2, "1 May", "11 May");
    render_done(&b);
    /* x from the first day (the plot's left, 48) to the last (348); y from 0% (152) to 100% (12) */
    assert_non_null(strstr(b.data, "<polyline class=\"line\" points=\"48,152 198,82 348,12\"/>"));
    /* a single point: no line, a dot; below 0% it sits on the axis */
    assert_int_equal(count(b.data, "<polyline"), 1);
    assert_non_null(strstr(b.data, "cx=\"198\" cy=\"152\""));
    assert_int_equal(count(b.data, "<circle class=\"dot\""), 4);
    assert_non_null(strstr(b.data, "<g class=\"series-0\">"));
    assert_non_null(strstr(b.data, "<g class=\"series-1\">"));
    assert_non_null(strstr(b.data, "<path class=\"target\" d=\"M48,12H348\"/>"));
    assert_non_null(strstr(b.data, ">100%</text>"));
    assert_null(strstr(b.data, ">150%</text>"));
    assert_non_null(strstr(b.data, ">11 May</text>"));
    assert_null(strstr(b.data, "<script>"));
    assert_null(strstr(b.data, "\"><img"));
    buf_release(&b);

    /* past the target the axis grows to 150%, then 200%, and stops there */
    const struct chart_point over[] = {{1, 1200, "120%"}, {2, 2600, "260%"}};
    const struct chart_series big[] = {{"Over", over, 1}, {"Way over", over, 2}};
    render_start(&b);
    chart_progress(&b, "q", "Progress", NULL, big, 1, "a", "b");
    render_done(&b);
    assert_non_null(strstr(b.data, ">150%</text>"));
    /* 100% is two thirds of the way up: 152 - 140 * 2 / 3 = 58.7 */
    assert_non_null(strstr(b.data, "<path class=\"target\" d=\"M48,58.7H348\"/>"));
    buf_reset(&b);
    chart_progress(&b, "q", "Progress", NULL, big, 2, "a", "b");
    render_done(&b);
    assert_non_null(strstr(b.data, ">200%</text>"));
    assert_non_null(strstr(b.data, "cx=\"348\" cy=\"12\""));
    buf_release(&b);
}

static void
test_limit_is_reported(void **state)
{
    const struct chart_item items[] = {{"a", NULL, 3}, {"b", NULL, 7}};
    struct buf b;
    (void)state;
    buf_init(&b, 100);
    chart_bars(&b, "b", "T", NULL, items, 2);
    assert_int_equal(buf_status(&b), ERR_TOO_BIG);
    buf_release(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checker),
        cmocka_unit_test(test_empty_writes_nothing),
        cmocka_unit_test(test_svg_frame),
        cmocka_unit_test(test_ids_unique_per_prefix),
        cmocka_unit_test(test_hostile_text_is_escaped),
        cmocka_unit_test(test_control_characters_become_spaces),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_bar_widths_proportional),
        cmocka_unit_test(test_bars_huge_values),
        cmocka_unit_test(test_bars_all_zero),
        cmocka_unit_test(test_truncation_on_utf8_boundary),
        cmocka_unit_test(test_truncation_keeps_combining_marks),
        cmocka_unit_test(test_truncation_escapes_and_trims),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_heat_classes),
        cmocka_unit_test(test_heat_all_zero_and_long_headers),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_progress_lines),
        cmocka_unit_test(test_output_ignores_locale),
        cmocka_unit_test(test_limit_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
