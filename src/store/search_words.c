/* Distinct words for the search index: a small open-addressing set of the words of one
 * document, emptied between documents by bumping a generation number instead of clearing it.
 * It never changes what the index answers: only repeats of a word are left out. */
#include "store/search_words.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct search_word_slot {
    uint32_t generation, hash;
    uint32_t len;
    const char *word; /* in a text given since the last reset */
};

#define FIRST_CAP 512

/* A byte as the tokenizer folds it, 0 for an ASCII separator: ASCII letters lower-cased,
 * digits and the bytes of non-ASCII characters kept. */
static unsigned char fold[256];

static void
make_fold_table(void)
{
    for (int c = 0; c < 256; c++) {
        if (c >= 'A' && c <= 'Z')
            fold[c] = (unsigned char)(c | 0x20);
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
            fold[c] = (unsigned char)c;
        else
            fold[c] = 0;
    }
}

void
search_words_init(struct search_words *w)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, make_fold_table);
    w->cap = FIRST_CAP;
    w->count = 0;
    w->generation = 1;
    w->slots = xcalloc(w->cap, sizeof(*w->slots));
    w->scratch = NULL;
    w->scratch_cap = 0;
}

void
search_words_reset(struct search_words *w)
{
    w->count = 0;
    if (++w->generation == 0) {
        /* after 2^32 documents, old slots could look current again */
        memset(w->slots, 0, w->cap * sizeof(*w->slots));
        w->generation = 1;
    }
}

void
search_words_release(struct search_words *w)
{
    free(w->slots);
    w->slots = NULL;
    free(w->scratch);
    w->scratch = NULL;
}

/* Doubles the table, moving the current generation's slots. */
static void
grow(struct search_words *w)
{
    size_t cap = w->cap * 2;
    struct search_word_slot *slots = xcalloc(cap, sizeof(*slots));
    for (size_t i = 0; i < w->cap; i++) {
        if (w->slots[i].generation != w->generation)
            continue;
        size_t k = w->slots[i].hash & (cap - 1);
        while (slots[k].generation == w->generation)
            k = (k + 1) & (cap - 1);
        slots[k] = w->slots[i];
    }
    free(w->slots);
    w->slots = slots;
    w->cap = cap;
}

/* Whether two words of @len bytes are the same word: most repeats are spelt the same. */
static bool
same_word(const unsigned char *a, const unsigned char *b, size_t len)
{
    if (memcmp(a, b, len) == 0)
        return true;
    for (size_t i = 0; i < len; i++)
        if (fold[a[i]] != fold[b[i]])
            return false;
    return true;
}

/* Adds @word unless it is there already; tells whether it was added. */
static bool
remember(struct search_words *w, const char *word, size_t len, uint32_t hash)
{
    size_t k = hash & (w->cap - 1);
    for (; w->slots[k].generation == w->generation; k = (k + 1) & (w->cap - 1)) {
        const struct search_word_slot *s = &w->slots[k];
        if (s->hash == hash && s->len == len &&
            same_word((const unsigned char *)s->word, (const unsigned char *)word, len))
            return false;
    }
    if (len > UINT32_MAX)
        return true; /* not remembered: a repeat of it would be indexed again, harmlessly */
    w->slots[k] = (struct search_word_slot){w->generation, hash, (uint32_t)len, word};
    if (++w->count * 2 > w->cap)
        grow(w);
    return true;
}

void
search_words_add(struct search_words *w, struct buf *out, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    /* the words and a space before each come to at most len + 1 bytes */
    if (w->scratch_cap < len + 1) {
        w->scratch_cap = len + 1 > 2 * w->scratch_cap ? len + 1 : 2 * w->scratch_cap;
        w->scratch = xrealloc(w->scratch, w->scratch_cap);
    }
    char *o = w->scratch;
    size_t n = 0;
    bool space = out->len > 0;
    size_t i = 0;
    while (i < len) {
        unsigned char f = fold[u[i]];
        if (f == 0) {
            i++;
            continue;
        }
        size_t start = i;
        uint32_t hash = 0;
        for (;;) {
            hash = ((hash << 5) | (hash >> 27)) ^ f;
            i++;
            if (i == len)
                break;
            f = fold[u[i]];
            if (f == 0)
                break;
        }
        hash *= 0x9e3779b1u; /* spreads the bits the table index takes */
        hash ^= hash >> 15;
        if (!remember(w, s + start, i - start, hash))
            continue;
        if (space)
            o[n++] = ' ';
        memcpy(o + n, s + start, i - start);
        n += i - start;
        space = true;
    }
    buf_add(out, o, n);
}

/* An action's words: up to its whole text (the limit of one record, with room to spare). */
#define SEARCH_TEXT_LIMIT ((size_t)1 << 30)

void
search_text_init(struct search_text *t)
{
    memset(t, 0, sizeof(*t));
    buf_init(&t->text, SEARCH_TEXT_LIMIT);
}

void
search_text_release(struct search_text *t)
{
    buf_release(&t->text);
}

static void
add_column(struct search_text *t, struct search_words *w, enum search_column c, const char *s,
           size_t len)
{
    if (t->len[c] == 0)
        t->offset[c] = t->text.len;
    size_t before = t->text.len;
    search_words_add(w, &t->text, s, len);
    t->len[c] += t->text.len - before;
}

static void
search_text_reset(struct search_text *t, struct search_words *w)
{
    buf_reset(&t->text);
    memset(t->offset, 0, sizeof(t->offset));
    memset(t->len, 0, sizeof(t->len));
    search_words_reset(w);
}

void
search_text_columns(struct search_text *t, struct search_words *w,
                    const char *const col[SEARCH_COLUMNS], const size_t len[SEARCH_COLUMNS])
{
    search_text_reset(t, w);
    for (int c = 0; c < SEARCH_COLUMNS; c++)
        if (col[c] != NULL)
            add_column(t, w, (enum search_column)c, col[c], len[c]);
}

void
search_text_action(struct search_text *t, struct search_words *w, const struct action *a)
{
    const char *col[SEARCH_GOVERNMENTS] = {a->title, a->summary, a->description};
    search_text_reset(t, w);
    for (int c = 0; c < SEARCH_GOVERNMENTS; c++)
        if (col[c] != NULL)
            add_column(t, w, (enum search_column)c, col[c], strlen(col[c]));
    /* the column holds the names joined by "; ", separators like any other */
    for (size_t i = 0; i < a->n_governments; i++)
        add_column(t, w, SEARCH_GOVERNMENTS, a->governments[i].name,
                   strlen(a->governments[i].name));
}
