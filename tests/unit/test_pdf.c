/* Unit tests of report/pdf_text and report/pdf: lines fit their width and break at spaces,
 * hard breaks and over-long words; text a glyph-per-character layout would draw wrongly goes
 * through pango; an ellipsis cuts what does not fit; a document writes a PDF whose page count
 * grows with its table, with the contents list's pages counted in. Set PDF_TEST_OUTPUT to keep
 * the test document for a look. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "report/pdf.h"
#include "report/pdf_text.h"
#include "util/buf.h"

static struct pdf_fonts *
fonts(void)
{
    struct pdf_fonts *f = NULL;
    char why[200];
    assert_int_equal(pdf_fonts_new(&f, why, sizeof(why)), ERR_OK);
    return f;
}

static void
test_lines_fit_their_width(void **state)
{
    (void)state;
    struct pdf_fonts *f = fonts();
    const char *text = "Dialogue with informal workers on access to health care, child care and "
                       "protection in São Paulo, Montréal and eThekwini";
    size_t n = pdf_text_layout(f, PDF_STYLE_BODY, text, strlen(text), 120, 0);
    assert_true(n >= 4);
    for (size_t i = 0; i < n; i++) {
        assert_true(pdf_text_line_width(f, i) <= 120.0);
        assert_true(pdf_text_line_width(f, i) > 40.0); /* greedy: no line left nearly empty */
    }
    /* wider, fewer lines; very wide, one */
    assert_true(pdf_text_layout(f, PDF_STYLE_BODY, text, strlen(text), 240, 0) < n);
    assert_int_equal(pdf_text_layout(f, PDF_STYLE_BODY, text, strlen(text), 5000, 0), 1);
    assert_int_equal(pdf_text_pango_count(f), 0);
    pdf_fonts_free(f);
}

static void
test_breaks(void **state)
{
    (void)state;
    struct pdf_fonts *f = fonts();
    /* a hard break, and an empty text still takes one line */
    assert_int_equal(pdf_text_layout(f, PDF_STYLE_BODY, "one\ntwo", 7, 500, 0), 2);
    assert_int_equal(pdf_text_layout(f, PDF_STYLE_BODY, "", 0, 500, 0), 1);
    /* a word wider than the box is cut between characters, every piece within the width */
    char word[201];
    memset(word, 'm', 200);
    word[200] = '\0';
    size_t n = pdf_text_layout(f, PDF_STYLE_BODY, word, 200, 100, 0);
    assert_true(n > 5);
    for (size_t i = 0; i < n; i++)
        assert_true(pdf_text_line_width(f, i) <= 100.0);
    /* at most two lines, the second ending in an ellipsis within the width */
    const char *text = "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h";
    assert_int_equal(pdf_text_layout(f, PDF_STYLE_BODY, text, strlen(text), 40, 2), 2);
    assert_true(pdf_text_line_width(f, 1) <= 40.0);
    /* control characters and malformed bytes do not stop the layout */
    assert_int_equal(pdf_text_layout(f, PDF_STYLE_BODY, "a\x01\xff\xfe b", 6, 500, 0), 1);
    pdf_fonts_free(f);
}

static void
test_shaping_goes_through_pango(void **state)
{
    (void)state;
    struct pdf_fonts *f = fonts();
    /* Arabic joins its letters; "e" + combining acute needs mark positioning */
    const char *arabic = "\xd8\xa7\xd9\x84\xd9\x87\xd8\xac\xd8\xb1\xd8\xa9";
    const char *combining = "Montre\xcc\x81"
                            "al";
    assert_int_equal(pdf_text_layout(f, PDF_STYLE_BODY, arabic, strlen(arabic), 300, 0), 1);
    assert_int_equal(pdf_text_pango_count(f), 1);
    assert_true(pdf_text_line_width(f, 0) > 10);
    assert_int_equal(pdf_text_layout(f, PDF_STYLE_BODY, combining, strlen(combining), 300, 0), 1);
    assert_int_equal(pdf_text_pango_count(f), 2);
    /* precomposed accents take the fast path */
    assert_int_equal(pdf_text_layout(f, PDF_STYLE_BODY,
                                     "Montr\xc3\xa9"
                                     "al",
                                     9, 300, 0),
                     1);
    assert_int_equal(pdf_text_pango_count(f), 2);
    pdf_fonts_free(f);
}

static struct pdf_doc *
document(size_t rows)
{
    struct pdf_info info = {"Forum report",
                            "IMRF 2022",
                            "New York, 16-20 May 2022",
                            "Made from the registry's data",
                            "Contents",
                            "Page {page} of {pages}",
                            "IMRF 2022",
                            "localaction",
                            1652745600};
    struct pdf_doc *d = NULL;
    char why[200];
    assert_int_equal(pdf_doc_new(&d, &info, why, sizeof(why)), ERR_OK);
    pdf_heading(d, 1, "1. Overview");
    pdf_paragraph(d, PDF_STYLE_BODY,
                  "Local governments from S\xc3\xa3o Paulo, Montr\xc3\xa9"
                  "al and "
                  "eThekwini took part.");
    struct pdf_figure figures[] = {{"16", "actions"}, {"5", "regions"}, {"6 of 7", "sessions"}};
    pdf_figures(d, figures, 3);
    struct pdf_bar bars[] = {{"Africa", 6, "6"}, {"Europe", 4, "4"}, {"Asia", 0, "0"}};
    pdf_bars(d, bars, 3);
    pdf_heading(d, 1, "2. Actions");
    pdf_heading(d, 2, "2.1 Objective 7");
    struct pdf_column cols[] = {{"Action", 3, PDF_ALIGN_LEFT, true},
                                {"Status", 1, PDF_ALIGN_LEFT, false},
                                {"%", 0.6, PDF_ALIGN_RIGHT, false}};
    pdf_table_begin(d, cols, 3);
    for (size_t i = 0; i < rows; i++) {
        char title[120], pct[16];
        snprintf(title, sizeof(title),
                 "Action %zu with a title long enough to wrap over two "
                 "lines in its column\nAccra, Ghana",
                 i);
        snprintf(pct, sizeof(pct), "%zu %%", i % 100);
        if (i % 25 == 0)
            pdf_table_group(d, "Objective");
        const char *cells[] = {title, "in progress", pct};
        pdf_table_row(d, cells);
    }
    pdf_table_end(d);
    return d;
}

static void
test_document(void **state)
{
    (void)state;
    struct buf out;
    char why[200];
    buf_init(&out, 64u << 20);
    struct pdf_doc *d = document(10);
    assert_int_equal(pdf_doc_write(d, &out, why, sizeof(why)), ERR_OK);
    assert_memory_equal(out.data, "%PDF-1.5", 8);
    /* title, contents, then sections 1 and 2 each from a new page */
    assert_int_equal(pdf_doc_pages(d), 4);
    pdf_doc_free(d);

    /* a long table breaks over pages */
    buf_reset(&out);
    d = document(400);
    assert_int_equal(pdf_doc_write(d, &out, why, sizeof(why)), ERR_OK);
    assert_true(pdf_doc_pages(d) > 10);
    const char *keep = getenv("PDF_TEST_OUTPUT");
    if (keep != NULL) {
        FILE *fp = fopen(keep, "wb");
        assert_non_null(fp);
        assert_int_equal(fwrite(out.data, 1, out.len, fp), out.len);
        assert_int_equal(fclose(fp), 0);
    }
    pdf_doc_free(d);

    /* a limit too small for the file is an error, not a cut file */
    struct buf small;
    buf_init(&small, 2000);
    d = document(10);
    assert_int_equal(pdf_doc_write(d, &small, why, sizeof(why)), ERR_TOO_BIG);
    pdf_doc_free(d);
    buf_release(&small);
    buf_release(&out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_fit_their_width),
        cmocka_unit_test(test_breaks),
        cmocka_unit_test(test_shaping_goes_through_pango),
        cmocka_unit_test(test_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
