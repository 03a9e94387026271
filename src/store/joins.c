/* Dispatch of joins.h to the connection's backend, and the endorsement of the Marrakech Mayors
 * Declaration, which needs no operation of its own: it edits the government through the
 * government load and put operations every backend has. */
#include <stdlib.h>
#include <string.h>

#include "store/joins_impl.h"
#include "store/store_impl.h"
#include "util/xalloc.h"

const char *const join_state_codes[JOIN_STATE_COUNT] = {"pending", "approved", "declined"};

#define OPS(st) ((st)->ops->joins)

enum err
store_join_create(struct store *st, const struct join_request *in, int64_t now, int64_t *id)
{
    return OPS(st)->create(st, in, now, id);
}

enum err
store_join_counts(struct store *st, size_t counts[JOIN_STATE_COUNT])
{
    return OPS(st)->counts(st, counts);
}

enum err
store_join_list(struct store *st, enum join_state state, size_t limit,
                void (*fn)(void *ctx, const struct join_request *r), void *ctx)
{
    return OPS(st)->list(st, state, limit, fn, ctx);
}

enum err
store_join_load(struct store *st, int64_t id, struct join_request *out)
{
    return OPS(st)->load(st, id, out);
}

enum err
store_join_decide(struct store *st, int64_t id, enum join_state state, const char *reason,
                  int64_t decided_by, int64_t government_id, int64_t now)
{
    if (state == JOIN_PENDING)
        return ERR_INVALID;
    return OPS(st)->decide(st, id, state, reason, decided_by, government_id, now);
}

enum err
store_endorsement_set(struct store *st, int64_t government_id, const char *date, const char *name,
                      const char *title)
{
    struct government g;
    government_init(&g);
    enum err e = store_government_load(st, NULL, government_id, &g);
    if (e != ERR_OK)
        goto out;
    struct endorsement *found = NULL;
    for (size_t i = 0; i < g.n_endorsements && found == NULL; i++)
        if (g.endorsements[i].declaration != NULL &&
            strcmp(g.endorsements[i].declaration, MARRAKECH_DECLARATION) == 0)
            found = &g.endorsements[i];
    if (found == NULL) {
        g.endorsements =
            xreallocarray(g.endorsements, g.n_endorsements + 1, sizeof(*g.endorsements));
        found = &g.endorsements[g.n_endorsements++];
        memset(found, 0, sizeof(*found));
        found->declaration = xstrdup(MARRAKECH_DECLARATION);
    }
    size_t date_len = strlen(date);
    if (date_len >= sizeof(found->date)) {
        e = ERR_INVALID;
        goto out;
    }
    memcpy(found->date, date, date_len + 1);
    free(found->signatory_name);
    found->signatory_name = xstrdup(name);
    free(found->signatory_title);
    found->signatory_title = title != NULL && title[0] != '\0' ? xstrdup(title) : NULL;
    bool changed = false;
    e = store_government_put(st, &g, &changed);
out:
    government_release(&g);
    return e;
}
