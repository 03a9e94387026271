/* Chooses the backend from the DSN and forwards each operation to it, so callers never touch
 * struct store_ops. */
#include "store/store.h"

#include <string.h>

#include "store/forums.h"
#include "store/store_impl.h"
#include "util/log.h"

static enum err
open_backend(struct store **out, const char *dsn, bool reader)
{
    *out = NULL;
    if (strncmp(dsn, "postgres://", 11) == 0 || strncmp(dsn, "postgresql://", 13) == 0) {
        log_error("cannot open '%s': this build stores data in SQLite only; the PostgreSQL "
                  "backend is not part of it yet",
                  dsn);
        return ERR_INVALID;
    }
    if (strncmp(dsn, "sqlite:", 7) == 0)
        dsn += 7;
    return store_sqlite_ops.open(out, dsn, reader);
}

enum err
store_open(struct store **out, const char *dsn)
{
    return open_backend(out, dsn, false);
}

enum err
store_open_reader(struct store **out, const char *dsn)
{
    return open_backend(out, dsn, true);
}

void
store_close(struct store *st)
{
    if (st != NULL)
        st->ops->close(st);
}

const char *
store_errmsg(const struct store *st)
{
    return st->ops->errmsg(st);
}

enum err
store_begin(struct store *st)
{
    return st->ops->begin(st);
}

enum err
store_commit(struct store *st)
{
    return st->ops->commit(st);
}

void
store_rollback(struct store *st)
{
    st->ops->rollback(st);
}

enum err
store_bulk_mode(struct store *st, bool on)
{
    return st->ops->bulk_mode(st, on);
}

enum err
store_data_version(struct store *st, int64_t *version)
{
    return st->ops->data_version(st, version);
}

enum err
store_government_find(struct store *st, const char *name, int country, int64_t *id,
                      char **canonical_name, char **slug)
{
    return st->ops->government_find(st, name, country, id, canonical_name, slug);
}

enum err
store_government_put(struct store *st, struct government *g, bool *changed)
{
    return st->ops->government_put(st, g, changed);
}

enum err
store_government_create(struct store *st, struct gov_ref *ref, char **slug)
{
    return st->ops->government_create(st, ref, slug);
}

enum err
store_government_load(struct store *st, const char *slug, int64_t id, struct government *out)
{
    return st->ops->government_load(st, slug, id, out);
}

enum err
store_endorsement_count(struct store *st, const char *declaration, size_t *out)
{
    return st->ops->endorsement_count(st, declaration, out);
}

enum err
store_government_list(struct store *st,
                      void (*fn)(void *ctx, const struct store_government_row *row), void *ctx)
{
    return st->ops->government_list(st, fn, ctx);
}

enum err
store_action_find(struct store *st, const char *external_id, int64_t *id, char hash[65],
                  int64_t *created_at)
{
    return st->ops->action_find(st, external_id, id, hash, created_at);
}

enum err
store_action_put(struct store *st, struct action *a, const char *hash, const char *card_json,
                 const char *api_rest, const struct search_text *words)
{
    return st->ops->action_put(st, a, hash, card_json, api_rest, words);
}

enum err
store_action_load(struct store *st, int64_t id, struct action *out)
{
    enum err e = st->ops->action_load(st, id, out);
    return e == ERR_OK ? store_action_links_load(st, out) : e;
}

enum err
store_action_json(struct store *st, const char *external_id, struct buf *out)
{
    return st->ops->action_json(st, external_id, out);
}

enum err
store_action_card(struct store *st, int64_t id, struct buf *out)
{
    return st->ops->action_card(st, id, out);
}

enum err
store_action_ids(struct store *st, void (*fn)(void *ctx, int64_t id), void *ctx)
{
    return st->ops->action_ids(st, fn, ctx);
}

enum err
store_action_search(struct store *st, const char *query, size_t len,
                    void (*fn)(void *ctx, int64_t id, bool in_title), void *ctx)
{
    return st->ops->action_search(st, query, len, fn, ctx);
}

enum err
store_scan_published(struct store *st, const struct store_scan *scan)
{
    return st->ops->scan_published(st, scan);
}
