/* UTF-8 validation and name folding. Pure functions over (ptr, len); folding knows the Latin
 * letters of Latin-1 and Latin Extended-A, which cover the names this registry holds. */
#include "text.h"

#include <stdint.h>
#include <string.h>

/* Decodes one code point at s[*i]; returns -1 on malformed input. */
static int32_t
decode(const char *s, size_t len, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[*i];
    int32_t cp;
    size_t n;

    if (c < 0x80) {
        *i += 1;
        return c;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        cp = c & 0x1f;
        n = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
        cp = c & 0x0f;
        n = 2;
    } else if (c >= 0xf0 && c <= 0xf4) {
        cp = c & 0x07;
        n = 3;
    } else {
        return -1;
    }
    if (len - *i < n + 1)
        return -1;
    for (size_t k = 1; k <= n; k++) {
        unsigned char cc = u[*i + k];
        if ((cc & 0xc0) != 0x80)
            return -1;
        cp = (cp << 6) | (cc & 0x3f);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return -1;
    *i += n + 1;
    return cp;
}

bool
text_is_utf8(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        /* most text is ASCII: step over it eight bytes at a time */
        while (len - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            /* a byte is non-ASCII (high bit) or NUL (the (b - 1) & ~b trick) */
            if (((w | ((w - 0x0101010101010101ULL) & ~w)) & 0x8080808080808080ULL) != 0)
                break;
            i += 8;
        }
        if (i == len)
            break;
        int32_t cp = decode(s, len, &i);
        if (cp <= 0)
            return false;
    }
    return true;
}

size_t
text_utf8_length(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            n++;
    return n;
}

/* The unaccented lower-case ASCII letter for a Latin code point, or 0. */
static char
fold_latin(int32_t cp)
{
    static const char latin1[] = /* U+00C0 .. U+00FF */
        "aaaaaaaceeeeiiii"
        "dnooooo\0ouuuuyts"
        "aaaaaaaceeeeiiii"
        "dnooooo\0ouuuuyty";
    static const char ext_a[] = /* U+0100 .. U+017F, pairs of upper/lower */
        "aaaaaaccccccccdd"
        "ddeeeeeeeeeegggg"
        "gggghhhhiiiiiiii"
        "iiiijjkkklllllll"
        "lllnnnnnnnnnoooo"
        "oooorrrrrrssssss"
        "ssttttttuuuuuuuu"
        "uuuuwwyyyzzzzzzs";
    if (cp >= 'A' && cp <= 'Z')
        return (char)(cp - 'A' + 'a');
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
        return (char)cp;
    if (cp >= 0xc0 && cp <= 0xff)
        return latin1[cp - 0xc0];
    if (cp >= 0x100 && cp <= 0x17f)
        return ext_a[cp - 0x100];
    return 0;
}

static bool
is_separator(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '-' || cp == '\'' || cp == '.' || cp == 0x2019 ||
           cp == 0xa0 || cp == '\n' || cp == '\r';
}

void
text_fold_key(struct buf *out, const char *s, size_t len)
{
    size_t i = 0;
    size_t start = out->len;
    bool pending_space = false;

    while (i < len) {
        size_t at = i;
        int32_t cp = decode(s, len, &i);
        if (cp < 0) {
            i = at + 1;
            continue;
        }
        if (is_separator(cp)) {
            pending_space = out->len > start;
            continue;
        }
        if (pending_space) {
            buf_addch(out, ' ');
            pending_space = false;
        }
        char c = fold_latin(cp);
        if (c != 0) {
            buf_addch(out, c);
        } else if (cp == 0xdf) {
            buf_addstr(out, "ss");
        } else {
            buf_add(out, s + at, i - at);
        }
    }
}

void
text_slug(struct buf *out, const char *s, size_t len)
{
    struct buf key;
    buf_init(&key, len * 4 + 16);
    text_fold_key(&key, s, len);
    bool dash = false;
    size_t start = out->len;
    for (size_t i = 0; i < key.len; i++) {
        char c = key.data[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && out->len > start)
                buf_addch(out, '-');
            dash = false;
            buf_addch(out, c);
        } else {
            dash = true;
        }
    }
    buf_release(&key);
}

void
text_trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    while (n > 0 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' || p[0] == '\n')) {
        p++;
        n--;
    }
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n'))
        n--;
    *s = p;
    *len = n;
}

bool
text_ieq(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

void
text_add_excerpt(struct buf *out, const char *s, size_t len, size_t max_chars)
{
    size_t i = 0;
    for (size_t chars = 0; i < len && chars < max_chars; chars++) {
        size_t start = i;
        int32_t cp = decode(s, len, &i);
        if (cp < 0) {
            buf_addch(out, '?');
            i = start + 1;
        } else if (cp < 0x20 || cp == 0x7f) {
            buf_addch(out, ' ');
        } else {
            buf_add(out, s + start, i - start);
        }
    }
}

#define PLACEHOLDER_MAX 32 /* a placeholder's name, in bytes */

static const char *
lookup(const char *const *vars, const char *name, size_t len)
{
    for (size_t i = 0; vars != NULL && vars[i] != NULL && vars[i + 1] != NULL; i += 2) {
        if (strlen(vars[i]) == len && memcmp(vars[i], name, len) == 0)
            return vars[i + 1];
    }
    return NULL;
}

static bool
is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

enum err
text_fill(struct buf *out, const char *text, const char *const *vars)
{
    const char *p = text;
    while (*p != '\0') {
        const char *open = strchr(p, '{');
        if (open == NULL) {
            buf_addstr(out, p);
            break;
        }
        buf_add(out, p, (size_t)(open - p));
        size_t len = 0;
        while (len <= PLACEHOLDER_MAX && is_name_char(open[1 + len]))
            len++;
        if (len == 0 || len > PLACEHOLDER_MAX || open[1 + len] != '}') {
            buf_addch(out, '{');
            p = open + 1;
            continue;
        }
        const char *value = lookup(vars, open + 1, len);
        if (value == NULL)
            return ERR_INVALID;
        buf_addstr(out, value);
        p = open + len + 2;
    }
    return buf_status(out);
}
