/* progress_may_report() and progress_report() (progress_report.h). The write goes through
 * progress_write(), the importer's own path, so an update is checked the same way however it
 * arrives; this file adds only what a person asking over the web needs: the published action,
 * their right to it, and the id of the address. */
#include "workflow/progress_report.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/progress_record.h"
#include "store/progress.h"
#include "util/log.h"

bool
progress_may_report(const struct viewer *v, const struct action *a)
{
    if (!v->signed_in)
        return false;
    if (viewer_can(v, ROLE_REVIEWER, 0))
        return true;
    for (size_t i = 0; i < a->n_governments; i++)
        if (workflow_may_submit(v, a->governments[i].id))
            return true;
    return false;
}

/* The published action @action_id into @a: ERR_NOT_FOUND when there is none. */
static enum err
published_action(struct store *writer, const char *action_id, struct action *a)
{
    int64_t id = 0;
    enum err e = store_action_find(writer, action_id, &id, NULL, NULL);
    if (e == ERR_OK)
        e = store_action_load(writer, id, a);
    if (e == ERR_OK && a->publication != PUB_PUBLISHED)
        e = ERR_NOT_FOUND;
    return e;
}

/* The record's "action" and "id" must be those of the call when given; then they are set. */
static void
name_record(json_t *record, const char *action_id, const char *update_id, struct field_errors *errs)
{
    json_t *action = json_object_get(record, "action");
    if (action != NULL &&
        !(json_is_string(action) && strcmp(json_string_value(action), action_id) == 0))
        field_errors_say(errs, "action", "valid_progress_address_action",
                         "must be '{action}', the action of the address, or absent",
                         (const char *const[]){"action", action_id, NULL});
    json_t *id = json_object_get(record, "id");
    if (update_id != NULL && id != NULL &&
        !(json_is_string(id) && strcmp(json_string_value(id), update_id) == 0))
        field_errors_say(errs, "id", "valid_progress_address_update",
                         "must be '{id}', the update of the address, or absent",
                         (const char *const[]){"id", update_id, NULL});
    json_object_set_new(record, "action", json_string(action_id));
    if (update_id != NULL)
        json_object_set_new(record, "id", json_string(update_id));
}

static enum err
report_in(struct store *writer, const struct viewer *v, const char *action_id,
          const char *update_id, json_t *record, struct field_errors *errs,
          enum wf_outcome *outcome, enum progress_write_result *result, struct progress_update *u)
{
    struct action a;
    action_init(&a);
    enum err e = published_action(writer, action_id, &a);
    if (e == ERR_NOT_FOUND) {
        *outcome = WF_NOT_FOUND;
        e = ERR_OK;
        goto out;
    }
    if (e != ERR_OK)
        goto out;
    if (!progress_may_report(v, &a)) {
        *outcome = WF_FORBIDDEN;
        goto out;
    }
    *outcome = WF_INVALID;
    name_record(record, action_id, update_id, errs);
    if (errs->total > 0 || progress_validate(record, false, progress_today(), u, errs) != ERR_OK)
        goto out;
    if (u->external_id[0] == '\0') {
        char secret[SECRET_TEXT_MAX];
        secret_new(secret);
        snprintf(u->external_id, sizeof(u->external_id), "la-u-%.16s", secret);
    }
    int64_t owner = 0;
    e = store_progress_find(writer, u->external_id, NULL, &owner, NULL, NULL);
    if (e == ERR_OK && (update_id == NULL || owner != a.id)) {
        *outcome = WF_WRONG_STATE; /* a new one exists already, or it is another action's */
        goto out;
    }
    if (e != ERR_NOT_FOUND && e != ERR_OK)
        goto out;
    u->author_id = v->user.id;
    e = progress_write(writer, u, true, (int64_t)time(NULL), errs, result);
    if (e == ERR_OK && *result != PROGRESS_WRITE_REJECTED)
        *outcome = WF_DONE;
out:
    action_release(&a);
    return e;
}

enum err
progress_report(struct store *writer, const struct viewer *v, const char *action_id,
                const char *update_id, json_t *record, struct field_errors *errs,
                enum wf_outcome *outcome, enum progress_write_result *result,
                char id_out[LIMIT_EXTERNAL_ID + 1])
{
    struct progress_update u;
    progress_update_init(&u);
    *outcome = WF_FORBIDDEN;
    *result = PROGRESS_WRITE_REJECTED;
    id_out[0] = '\0';
    enum err e = store_begin(writer);
    if (e == ERR_OK)
        e = report_in(writer, v, action_id, update_id, record, errs, outcome, result, &u);
    if (e == ERR_OK && *outcome == WF_DONE)
        e = store_commit(writer);
    if (e != ERR_OK || *outcome != WF_DONE)
        store_rollback(writer);
    if (e != ERR_OK)
        log_error("cannot save the progress update: %s", store_errmsg(writer));
    else if (*outcome == WF_DONE)
        snprintf(id_out, LIMIT_EXTERNAL_ID + 1, "%s", u.external_id);
    progress_update_release(&u);
    return e;
}
