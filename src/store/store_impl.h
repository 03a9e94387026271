/* What a storage backend implements; only store.c and the backends include this. */
#ifndef LOCALACTION_STORE_IMPL_H
#define LOCALACTION_STORE_IMPL_H

#include "store/store.h"

struct account_ops;
struct forum_ops;
struct join_ops;
struct progress_ops;
struct workflow_ops;

struct store_ops {
    const char *scheme;
    const struct account_ops *accounts;  /* accounts.h */
    const struct join_ops *joins;        /* joins.h */
    const struct workflow_ops *workflow; /* workflow.h */
    const struct forum_ops *forums;      /* forums.h */
    const struct progress_ops *progress; /* progress.h */
    enum err (*open)(struct store **out, const char *dsn, bool reader);
    void (*close)(struct store *st);
    const char *(*errmsg)(const struct store *st);
    enum err (*begin)(struct store *st);
    enum err (*commit)(struct store *st);
    void (*rollback)(struct store *st);
    enum err (*bulk_mode)(struct store *st, bool on);
    enum err (*data_version)(struct store *st, int64_t *version);
    enum err (*government_find)(struct store *st, const char *name, int country, int64_t *id,
                                char **canonical_name, char **slug);
    enum err (*government_put)(struct store *st, struct government *g, bool *changed);
    enum err (*government_create)(struct store *st, struct gov_ref *ref, char **slug);
    enum err (*government_load)(struct store *st, const char *slug, int64_t id,
                                struct government *out);
    enum err (*endorsement_count)(struct store *st, const char *declaration, size_t *out);
    enum err (*government_list)(struct store *st,
                                void (*fn)(void *ctx, const struct store_government_row *row),
                                void *ctx);
    enum err (*action_find)(struct store *st, const char *external_id, int64_t *id, char hash[65],
                            int64_t *created_at);
    enum err (*action_put)(struct store *st, struct action *a, const char *hash,
                           const char *card_json, const char *api_rest,
                           const struct search_text *words);
    enum err (*action_load)(struct store *st, int64_t id, struct action *out);
    enum err (*action_json)(struct store *st, const char *external_id, struct buf *out);
    enum err (*action_card)(struct store *st, int64_t id, struct buf *out);
    enum err (*action_ids)(struct store *st, void (*fn)(void *ctx, int64_t id), void *ctx);
    enum err (*action_search)(struct store *st, const char *query, size_t len,
                              void (*fn)(void *ctx, int64_t id, bool in_title), void *ctx);
    enum err (*scan_published)(struct store *st, const struct store_scan *scan);
};

/* Every backend's connection starts with this. */
struct store {
    const struct store_ops *ops;
};

extern const struct store_ops store_sqlite_ops;

#endif
