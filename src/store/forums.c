/* Dispatch of forums.h to the connection's backend. */
#include "store/forums_impl.h"
#include "store/store_impl.h"

#define OPS(st) ((st)->ops->forums)

enum err
store_forum_find(struct store *st, const char *slug, int64_t *id)
{
    return OPS(st)->find(st, slug, id);
}

enum err
store_forum_put(struct store *st, struct forum *f, int64_t now, bool *changed)
{
    return OPS(st)->put(st, f, now, changed);
}

enum err
store_forum_load(struct store *st, const char *slug, struct forum *out)
{
    return OPS(st)->load(st, slug, out);
}

enum err
store_forum_list(struct store *st, void (*fn)(void *ctx, const struct store_forum_row *row),
                 void *ctx)
{
    return OPS(st)->list(st, fn, ctx);
}

enum err
store_action_links_put(struct store *st, const struct action *a)
{
    return OPS(st)->links_put(st, a);
}

enum err
store_action_links_load(struct store *st, struct action *a)
{
    return OPS(st)->links_load(st, a);
}

enum err
store_action_links_scan(struct store *st,
                        void (*forum)(void *ctx, int64_t action_id, int64_t forum_id),
                        void (*paragraph)(void *ctx, int64_t action_id, int number), void *ctx)
{
    return OPS(st)->links_scan(st, forum, paragraph, ctx);
}
