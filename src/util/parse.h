/* The one number and date parser: every number and date read from outside goes through here.
 * All functions take (ptr, len), reject empty input, signs or junk where not allowed, and leave
 * @out untouched on failure. */
#ifndef LOCALACTION_PARSE_H
#define LOCALACTION_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/** A decimal integer within [min, max]; an optional leading '-' only. */
WARN_UNUSED enum err parse_i64(const char *s, size_t len, int64_t min, int64_t max, int64_t *out);

/** A decimal number (digits, optional '.', optional fraction, optional leading '-') within
 * [min, max]. No exponents, no hex, no inf/nan. */
WARN_UNUSED enum err parse_double(const char *s, size_t len, double min, double max, double *out);

/** An amount of money: digits with an optional fraction of up to 2 digits, not negative,
 * into cents; at most @max_cents. Thousands separators are not accepted. */
WARN_UNUSED enum err parse_money(const char *s, size_t len, int64_t max_cents, int64_t *cents);

/** Formats @cents as "1500" or "1500.5" / "1500.25": the shortest form parse_money() reads back
 * to the same value. @out must hold 32 bytes. */
void format_money(int64_t cents, char out[32]);

/** A calendar date `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (years 1900..2200, real days). Copies the
 * canonical text into @out (11 bytes). */
WARN_UNUSED enum err parse_date(const char *s, size_t len, char out[11]);

/** A UTC time `YYYY-MM-DDTHH:MM:SSZ` into seconds since the epoch. */
WARN_UNUSED enum err parse_timestamp(const char *s, size_t len, int64_t *out);

/** Formats seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` into @out (21 bytes). */
void format_timestamp(int64_t t, char out[21]);

/** Compares two partial dates as written by parse_date(): a shorter date stands for its first
 * day when @as_start and its last day otherwise. */
int date_compare(const char *a, bool a_as_start, const char *b, bool b_as_start);

/** The day of a date as written by parse_date(), in days since 1970-01-01: a shorter date
 * stands for its first day when @as_start and its last day otherwise. ERR_INVALID when @date
 * is not such a date. */
WARN_UNUSED enum err date_days(const char *date, bool as_start, int64_t *days);

/** Formats @days since 1970-01-01 as `YYYY-MM-DD` into @out (11 bytes). */
void format_date_days(int64_t days, char out[11]);

/** The day @months calendar months after @days (before, when negative); the day of the
 * month is kept, or the month's last day when it has fewer (31 March + 1 month is 30 April). */
int64_t date_add_months(int64_t days, int months);

#endif
