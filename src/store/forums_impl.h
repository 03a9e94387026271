/* What a storage backend implements for forums.h; only forums.c and backends include it. */
#ifndef LOCALACTION_FORUMS_IMPL_H
#define LOCALACTION_FORUMS_IMPL_H

#include "store/forums.h"

struct forum_ops {
    enum err (*find)(struct store *st, const char *slug, int64_t *id);
    enum err (*put)(struct store *st, struct forum *f, int64_t now, bool *changed);
    enum err (*load)(struct store *st, const char *slug, struct forum *out);
    enum err (*list)(struct store *st, void (*fn)(void *ctx, const struct store_forum_row *row),
                     void *ctx);
    enum err (*links_put)(struct store *st, const struct action *a);
    enum err (*links_load)(struct store *st, struct action *a);
    enum err (*links_scan)(struct store *st,
                           void (*forum)(void *ctx, int64_t action_id, int64_t forum_id),
                           void (*paragraph)(void *ctx, int64_t action_id, int number), void *ctx);
};

extern const struct forum_ops sqlite_forum_ops;

#endif
