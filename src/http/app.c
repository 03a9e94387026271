/* Shared server state: a mutex-guarded pointer to the current index (readers take a
 * reference, so a swap never frees an index in use), a free list of read connections, and a
 * watcher thread that polls the database's data version once a second. */
#include "http/app.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/model.h"
#include "http/memo.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xalloc.h"

#define APP_POOL_MAX    64
#define APP_WRITERS_MAX 8

static const struct memo_type text_memo = {index_text_ref, index_text_unref};
static const struct memo_type facets_memo = {index_facets_ref, index_facets_unref};

static void
blob_ref(void *b)
{
    __atomic_add_fetch(&((struct app_blob *)b)->refs, 1, __ATOMIC_RELAXED);
}

static void
blob_unref(void *b)
{
    if (b != NULL && __atomic_sub_fetch(&((struct app_blob *)b)->refs, 1, __ATOMIC_ACQ_REL) == 0)
        free(b);
}

static const struct memo_type pages_memo = {blob_ref, blob_unref};

static void
json_ref(void *v)
{
    json_incref(v);
}

static void
json_unref(void *v)
{
    json_decref(v);
}

static const struct memo_type json_memo = {json_ref, json_unref};

struct app {
    char *dsn;
    pthread_mutex_t lock;
    struct index *index;
    struct store *pool[APP_POOL_MAX];
    size_t n_pool;
    struct store *writers[APP_WRITERS_MAX]; /* read-write connections, for the few writes */
    size_t n_writers;
    pthread_t watcher;
    bool watcher_started;
    volatile bool stopping;
    struct store *watch_store;
    int64_t data_version;
    char *taxonomy_json;
    size_t taxonomy_len;
    struct memo *searches; /* matches of recent search texts */
    struct memo *facets;   /* facet counts of recent filter sets */
    struct memo *pages;    /* rendered pages */
    struct memo *parts;    /* JSON pieces of pages, shared by many pages */

    /* the site's public address, for links in mail; under @lock (set once the port is known) */
    char base_url[APP_BASE_URL_MAX];
};

static void build_taxonomy_json(struct app *app);

enum err
app_new(struct app **out, const char *dsn, size_t cache_mb)
{
    struct app *app = xcalloc(1, sizeof(*app));
    struct store *st = NULL;
    enum err e;
    *out = NULL;
    app->dsn = xstrdup(dsn);
    pthread_mutex_init(&app->lock, NULL);
    /* a quarter for search matches, a quarter for facet counts, half for pages; 0 MB turns
     * all off */
    app->searches = memo_new(cache_mb ? 64 : 0, cache_mb << 18, &text_memo);
    app->facets = memo_new(cache_mb ? 256 : 0, cache_mb << 18, &facets_memo);
    app->pages = memo_new(cache_mb ? 512 : 0, cache_mb << 19, &pages_memo);
    app->parts = memo_new(cache_mb ? 512 : 0, cache_mb << 17, &json_memo);
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
    for (size_t i = 0; i < app->n_writers; i++)
        store_close(app->writers[i]);
    memo_free(app->searches);
    memo_free(app->facets);
    memo_free(app->pages);
    memo_free(app->parts);
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
        pthread_mutex_unlock(&app->lock);
        memo_retire(app->searches, index_generation(fresh));
        memo_retire(app->facets, index_generation(fresh));
        memo_retire(app->pages, index_generation(fresh));
        memo_retire(app->parts, index_generation(fresh));
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
    bool *in_title;
    size_t count, cap;
};

static void
collect_hit(void *ctx, int64_t id, bool in_title)
{
    struct hits *h = ctx;
    if (h->count == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 256;
        h->ids = xreallocarray(h->ids, h->cap, sizeof(*h->ids));
        h->in_title = xreallocarray(h->in_title, h->cap, sizeof(*h->in_title));
    }
    h->ids[h->count] = id;
    h->in_title[h->count++] = in_title;
}

enum err
app_search(struct app *app, struct index *ix, struct store *st, const char *q, size_t len,
           struct index_text **out)
{
    struct buf key;
    struct hits hits = {0};
    buf_init(&key, 4 * len + 16);
    text_fold_key(&key, q, len);
    *out = memo_get(app->searches, index_generation(ix), key.data);
    if (*out != NULL) {
        buf_release(&key);
        return ERR_OK;
    }
    enum err e = store_action_search(st, key.data, key.len, collect_hit, &hits);
    if (e == ERR_OK) {
        *out = index_text_new(ix, hits.ids, hits.in_title, hits.count);
        memo_put(app->searches, index_generation(ix), key.data, *out, index_text_bytes(*out, ix));
    }
    free(hits.ids);
    free(hits.in_title);
    buf_release(&key);
    return e;
}

struct index_facets *
app_facets_get(struct app *app, const struct index *ix, const char *key)
{
    return memo_get(app->facets, index_generation(ix), key);
}

void
app_facets_put(struct app *app, const struct index *ix, const char *key, struct index_facets *f)
{
    memo_put(app->facets, index_generation(ix), key, f, index_facets_bytes(f));
}

void
app_set_base_url(struct app *app, const char *url)
{
    pthread_mutex_lock(&app->lock);
    snprintf(app->base_url, sizeof(app->base_url), "%s", url);
    size_t len = strlen(app->base_url);
    if (len > 0 && app->base_url[len - 1] == '/')
        app->base_url[len - 1] = '\0';
    pthread_mutex_unlock(&app->lock);
}

void
app_base_url(struct app *app, char *out, size_t out_len)
{
    pthread_mutex_lock(&app->lock);
    snprintf(out, out_len, "%s", app->base_url);
    pthread_mutex_unlock(&app->lock);
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
    buf_addstr(&b, ",\"declaration_paragraphs\":[");
    for (size_t i = 0; i < taxonomy_paragraph_count(); i++) {
        const struct paragraph *p = taxonomy_paragraph((int)i);
        buf_addf(&b, "%s{\"number\":%d,\"topic\":", i ? "," : "", p->number);
        buf_add_json_strz(&b, p->topic);
        buf_addstr(&b, ",\"stance\":");
        buf_add_json_strz(&b, p->stance);
        buf_addch(&b, '}');
    }
    buf_addstr(&b, "]}\n");
    app->taxonomy_json = buf_take(&b, &app->taxonomy_len);
}

struct app_blob *
app_pages_get(struct app *app, const struct index *ix, const char *key)
{
    return memo_get(app->pages, index_generation(ix), key);
}

void
app_pages_put(struct app *app, const struct index *ix, const char *key, const char *body,
              size_t len)
{
    struct app_blob *b = xmalloc(sizeof(*b) + len);
    b->refs = 1;
    b->len = len;
    memcpy(b->data, body, len);
    memo_put(app->pages, index_generation(ix), key, b, sizeof(*b) + len + strlen(key));
    blob_unref(b);
}

void
app_blob_unref(struct app_blob *b)
{
    blob_unref(b);
}

json_t *
app_json_get(struct app *app, const struct index *ix, const char *key)
{
    return memo_get(app->parts, index_generation(ix), key);
}

void
app_json_put(struct app *app, const struct index *ix, const char *key, json_t *value, size_t bytes)
{
    memo_put(app->parts, index_generation(ix), key, value, bytes);
}

struct store *
app_store_writer(struct app *app)
{
    struct store *st = NULL;
    pthread_mutex_lock(&app->lock);
    if (app->n_writers > 0)
        st = app->writers[--app->n_writers];
    pthread_mutex_unlock(&app->lock);
    if (st == NULL && store_open(&st, app->dsn) != ERR_OK)
        return NULL;
    return st;
}

void
app_store_writer_release(struct app *app, struct store *st)
{
    if (st == NULL)
        return;
    pthread_mutex_lock(&app->lock);
    if (app->n_writers < APP_WRITERS_MAX) {
        app->writers[app->n_writers++] = st;
        st = NULL;
    }
    pthread_mutex_unlock(&app->lock);
    store_close(st);
}
