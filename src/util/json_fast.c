/* The JSON reader of the importer: builds jansson values from well-formed text about three
 * times faster than json_loadb(), whose lexer goes through a stream one byte at a time. It
 * takes only what it is sure jansson would accept and read the same way; for anything else
 * it gives up and json_fast_load() asks jansson, so every error message stays jansson's. */
#include "util/json_fast.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "util/xalloc.h"

/* deeper documents go to jansson, which allows 2048 levels */
#define FAST_MAX_DEPTH 32
/* longer numbers go to jansson */
#define FAST_MAX_NUMBER 64

struct cursor {
    const char *p, *end;
};

static json_t *parse_value(struct cursor *c, int depth);

static void
skip_space(struct cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\n' || *c->p == '\r' || *c->p == '\t'))
        c->p++;
}

/* Reads the string at c->p (after its opening quote). Sets *start and *len to its bytes
 * when it has no escape, else to a heap copy with the escapes decoded in *copy. Returns
 * false for what jansson should judge: \u escapes, control characters, invalid UTF-8. */
static bool
parse_string(struct cursor *c, const char **start, size_t *len, char **copy)
{
    const char *s = c->p;
    bool high = false, escaped = false;
    *copy = NULL;
    for (;;) {
        if (c->p == c->end)
            return false;
        unsigned char ch = (unsigned char)*c->p;
        if (ch == '"')
            break;
        if (ch < 0x20)
            return false;
        if (ch == '\\') {
            escaped = true;
            c->p++;
            if (c->p == c->end || strchr("\"\\/bfnrt", *c->p) == NULL || *c->p == '\0')
                return false;
        }
        high |= ch >= 0x80;
        c->p++;
    }
    size_t n = (size_t)(c->p - s);
    c->p++; /* the closing quote */
    if (high && !text_is_utf8(s, n))
        return false;
    if (!escaped) {
        *start = s;
        *len = n;
        return true;
    }
    char *out = xmalloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\') {
            out[k++] = s[i];
            continue;
        }
        i++;
        switch (s[i]) {
        case 'b':
            out[k++] = '\b';
            break;
        case 'f':
            out[k++] = '\f';
            break;
        case 'n':
            out[k++] = '\n';
            break;
        case 'r':
            out[k++] = '\r';
            break;
        case 't':
            out[k++] = '\t';
            break;
        default: /* '"', '\\', '/' */
            out[k++] = s[i];
            break;
        }
    }
    out[k] = '\0';
    *copy = out;
    *start = out;
    *len = k;
    return true;
}

static json_t *
parse_number(struct cursor *c)
{
    const char *s = c->p;
    bool real = false;
    if (c->p < c->end && *c->p == '-')
        c->p++;
    if (c->p == c->end)
        return NULL;
    if (*c->p == '0') {
        c->p++;
        if (c->p < c->end && *c->p >= '0' && *c->p <= '9')
            return NULL;
    } else if (*c->p >= '1' && *c->p <= '9') {
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
            c->p++;
    } else {
        return NULL;
    }
    if (c->p < c->end && *c->p == '.') {
        real = true;
        c->p++;
        const char *digits = c->p;
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
            c->p++;
        if (c->p == digits)
            return NULL;
    }
    if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
        real = true;
        c->p++;
        if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
            c->p++;
        const char *digits = c->p;
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
            c->p++;
        if (c->p == digits)
            return NULL;
    }
    size_t n = (size_t)(c->p - s);
    char text[FAST_MAX_NUMBER];
    if (n >= sizeof(text))
        return NULL;
    memcpy(text, s, n);
    text[n] = '\0';
    char *end = NULL;
    errno = 0;
    if (!real) {
        long long v = strtoll(text, &end, 10);
        if (errno == ERANGE || end != text + n)
            return NULL; /* jansson: "too big integer" */
        return json_integer((json_int_t)v);
    }
    double d = strtod(text, &end);
    if (end != text + n || (errno == ERANGE && isinf(d)))
        return NULL; /* jansson: "real number overflow" */
    return json_real(d);
}

static json_t *
parse_object(struct cursor *c, int depth)
{
    json_t *obj = json_object();
    c->p++; /* '{' */
    skip_space(c);
    if (c->p < c->end && *c->p == '}') {
        c->p++;
        return obj;
    }
    for (;;) {
        const char *key;
        size_t key_len;
        char *copy;
        if (c->p == c->end || *c->p != '"')
            break;
        c->p++;
        if (!parse_string(c, &key, &key_len, &copy))
            break;
        skip_space(c);
        json_t *v = NULL;
        /* a duplicate key is jansson's error to report */
        if (c->p < c->end && *c->p == ':' && json_object_getn(obj, key, key_len) == NULL) {
            c->p++;
            skip_space(c);
            v = parse_value(c, depth + 1);
        }
        if (v != NULL && json_object_setn_new_nocheck(obj, key, key_len, v) != 0)
            v = NULL;
        free(copy);
        if (v == NULL)
            break;
        skip_space(c);
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            skip_space(c);
            continue;
        }
        if (c->p < c->end && *c->p == '}') {
            c->p++;
            return obj;
        }
        break;
    }
    json_decref(obj);
    return NULL;
}

static json_t *
parse_array(struct cursor *c, int depth)
{
    json_t *arr = json_array();
    c->p++; /* '[' */
    skip_space(c);
    if (c->p < c->end && *c->p == ']') {
        c->p++;
        return arr;
    }
    for (;;) {
        json_t *v = parse_value(c, depth + 1);
        if (v == NULL || json_array_append_new(arr, v) != 0)
            break;
        skip_space(c);
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            skip_space(c);
            continue;
        }
        if (c->p < c->end && *c->p == ']') {
            c->p++;
            return arr;
        }
        break;
    }
    json_decref(arr);
    return NULL;
}

static bool
literal(struct cursor *c, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
        return false;
    c->p += n;
    return true;
}

/* One value at c->p (no space before it), or NULL: not for the fast path. */
static json_t *
parse_value(struct cursor *c, int depth)
{
    if (c->p == c->end || depth > FAST_MAX_DEPTH)
        return NULL;
    switch (*c->p) {
    case '{':
        return parse_object(c, depth);
    case '[':
        return parse_array(c, depth);
    case '"': {
        const char *s;
        size_t len;
        char *copy;
        c->p++;
        if (!parse_string(c, &s, &len, &copy))
            return NULL;
        json_t *v = json_stringn_nocheck(s, len);
        free(copy);
        return v;
    }
    case 't':
        return literal(c, "true") ? json_true() : NULL;
    case 'f':
        return literal(c, "false") ? json_false() : NULL;
    case 'n':
        return literal(c, "null") ? json_null() : NULL;
    default:
        return parse_number(c);
    }
}

json_t *
json_fast_load(const char *s, size_t len, json_error_t *err)
{
    struct cursor c = {s, s + len};
    skip_space(&c);
    /* like json_loadb() without JSON_DECODE_ANY: only an object or an array */
    json_t *v = NULL;
    if (c.p < c.end && (*c.p == '{' || *c.p == '['))
        v = parse_value(&c, 0);
    if (v != NULL) {
        skip_space(&c);
        if (c.p == c.end)
            return v;
        json_decref(v);
    }
    return json_loadb(s, len, JSON_REJECT_DUPLICATES, err);
}
