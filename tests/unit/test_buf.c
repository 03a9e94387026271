/* Unit tests of util/buf: growth, the sticky limit error, and the JSON, HTML and CSV escapers
 * that every response and export goes through. */
#include <jansson.h>
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

#define BIG_LIMIT (1u << 20)

static void
test_init_is_empty_string(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, BIG_LIMIT);
    assert_non_null(b.data);
    assert_string_equal(b.data, "");
    assert_int_equal(b.len, 0);
    assert_int_equal(buf_status(&b), ERR_OK);
    buf_release(&b);
}

static void
test_appends(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, BIG_LIMIT);
    buf_addstr(&b, "abc");
    buf_add(&b, "defgh", 2);
    buf_addch(&b, '!');
    buf_addf(&b, "[%d-%s]", 42, "x");
    assert_int_equal(buf_status(&b), ERR_OK);
    assert_string_equal(b.data, "abcde![42-x]");
    assert_int_equal(b.len, strlen("abcde![42-x]"));
    buf_release(&b);
}

static void
test_add_binary_keeps_nul_terminated(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, BIG_LIMIT);
    buf_add(&b, "a\0b", 3);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, "a\0b", 3);
    assert_int_equal(b.data[3], '\0');
    buf_release(&b);
}

static void
test_grows(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, BIG_LIMIT);
    for (int i = 0; i < 10000; i++)
        buf_addch(&b, (char)('a' + i % 26));
    buf_addf(&b, "%0500d", 7);
    assert_int_equal(buf_status(&b), ERR_OK);
    assert_int_equal(b.len, 10500);
    assert_int_equal(strlen(b.data), 10500);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(b.data[i], 'a' + i % 26);
    assert_int_equal(b.data[10499], '7');
    assert_true(b.cap > b.len);
    buf_release(&b);
}

static void
test_limit_exact_fit(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, 8);
    buf_addstr(&b, "12345678");
    assert_int_equal(buf_status(&b), ERR_OK);
    assert_string_equal(b.data, "12345678");
    buf_addch(&b, '9');
    assert_int_equal(buf_status(&b), ERR_TOO_BIG);
    assert_true(b.len <= 8);
    buf_release(&b);
}

static void
test_limit_error_is_sticky(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, 8);
    buf_addstr(&b, "12345");
    assert_int_equal(buf_status(&b), ERR_OK);
    buf_addstr(&b, "6789");
    assert_int_equal(buf_status(&b), ERR_TOO_BIG);
    assert_true(b.len <= 8);
    size_t len_after_failure = b.len;
    char copy[16];
    memcpy(copy, b.data, b.len + 1);

    /* later appends, even ones that would fit, are no-ops and the error stays */
    buf_addch(&b, 'x');
    buf_addstr(&b, "y");
    buf_add(&b, "z", 1);
    buf_addf(&b, "%d", 1);
    buf_add_json_str(&b, "q", 1);
    buf_add_html(&b, "<", 1);
    buf_add_csv_field(&b, "c", 1);
    assert_int_equal(buf_status(&b), ERR_TOO_BIG);
    assert_int_equal(b.len, len_after_failure);
    assert_string_equal(b.data, copy);

    /* buf_reset clears the error and keeps the limit */
    buf_reset(&b);
    assert_int_equal(buf_status(&b), ERR_OK);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    buf_addstr(&b, "abcdefgh");
    assert_int_equal(buf_status(&b), ERR_OK);
    buf_addstr(&b, "i");
    assert_int_equal(buf_status(&b), ERR_TOO_BIG);
    buf_release(&b);
}

static void
test_limit_applies_to_addf(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, 10);
    buf_addf(&b, "%s", "this is longer than ten bytes");
    assert_int_equal(buf_status(&b), ERR_TOO_BIG);
    assert_true(b.len <= 10);
    buf_release(&b);
}

static void
test_take_and_truncate(void **state)
{
    struct buf b;
    size_t len = 0;
    (void)state;
    buf_init(&b, BIG_LIMIT);
    buf_addstr(&b, "hello world");
    buf_truncate(&b, 5);
    assert_int_equal(b.len, 5);
    assert_string_equal(b.data, "hello");
    char *s = buf_take(&b, &len);
    assert_non_null(s);
    assert_int_equal(len, 5);
    assert_string_equal(s, "hello");
    free(s);
    /* @b is left empty and usable */
    assert_non_null(b.data);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    buf_addstr(&b, "again");
    assert_string_equal(b.data, "again");
    buf_release(&b);
}

/* ---- JSON --------------------------------------------------------------------------------- */

/* Encodes @in (length @len) with buf_add_json_str and checks that the result is one JSON string
 * that decodes back to @in, with no raw control character, quote or '<' inside. */
static void
check_json_round_trip(const char *in, size_t len)
{
    struct buf b;
    json_error_t jerr;
    buf_init(&b, BIG_LIMIT);
    buf_add_json_str(&b, in, len);
    assert_int_equal(buf_status(&b), ERR_OK);
    assert_true(b.len >= 2);
    assert_int_equal(b.data[0], '"');
    assert_int_equal(b.data[b.len - 1], '"');
    for (size_t i = 1; i + 1 < b.len; i++) {
        unsigned char c = (unsigned char)b.data[i];
        if (c < 0x20 || c == '<')
            print_error("raw byte 0x%02x in %s\n", c, b.data);
        assert_true(c >= 0x20);
        assert_true(c != '<');
        /* a quote inside must be escaped */
        if (c == '"')
            assert_int_equal(b.data[i - 1], '\\');
    }
    json_t *v = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (v == NULL)
        print_error("not JSON: %s (%s)\n", b.data, jerr.text);
    assert_non_null(v);
    assert_true(json_is_string(v));
    assert_int_equal(json_string_length(v), len);
    assert_memory_equal(json_string_value(v), in, len);
    json_decref(v);
    buf_release(&b);
}

static void
test_json_escaping(void **state)
{
    static const char *const cases[] = {
        "plain",
        "say \"hi\"",
        "back\\slash",
        "line\nbreak",
        "tab\there",
        "cr\rlf",
        "\b\f",
        "\x01\x02\x1f",
        "</script><script>alert(1)</script>",
        "S\xc3\xa3o Paulo \xe2\x82\xac \xf0\x9d\x84\x9e",
        "",
        "\x7f",
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_json_round_trip(cases[i], strlen(cases[i]));
}

static void
test_json_exact_forms(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"a\"b", "\"a\\\"b\""}, {"a\\b", "\"a\\\\b\""},  {"a\nb", "\"a\\nb\""},
        {"a\tb", "\"a\\tb\""},  {"\x01", "\"\\u0001\""}, {"", "\"\""},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf b;
        buf_init(&b, BIG_LIMIT);
        buf_add_json_str(&b, cases[i].in, strlen(cases[i].in));
        assert_string_equal(b.data, cases[i].want);
        buf_release(&b);
    }
}

/* Escapes are found wherever they stand: text is scanned eight bytes at a time, so each byte
 * that needs one goes at every position of texts of 1 to 24 bytes, with the exact form
 * checked (the letters before and after it stay as they are). */
static void
test_json_escape_at_every_position(void **state)
{
    static const struct {
        char c;
        const char *esc;
    } escapes[] = {{'"', "\\\""},    {'\\', "\\\\"},   {'\n', "\\n"},    {'\x01', "\\u0001"},
                   {'<', "\\u003c"}, {'>', "\\u003e"}, {'&', "\\u0026"}, {'\x7f', "\\u007f"}};
    char in[32], want[64];
    (void)state;
    for (size_t e = 0; e < sizeof escapes / sizeof escapes[0]; e++) {
        for (size_t len = 1; len <= 24; len++) {
            for (size_t at = 0; at < len; at++) {
                memset(in, 'a', len);
                in[at] = escapes[e].c;
                snprintf(want, sizeof(want), "\"%.*s%s%.*s\"", (int)at, in, escapes[e].esc,
                         (int)(len - at - 1), in + at + 1);
                struct buf b;
                buf_init(&b, BIG_LIMIT);
                buf_add_json_str(&b, in, len);
                assert_string_equal(b.data, want);
                buf_release(&b);
            }
        }
    }
}

static void
test_json_strz(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, BIG_LIMIT);
    buf_add_json_strz(&b, NULL);
    buf_addch(&b, ',');
    buf_add_json_strz(&b, "x\"y");
    assert_int_equal(buf_status(&b), ERR_OK);
    assert_string_equal(b.data, "null,\"x\\\"y\"");
    buf_release(&b);
}

/* ---- HTML --------------------------------------------------------------------------------- */

static void
check_html(const char *in, const char *const *wants, size_t n_wants)
{
    struct buf b;
    buf_init(&b, BIG_LIMIT);
    buf_add_html(&b, in, strlen(in));
    assert_int_equal(buf_status(&b), ERR_OK);
    bool matched = false;
    for (size_t i = 0; i < n_wants; i++)
        if (strcmp(b.data, wants[i]) == 0)
            matched = true;
    if (!matched)
        print_error("html(\"%s\") = \"%s\"\n", in, b.data);
    assert_true(matched);
    buf_release(&b);
}

static void
test_html_escaping(void **state)
{
    static const char *const amp[] = {"Tom &amp; Jerry"};
    static const char *const lt[] = {"&lt;b&gt;"};
    static const char *const quot[] = {"a=&quot;x&quot;", "a=&#34;x&#34;", "a=&#x22;x&#x22;"};
    static const char *const apos[] = {"it&#39;s", "it&#x27;s", "it&apos;s"};
    static const char *const plain[] = {"S\xc3\xa3o Paulo 123"};
    static const char *const script[] = {"&lt;script&gt;alert(1)&lt;/script&gt;"};
    (void)state;
    check_html("Tom & Jerry", amp, 1);
    check_html("<b>", lt, 1);
    check_html("a=\"x\"", quot, 3);
    check_html("it's", apos, 3);
    check_html("S\xc3\xa3o Paulo 123", plain, 1);
    check_html("<script>alert(1)</script>", script, 1);
}

static void
test_html_no_raw_specials(void **state)
{
    const char *in = "<a href=\"x\" onclick='y'>&amp;</a>";
    struct buf b;
    (void)state;
    buf_init(&b, BIG_LIMIT);
    buf_add_html(&b, in, strlen(in));
    assert_null(strchr(b.data, '<'));
    assert_null(strchr(b.data, '>'));
    assert_null(strchr(b.data, '"'));
    assert_null(strchr(b.data, '\''));
    /* "&amp;" in the input is text, so its '&' is escaped again */
    assert_non_null(strstr(b.data, "&amp;amp;"));
    buf_release(&b);
}

/* ---- CSV ---------------------------------------------------------------------------------- */

static void
test_csv_field(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"plain", "plain"},
        {"S\xc3\xa3o Paulo", "S\xc3\xa3o Paulo"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"\"", "\"\"\"\""},
        {"line\nbreak", "\"line\nbreak\""},
        {"cr\rhere", "\"cr\rhere\""},
        {"crlf\r\n", "\"crlf\r\n\""},
        {"Kampala, UG; Nairobi, KE", "\"Kampala, UG; Nairobi, KE\""},
        {"7;15;16", "7;15;16"},
        {"", ""},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf b;
        buf_init(&b, BIG_LIMIT);
        buf_add_csv_field(&b, cases[i].in, strlen(cases[i].in));
        assert_int_equal(buf_status(&b), ERR_OK);
        if (strcmp(b.data, cases[i].want) != 0)
            print_error("csv(\"%s\") = \"%s\", want \"%s\"\n", cases[i].in, b.data, cases[i].want);
        assert_string_equal(b.data, cases[i].want);
        buf_release(&b);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_is_empty_string),
        cmocka_unit_test(test_appends),
        cmocka_unit_test(test_add_binary_keeps_nul_terminated),
        cmocka_unit_test(test_grows),
        cmocka_unit_test(test_limit_exact_fit),
        cmocka_unit_test(test_limit_error_is_sticky),
        cmocka_unit_test(test_limit_applies_to_addf),
        cmocka_unit_test(test_take_and_truncate),
        cmocka_unit_test(test_json_escaping),
        cmocka_unit_test(test_json_exact_forms),
        cmocka_unit_test(test_json_escape_at_every_position),
        cmocka_unit_test(test_json_strz),
        cmocka_unit_test(test_html_escaping),
        cmocka_unit_test(test_html_no_raw_specials),
        cmocka_unit_test(test_csv_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
