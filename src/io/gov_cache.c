/* A hash table of governments keyed by (folded name, country), behind one mutex: the reader
 * looks up about one government per action and the writer adds a few thousand at most, so
 * the lock is rarely contended. Entries are never removed while an import runs. */
#include "io/gov_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/limits.h"
#include "util/text.h"
#include "util/xalloc.h"

/* the store folds names into keys of at most this many bytes (sqlite.c) */
#define KEY_LIMIT 4096

struct gov_entry {
    char *key; /* the folded name */
    int country;
    uint64_t hash;
    int64_t id;
    char *name, *slug;
};

struct gov_cache {
    pthread_mutex_t lock;
    struct gov_entry *slots; /* open addressing; key NULL when empty */
    size_t cap, count;       /* cap is a power of two, more than twice count */
};

struct gov_cache *
gov_cache_new(void)
{
    struct gov_cache *c = xcalloc(1, sizeof(*c));
    pthread_mutex_init(&c->lock, NULL);
    c->cap = 1024;
    c->slots = xcalloc(c->cap, sizeof(*c->slots));
    return c;
}

void
gov_cache_free(struct gov_cache *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->cap; i++) {
        free(c->slots[i].key);
        free(c->slots[i].name);
        free(c->slots[i].slug);
    }
    free(c->slots);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* The store's key for @name: false when it is too long to be one. */
static bool
fold_key(struct buf *key, const char *name)
{
    buf_init(key, KEY_LIMIT);
    text_fold_key(key, name, strlen(name));
    return buf_status(key) == ERR_OK;
}

static uint64_t
hash_key(const struct buf *key, int country)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)(unsigned)country;
    for (size_t i = 0; i < key->len; i++)
        h = (h ^ (unsigned char)key->data[i]) * 0x100000001b3ULL;
    return h;
}

/* The slot of (key, country), or the empty slot where it would go. Called with the lock. */
static struct gov_entry *
find_slot(struct gov_entry *slots, size_t cap, const struct buf *key, int country, uint64_t h)
{
    size_t k = h & (cap - 1);
    while (slots[k].key != NULL && !(slots[k].hash == h && slots[k].country == country &&
                                     strcmp(slots[k].key, key->data) == 0))
        k = (k + 1) & (cap - 1);
    return &slots[k];
}

static void
grow(struct gov_cache *c)
{
    size_t cap = c->cap * 2;
    struct gov_entry *slots = xcalloc(cap, sizeof(*slots));
    for (size_t i = 0; i < c->cap; i++) {
        if (c->slots[i].key == NULL)
            continue;
        size_t k = c->slots[i].hash & (cap - 1);
        while (slots[k].key != NULL)
            k = (k + 1) & (cap - 1);
        slots[k] = c->slots[i];
    }
    free(c->slots);
    c->slots = slots;
    c->cap = cap;
}

void
gov_cache_put(struct gov_cache *c, const char *name, int country, int64_t id, const char *slug)
{
    struct buf key;
    if (fold_key(&key, name)) {
        uint64_t h = hash_key(&key, country);
        pthread_mutex_lock(&c->lock);
        struct gov_entry *e = find_slot(c->slots, c->cap, &key, country, h);
        if (e->key == NULL) {
            *e = (struct gov_entry){buf_take(&key, NULL), country,      h, id,
                                    xstrdup(name),        xstrdup(slug)};
            if (++c->count * 2 >= c->cap)
                grow(c);
        }
        pthread_mutex_unlock(&c->lock);
    }
    buf_release(&key);
}

static void
put_row(void *ctx, const struct store_government_row *row)
{
    gov_cache_put(ctx, row->name, row->country, row->id, row->slug);
}

enum err
gov_cache_load(struct gov_cache *c, struct store *st)
{
    return store_government_list(st, put_row, c);
}

bool
gov_cache_resolve(struct gov_cache *c, struct action *a)
{
    struct buf keys[LIMIT_LIST_ITEMS];
    uint64_t hashes[LIMIT_LIST_ITEMS];
    const struct gov_entry *found[LIMIT_LIST_ITEMS];
    size_t n = a->n_governments;
    bool all = n <= LIMIT_LIST_ITEMS;
    size_t folded = 0;
    for (; folded < n && all; folded++) {
        all = fold_key(&keys[folded], a->governments[folded].name);
        hashes[folded] = hash_key(&keys[folded], a->governments[folded].country);
    }
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < n && all; i++) {
        found[i] = find_slot(c->slots, c->cap, &keys[i], a->governments[i].country, hashes[i]);
        all = found[i]->key != NULL;
    }
    /* copied under the lock: the writer may grow the table */
    for (size_t i = 0; i < n && all; i++) {
        struct gov_ref *g = &a->governments[i];
        free(g->name);
        g->name = xstrdup(found[i]->name);
        free(g->slug);
        g->slug = xstrdup(found[i]->slug);
        g->id = found[i]->id;
    }
    pthread_mutex_unlock(&c->lock);
    for (size_t i = 0; i < folded; i++)
        buf_release(&keys[i]);
    return all;
}
