/* Writing one validated progress update (progress_write.h). It never validates the record's
 * fields (progress_validate() did) and never commits (the caller's transaction decides). */
#include "io/progress_write.h"

#include <string.h>

#include "domain/progress_record.h"
#include "store/progress.h"

/* Finds the action @u reports on and checks @u against it. */
static enum err
check_action(struct store *st, struct progress_update *u, bool published_only,
             struct field_errors *errs)
{
    if (u->action_external_id[0] == '\0') {
        field_errors_say(errs, "action", "valid_required", "is required", NULL);
        return ERR_OK;
    }
    enum err e = store_action_find(st, u->action_external_id, &u->action_id, NULL, NULL);
    if (e == ERR_NOT_FOUND) {
        field_errors_say(errs, "action", "valid_progress_no_action",
                         "there is no action '{action}'",
                         (const char *const[]){"action", u->action_external_id, NULL});
        return ERR_OK;
    }
    if (e != ERR_OK)
        return e;
    struct action a;
    action_init(&a);
    e = store_action_load(st, u->action_id, &a);
    if (e == ERR_OK && published_only && a.publication != PUB_PUBLISHED)
        field_errors_say(errs, "action", "valid_progress_unpublished",
                         "'{action}' is not published",
                         (const char *const[]){"action", u->action_external_id, NULL});
    for (size_t i = 0; e == ERR_OK && i < u->n_values; i++) {
        if ((size_t)u->values[i].indicator <= a.n_indicators)
            continue;
        char n[24], count[24];
        snprintf(n, sizeof(n), "%d", u->values[i].indicator);
        snprintf(count, sizeof(count), "%zu", a.n_indicators);
        if (a.n_indicators == 0)
            field_errors_say(errs, "values", "valid_progress_no_targets",
                             "indicator {indicator}: the action has no measurable targets",
                             (const char *const[]){"indicator", n, NULL});
        else
            field_errors_say(errs, "values", "valid_progress_beyond",
                             "indicator {indicator}: the action's measurable targets are "
                             "numbered 1 to {count}",
                             (const char *const[]){"indicator", n, "count", count, NULL});
    }
    action_release(&a);
    return e;
}

enum err
progress_write(struct store *st, struct progress_update *u, bool published_only, int64_t now,
               struct field_errors *errs, enum progress_write_result *result)
{
    size_t errors_before = errs->total;
    *result = PROGRESS_WRITE_REJECTED;
    enum err e = check_action(st, u, published_only, errs);
    if (e != ERR_OK || errs->total > errors_before)
        return e;
    int64_t old_id = 0, old_action = 0, old_created = 0;
    char old_hash[65] = "", hash[65];
    e = store_progress_find(st, u->external_id, &old_id, &old_action, old_hash, &old_created);
    bool exists = e == ERR_OK;
    if (e != ERR_OK && e != ERR_NOT_FOUND)
        return e;
    if (exists && old_action != u->action_id) {
        struct progress_update other;
        progress_update_init(&other);
        e = store_progress_load(st, u->external_id, &other);
        if (e == ERR_OK)
            field_errors_say(errs, "id", "valid_progress_other_action",
                             "'{id}' is an update of another action ('{action}')",
                             (const char *const[]){"id", u->external_id, "action",
                                                   other.action_external_id, NULL});
        progress_update_release(&other);
        return e;
    }
    progress_fingerprint(u, hash);
    u->id = exists ? old_id : 0;
    if (exists && strcmp(hash, old_hash) == 0) {
        *result = PROGRESS_WRITE_UNCHANGED;
        return ERR_OK;
    }
    if (u->created_at == 0)
        u->created_at = exists ? old_created : now;
    if (u->updated_at == 0)
        u->updated_at = now;
    e = store_progress_put(st, u, hash);
    if (e == ERR_OK)
        *result = exists ? PROGRESS_WRITE_UPDATED : PROGRESS_WRITE_INSERTED;
    return e;
}
