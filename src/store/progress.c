/* Dispatch of progress.h to the connection's backend. Loading one update is a listing
 * narrowed to its external id, so backends implement one reader. */
#include <stdlib.h>
#include <string.h>

#include "store/progress_impl.h"
#include "store/store_impl.h"
#include "util/xalloc.h"

#define OPS(st) ((st)->ops->progress)

enum err
store_progress_find(struct store *st, const char *external_id, int64_t *id, int64_t *action_id,
                    char hash[65], int64_t *created_at)
{
    return OPS(st)->find(st, external_id, id, action_id, hash, created_at);
}

enum err
store_progress_put(struct store *st, struct progress_update *u, const char *hash)
{
    return OPS(st)->put(st, u, hash);
}

enum err
store_progress_of(struct store *st, const char *external_id, struct action *out,
                  struct progress_list *updates)
{
    updates->items = NULL;
    updates->count = 0;
    return OPS(st)->of(st, external_id, out, updates);
}

enum err
store_progress_action_json(struct store *st, const char *external_id, struct buf *out,
                           struct action *a, struct progress_list *updates)
{
    updates->items = NULL;
    updates->count = 0;
    return OPS(st)->action_json(st, external_id, out, a, updates);
}

enum err
store_progress_list(struct store *st, int64_t action_id,
                    void (*fn)(void *ctx, const struct progress_update *u), void *ctx)
{
    return OPS(st)->list(st, action_id, NULL, fn, ctx);
}

struct found {
    struct progress_update *out;
    bool any;
};

/* Copies the one update listed into the caller's, its strings duplicated. */
static void
keep(void *ctx, const struct progress_update *u)
{
    struct found *f = ctx;
    progress_update_release(f->out);
    *f->out = *u;
    f->out->narrative = u->narrative != NULL ? xstrdup(u->narrative) : NULL;
    f->out->evidence_url = u->evidence_url != NULL ? xstrdup(u->evidence_url) : NULL;
    f->any = true;
}

enum err
store_progress_load(struct store *st, const char *external_id, struct progress_update *out)
{
    struct found f = {out, false};
    enum err e = OPS(st)->list(st, 0, external_id, keep, &f);
    return e == ERR_OK && !f.any ? ERR_NOT_FOUND : e;
}

/* Appends a copy of @u, its strings duplicated, to the list. */
static void
collect(void *ctx, const struct progress_update *u)
{
    struct progress_list *l = ctx;
    l->items = xreallocarray(l->items, l->count + 1, sizeof(*l->items));
    struct progress_update *copy = &l->items[l->count++];
    *copy = *u;
    copy->narrative = u->narrative != NULL ? xstrdup(u->narrative) : NULL;
    copy->evidence_url = u->evidence_url != NULL ? xstrdup(u->evidence_url) : NULL;
}

enum err
store_progress_collect(struct store *st, int64_t action_id, struct progress_list *out)
{
    out->items = NULL;
    out->count = 0;
    return OPS(st)->list(st, action_id, NULL, collect, out);
}

void
progress_list_release(struct progress_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        progress_update_release(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

enum err
store_progress_read_begin(struct store *st)
{
    return OPS(st)->read(st, true);
}

void
store_progress_read_end(struct store *st)
{
    /* a read-only transaction: ending it cannot lose anything */
    (void)OPS(st)->read(st, false);
}
