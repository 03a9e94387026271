/* Dispatch of workflow.h to the connection's backend, and the state codes. */
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"
#include "store/workflow_impl.h"

const char *const sub_state_codes[SUB_STATE_COUNT] = {
    "draft", "submitted", "in_review", "changes_requested", "published", "declined", "withdrawn"};

#define OPS(st) ((st)->ops->workflow)

int
sub_state_find(const char *s)
{
    for (int i = 0; s != NULL && i < SUB_STATE_COUNT; i++) {
        if (strcmp(s, sub_state_codes[i]) == 0)
            return i;
    }
    return -1;
}

void
submission_release(struct submission *s)
{
    free(s->record);
    s->record = NULL;
    free(s->title);
    s->title = NULL;
}

enum err
store_submission_create(struct store *st, const struct submission *in, int64_t now, int64_t *id)
{
    return OPS(st)->submission_create(st, in, now, id);
}

enum err
store_submission_update(struct store *st, int64_t id, enum sub_state expected, const char *record,
                        const char *title, int64_t now)
{
    return OPS(st)->submission_update(st, id, expected, record, title, now);
}

enum err
store_submission_load(struct store *st, int64_t id, struct submission *out)
{
    return OPS(st)->submission_load(st, id, NULL, out);
}

enum err
store_submission_latest(struct store *st, const char *external_id, struct submission *out)
{
    return OPS(st)->submission_load(st, 0, external_id, out);
}

enum err
store_submission_list(struct store *st, const struct submission_filter *f,
                      void (*fn)(void *ctx, const struct submission_row *row), void *ctx)
{
    return OPS(st)->submission_list(st, f, fn, ctx);
}

enum err
store_submission_counts(struct store *st, const struct submission_filter *f,
                        size_t counts[SUB_STATE_COUNT])
{
    return OPS(st)->submission_counts(st, f, counts);
}

enum err
store_submission_set_state(struct store *st, int64_t id, enum sub_state from, enum sub_state to,
                           int64_t now)
{
    return OPS(st)->submission_set_state(st, id, from, to, now);
}

enum err
store_comment_add(struct store *st, int64_t submission_id, int64_t author_id, const char *body,
                  int64_t now)
{
    return OPS(st)->comment_add(st, submission_id, author_id, body, now);
}

enum err
store_comment_list(struct store *st, int64_t submission_id,
                   void (*fn)(void *ctx, const struct comment_row *row), void *ctx)
{
    return OPS(st)->comment_list(st, submission_id, fn, ctx);
}

enum err
store_audit_add(struct store *st, int64_t submission_id, int64_t actor_id, int64_t at,
                const char *from, const char *to, const char *note)
{
    return OPS(st)->audit_add(st, submission_id, actor_id, at, from, to, note);
}

enum err
store_audit_list(struct store *st, int64_t submission_id,
                 void (*fn)(void *ctx, const struct audit_row *row), void *ctx)
{
    return OPS(st)->audit_list(st, submission_id, fn, ctx);
}

enum err
store_version_add(struct store *st, const char *external_id, const char *record,
                  int64_t submission_id, int64_t now, int *version)
{
    return OPS(st)->version_add(st, external_id, record, submission_id, now, version);
}

enum err
store_version_list(struct store *st, const char *external_id, int version,
                   void (*fn)(void *ctx, const struct version_row *row), void *ctx)
{
    return OPS(st)->version_list(st, external_id, version, fn, ctx);
}
