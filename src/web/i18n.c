/* Gettext catalogs without gettext: the .pot/.po files are parsed at start-up into one sorted
 * table per language. Entries are keyed by msgctxt (a stable key such as "nav_actions" or
 * "gcm.7"); msgid is the English text; msgstr the translation. Fuzzy or empty translations
 * count as missing. */
#include "web/i18n.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/validate.h"
#include "util/buf.h"
#include "util/embedded.h"
#include "util/text.h"
#include "util/xalloc.h"

enum { PO_STRING_LIMIT = 8192 };

struct entry {
    char *key;
    char *text;
};

struct catalog {
    struct entry *entries;
    size_t n, cap;
    json_t *frame;
};

static struct catalog catalogs[LANG_COUNT];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static enum err load_result = ERR_OK;
static char load_why[256];

static const char *const codes[LANG_COUNT] = {"en", "fr", "es"};

const char *
lang_code(enum lang lang)
{
    return lang < LANG_COUNT ? codes[lang] : "en";
}

const char *
lang_name(enum lang lang)
{
    /* octal escapes: a hex one would take the "a" of "ais" as one more digit */
    static const char *const names[LANG_COUNT] = {"English", "Fran\303\247ais", "Espa\303\261ol"};
    return names[lang < LANG_COUNT ? lang : LANG_EN];
}

bool
lang_from_code(const char *code, size_t len, enum lang *out)
{
    if (len < 2 || (len > 2 && code[2] != '-' && code[2] != '_'))
        return false;
    for (int i = 0; i < LANG_COUNT; i++) {
        if (text_ieq(code, 2, codes[i])) {
            *out = (enum lang)i;
            return true;
        }
    }
    return false;
}

enum lang
lang_stored(const char *code)
{
    enum lang lang = LANG_EN;
    if (code != NULL && !lang_from_code(code, strlen(code), &lang))
        lang = LANG_EN;
    return lang;
}

/* Accept-Language: "fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5". The highest q among languages we
 * speak wins; on a tie, the one listed first. */
enum lang
lang_from_accept(const char *header)
{
    enum lang best = LANG_EN;
    int best_q = -1;
    const char *p = header;
    while (p != NULL && *p != '\0') {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *tag = p;
        size_t tag_len = len;
        const char *semi = memchr(p, ';', len);
        if (semi != NULL)
            tag_len = (size_t)(semi - p);
        text_trim(&tag, &tag_len);
        int q = 1000;
        if (semi != NULL) {
            const char *qp = semi + 1;
            while (qp < p + len && *qp == ' ')
                qp++;
            if (qp + 2 <= p + len && qp[0] == 'q' && qp[1] == '=') {
                /* q is 0 to 1 with up to three decimals; read it as thousandths */
                qp += 2;
                q = 0;
                int scale = 1000;
                if (qp < p + len && *qp == '1')
                    q = 1000;
                qp++;
                if (qp < p + len && *qp == '.') {
                    for (qp++; qp < p + len && *qp >= '0' && *qp <= '9' && scale > 1; qp++) {
                        scale /= 10;
                        if (q < 1000)
                            q += (*qp - '0') * scale;
                    }
                }
            }
        }
        enum lang l;
        if (q > best_q && q > 0 && lang_from_code(tag, tag_len, &l)) {
            best = l;
            best_q = q;
        }
        p = end ? end + 1 : NULL;
    }
    return best;
}

/* ---- the .po reader ---- */

struct po_entry {
    struct buf ctxt, id, str;
    bool fuzzy;
    struct buf *current; /* where a continuation line goes */
};

/* Appends the C-style quoted string at @p (after the opening quote) to @out. */
static bool
unquote(const char *p, const char *stop, struct buf *out)
{
    if (p >= stop || *p != '"')
        return false;
    for (p++; p < stop && *p != '"'; p++) {
        if (*p != '\\') {
            buf_addch(out, *p);
            continue;
        }
        p++;
        if (p == stop)
            return false;
        switch (*p) {
        case 'n':
            buf_addch(out, '\n');
            break;
        case 't':
            buf_addch(out, '\t');
            break;
        case '"':
        case '\\':
            buf_addch(out, *p);
            break;
        default:
            return false;
        }
    }
    if (p == stop)
        return false;
    for (p++; p < stop; p++) {
        if (*p != ' ' && *p != '\t' && *p != '\r')
            return false;
    }
    return true;
}

static void
catalog_put(struct catalog *c, const char *key, const char *text)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->entries = xrealloc(c->entries, c->cap * sizeof(*c->entries));
    }
    c->entries[c->n++] = (struct entry){xstrdup(key), xstrdup(text)};
}

static void
finish_entry(struct po_entry *e, struct catalog *c, bool english)
{
    if (e->ctxt.len > 0) {
        const char *text = english ? e->id.data : e->str.data;
        if (english || (!e->fuzzy && e->str.len > 0))
            catalog_put(c, e->ctxt.data, text);
    }
    buf_reset(&e->ctxt);
    buf_reset(&e->id);
    buf_reset(&e->str);
    e->fuzzy = false;
    e->current = NULL;
}

static enum err
parse_po(const struct embedded_file *f, struct catalog *c, bool english, char *why, size_t why_len)
{
    struct po_entry e = {0};
    buf_init(&e.ctxt, PO_STRING_LIMIT);
    buf_init(&e.id, PO_STRING_LIMIT);
    buf_init(&e.str, PO_STRING_LIMIT);
    enum err result = ERR_OK;
    const char *p = f->data;
    const char *stop = f->data + f->len;
    size_t line = 0;
    while (p < stop && result == ERR_OK) {
        const char *eol = memchr(p, '\n', (size_t)(stop - p));
        if (eol == NULL)
            eol = stop;
        line++;
        const char *s = p;
        p = eol + 1;
        const char *reason = NULL;
        if (s == eol || *s == '\r') {
            finish_entry(&e, c, english);
        } else if (*s == '#') {
            char flags[128];
            snprintf(flags, sizeof(flags), "%.*s", (int)(eol - s), s);
            if (s[1] == ',' && strstr(flags, "fuzzy") != NULL)
                e.fuzzy = true;
        } else if (*s == '"') {
            if (e.current == NULL || !unquote(s, eol, e.current))
                reason = "a string continues no msgctxt, msgid or msgstr";
        } else {
            static const struct {
                const char *word;
                size_t offset;
            } words[] = {
                {"msgctxt ", offsetof(struct po_entry, ctxt)},
                {"msgid ", offsetof(struct po_entry, id)},
                {"msgstr ", offsetof(struct po_entry, str)},
            };
            reason = "expected msgctxt, msgid, msgstr, a string or a comment";
            for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
                size_t wl = strlen(words[i].word);
                if ((size_t)(eol - s) > wl && memcmp(s, words[i].word, wl) == 0) {
                    e.current = (struct buf *)((char *)&e + words[i].offset);
                    if (e.current == &e.ctxt && e.ctxt.len > 0)
                        finish_entry(&e, c, english); /* no blank line between entries */
                    e.current = (struct buf *)((char *)&e + words[i].offset);
                    reason = unquote(s + wl, eol, e.current) ? NULL : "a malformed string";
                    break;
                }
            }
        }
        if (reason == NULL && (buf_status(&e.ctxt) != ERR_OK || buf_status(&e.id) != ERR_OK ||
                               buf_status(&e.str) != ERR_OK))
            reason = "a string is too long";
        if (reason == NULL && e.current != NULL && !text_is_utf8(e.current->data, e.current->len))
            reason = "not valid UTF-8";
        if (reason != NULL) {
            snprintf(why, why_len, "data/%s:%zu: %s", f->name, line, reason);
            result = ERR_INVALID;
        }
    }
    if (result == ERR_OK)
        finish_entry(&e, c, english);
    buf_release(&e.ctxt);
    buf_release(&e.id);
    buf_release(&e.str);
    return result;
}

static int
compare_entries(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

/* bsearch comparator: a key against an entry */
static int
compare_key(const void *key, const void *entry)
{
    return strcmp(key, ((const struct entry *)entry)->key);
}

static bool
is_catalog_of(const char *name, enum lang lang)
{
    size_t n = strlen(name);
    if (strncmp(name, "i18n/", 5) != 0)
        return false;
    if (lang == LANG_EN)
        return strchr(name + 5, '/') == NULL && n > 4 && strcmp(name + n - 4, ".pot") == 0;
    size_t code_len = strlen(codes[lang]);
    return strncmp(name + 5, codes[lang], code_len) == 0 && name[5 + code_len] == '/' && n > 3 &&
           strcmp(name + n - 3, ".po") == 0;
}

static void
load_all(void)
{
    for (int l = 0; l < LANG_COUNT && load_result == ERR_OK; l++) {
        struct catalog *c = &catalogs[l];
        for (const struct embedded_file *f = embedded_files; f->name != NULL; f++) {
            if (!is_catalog_of(f->name, (enum lang)l))
                continue;
            load_result = parse_po(f, c, l == LANG_EN, load_why, sizeof(load_why));
            if (load_result != ERR_OK)
                return;
        }
        qsort(c->entries, c->n, sizeof(*c->entries), compare_entries);
        for (size_t i = 1; i < c->n; i++) {
            if (strcmp(c->entries[i - 1].key, c->entries[i].key) == 0) {
                snprintf(load_why, sizeof(load_why), "i18n/%s: the key '%s' appears twice",
                         codes[l], c->entries[i].key);
                load_result = ERR_INVALID;
                return;
            }
        }
    }
    /* each frame holds every interface key, English where the language has no text */
    for (int l = 0; l < LANG_COUNT && load_result == ERR_OK; l++) {
        json_t *t = json_object();
        const struct catalog *en = &catalogs[LANG_EN];
        for (size_t i = 0; i < en->n; i++) {
            if (strchr(en->entries[i].key, '.') == NULL)
                json_object_set_new(t, en->entries[i].key,
                                    json_string(i18n_get((enum lang)l, en->entries[i].key)));
        }
        catalogs[l].frame = json_pack("{so}", "t", t);
    }
}

enum err
i18n_load(char *why, size_t why_len)
{
    pthread_once(&load_once, load_all);
    if (load_result != ERR_OK)
        snprintf(why, why_len, "%s", load_why);
    return load_result;
}

const char *
i18n_find(enum lang lang, const char *key)
{
    for (int pass = 0; pass < 2; pass++) {
        const struct catalog *c = &catalogs[pass == 0 && lang < LANG_COUNT ? lang : LANG_EN];
        const struct entry *e = bsearch(key, c->entries, c->n, sizeof(*c->entries), compare_key);
        if (e != NULL)
            return e->text;
    }
    return NULL;
}

const char *
i18n_get(enum lang lang, const char *key)
{
    const char *s = i18n_find(lang, key);
    return s != NULL ? s : key;
}

const json_t *
i18n_frame(enum lang lang)
{
    return catalogs[lang < LANG_COUNT ? lang : LANG_EN].frame;
}

void
i18n_coverage(enum lang lang, size_t *keys, size_t *translated)
{
    const struct catalog *en = &catalogs[LANG_EN];
    const struct catalog *c = &catalogs[lang < LANG_COUNT ? lang : LANG_EN];
    *keys = en->n;
    size_t n = 0;
    for (size_t i = 0; i < en->n; i++) {
        n +=
            bsearch(en->entries[i].key, c->entries, c->n, sizeof(*c->entries), compare_key) != NULL;
    }
    *translated = n;
}

static const char *
find_in(void *ctx, const char *key)
{
    return i18n_find(*(const enum lang *)ctx, key);
}

void
i18n_field_error(enum lang lang, const struct field_error *fe, struct buf *out)
{
    field_error_format(fe, find_in, &lang, out);
}

void
i18n_format_count(enum lang lang, uint64_t n, char *out, size_t out_len)
{
    /* French groups with a narrow no-break space, Spanish with a dot, English with a comma */
    static const char *const separators[LANG_COUNT] = {",", "\xe2\x80\xaf", "."};
    char digits[24];
    int len = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)n);
    const char *sep = separators[lang < LANG_COUNT ? lang : LANG_EN];
    size_t sep_len = strlen(sep);
    size_t o = 0;
    for (int i = 0; i < len && o + sep_len + 2 < out_len; i++) {
        if (i > 0 && (len - i) % 3 == 0) {
            memcpy(out + o, sep, sep_len);
            o += sep_len;
        }
        out[o++] = digits[i];
    }
    if (out_len > 0)
        out[o < out_len ? o : out_len - 1] = '\0';
}
