/* Growable, NUL-terminated byte buffer with a fixed ceiling and a sticky error.
 * Invariant: data[len] == '\0' and len <= limit, whatever the appends did. */
#include "buf.h"
#include <math.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static char empty_data[1];

void
buf_init(struct buf *b, size_t limit)
{
    b->data = empty_data;
    b->len = 0;
    b->cap = 0;
    b->limit = limit;
    b->err = ERR_OK;
}

/* Makes room for @extra more bytes plus the NUL; false (and a sticky error) past the limit. */
static int
grow(struct buf *b, size_t extra)
{
    if (b->err != ERR_OK)
        return 0;
    if (extra > b->limit - b->len) {
        b->err = ERR_TOO_BIG;
        return 0;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    if (b->data == empty_data) {
        b->data = xmalloc(cap);
        b->data[0] = '\0';
    } else {
        b->data = xrealloc(b->data, cap);
    }
    b->cap = cap;
    return 1;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
    if (n == 0 || !grow(b, n))
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void
buf_addstr(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void
buf_addch(struct buf *b, char c)
{
    buf_add(b, &c, 1);
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    char small[256];

    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        if (b->err == ERR_OK)
            b->err = ERR_INVALID;
        return;
    }
    if ((size_t)n < sizeof(small)) {
        buf_add(b, small, (size_t)n);
        return;
    }
    if (!grow(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void
buf_add_u64(struct buf *b, uint64_t v)
{
    char tmp[20];
    size_t i = sizeof(tmp);
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    buf_add(b, tmp + i, sizeof(tmp) - i);
}

void
buf_add_html(struct buf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        buf_add(b, s + start, i - start);
        buf_addstr(b, rep);
        start = i + 1;
    }
    buf_add(b, s + start, n - start);
}

/* Bytes that cannot stand as they are in a JSON string we write: controls, quote, backslash,
 * and < > & (escaped so JSON embedded in HTML can never close a script or a comment). */
static const bool json_escape[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1,
    [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1,
    [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1,
    ['"'] = 1,  ['\\'] = 1, ['<'] = 1,  ['>'] = 1,  ['&'] = 1,  [0x7f] = 1,
};

static bool
json_needs_escape(unsigned char c)
{
    return json_escape[c];
}

void
buf_add_json_str(struct buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t start = 0;

    buf_addch(b, '"');
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        /* most text needs no escape: look at eight bytes with one branch */
        while (i + 8 <= n &&
               !(json_escape[u[i]] | json_escape[u[i + 1]] | json_escape[u[i + 2]] |
                 json_escape[u[i + 3]] | json_escape[u[i + 4]] | json_escape[u[i + 5]] |
                 json_escape[u[i + 6]] | json_escape[u[i + 7]]))
            i += 8;
        if (i == n)
            break;
        unsigned char c = u[i];
        if (!json_needs_escape(c))
            continue;
        char esc[7];
        size_t esc_len = 2;
        esc[0] = '\\';
        if (c == '"' || c == '\\') {
            esc[1] = (char)c;
        } else if (c == '\n') {
            esc[1] = 'n';
        } else if (c == '\r') {
            esc[1] = 'r';
        } else if (c == '\t') {
            esc[1] = 't';
        } else {
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            esc_len = 6;
        }
        buf_add(b, s + start, i - start);
        buf_add(b, esc, esc_len);
        start = i + 1;
    }
    buf_add(b, s + start, n - start);
    buf_addch(b, '"');
}

void
buf_add_json_strz(struct buf *b, const char *s)
{
    if (s == NULL)
        buf_addstr(b, "null");
    else
        buf_add_json_str(b, s, strlen(s));
}

void
buf_add_csv_field(struct buf *b, const char *s, size_t n)
{
    if (memchr(s, ',', n) == NULL && memchr(s, '"', n) == NULL && memchr(s, '\n', n) == NULL &&
        memchr(s, '\r', n) == NULL) {
        buf_add(b, s, n);
        return;
    }
    buf_addch(b, '"');
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '"')
            continue;
        buf_add(b, s + start, i + 1 - start);
        buf_addch(b, '"');
        start = i + 1;
    }
    buf_add(b, s + start, n - start);
    buf_addch(b, '"');
}

void
buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data != empty_data)
        b->data[0] = '\0';
    b->err = ERR_OK;
}

void
buf_truncate(struct buf *b, size_t len)
{
    if (len >= b->len)
        return;
    b->len = len;
    b->data[len] = '\0';
}

enum err
buf_status(const struct buf *b)
{
    return b->err;
}

char *
buf_take(struct buf *b, size_t *len)
{
    char *p = b->data == empty_data ? xstrndup("", 0) : b->data;
    if (len != NULL)
        *len = b->len;
    buf_init(b, b->limit);
    return p;
}

void
buf_release(struct buf *b)
{
    if (b->data != empty_data)
        free(b->data);
    buf_init(b, b->limit);
}

void
buf_add_json_key(struct buf *b, const char *name, bool *first)
{
    buf_addstr(b, *first ? "\"" : ",\"");
    buf_addstr(b, name);
    buf_addstr(b, "\":");
    *first = false;
}

void
buf_add_number(struct buf *b, double v)
{
    /* most numbers are whole: written without printf, which costs more than the rest of
     * a JSON record */
    if (v == trunc(v) && fabs(v) < 1e15) {
        if (v < 0)
            buf_addch(b, '-');
        buf_add_u64(b, (uint64_t)fabs(v));
        return;
    }
    char tmp[40];
    snprintf(tmp, sizeof(tmp), "%.15g", v + 0.0);
    if (strtod(tmp, NULL) != v)
        snprintf(tmp, sizeof(tmp), "%.17g", v + 0.0);
    buf_addstr(b, tmp);
}
