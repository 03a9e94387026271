/* Unit tests of util/text: UTF-8 checks, the name folding used to match "Sao Paulo" with
 * "São Paulo", slugs, trimming and case-insensitive comparison. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/text.h"

#define TEST_BUF_LIMIT 4096

/* ---- text_is_utf8 ------------------------------------------------------------------------- */

struct bytes {
    const char *s;
    size_t len;
    const char *what;
};

#define BYTES(lit, what)                                                                           \
    {                                                                                              \
        lit, sizeof(lit) - 1, what                                                                 \
    }

static void
test_utf8_accepts(void **state)
{
    static const struct bytes cases[] = {
        BYTES("", "empty"),
        BYTES("plain ascii", "ascii"),
        BYTES("S\xc3\xa3o Paulo", "2-byte a-tilde"),
        BYTES("\xc2\x80", "U+0080, smallest 2-byte"),
        BYTES("\xdf\xbf", "U+07FF, largest 2-byte"),
        BYTES("\xe0\xa0\x80", "U+0800, smallest 3-byte"),
        BYTES("\xe2\x82\xac", "euro sign"),
        BYTES("\xed\x9f\xbf", "U+D7FF, just below the surrogates"),
        BYTES("\xee\x80\x80", "U+E000, just above the surrogates"),
        BYTES("\xef\xbf\xbf", "U+FFFF"),
        BYTES("\xf0\x90\x80\x80", "U+10000, smallest 4-byte"),
        BYTES("\xf0\x9d\x84\x9e", "musical G clef"),
        BYTES("\xf4\x8f\xbf\xbf", "U+10FFFF, largest code point"),
        BYTES("\x7f", "DEL is a valid character"),
        BYTES("tab\tand\nnewline", "ASCII control characters other than NUL"),
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        bool ok = text_is_utf8(cases[i].s, cases[i].len);
        if (!ok)
            print_error("case %zu (%s) was rejected\n", i, cases[i].what);
        assert_true(ok);
    }
}

static void
test_utf8_rejects(void **state)
{
    static const struct bytes cases[] = {
        /* overlong forms */
        BYTES("\xc0\x80", "overlong NUL"),
        BYTES("\xc0\xaf", "overlong '/'"),
        BYTES("\xc1\xbf", "overlong U+007F"),
        BYTES("\xe0\x80\xaf", "3-byte overlong '/'"),
        BYTES("\xe0\x9f\xbf", "3-byte overlong U+07FF"),
        BYTES("\xf0\x80\x80\xaf", "4-byte overlong '/'"),
        BYTES("\xf0\x8f\xbf\xbf", "4-byte overlong U+FFFF"),
        /* UTF-16 surrogates */
        BYTES("\xed\xa0\x80", "U+D800"),
        BYTES("\xed\xad\xbf", "U+DB7F"),
        BYTES("\xed\xb0\x80", "U+DC00"),
        BYTES("\xed\xbf\xbf", "U+DFFF"),
        BYTES("\xed\xa0\xbd\xed\xb8\x80", "CESU-8 surrogate pair"),
        /* beyond U+10FFFF and bytes never used */
        BYTES("\xf4\x90\x80\x80", "U+110000"),
        BYTES("\xf5\x80\x80\x80", "lead byte F5"),
        BYTES("\xf8\x88\x80\x80\x80", "5-byte form"),
        BYTES("\xfc\x84\x80\x80\x80\x80", "6-byte form"),
        BYTES("\xfe", "FE"),
        BYTES("\xff", "FF"),
        /* truncated sequences */
        BYTES("\xc3", "truncated 2-byte"),
        BYTES("S\xc3", "truncated 2-byte at the end"),
        BYTES("\xe2\x82", "truncated 3-byte"),
        BYTES("\xe2\x82x", "3-byte cut by ASCII"),
        BYTES("\xf0\x9d\x84", "truncated 4-byte"),
        BYTES("\xf0\x9d", "truncated 4-byte, two bytes"),
        /* stray continuation bytes */
        BYTES("\x80", "lone continuation"),
        BYTES("a\xbf", "continuation after ASCII"),
        BYTES("\xc3\xa3\xa3", "extra continuation"),
        /* NUL */
        BYTES("a\0b", "NUL inside"),
        BYTES("\0", "only NUL"),
        BYTES("abc\0", "NUL at the end"),
        /* Latin-1, not UTF-8 */
        BYTES("S\xe3o Paulo", "Latin-1 a-tilde"),
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        bool ok = text_is_utf8(cases[i].s, cases[i].len);
        if (ok)
            print_error("case %zu (%s) was accepted\n", i, cases[i].what);
        assert_false(ok);
    }
}

static void
test_utf8_length(void **state)
{
    (void)state;
    assert_int_equal(text_utf8_length("", 0), 0);
    assert_int_equal(text_utf8_length("abc", 3), 3);
    assert_int_equal(text_utf8_length("S\xc3\xa3o Paulo", 10), 9);
    assert_int_equal(text_utf8_length("\xe2\x82\xac", 3), 1);
    assert_int_equal(text_utf8_length("\xf0\x9d\x84\x9e!", 5), 2);
}

/* ---- text_fold_key ------------------------------------------------------------------------ */

static void
check_fold(const char *in, const char *want)
{
    struct buf b;
    buf_init(&b, TEST_BUF_LIMIT);
    text_fold_key(&b, in, strlen(in));
    assert_int_equal(buf_status(&b), ERR_OK);
    if (strcmp(b.data, want) != 0)
        print_error("fold(\"%s\") = \"%s\", want \"%s\"\n", in, b.data, want);
    assert_string_equal(b.data, want);
    assert_int_equal(b.len, strlen(want));
    buf_release(&b);
}

static void
test_fold_key(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"S\xc3\xa3o Paulo", "sao paulo"},
        {"Sao Paulo", "sao paulo"},
        {"SAO PAULO", "sao paulo"},
        {"Montr\xc3\xa9"
         "al",
         "montreal"},
        {"MONTR\xc3\x89"
         "AL",
         "montreal"},
        {"  Dhaka   North ", "dhaka north"},
        {"Dhaka North", "dhaka north"},
        {"eThekwini", "ethekwini"},
        {"C\xc3\xb4te d'Ivoire", "cote d ivoire"},
        {"Saint-Denis", "saint denis"},
        {"St. Louis", "st louis"},
        {"St.-Louis", "st louis"},
        {"Z\xc3\xbcrich", "zurich"},
        {"Krak\xc3\xb3w", "krakow"},
        {"\xc3\x8e"
         "le-de-France",
         "ile de france"},
        {"Bras\xc3\xadlia", "brasilia"},
        {"Espa\xc3\xb1"
         "a",
         "espana"},
        {"\xc4\x8c"
         "a\xc4\x8d"
         "ak",
         "cacak"},
        {"Kampala", "kampala"},
        {"", ""},
        {"   ", ""},
        {"--", ""},
        {"Area 51", "area 51"},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++)
        check_fold(cases[i].in, cases[i].want);
}

static void
test_fold_key_appends(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, TEST_BUF_LIMIT);
    buf_addstr(&b, "key:");
    text_fold_key(&b, "S\xc3\xa3o Paulo", 10);
    assert_int_equal(buf_status(&b), ERR_OK);
    assert_string_equal(b.data, "key:sao paulo");
    buf_release(&b);
}

static void
test_fold_key_reads_only_len(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, TEST_BUF_LIMIT);
    text_fold_key(&b, "Kampala, UG", 7);
    assert_string_equal(b.data, "kampala");
    buf_release(&b);
}

/* ---- text_slug ---------------------------------------------------------------------------- */

static void
test_slug(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"S\xc3\xa3o Paulo", "sao-paulo"},
        {"Montr\xc3\xa9"
         "al",
         "montreal"},
        {"Kampala", "kampala"},
        {"eThekwini", "ethekwini"},
        {"  Dhaka   North ", "dhaka-north"},
        {"C\xc3\xb4te d'Ivoire", "cote-d-ivoire"},
        {"St. Louis", "st-louis"},
        {"Rio-de-Janeiro", "rio-de-janeiro"},
        {"Area 51", "area-51"},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct buf b;
        buf_init(&b, TEST_BUF_LIMIT);
        text_slug(&b, cases[i].in, strlen(cases[i].in));
        assert_int_equal(buf_status(&b), ERR_OK);
        if (strcmp(b.data, cases[i].want) != 0)
            print_error("slug(\"%s\") = \"%s\", want \"%s\"\n", cases[i].in, b.data, cases[i].want);
        assert_string_equal(b.data, cases[i].want);
        buf_release(&b);
    }
}

static void
test_slug_charset(void **state)
{
    /* whatever the input, a slug keeps only a-z 0-9 '-' */
    static const char *const cases[] = {
        "United Cities & Local Governments", "Grigny (Essonne)", "Kampala, UG", "a/b\\c?d#e",
        "<script>alert(1)</script>",         "100% \"quoted\"",
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct buf b;
        buf_init(&b, TEST_BUF_LIMIT);
        text_slug(&b, cases[i], strlen(cases[i]));
        assert_int_equal(buf_status(&b), ERR_OK);
        assert_true(b.len > 0);
        for (size_t k = 0; k < b.len; k++) {
            char c = b.data[k];
            bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok)
                print_error("slug(\"%s\") = \"%s\" has '%c'\n", cases[i], b.data, c);
            assert_true(ok);
        }
        buf_release(&b);
    }
}

/* ---- text_trim, text_ieq ------------------------------------------------------------------ */

static void
test_trim(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"  a b \t\n", "a b"}, {"abc", "abc"}, {"", ""}, {" \t\r\n ", ""}, {"\tx", "x"},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *s = cases[i].in;
        size_t len = strlen(s);
        text_trim(&s, &len);
        assert_int_equal(len, strlen(cases[i].want));
        assert_memory_equal(s, cases[i].want, len);
    }
}

static void
test_ieq(void **state)
{
    (void)state;
    assert_true(text_ieq("ABC", 3, "abc"));
    assert_true(text_ieq("Kampala", 7, "KAMPALA"));
    assert_true(text_ieq("", 0, ""));
    assert_false(text_ieq("abc", 3, "abcd"));
    assert_false(text_ieq("abcd", 4, "abc"));
    assert_false(text_ieq("abc", 3, "abd"));
    /* only @alen bytes of @a count */
    assert_true(text_ieq("abcdef", 3, "ABC"));
}

/* ---- placeholders --------------------------------------------------------------------------- */

static void
test_fill(void **state)
{
    static const char *const vars[] = {"name",  "Ana", "link", "https://x.example/r/{name}",
                                       "empty", "",    NULL};
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"Hello {name}, {link}", "Hello Ana, https://x.example/r/{name}"}, /* no re-expansion */
        {"{name}{name}", "AnaAna"},
        {"nothing", "nothing"},
        {"", ""},
        {"[{empty}]", "[]"},
        {"a { b", "a { b"},
        {"{}", "{}"},
        {"{Name}", "{Name}"},
        {"{name", "{name"},
        {"trailing {", "trailing {"},
        {"{{name}}", "{Ana}"},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct buf b;
        buf_init(&b, TEST_BUF_LIMIT);
        assert_int_equal(text_fill(&b, cases[i].text, vars), ERR_OK);
        assert_string_equal(b.data, cases[i].want);
        buf_release(&b);
    }
}

static void
test_fill_missing_value(void **state)
{
    static const char *const vars[] = {"name", "Ana", NULL};
    struct buf b;
    (void)state;
    buf_init(&b, TEST_BUF_LIMIT);
    assert_int_equal(text_fill(&b, "Hello {name}: {link}", vars), ERR_INVALID);
    buf_release(&b);
    buf_init(&b, TEST_BUF_LIMIT);
    assert_int_equal(text_fill(&b, "{link}", NULL), ERR_INVALID);
    buf_release(&b);
}

static void
test_excerpt(void **state)
{
    static const struct {
        const char *in;
        size_t len, max;
        const char *want;
    } cases[] = {
        {"Kampala", 7, 80, "Kampala"},
        {"Kampala", 7, 4, "Kamp"},
        {"S\xc3\xa3o Paulo", 10, 2, "S\xc3\xa3"}, /* never half a character */
        {"a\nb\tc", 5, 80, "a b c"},
        {"bad \xff\xfe.", 7, 80, "bad ??."},
        {"\xe2\x82", 2, 80, "??"}, /* a cut sequence */
        {"", 0, 80, ""},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct buf b;
        buf_init(&b, 1024);
        text_add_excerpt(&b, cases[i].in, cases[i].len, cases[i].max);
        assert_string_equal(b.data, cases[i].want);
        assert_true(text_is_utf8(b.data, b.len));
        buf_release(&b);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_accepts),
        cmocka_unit_test(test_utf8_rejects),
        cmocka_unit_test(test_utf8_length),
        cmocka_unit_test(test_fold_key),
        cmocka_unit_test(test_fold_key_appends),
        cmocka_unit_test(test_fold_key_reads_only_len),
        cmocka_unit_test(test_slug),
        cmocka_unit_test(test_slug_charset),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_ieq),
        cmocka_unit_test(test_fill),
        cmocka_unit_test(test_fill_missing_value),
        cmocka_unit_test(test_excerpt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
