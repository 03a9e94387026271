/* Shared server state: a mutex-guarded pointer to the current index (readers take a
 * reference, so a swap never frees an index in use), a free list of read connections, and a
 * watcher thread that polls the database's data version once a second. */
#include "http/app.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/model.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xalloc.h"

#define APP_POOL_MAX         64
#define SEARCH_CACHE_ENTRIES 64
#define SEARCH_CACHE_BYTES   (32u << 20) /* matches kept for repeated searches */

struct search_entry {
    struct index *index; /* a reference, so the pointer stays unique while cached */
    char *key;           /* the folded search text */
    struct index_text *text;
    uint64_t used;
};

struct app {
    char *dsn;
    pthread_mutex_t lock;
    struct index *index;
    struct store *pool[APP_POOL_MAX];
    size_t n_pool;
    pthread_t watcher;
    bool watcher_started;
    volatile bool stopping;
    struct store *watch_store;
    int64_t data_version;
    char *taxonomy_json;
    size_t taxonomy_len;
    struct search_entry cache[SEARCH_CACHE_ENTRIES];
    size_t cache_bytes;
    uint64_t cache_tick;
};

static void
entry_clear(struct app *app, struct search_entry *e)
{
    if (e->text == NULL)
        return;
    app->cache_bytes -= index_text_bytes(e->text);
    index_text_unref(e->text);
    index_unref(e->index);
    free(e->key);
    memset(e, 0, sizeof(*e));
}

static void build_taxonomy_json(struct app *app);

enum err
app_new(struct app **out, const char *dsn)
{
    struct app *app = xcalloc(1, sizeof(*app));
    struct store *st = NULL;
    enum err e;
    *out = NULL;
    app->dsn = xstrdup(dsn);
    pthread_mutex_init(&app->lock, NULL);
    /* open read-write once so the schema exists, then use read-only connections */
    e = store_open(&st, dsn);
    store_close(st);
    if (e == ERR_OK)
        e = store_open_reader(&app->watch_store, dsn);
    if (e == ERR_OK)
        e = store_data_version(app->watch_store, &app->data_version);
    if (e == ERR_OK)
        e = index_build(app->watch_store, &app->index);
    if (e != ERR_OK) {
        if (app->watch_store != NULL)
            log_error("cannot load the registry: %s", store_errmsg(app->watch_store));
        app_free(app);
        return e;
    }
    build_taxonomy_json(app);
    *out = app;
    return ERR_OK;
}

void
app_free(struct app *app)
{
    if (app == NULL)
        return;
    if (app->watcher_started) {
        app->stopping = true;
        pthread_join(app->watcher, NULL);
    }
    for (size_t i = 0; i < app->n_pool; i++)
        store_close(app->pool[i]);
    for (size_t i = 0; i < SEARCH_CACHE_ENTRIES; i++)
        entry_clear(app, &app->cache[i]);
    store_close(app->watch_store);
    index_unref(app->index);
    pthread_mutex_destroy(&app->lock);
    free(app->taxonomy_json);
    free(app->dsn);
    free(app);
}

static void *
watch(void *arg)
{
    struct app *app = arg;
    while (!app->stopping) {
        struct timespec ts = {0, 250 * 1000 * 1000};
        for (int i = 0; i < 4 && !app->stopping; i++)
            nanosleep(&ts, NULL);
        int64_t version;
        if (store_data_version(app->watch_store, &version) != ERR_OK ||
            version == app->data_version)
            continue;
        struct index *fresh = NULL;
        if (index_build(app->watch_store, &fresh) != ERR_OK) {
            log_error("cannot rebuild the index: %s", store_errmsg(app->watch_store));
            continue;
        }
        app->data_version = version;
        pthread_mutex_lock(&app->lock);
        struct index *old = app->index;
        app->index = fresh;
        for (size_t i = 0; i < SEARCH_CACHE_ENTRIES; i++)
            entry_clear(app, &app->cache[i]);
        pthread_mutex_unlock(&app->lock);
        index_unref(old);
        log_info("the registry changed: %zu published actions", index_size(fresh));
    }
    return NULL;
}

enum err
app_start_watcher(struct app *app)
{
    if (pthread_create(&app->watcher, NULL, watch, app) != 0) {
        log_errno("cannot start the index watcher");
        return ERR_IO;
    }
    app->watcher_started = true;
    return ERR_OK;
}

struct index *
app_index(struct app *app)
{
    pthread_mutex_lock(&app->lock);
    struct index *ix = app->index;
    index_ref(ix);
    pthread_mutex_unlock(&app->lock);
    return ix;
}

struct store *
app_store(struct app *app)
{
    struct store *st = NULL;
    pthread_mutex_lock(&app->lock);
    if (app->n_pool > 0)
        st = app->pool[--app->n_pool];
    pthread_mutex_unlock(&app->lock);
    if (st == NULL && store_open_reader(&st, app->dsn) != ERR_OK)
        return NULL;
    return st;
}

void
app_store_release(struct app *app, struct store *st)
{
    if (st == NULL)
        return;
    pthread_mutex_lock(&app->lock);
    if (app->n_pool < APP_POOL_MAX) {
        app->pool[app->n_pool++] = st;
        st = NULL;
    }
    pthread_mutex_unlock(&app->lock);
    store_close(st);
}

struct hits {
    int64_t *ids;
    size_t count, cap;
};

static void
collect_hit(void *ctx, int64_t id)
{
    struct hits *h = ctx;
    if (h->count == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 256;
        h->ids = xreallocarray(h->ids, h->cap, sizeof(*h->ids));
    }
    h->ids[h->count++] = id;
}

/* A cached search for @key on @ix, with a reference for the caller, or NULL. */
static struct index_text *
cache_find(struct app *app, struct index *ix, const char *key)
{
    struct index_text *t = NULL;
    pthread_mutex_lock(&app->lock);
    for (size_t i = 0; i < SEARCH_CACHE_ENTRIES && t == NULL; i++) {
        struct search_entry *e = &app->cache[i];
        if (e->text != NULL && e->index == ix && strcmp(e->key, key) == 0) {
            e->used = ++app->cache_tick;
            t = e->text;
            index_text_ref(t);
        }
    }
    pthread_mutex_unlock(&app->lock);
    return t;
}

static void
cache_add(struct app *app, struct index *ix, const char *key, struct index_text *t)
{
    size_t bytes = index_text_bytes(t);
    if (bytes > SEARCH_CACHE_BYTES / 4)
        return; /* one huge result would push out everything else */
    pthread_mutex_lock(&app->lock);
    /* evict the least recently used until there is a free entry and room */
    for (;;) {
        struct search_entry *free_entry = NULL, *oldest = NULL;
        for (size_t i = 0; i < SEARCH_CACHE_ENTRIES; i++) {
            struct search_entry *e = &app->cache[i];
            if (e->text == NULL && free_entry == NULL)
                free_entry = e;
            if (e->text != NULL && (oldest == NULL || e->used < oldest->used))
                oldest = e;
        }
        if (free_entry != NULL && app->cache_bytes + bytes <= SEARCH_CACHE_BYTES) {
            index_ref(ix);
            index_text_ref(t);
            free_entry->index = ix;
            free_entry->key = xstrdup(key);
            free_entry->text = t;
            free_entry->used = ++app->cache_tick;
            app->cache_bytes += bytes;
            break;
        }
        if (oldest == NULL)
            break;
        entry_clear(app, oldest);
    }
    pthread_mutex_unlock(&app->lock);
}

enum err
app_search(struct app *app, struct index *ix, struct store *st, const char *q, size_t len,
           struct index_text **out)
{
    struct buf key;
    struct hits hits = {0};
    buf_init(&key, 4 * len + 16);
    text_fold_key(&key, q, len);
    *out = cache_find(app, ix, key.data);
    if (*out != NULL) {
        buf_release(&key);
        return ERR_OK;
    }
    enum err e = store_action_search(st, key.data, key.len, collect_hit, &hits);
    if (e == ERR_OK) {
        *out = index_text_new(ix, hits.ids, hits.count, key.data);
        cache_add(app, ix, key.data, *out);
    }
    free(hits.ids);
    buf_release(&key);
    return e;
}

const char *
app_taxonomy_json(struct app *app, size_t *len)
{
    *len = app->taxonomy_len;
    return app->taxonomy_json;
}

static void
codes_json(struct buf *b, const char *name, const char *const *codes, const char *const *labels,
           int n)
{
    buf_addf(b, ",\"%s\":[", name);
    for (int i = 0; i < n; i++) {
        buf_addstr(b, i ? ",{\"code\":" : "{\"code\":");
        buf_add_json_strz(b, codes[i]);
        buf_addstr(b, ",\"label\":");
        buf_add_json_strz(b, labels[i]);
        buf_addch(b, '}');
    }
    buf_addch(b, ']');
}

static void
regions_json(struct buf *b, const char *name, size_t n, const struct region *(*get)(int))
{
    buf_addf(b, ",\"%s\":[", name);
    for (size_t i = 0; i < n; i++) {
        const struct region *r = get((int)i);
        buf_addstr(b, i ? ",{\"code\":" : "{\"code\":");
        buf_add_json_strz(b, r->code);
        buf_addstr(b, ",\"name\":");
        buf_add_json_strz(b, r->name);
        buf_addch(b, '}');
    }
    buf_addch(b, ']');
}

static void
build_taxonomy_json(struct app *app)
{
    static const char *const publication_labels[PUB_STATE_COUNT] = {
        "Draft", "Submitted", "Published", "Declined", "Withdrawn"};
    struct buf b;
    buf_init(&b, LIMIT_RESPONSE_BYTES);
    buf_addch(&b, '{');
    for (int v = 0; v < VOCAB_COUNT; v++) {
        const struct vocab *voc = taxonomy_vocab((enum vocab_id)v);
        buf_addf(&b, "%s\"%s\":[", v ? "," : "", voc->field);
        for (size_t t = 0; t < voc->count; t++) {
            const struct term *term = &voc->terms[t];
            buf_addstr(&b, t ? ",{\"code\":" : "{\"code\":");
            buf_add_json_strz(&b, term->code);
            buf_addstr(&b, ",\"title\":");
            buf_add_json_strz(&b, term->title);
            buf_addstr(&b, ",\"short_title\":");
            buf_add_json_strz(&b, term->short_title);
            if (v == VOCAB_SDG) {
                buf_addstr(&b, ",\"goal\":");
                buf_add_json_strz(&b,
                                  term->parent >= 0 ? voc->terms[term->parent].code : term->code);
            }
            buf_addch(&b, '}');
        }
        buf_addch(&b, ']');
    }
    regions_json(&b, "regions", taxonomy_region_count(), taxonomy_region);
    regions_json(&b, "subregions", taxonomy_subregion_count(), taxonomy_subregion);
    buf_addstr(&b, ",\"countries\":[");
    for (size_t i = 0; i < taxonomy_country_count(); i++) {
        const struct country *c = taxonomy_country((int)i);
        buf_addstr(&b, i ? ",{\"alpha2\":" : "{\"alpha2\":");
        buf_add_json_strz(&b, c->alpha2);
        buf_addstr(&b, ",\"alpha3\":");
        buf_add_json_strz(&b, c->alpha3);
        buf_addstr(&b, ",\"numeric\":");
        buf_add_json_strz(&b, c->numeric);
        buf_addstr(&b, ",\"name\":");
        buf_add_json_strz(&b, c->name);
        buf_addstr(&b, ",\"region\":");
        buf_add_json_strz(&b, c->region >= 0 ? taxonomy_region(c->region)->name : NULL);
        buf_addstr(&b, ",\"subregion\":");
        buf_add_json_strz(&b, c->subregion >= 0 ? taxonomy_subregion(c->subregion)->name : NULL);
        buf_addch(&b, '}');
    }
    buf_addch(&b, ']');
    codes_json(&b, "government_kinds", gov_kind_codes, gov_kind_labels, GOV_KIND_COUNT);
    codes_json(&b, "action_kinds", action_kind_codes, action_kind_labels, ACTION_KIND_COUNT);
    codes_json(&b, "implementation_statuses", impl_status_codes, impl_status_labels,
               IMPL_STATUS_COUNT);
    codes_json(&b, "publication_states", publication_state_codes, publication_labels,
               PUB_STATE_COUNT);
    buf_addstr(&b, "}\n");
    app->taxonomy_json = buf_take(&b, &app->taxonomy_len);
}
