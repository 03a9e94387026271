/* The LRU memo of memo.h: a small array searched linearly (hundreds of entries, compared by a
 * hash of the key before the key itself), one mutex. */
#include "http/memo.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct memo_entry {
    uint64_t generation;
    uint64_t hash; /* of the key */
    char *key;     /* NULL: a free entry */
    void *value;
    size_t bytes;
    uint64_t used;
};

struct memo {
    pthread_mutex_t lock;
    const struct memo_type *type;
    struct memo_entry *entries;
    size_t n_entries, max_bytes, bytes;
    uint64_t tick;
};

struct memo *
memo_new(size_t entries, size_t max_bytes, const struct memo_type *type)
{
    struct memo *m = xcalloc(1, sizeof(*m));
    pthread_mutex_init(&m->lock, NULL);
    m->type = type;
    m->entries = xcalloc(entries ? entries : 1, sizeof(*m->entries));
    m->n_entries = entries;
    m->max_bytes = max_bytes;
    return m;
}

static uint64_t
key_hash(const char *key)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *p = (const unsigned char *)key; *p != '\0'; p++)
        h = (h ^ *p) * 0x100000001b3ULL;
    return h;
}

static void
entry_drop(struct memo *m, struct memo_entry *e)
{
    if (e->key == NULL)
        return;
    m->type->unref(e->value);
    free(e->key);
    m->bytes -= e->bytes;
    memset(e, 0, sizeof(*e));
}

void
memo_free(struct memo *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->n_entries; i++)
        entry_drop(m, &m->entries[i]);
    free(m->entries);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

void *
memo_get(struct memo *m, uint64_t generation, const char *key)
{
    void *value = NULL;
    uint64_t hash = key_hash(key);
    pthread_mutex_lock(&m->lock);
    for (size_t i = 0; i < m->n_entries && value == NULL; i++) {
        struct memo_entry *e = &m->entries[i];
        if (e->key != NULL && e->hash == hash && e->generation == generation &&
            strcmp(e->key, key) == 0) {
            e->used = ++m->tick;
            value = e->value;
            m->type->ref(value);
        }
    }
    pthread_mutex_unlock(&m->lock);
    return value;
}

void
memo_put(struct memo *m, uint64_t generation, const char *key, void *value, size_t bytes)
{
    if (m->n_entries == 0 || bytes > m->max_bytes / 4)
        return; /* one huge result would push out everything else */
    uint64_t hash = key_hash(key);
    pthread_mutex_lock(&m->lock);
    for (;;) {
        struct memo_entry *free_entry = NULL, *oldest = NULL;
        for (size_t i = 0; i < m->n_entries; i++) {
            struct memo_entry *e = &m->entries[i];
            if (e->key != NULL && e->hash == hash && e->generation == generation &&
                strcmp(e->key, key) == 0) {
                pthread_mutex_unlock(&m->lock); /* another request stored it first */
                return;
            }
            if (e->key == NULL && free_entry == NULL)
                free_entry = e;
            if (e->key != NULL && (oldest == NULL || e->used < oldest->used))
                oldest = e;
        }
        if (free_entry != NULL && m->bytes + bytes <= m->max_bytes) {
            m->type->ref(value);
            free_entry->generation = generation;
            free_entry->hash = hash;
            free_entry->key = xstrdup(key);
            free_entry->value = value;
            free_entry->bytes = bytes;
            free_entry->used = ++m->tick;
            m->bytes += bytes;
            break;
        }
        if (oldest == NULL)
            break;
        entry_drop(m, oldest);
    }
    pthread_mutex_unlock(&m->lock);
}

void
memo_retire(struct memo *m, uint64_t keep)
{
    pthread_mutex_lock(&m->lock);
    for (size_t i = 0; i < m->n_entries; i++)
        if (m->entries[i].key != NULL && m->entries[i].generation != keep)
            entry_drop(m, &m->entries[i]);
    pthread_mutex_unlock(&m->lock);
}
