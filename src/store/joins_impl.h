/* What a storage backend implements for joins.h; only joins.c and backends include it. */
#ifndef LOCALACTION_JOINS_IMPL_H
#define LOCALACTION_JOINS_IMPL_H

#include "store/joins.h"

struct join_ops {
    enum err (*create)(struct store *st, const struct join_request *in, int64_t now, int64_t *id);
    enum err (*counts)(struct store *st, size_t counts[JOIN_STATE_COUNT]);
    enum err (*list)(struct store *st, enum join_state state, size_t limit,
                     void (*fn)(void *ctx, const struct join_request *r), void *ctx);
    enum err (*load)(struct store *st, int64_t id, struct join_request *out);
    enum err (*decide)(struct store *st, int64_t id, enum join_state state, const char *reason,
                       int64_t decided_by, int64_t government_id, int64_t now);
};

extern const struct join_ops sqlite_join_ops;

#endif
