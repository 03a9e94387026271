/* What the request handlers share: the database path, a pool of read connections and the
 * current in-memory index, rebuilt by a background thread when the database changes. */
#ifndef LOCALACTION_APP_H
#define LOCALACTION_APP_H

#include <jansson.h>

#include "index/index.h"
#include "store/store.h"

struct app;

#define APP_BASE_URL_MAX 256 /* the site's public address, with its scheme */

/** Opens the database @dsn and builds the first index. Recent search matches and facet
 * counts are kept in up to @cache_mb megabytes (0: nothing is kept). */
WARN_UNUSED enum err app_new(struct app **out, const char *dsn, size_t cache_mb);
void app_free(struct app *app);

/** Starts the thread that watches the database and swaps in a fresh index. */
WARN_UNUSED enum err app_start_watcher(struct app *app);

/** The current index, with a reference the caller drops with index_unref(). */
struct index *app_index(struct app *app);

/** A read connection for this request; give it back with app_store_release(). NULL when the
 * database cannot be opened (logged). */
struct store *app_store(struct app *app);
void app_store_release(struct app *app, struct store *st);

/** A read-write connection, for the requests that change something (sign-in, forms); give it
 * back with app_store_writer_release(). Writers wait on SQLite's lock, not on each other here.
 * NULL when the database cannot be opened (logged). */
struct store *app_store_writer(struct app *app);
void app_store_writer_release(struct app *app, struct store *st);

/** The published actions matching the search text @q in index @ix, through a cache of recent
 * searches (per index: a new index starts afresh). *out has a reference for the caller. */
WARN_UNUSED enum err app_search(struct app *app, struct index *ix, struct store *st, const char *q,
                                size_t len, struct index_text **out);

/** Facet counts computed before for the filter set @key (filters_key()) on index @ix, with a
 * reference for the caller, or NULL. */
struct index_facets *app_facets_get(struct app *app, const struct index *ix, const char *key);
/** Keeps facet counts for the filter set @key (the memo takes its own reference). */
void app_facets_put(struct app *app, const struct index *ix, const char *key,
                    struct index_facets *f);

/* A response body kept for reuse: a page rendered from one index is the same until the
 * index changes. Reference counted. */
struct app_blob {
    unsigned long refs; /* atomic */
    size_t len;
    char data[];
};

/** The page body stored under @key for index @ix, with a reference for the caller
 * (app_blob_unref()), or NULL. */
struct app_blob *app_pages_get(struct app *app, const struct index *ix, const char *key);
/** Keeps a copy of @body as the page for @key on index @ix. */
void app_pages_put(struct app *app, const struct index *ix, const char *key, const char *body,
                   size_t len);
void app_blob_unref(struct app_blob *b);

/** A JSON value built before for @key on index @ix (a new reference), or NULL. Values kept
 * here are shared between threads: only read them. */
json_t *app_json_get(struct app *app, const struct index *ix, const char *key);
/** Keeps @value (taking its own reference) for @key on index @ix; @bytes is its rough size. */
void app_json_put(struct app *app, const struct index *ix, const char *key, json_t *value,
                  size_t bytes);

/** Sets the site's public address ("https://example.org", no final '/'), for links in mail. */
void app_set_base_url(struct app *app, const char *url);
/** The site's public address into @out ("" when not set yet). */
void app_base_url(struct app *app, char *out, size_t out_len);

/** The taxonomy JSON, built once. */
const char *app_taxonomy_json(struct app *app, size_t *len);

#endif
