/* What a storage backend implements for workflow.h; only workflow.c and backends include it. */
#ifndef LOCALACTION_WORKFLOW_IMPL_H
#define LOCALACTION_WORKFLOW_IMPL_H

#include "store/workflow.h"

struct workflow_ops {
    enum err (*submission_create)(struct store *st, const struct submission *in, int64_t now,
                                  int64_t *id);
    enum err (*submission_update)(struct store *st, int64_t id, enum sub_state expected,
                                  const char *record, const char *title, int64_t now);
    enum err (*submission_load)(struct store *st, int64_t id, const char *external_id,
                                struct submission *out);
    enum err (*submission_list)(struct store *st, const struct submission_filter *f,
                                void (*fn)(void *ctx, const struct submission_row *row), void *ctx);
    enum err (*submission_counts)(struct store *st, const struct submission_filter *f,
                                  size_t counts[SUB_STATE_COUNT]);
    enum err (*submission_set_state)(struct store *st, int64_t id, enum sub_state from,
                                     enum sub_state to, int64_t now);
    enum err (*comment_add)(struct store *st, int64_t submission_id, int64_t author_id,
                            const char *body, int64_t now);
    enum err (*comment_list)(struct store *st, int64_t submission_id,
                             void (*fn)(void *ctx, const struct comment_row *row), void *ctx);
    enum err (*audit_add)(struct store *st, int64_t submission_id, int64_t actor_id, int64_t at,
                          const char *from, const char *to, const char *note);
    enum err (*audit_list)(struct store *st, int64_t submission_id,
                           void (*fn)(void *ctx, const struct audit_row *row), void *ctx);
    enum err (*version_add)(struct store *st, const char *external_id, const char *record,
                            int64_t submission_id, int64_t now, int *version);
    enum err (*version_list)(struct store *st, const char *external_id, int version,
                             void (*fn)(void *ctx, const struct version_row *row), void *ctx);
};

extern const struct workflow_ops sqlite_workflow_ops;

#endif
