/* The text is cut into numbers and words; what is left must be a year, perhaps a month (a
 * number or a name) and perhaps a day, in an order that says which is which. */
#include "util/written_date.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/parse.h"
#include "util/text.h"

#define MAX_TOKENS 4

/* Month names, folded (text_fold_key()): English, French, Spanish; a name is also known by
 * its first three letters when those are not another month's. */
static const char *const month_names[12][4] = {
    {"january", "janvier", "enero", NULL},
    {"february", "fevrier", "febrero", NULL},
    {"march", "mars", "marzo", NULL},
    {"april", "avril", "abril", NULL},
    {"may", "mai", "mayo", NULL},
    {"june", "juin", "junio", NULL},
    {"july", "juillet", "julio", NULL},
    {"august", "aout", "agosto", NULL},
    {"september", "septembre", "septiembre", "setiembre"},
    {"october", "octobre", "octubre", NULL},
    {"november", "novembre", "noviembre", NULL},
    {"december", "decembre", "diciembre", NULL},
};

/* The month (1-12) named by folded word @w, or 0. */
static int
month_of(const char *w)
{
    size_t n = strlen(w);
    int found = 0;
    for (int m = 0; m < 12; m++) {
        for (int k = 0; k < 4 && month_names[m][k] != NULL; k++) {
            const char *name = month_names[m][k];
            if (strcmp(w, name) == 0)
                return m + 1;
            /* "sept", "déc.", "ene": a start of three letters or more, one month's only */
            if (n >= 3 && strncmp(w, name, n) == 0) {
                if (found != 0 && found != m + 1)
                    return 0;
                found = m + 1;
            }
        }
    }
    return found;
}

struct token {
    int number; /* -1 for a word */
    size_t digits;
    int month; /* a word's month, or 0 */
};

/* Splits folded @key into tokens; false at a word that is neither a month nor filler. */
static bool
tokenize(char *key, struct token *t, size_t *n)
{
    *n = 0;
    for (char *p = key; *p != '\0';) {
        size_t skip = strspn(p, " /,.");
        p += skip;
        size_t len = strcspn(p, " /,.");
        if (len == 0)
            break;
        char word[16];
        if (len >= sizeof(word) || *n == MAX_TOKENS)
            return false;
        memcpy(word, p, len);
        word[len] = '\0';
        p += len;
        if (word[0] >= '0' && word[0] <= '9') {
            size_t d = strspn(word, "0123456789");
            /* ordinals as days are written: "1st", "2nd", "1er" */
            const char *suffix = word + d;
            if (*suffix != '\0' && strcmp(suffix, "st") != 0 && strcmp(suffix, "nd") != 0 &&
                strcmp(suffix, "rd") != 0 && strcmp(suffix, "th") != 0 && strcmp(suffix, "er") != 0)
                return false;
            if (d > 4)
                return false;
            int v = 0;
            for (size_t i = 0; i < d; i++)
                v = v * 10 + (word[i] - '0');
            t[(*n)++] = (struct token){v, d, 0};
        } else if (strcmp(word, "de") == 0 || strcmp(word, "del") == 0 || strcmp(word, "of") == 0 ||
                   strcmp(word, "the") == 0) {
            continue;
        } else {
            int m = month_of(word);
            if (m == 0)
                return false;
            t[(*n)++] = (struct token){-1, 0, m};
        }
    }
    return true;
}

/* Writes the date of year @y, month @m (0: none) and day @d (0: none) through parse_date(),
 * which checks the day exists. */
static enum err
emit(int y, int m, int d, char out[11])
{
    char text[16];
    int len = m == 0   ? snprintf(text, sizeof(text), "%04d", y)
              : d == 0 ? snprintf(text, sizeof(text), "%04d-%02d", y, m)
                       : snprintf(text, sizeof(text), "%04d-%02d-%02d", y, m, d);
    return parse_date(text, (size_t)len, out);
}

/* Numbers only: the year is the one of four digits, first or last. */
static enum err
from_numbers(const struct token *t, size_t n, char out[11])
{
    if (n < 2 || n > 3)
        return ERR_INVALID;
    if (t[0].digits == 4) /* 2022/05/01, 2022/5 */
        return t[1].digits <= 2 && (n == 2 || t[2].digits <= 2)
                   ? emit(t[0].number, t[1].number, n == 3 ? t[2].number : 0, out)
                   : ERR_INVALID;
    if (t[n - 1].digits != 4 || t[0].digits > 2 || (n == 3 && t[1].digits > 2))
        return ERR_INVALID;
    int y = t[n - 1].number;
    if (n == 2) /* 05/2022 */
        return emit(y, t[0].number, 0, out);
    int a = t[0].number, b = t[1].number;
    if (a > 12 && b <= 12) /* 25/12/2022 */
        return emit(y, b, a, out);
    if (b > 12 && a <= 12) /* 12/25/2022 */
        return emit(y, a, b, out);
    return a == b ? emit(y, a, a, out) : ERR_INVALID; /* 01/05/2022 reads two ways */
}

/* A month name with a year and perhaps a day, in any order. */
static enum err
with_month_name(const struct token *t, size_t n, int month, char out[11])
{
    int y = 0, d = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i].number < 0)
            continue;
        if (t[i].digits == 4 && y == 0)
            y = t[i].number;
        else if (t[i].digits <= 2 && d == 0 && t[i].number >= 1)
            d = t[i].number;
        else
            return ERR_INVALID;
    }
    return y != 0 ? emit(y, month, d, out) : ERR_INVALID;
}

enum err
parse_date_written(const char *s, size_t len, char out[11])
{
    text_trim(&s, &len);
    if (parse_date(s, len, out) == ERR_OK)
        return ERR_OK;
    if (len == 0 || len > 40)
        return ERR_INVALID;
    struct buf key;
    buf_init(&key, 256);
    text_fold_key(&key, s, len);
    /* text_fold_key() reads '-' as a space; a lone year-month-day is numbers either way */
    struct token t[MAX_TOKENS];
    size_t n = 0;
    bool ok = buf_status(&key) == ERR_OK && key.data != NULL && tokenize(key.data, t, &n);
    buf_release(&key);
    if (!ok || n == 0)
        return ERR_INVALID;
    int month = 0;
    size_t words = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i].number < 0) {
            month = t[i].month;
            words++;
        }
    }
    if (words > 1)
        return ERR_INVALID;
    return words == 1 ? with_month_name(t, n, month, out) : from_numbers(t, n, out);
}
