/* Unit tests of util/err: the exit codes `localaction --help` documents, and error names. */
#include <ctype.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/err.h"

static void
test_exit_codes(void **state)
{
    /* 0 ok; 1 input rejected; 3 not found; 4 I/O error; 5 database error */
    static const struct {
        enum err e;
        int code;
    } cases[] = {
        {ERR_OK, 0}, {ERR_INVALID, 1}, {ERR_NOT_FOUND, 3}, {ERR_IO, 4}, {ERR_DB, 5},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++)
        assert_int_equal(err_exit_code(cases[i].e), cases[i].code);
    /* every failure maps to a failing exit code, never to 0 */
    for (int e = ERR_INVALID; e <= ERR_DB; e++)
        assert_int_not_equal(err_exit_code((enum err)e), 0);
}

static void
test_names(void **state)
{
    (void)state;
    for (int e = ERR_OK; e <= ERR_DB; e++) {
        const char *name = err_name((enum err)e);
        assert_non_null(name);
        assert_true(strlen(name) > 0);
        for (const char *p = name; *p != '\0'; p++)
            assert_false(isupper((unsigned char)*p));
        for (int other = ERR_OK; other < e; other++)
            assert_string_not_equal(name, err_name((enum err)other));
    }
    assert_string_equal(err_name(ERR_NOT_FOUND), "not found");
    assert_string_equal(err_name(ERR_INVALID), "invalid");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exit_codes),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
