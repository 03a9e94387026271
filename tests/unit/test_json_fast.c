/* Unit tests of util/json_fast: for every input, the same value (or the same error message)
 * as json_loadb() with JSON_REJECT_DUPLICATES, whether the fast path or jansson answered. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/json_fast.h"

static void
check_same(const char *in, size_t len)
{
    json_error_t want_err, got_err;
    json_t *want = json_loadb(in, len, JSON_REJECT_DUPLICATES, &want_err);
    json_t *got = json_fast_load(in, len, &got_err);
    if (want == NULL) {
        assert_null(got);
        assert_string_equal(got_err.text, want_err.text);
        assert_int_equal(got_err.line, want_err.line);
        assert_int_equal(got_err.column, want_err.column);
    } else {
        assert_non_null(got);
        if (!json_equal(want, got))
            fail_msg("different values for %s", in);
        /* json_equal ignores key order and integer/real: compare the text as well */
        char *a = json_dumps(want, JSON_COMPACT | JSON_ENCODE_ANY);
        char *b = json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    json_decref(want);
    json_decref(got);
}

static void
test_same_as_jansson(void **state)
{
    static const char *const cases[] = {
        /* well-formed: the fast path */
        "{}",
        "[]",
        " \t\r\n{ \"a\" : 1 , \"b\":[true,false,null] }\n",
        "{\"title\":\"S\xc3\xa3o Paulo\",\"n\":-0,\"r\":1.5e3,\"e\":2E-2,\"z\":0.25}",
        "{\"esc\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"}",
        "{\"\":\"\",\"k\\n\":\"v\"}",
        "{\"big\":9223372036854775807,\"small\":-9223372036854775808}",
        "[1,[2,[3,[4]]],{\"a\":{\"b\":{}}}]",
        "{\"tiny\":1e-400}",
        /* for jansson to judge */
        "",
        "   ",
        "\"text\"",
        "42",
        "{\"a\":1}x",
        "{\"a\":1,}",
        "[1,]",
        "{\"a\" 1}",
        "{\"a\":1,\"a\":2}",
        "{\"u\":\"\\u00e9\\ud83d\\ude00\"}",
        "{\"nul\":\"\\u0000\"}",
        "{\"lone\":\"\\ud800\"}",
        "{\"bad\":\"\\x\"}",
        "{\"ctl\":\"a\tb\"}",
        "{\"utf8\":\"\xc3\x28\"}",
        "{\"overlong\":\"\xc0\xaf\"}",
        "{\"surrogate\":\"\xed\xa0\x80\"}",
        "{\"n\":01}",
        "{\"n\":1.}",
        "{\"n\":.5}",
        "{\"n\":1e}",
        "{\"n\":-}",
        "{\"n\":+1}",
        "{\"n\":9223372036854775808}",
        "{\"n\":-9223372036854775809}",
        "{\"n\":1e400}",
        "{\"n\":tru}",
        "{\"n\":nul}",
        "{\"open\":\"abc",
        "{\"open\":",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        check_same(cases[i], strlen(cases[i]));
}

/* A NUL byte inside the text, which strlen() would hide. */
static void
test_nul_byte(void **state)
{
    static const char in[] = "{\"a\":\"x\0y\"}";
    (void)state;
    check_same(in, sizeof(in) - 1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_jansson),
        cmocka_unit_test(test_nul_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
