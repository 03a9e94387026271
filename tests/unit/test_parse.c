/* Unit tests of util/parse: the one number and date parser. Every case goes through the header
 * only; each table row is one input and the result the header promises for it. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/err.h"
#include "util/parse.h"
#include "util/written_date.h"

#define UNTOUCHED_I64 INT64_C(-424242)

/* ---- parse_i64 ---------------------------------------------------------------------------- */

static void
test_parse_i64_accepts(void **state)
{
    static const struct {
        const char *in;
        int64_t min, max, want;
    } cases[] = {
        {"0", INT64_MIN, INT64_MAX, 0},
        {"7", 1, 23, 7},
        {"23", 1, 23, 23},
        {"1", 1, 23, 1},
        {"-5", -10, 10, -5},
        {"007", 0, 100, 7},
        {"9223372036854775807", INT64_MIN, INT64_MAX, INT64_MAX},
        {"-9223372036854775808", INT64_MIN, INT64_MAX, INT64_MIN},
        {"-0", -1, 1, 0},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        int64_t v = UNTOUCHED_I64;
        enum err rc = parse_i64(cases[i].in, strlen(cases[i].in), cases[i].min, cases[i].max, &v);
        if (rc != ERR_OK || v != cases[i].want)
            print_error("case %zu: \"%s\" -> rc %d, value %" PRId64 "\n", i, cases[i].in, (int)rc,
                        v);
        assert_int_equal(rc, ERR_OK);
        assert_int_equal(v, cases[i].want);
    }
}

static void
test_parse_i64_rejects_junk_and_bounds(void **state)
{
    static const struct {
        const char *in;
        size_t len; /* 0: strlen(in) */
        int64_t min, max;
    } cases[] = {
        {"", 0, INT64_MIN, INT64_MAX},
        {"-", 0, INT64_MIN, INT64_MAX},
        {"+5", 0, INT64_MIN, INT64_MAX},
        {" 5", 0, INT64_MIN, INT64_MAX},
        {"5 ", 0, INT64_MIN, INT64_MAX},
        {"12abc", 0, INT64_MIN, INT64_MAX},
        {"abc", 0, INT64_MIN, INT64_MAX},
        {"1.5", 0, INT64_MIN, INT64_MAX},
        {"0x10", 0, INT64_MIN, INT64_MAX},
        {"1e3", 0, INT64_MIN, INT64_MAX},
        {"--1", 0, INT64_MIN, INT64_MAX},
        {"1-", 0, INT64_MIN, INT64_MAX},
        {"1,000", 0, INT64_MIN, INT64_MAX},
        {"12\0"
         "3",
         4, INT64_MIN, INT64_MAX}, /* embedded NUL */
        /* overflow */
        {"9223372036854775808", 0, INT64_MIN, INT64_MAX},
        {"-9223372036854775809", 0, INT64_MIN, INT64_MAX},
        {"99999999999999999999999", 0, INT64_MIN, INT64_MAX},
        {"18446744073709551616", 0, INT64_MIN, INT64_MAX},
        /* bounds */
        {"24", 0, 1, 23},
        {"0", 0, 1, 23},
        {"-1", 0, 0, 100},
        {"101", 0, 0, 100},
        {"-11", 0, -10, 10},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        int64_t v = UNTOUCHED_I64;
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
        enum err rc = parse_i64(cases[i].in, len, cases[i].min, cases[i].max, &v);
        if (rc != ERR_INVALID)
            print_error("case %zu: \"%s\" was not rejected (rc %d, value %" PRId64 ")\n", i,
                        cases[i].in, (int)rc, v);
        assert_int_equal(rc, ERR_INVALID);
        /* the header promises @out is left untouched on failure */
        assert_int_equal(v, UNTOUCHED_I64);
    }
}

static void
test_parse_i64_reads_only_len_bytes(void **state)
{
    int64_t v = 0;
    (void)state;
    /* "123" with len 2 is "12"; "12x" with len 2 is "12" as well */
    assert_int_equal(parse_i64("123", 2, INT64_MIN, INT64_MAX, &v), ERR_OK);
    assert_int_equal(v, 12);
    assert_int_equal(parse_i64("12x", 2, INT64_MIN, INT64_MAX, &v), ERR_OK);
    assert_int_equal(v, 12);
    assert_int_equal(parse_i64("5", 0, INT64_MIN, INT64_MAX, &v), ERR_INVALID);
}

/* ---- parse_double ------------------------------------------------------------------------- */

static void
test_parse_double(void **state)
{
    static const struct {
        const char *in;
        double min, max;
        enum err want;
        double value;
    } cases[] = {
        {"45.5", -90, 90, ERR_OK, 45.5},
        {"-73.5674", -180, 180, ERR_OK, -73.5674},
        {"0", -90, 90, ERR_OK, 0},
        {"90", -90, 90, ERR_OK, 90},
        {"-90", -90, 90, ERR_OK, -90},
        {"90.0001", -90, 90, ERR_INVALID, 0},
        {"-180.5", -180, 180, ERR_INVALID, 0},
        {"1e3", -1e9, 1e9, ERR_INVALID, 0},
        {"0x10", -1e9, 1e9, ERR_INVALID, 0},
        {"inf", -1e9, 1e9, ERR_INVALID, 0},
        {"nan", -1e9, 1e9, ERR_INVALID, 0},
        {"", -1e9, 1e9, ERR_INVALID, 0},
        {"1.2.3", -1e9, 1e9, ERR_INVALID, 0},
        {"+1", -1e9, 1e9, ERR_INVALID, 0},
        {" 1", -1e9, 1e9, ERR_INVALID, 0},
        {"abc", -1e9, 1e9, ERR_INVALID, 0},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        double v = 12345.0;
        enum err rc =
            parse_double(cases[i].in, strlen(cases[i].in), cases[i].min, cases[i].max, &v);
        if (rc != cases[i].want)
            print_error("case %zu: \"%s\" -> rc %d\n", i, cases[i].in, (int)rc);
        assert_int_equal(rc, cases[i].want);
        if (cases[i].want == ERR_OK)
            assert_true(v == cases[i].value);
        else
            assert_true(v == 12345.0);
    }
}

/* ---- parse_money / format_money ----------------------------------------------------------- */

#define MONEY_MAX INT64_C(100000000000000000)

static void
test_parse_money_accepts(void **state)
{
    static const struct {
        const char *in;
        int64_t want;
    } cases[] = {
        {"1500.5", 150050}, {"1500", 150000},     {"1500.25", 150025}, {"1500.50", 150050},
        {"0", 0},           {"0.01", 1},          {"0.1", 10},         {"1000000.25", 100000025},
        {"007", 700},       {"250000", 25000000},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        int64_t cents = UNTOUCHED_I64;
        enum err rc = parse_money(cases[i].in, strlen(cases[i].in), MONEY_MAX, &cents);
        if (rc != ERR_OK || cents != cases[i].want)
            print_error("case %zu: \"%s\" -> rc %d, cents %" PRId64 "\n", i, cases[i].in, (int)rc,
                        cents);
        assert_int_equal(rc, ERR_OK);
        assert_int_equal(cents, cases[i].want);
    }
}

static void
test_parse_money_rejects(void **state)
{
    static const char *const cases[] = {
        "-1",   "-0.5",  "1,000", "1.234", "1 000", "",     "abc",   "1e3",
        "+1",   "1.2.3", "12abc", " 1",    "1 ",    "0x10", "1.001", "$100",
        "10,5", "--1",   "inf",   "nan",   "-0",    "0.-0", "1.-5",  "1.+5",
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        int64_t cents = UNTOUCHED_I64;
        enum err rc = parse_money(cases[i], strlen(cases[i]), MONEY_MAX, &cents);
        if (rc != ERR_INVALID)
            print_error("case %zu: \"%s\" was not rejected (rc %d, cents %" PRId64 ")\n", i,
                        cases[i], (int)rc, cents);
        assert_int_equal(rc, ERR_INVALID);
        assert_int_equal(cents, UNTOUCHED_I64);
    }
}

static void
test_parse_money_max(void **state)
{
    int64_t cents = UNTOUCHED_I64;
    (void)state;
    assert_int_equal(parse_money("10.00", 5, 1000, &cents), ERR_OK);
    assert_int_equal(cents, 1000);
    cents = UNTOUCHED_I64;
    assert_int_not_equal(parse_money("10.01", 5, 1000, &cents), ERR_OK);
    assert_int_equal(cents, UNTOUCHED_I64);
    /* an amount that would overflow int64 cents is rejected, not wrapped */
    assert_int_not_equal(parse_money("99999999999999999999", 20, MONEY_MAX, &cents), ERR_OK);
    assert_int_equal(cents, UNTOUCHED_I64);
    /* the store's limit: 10^15 currency units */
    assert_int_equal(parse_money("1000000000000000", 16, MONEY_MAX, &cents), ERR_OK);
    assert_int_equal(cents, MONEY_MAX);
    cents = UNTOUCHED_I64;
    assert_int_not_equal(parse_money("1000000000000000.01", 19, MONEY_MAX, &cents), ERR_OK);
    assert_int_equal(cents, UNTOUCHED_I64);
}

static void
test_format_money(void **state)
{
    static const struct {
        int64_t cents;
        const char *want;
    } cases[] = {
        {150000, "1500"}, {150050, "1500.5"}, {150025, "1500.25"},
        {0, "0"},         {1, "0.01"},        {10, "0.1"},
        {99, "0.99"},     {100, "1"},         {100000025, "1000000.25"},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char out[32];
        memset(out, 'X', sizeof out);
        format_money(cases[i].cents, out);
        assert_string_equal(out, cases[i].want);
    }
}

static void
test_format_money_round_trip(void **state)
{
    static const int64_t cases[] = {0,      1,       9,         10,        11,
                                    99,     100,     101,       150050,    150025,
                                    150000, 1234567, 100000001, 999999999, MONEY_MAX};
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char out[32];
        int64_t back = UNTOUCHED_I64;
        format_money(cases[i], out);
        assert_int_equal(parse_money(out, strlen(out), MONEY_MAX, &back), ERR_OK);
        assert_int_equal(back, cases[i]);
        /* "the shortest form": no trailing zero in the fraction, no lone '.' */
        size_t n = strlen(out);
        const char *dot = strchr(out, '.');
        if (dot != NULL) {
            assert_true(out[n - 1] != '0');
            assert_true(dot[1] != '\0');
        }
    }
}

/* ---- parse_date --------------------------------------------------------------------------- */

static void
test_parse_date_valid(void **state)
{
    static const char *const cases[] = {
        "2024",       "2024-05", "2024-02-29", "2000-02-29", "2023-02-28", "2023-12-31",
        "2023-01-01", "1900",    "2200",       "1900-01-01", "2200-12-31", "2022-04-30",
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char out[11];
        memset(out, 'X', sizeof out);
        enum err rc = parse_date(cases[i], strlen(cases[i]), out);
        if (rc != ERR_OK)
            print_error("case %zu: \"%s\" rejected\n", i, cases[i]);
        assert_int_equal(rc, ERR_OK);
        assert_string_equal(out, cases[i]);
    }
}

static void
test_parse_date_invalid(void **state)
{
    static const char *const cases[] = {
        "2023-02-29", /* not a leap year */
        "2100-02-29", /* century, not a leap year */
        "2023-02-30", "2023-04-31",  "2023-13-01", "2023-00-10", "2023-01-00", "2023-01-32",
        "2023-13",    "2023-00",     "1899",       "2201",       "1899-12-31", "",
        "24",         "20245",       "2024-5",     "2024-05-1",  "2024/05/01", "2024-05-01T00",
        "abcd",       "2024-",       "2024-05-",   "-2024",      " 2024",      "2024 ",
        "tbc",        "2024-05-01 ", "05/01/2024",
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char out[11] = "untouched";
        enum err rc = parse_date(cases[i], strlen(cases[i]), out);
        if (rc != ERR_INVALID)
            print_error("case %zu: \"%s\" was not rejected (rc %d)\n", i, cases[i], (int)rc);
        assert_int_equal(rc, ERR_INVALID);
        assert_string_equal(out, "untouched");
    }
}

/* ---- parse_timestamp / format_timestamp --------------------------------------------------- */

static void
test_parse_timestamp(void **state)
{
    static const struct {
        const char *in;
        int64_t want;
    } cases[] = {
        {"1970-01-01T00:00:00Z", 0},
        {"2022-05-17T12:00:00Z", INT64_C(1652788800)},
        {"2024-02-29T23:59:59Z", INT64_C(1709251199)},
        {"2000-01-01T00:00:00Z", INT64_C(946684800)},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        int64_t t = UNTOUCHED_I64;
        assert_int_equal(parse_timestamp(cases[i].in, strlen(cases[i].in), &t), ERR_OK);
        assert_int_equal(t, cases[i].want);
        char back[21];
        format_timestamp(t, back);
        assert_string_equal(back, cases[i].in);
    }
}

static void
test_parse_timestamp_invalid(void **state)
{
    static const char *const cases[] = {
        "",
        "2022-05-17",
        "2022-05-17T12:00:00",       /* no Z */
        "2022-05-17 12:00:00Z",      /* space */
        "2022-05-17T12:00:00+00:00", /* offset */
        "2022-05-17T24:00:00Z",
        "2022-05-17T12:60:00Z",
        "2022-05-17T12:00:61Z",
        "2023-02-29T00:00:00Z",
        "2022-13-01T00:00:00Z",
        "2022-05-17T12:00Z",
        "2022-05-17T12:00:00.5Z",
        "2022-05-17t12:00:00z",
        "2022-05-17T12:00:00ZZ",
        "x022-05-17T12:00:00Z",
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        int64_t t = UNTOUCHED_I64;
        enum err rc = parse_timestamp(cases[i], strlen(cases[i]), &t);
        if (rc != ERR_INVALID)
            print_error("case %zu: \"%s\" was not rejected (rc %d)\n", i, cases[i], (int)rc);
        assert_int_equal(rc, ERR_INVALID);
        assert_int_equal(t, UNTOUCHED_I64);
    }
}

/* ---- date_compare ------------------------------------------------------------------------- */

static int
sign(int v)
{
    return (v > 0) - (v < 0);
}

static void
test_date_compare(void **state)
{
    static const struct {
        const char *a;
        bool a_start;
        const char *b;
        bool b_start;
        int want; /* sign */
    } cases[] = {
        {"2022-05-17", true, "2022-05-17", true, 0},
        {"2021", true, "2022", true, -1},
        {"2023", false, "2022", true, 1},
        /* a year as a start is its first day, as an end its last day */
        {"2022", true, "2022-01-01", true, 0},
        {"2022", false, "2022-12-31", true, 0},
        {"2022", false, "2022-12-30", true, 1},
        {"2022", true, "2022-01-02", true, -1},
        {"2022", false, "2022-06", true, 1},
        {"2022", true, "2022-06", true, -1},
        /* a month likewise, with real month lengths */
        {"2022-05", true, "2022-05-01", true, 0},
        {"2022-05", true, "2022-05-15", true, -1},
        {"2022-05", false, "2022-05-15", true, 1},
        {"2022-05", false, "2022-05-31", true, 0},
        {"2022-04", false, "2022-04-30", true, 0},
        {"2023-02", false, "2023-02-28", true, 0},
        {"2024-02", false, "2024-02-29", true, 0},
        {"2024-02", false, "2024-02-28", true, 1},
        /* an end written as a year is not before a start in that year */
        {"2022", false, "2022-09-01", true, 1},
        {"2022-01-01", true, "2022", false, -1},
        {"2022-12-31", true, "2022", false, 0},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        int got = sign(date_compare(cases[i].a, cases[i].a_start, cases[i].b, cases[i].b_start));
        if (got != cases[i].want)
            print_error("case %zu: %s(%s) vs %s(%s): got %d, want %d\n", i, cases[i].a,
                        cases[i].a_start ? "start" : "end", cases[i].b,
                        cases[i].b_start ? "start" : "end", got, cases[i].want);
        assert_int_equal(got, cases[i].want);
        /* antisymmetric */
        int back = sign(date_compare(cases[i].b, cases[i].b_start, cases[i].a, cases[i].a_start));
        assert_int_equal(back, -cases[i].want);
    }
}

static void
test_date_days(void **state)
{
    static const struct {
        const char *date;
        bool as_start;
        int64_t want;
    } cases[] = {
        {"1970-01-01", true, 0},     {"1970-01-02", false, 1},  {"2000-03-01", true, 11017},
        {"2024-02-29", true, 19782}, {"2024", true, 19723},     {"2024", false, 20088},
        {"2024-02", false, 19782},   {"2023-02", false, 19416}, {"1969-12-31", true, -1},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t got = 424242;
        assert_int_equal(date_days(cases[i].date, cases[i].as_start, &got), ERR_OK);
        if (got != cases[i].want)
            print_error("%s as %s: %" PRId64 ", want %" PRId64 "\n", cases[i].date,
                        cases[i].as_start ? "start" : "end", got, cases[i].want);
        assert_int_equal(got, cases[i].want);
    }
    int64_t untouched = 7;
    assert_int_equal(date_days("2023-02-29", true, &untouched), ERR_INVALID);
    assert_int_equal(date_days("tbc", true, &untouched), ERR_INVALID);
    assert_int_equal(date_days("", false, &untouched), ERR_INVALID);
    assert_int_equal(untouched, 7);
    /* every day parse_date() accepts (1900 to 2200) formats back to itself */
    char text[11];
    for (int64_t d = -25567; d <= 84370; d++) {
        format_date_days(d, text);
        int64_t back = 0;
        assert_int_equal(date_days(text, true, &back), ERR_OK);
        assert_int_equal(back, d);
    }
    format_date_days(19782, text);
    assert_string_equal(text, "2024-02-29");
}

static void
test_date_add_months(void **state)
{
    static const struct {
        const char *from;
        int months;
        const char *want;
    } cases[] = {
        {"2024-03-01", 12, "2025-03-01"}, {"2024-02-29", 12, "2025-02-28"},
        {"2024-01-31", 1, "2024-02-29"},  {"2023-01-31", 1, "2023-02-28"},
        {"2024-03-31", 1, "2024-04-30"},  {"2024-12-15", 1, "2025-01-15"},
        {"2024-01-15", -1, "2023-12-15"}, {"2024-03-31", -13, "2023-02-28"},
        {"1970-01-01", 0, "1970-01-01"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t from = 0;
        char got[11];
        assert_int_equal(date_days(cases[i].from, true, &from), ERR_OK);
        format_date_days(date_add_months(from, cases[i].months), got);
        assert_string_equal(got, cases[i].want);
    }
}

/* ---- parse_date_written ------------------------------------------------------------------- */

static void
test_parse_date_written(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"2022-05-01", "2022-05-01"},
        {" 2022 ", "2022"},
        {"2022/05/01", "2022-05-01"},
        {"2022-5-1", "2022-05-01"},
        {"2022.05.01", "2022-05-01"},
        {"2022/5", "2022-05"},
        {"05/2022", "2022-05"},
        {"25/12/2022", "2022-12-25"},
        {"12/25/2022", "2022-12-25"},
        {"07/07/2022", "2022-07-07"},
        {"May 2022", "2022-05"},
        {"1 May 2022", "2022-05-01"},
        {"May 1, 2022", "2022-05-01"},
        {"1st May 2022", "2022-05-01"},
        {"Sept. 2023", "2023-09"},
        {"1er mai 2022", "2022-05-01"},
        {"f\xc3\xa9vrier 2024", "2024-02"},
        {"29 f\xc3\xa9v 2024", "2024-02-29"},
        {"1 de mayo de 2022", "2022-05-01"},
        {"setiembre 2021", "2021-09"},
        {"Dic 2030", "2030-12"},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char out[11] = "";
        enum err rc = parse_date_written(cases[i].in, strlen(cases[i].in), out);
        if (rc != ERR_OK || strcmp(out, cases[i].want) != 0)
            print_error("\"%s\": %d \"%s\", want \"%s\"\n", cases[i].in, rc, out, cases[i].want);
        assert_int_equal(rc, ERR_OK);
        assert_string_equal(out, cases[i].want);
    }
    static const char *const refused[] = {
        "01/05/2022", /* the 1st of May or the 5th of January */
        "2023-02-29", "31 April 2022", "Q1 2022",    "May",        "2022 2023", "May June 2022",
        "ongoing",    "tbc",           "",           "12/2022/05", "1/2/3",     "Ma 2022",
        "13/13/2022", "0/5/2022",      "May 0 2022", "22/05/01",
    };
    for (size_t i = 0; i < ARRAY_LEN(refused); i++) {
        char out[11];
        enum err rc = parse_date_written(refused[i], strlen(refused[i]), out);
        if (rc == ERR_OK)
            print_error("\"%s\" read as %s\n", refused[i], out);
        assert_int_equal(rc, ERR_INVALID);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_i64_accepts),
        cmocka_unit_test(test_parse_i64_rejects_junk_and_bounds),
        cmocka_unit_test(test_parse_i64_reads_only_len_bytes),
        cmocka_unit_test(test_parse_double),
        cmocka_unit_test(test_parse_money_accepts),
        cmocka_unit_test(test_parse_money_rejects),
        cmocka_unit_test(test_parse_money_max),
        cmocka_unit_test(test_format_money),
        cmocka_unit_test(test_format_money_round_trip),
        cmocka_unit_test(test_parse_date_valid),
        cmocka_unit_test(test_parse_date_invalid),
        cmocka_unit_test(test_parse_timestamp),
        cmocka_unit_test(test_parse_timestamp_invalid),
        cmocka_unit_test(test_date_compare),
        cmocka_unit_test(test_date_days),
        cmocka_unit_test(test_date_add_months),
        cmocka_unit_test(test_parse_date_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
