/* Numbers, money, dates and times from untrusted text. Pure functions over (ptr, len). */
#include "parse.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

enum err
parse_i64(const char *s, size_t len, int64_t min, int64_t max, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    uint64_t v = 0;

    if (len > 0 && s[0] == '-') {
        neg = true;
        i = 1;
    }
    if (i == len)
        return ERR_INVALID;
    for (; i < len; i++) {
        if (!is_digit(s[i]))
            return ERR_INVALID;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return ERR_INVALID;
        v = v * 10 + d;
    }
    int64_t r;
    if (neg) {
        if (v > (uint64_t)INT64_MAX + 1)
            return ERR_INVALID;
        r = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
    } else {
        if (v > (uint64_t)INT64_MAX)
            return ERR_INVALID;
        r = (int64_t)v;
    }
    if (r < min || r > max)
        return ERR_INVALID;
    *out = r;
    return ERR_OK;
}

enum err
parse_double(const char *s, size_t len, double min, double max, double *out)
{
    char tmp[64];
    size_t i = 0, digits = 0;

    if (len == 0 || len >= sizeof(tmp))
        return ERR_INVALID;
    if (s[0] == '-')
        i = 1;
    for (; i < len && is_digit(s[i]); i++)
        digits++;
    if (i < len && s[i] == '.') {
        i++;
        for (; i < len && is_digit(s[i]); i++)
            digits++;
    }
    if (i != len || digits == 0)
        return ERR_INVALID;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    double v = strtod(tmp, NULL);
    if (!isfinite(v) || v < min || v > max)
        return ERR_INVALID;
    *out = v;
    return ERR_OK;
}

enum err
parse_money(const char *s, size_t len, int64_t max_cents, int64_t *cents)
{
    size_t dot = len;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '.') {
            dot = i;
            break;
        }
    }
    int64_t whole = 0, frac = 0;
    if (dot == 0 || s[0] == '-') /* "-0.5" would otherwise read as 0 whole, 50 cents */
        return ERR_INVALID;
    if (parse_i64(s, dot, 0, max_cents / 100, &whole) != ERR_OK)
        return ERR_INVALID;
    if (dot < len) {
        size_t flen = len - dot - 1;
        if (flen == 0 || flen > 2 || !is_digit(s[dot + 1]) ||
            parse_i64(s + dot + 1, flen, 0, 99, &frac) != ERR_OK)
            return ERR_INVALID;
        if (flen == 1)
            frac *= 10;
    }
    int64_t v = whole * 100 + frac;
    if (v > max_cents)
        return ERR_INVALID;
    *cents = v;
    return ERR_OK;
}

void
format_money(int64_t cents, char out[32])
{
    int64_t whole = cents / 100, frac = cents % 100;
    if (frac == 0)
        snprintf(out, 32, "%" PRId64, whole);
    else if (frac % 10 == 0)
        snprintf(out, 32, "%" PRId64 ".%" PRId64, whole, frac / 10);
    else
        snprintf(out, 32, "%" PRId64 ".%02" PRId64, whole, frac);
}

static bool
is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Reads exactly @n digits at @s into @out. */
static bool
fixed_digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

enum err
parse_date(const char *s, size_t len, char out[11])
{
    int y, m = 1, d = 1;
    if (len != 4 && len != 7 && len != 10)
        return ERR_INVALID;
    if (!fixed_digits(s, 4, &y) || y < 1900 || y > 2200)
        return ERR_INVALID;
    if (len >= 7 && (s[4] != '-' || !fixed_digits(s + 5, 2, &m) || m < 1 || m > 12))
        return ERR_INVALID;
    if (len == 10 &&
        (s[7] != '-' || !fixed_digits(s + 8, 2, &d) || d < 1 || d > days_in_month(y, m)))
        return ERR_INVALID;
    memcpy(out, s, len);
    out[len] = '\0';
    return ERR_OK;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

enum err
parse_timestamp(const char *s, size_t len, int64_t *out)
{
    int y, mo, d, h, mi, se;
    if (len != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
        s[19] != 'Z')
        return ERR_INVALID;
    if (!fixed_digits(s, 4, &y) || !fixed_digits(s + 5, 2, &mo) || !fixed_digits(s + 8, 2, &d) ||
        !fixed_digits(s + 11, 2, &h) || !fixed_digits(s + 14, 2, &mi) ||
        !fixed_digits(s + 17, 2, &se))
        return ERR_INVALID;
    if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
        mi > 59 || se > 59)
        return ERR_INVALID;
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    return ERR_OK;
}

void
format_timestamp(int64_t t, char out[21])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Expands a partial date to a full one, first or last day. */
static void
expand_date(const char *in, bool as_start, char out[11])
{
    size_t n = strlen(in);
    memcpy(out, in, n);
    if (n == 4)
        memcpy(out + 4, as_start ? "-01" : "-12", 3);
    if (n <= 7) {
        int y = 0, m = 0;
        (void)fixed_digits(out, 4, &y);
        (void)fixed_digits(out + 5, 2, &m);
        if (as_start)
            memcpy(out + 7, "-01", 3);
        else
            snprintf(out + 7, 4, "-%02d", days_in_month(y, m));
    }
    out[10] = '\0';
}

int
date_compare(const char *a, bool a_as_start, const char *b, bool b_as_start)
{
    char x[11], y[11];
    expand_date(a, a_as_start, x);
    expand_date(b, b_as_start, y);
    return strcmp(x, y);
}

enum err
date_days(const char *date, bool as_start, int64_t *days)
{
    char full[11], checked[11];
    size_t len = strlen(date);
    if (parse_date(date, len, checked) != ERR_OK)
        return ERR_INVALID;
    expand_date(checked, as_start, full);
    int y = 0, m = 0, d = 0;
    (void)fixed_digits(full, 4, &y);
    (void)fixed_digits(full + 5, 2, &m);
    (void)fixed_digits(full + 8, 2, &d);
    *days = days_from_civil(y, m, d);
    return ERR_OK;
}

/* The civil date of @days since 1970-01-01 (the inverse of days_from_civil()). */
static void
civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

void
format_date_days(int64_t days, char out[11])
{
    int64_t y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = y < 0 ? 0 : 9999;
    snprintf(out, 11, "%04d-%02d-%02d", (int)y, m, d);
}

int64_t
date_add_months(int64_t days, int months)
{
    int64_t y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    int64_t index = y * 12 + (m - 1) + months;
    y = index >= 0 ? index / 12 : (index - 11) / 12;
    m = (int)(index - y * 12) + 1;
    int last = days_in_month((int)y, m);
    return days_from_civil(y, m, d < last ? d : last);
}
