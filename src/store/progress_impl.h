/* What a storage backend implements for progress.h; only progress.c and backends include it. */
#ifndef LOCALACTION_PROGRESS_IMPL_H
#define LOCALACTION_PROGRESS_IMPL_H

#include <stdbool.h>

#include "store/progress.h"

struct progress_ops {
    enum err (*find)(struct store *st, const char *external_id, int64_t *id, int64_t *action_id,
                     char hash[65], int64_t *created_at);
    enum err (*put)(struct store *st, struct progress_update *u, const char *hash);
    enum err (*of)(struct store *st, const char *external_id, struct action *out,
                   struct progress_list *updates);
    enum err (*read)(struct store *st, bool begin);
    enum err (*action_json)(struct store *st, const char *external_id, struct buf *out,
                            struct action *a, struct progress_list *updates);
    enum err (*list)(struct store *st, int64_t action_id, const char *external_id,
                     void (*fn)(void *ctx, const struct progress_update *u), void *ctx);
};

extern const struct progress_ops sqlite_progress_ops;

#endif
