/* The review workflow's rules and its writes. The rules are one table of moves, each for a
 * submitter of the submission's government or for a reviewer; everything else is refused
 * before anything is written. Each write runs in one IMMEDIATE transaction on the writer, so
 * a state read here cannot change before the write that depends on it (and the store's
 * guarded update catches another process in any case). */
#include "workflow/workflow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/secret.h"
#include "io/action_write.h"
#include "mail/compose.h"
#include "store/accounts.h"
#include "store/forums.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/xalloc.h"
#include "web/i18n.h"

static const struct move {
    enum sub_state from, to;
    bool reviewer; /* else a submitter of the submission's government */
} moves[] = {
    {SUB_DRAFT, SUB_SUBMITTED, false},
    {SUB_CHANGES_REQUESTED, SUB_SUBMITTED, false},
    {SUB_DRAFT, SUB_WITHDRAWN, false},
    {SUB_SUBMITTED, SUB_WITHDRAWN, false},
    {SUB_IN_REVIEW, SUB_WITHDRAWN, false},
    {SUB_CHANGES_REQUESTED, SUB_WITHDRAWN, false},
    {SUB_PUBLISHED, SUB_WITHDRAWN, false},
    {SUB_SUBMITTED, SUB_IN_REVIEW, true},
    {SUB_IN_REVIEW, SUB_CHANGES_REQUESTED, true},
    {SUB_IN_REVIEW, SUB_PUBLISHED, true},
    {SUB_IN_REVIEW, SUB_DECLINED, true},
};

#define MOVES_COUNT (sizeof(moves) / sizeof(moves[0]))

bool
workflow_may_submit(const struct viewer *v, int64_t government_id)
{
    return government_id > 0 && (viewer_can(v, ROLE_FOCAL_POINT, government_id) ||
                                 viewer_can(v, ROLE_NETWORK_COORDINATOR, government_id));
}

bool
workflow_may_submit_any(const struct viewer *v)
{
    /* viewer_can() with government 0 asks "for some government": an administrator holds every
     * role, and a submitter's role without a government (none is made so today) covers all */
    for (size_t i = 0; v->signed_in && i < v->n_roles; i++) {
        const struct user_role *r = &v->roles[i];
        if (r->role == ROLE_ADMIN ||
            ((r->role == ROLE_FOCAL_POINT || r->role == ROLE_NETWORK_COORDINATOR) &&
             r->government_id == 0))
            return true;
    }
    return false;
}

static bool
is_reviewer(const struct viewer *v)
{
    return viewer_can(v, ROLE_REVIEWER, 0);
}

bool
workflow_may_see(const struct viewer *v, const struct submission *s)
{
    return is_reviewer(v) || workflow_may_submit(v, s->government_id);
}

static bool
role_fits(const struct viewer *v, const struct submission *s, const struct move *m)
{
    return m->reviewer ? is_reviewer(v) : workflow_may_submit(v, s->government_id);
}

bool
workflow_may_move(const struct viewer *v, const struct submission *s, enum sub_state to)
{
    for (size_t i = 0; i < MOVES_COUNT; i++) {
        if (moves[i].from == s->state && moves[i].to == to && role_fits(v, s, &moves[i]))
            return true;
    }
    return false;
}

/* Why @v may not move @s to @to: the move exists for this viewer from another state (409), or
 * not at all (403). */
static enum wf_outcome
refusal(const struct viewer *v, const struct submission *s, enum sub_state to)
{
    for (size_t i = 0; i < MOVES_COUNT; i++) {
        if (moves[i].to == to && role_fits(v, s, &moves[i]))
            return WF_WRONG_STATE;
    }
    return WF_FORBIDDEN;
}

/* ---- mail ---- */

/* The mail the author gets for each move (kinds of mail_queue(), src/mail/compose.h) */
static const struct {
    enum sub_state to;
    const char *kind;
} mail_kinds[] = {
    {SUB_SUBMITTED, "submission_received"},
    {SUB_CHANGES_REQUESTED, "changes_requested"},
    {SUB_PUBLISHED, "published"},
    {SUB_DECLINED, "declined"},
};

/* Tells the author of @s of its move to @to, when that is news to them. */
static enum err
notify(struct store *writer, const struct submission *s, enum sub_state to, const char *note)
{
    const char *kind = NULL;
    for (size_t i = 0; i < sizeof(mail_kinds) / sizeof(mail_kinds[0]); i++) {
        if (mail_kinds[i].to == to)
            kind = mail_kinds[i].kind;
    }
    if (kind == NULL)
        return ERR_OK;
    struct user author;
    enum err e = store_user_load(writer, s->author_id, &author);
    if (e != ERR_OK)
        return e == ERR_NOT_FOUND ? ERR_OK : e;
    char link[64];
    snprintf(link, sizeof(link), "/submissions/%lld", (long long)s->id);
    const char *vars[] = {"name",   author.name[0] ? author.name : author.email,
                          "title",  s->title,
                          "link",   link,
                          "reason", note != NULL ? note : "",
                          NULL};
    return mail_queue(writer, lang_stored(author.lang), author.email, kind, vars);
}

/* ---- proposing ---- */

/* The record as the workflow keeps it: without what the server decides, with an external id. */
static void
clean_record(json_t *record, const char *external_id)
{
    static const char *const server_fields[] = {"publication_state", "created_at", "updated_at",
                                                "type", "submit"};
    for (size_t i = 0; i < sizeof(server_fields) / sizeof(server_fields[0]); i++)
        json_object_del(record, server_fields[i]);
    if (external_id != NULL) {
        json_object_set_new(record, "external_id", json_string(external_id));
    } else if (json_object_get(record, "external_id") == NULL) {
        char secret[SECRET_TEXT_MAX], id[32];
        secret_new(secret);
        snprintf(id, sizeof(id), "la-%.16s", secret);
        json_object_set_new(record, "external_id", json_string(id));
    }
}

/* The government an existing action or submission @external_id belongs to (0 when none). */
static enum err
owner_of(struct store *writer, const char *external_id, struct submission *latest, bool *has_latest,
         int64_t *government_id)
{
    *government_id = 0;
    enum err e = store_submission_latest(writer, external_id, latest);
    *has_latest = e == ERR_OK;
    if (e == ERR_OK) {
        *government_id = latest->government_id;
        return ERR_OK;
    }
    if (e != ERR_NOT_FOUND)
        return e;
    int64_t action_id = 0;
    e = store_action_find(writer, external_id, &action_id, NULL, NULL);
    if (e != ERR_OK)
        return e == ERR_NOT_FOUND ? ERR_OK : e;
    struct action a;
    action_init(&a);
    e = store_action_load(writer, action_id, &a);
    if (e == ERR_OK && a.n_governments > 0)
        *government_id = a.governments[0].id;
    action_release(&a);
    return e;
}

struct proposal {
    struct store *writer;
    const struct viewer *v;
    const char *text; /* the record as JSON */
    const char *title;
    const char *external_id;
    int64_t government_id;
    bool submit;
    int64_t now;
};

/* Writes the audit entries and mail of a proposal that reached @state from @from. */
static enum err
record_moves(const struct proposal *p, const struct submission *s, int from, bool created)
{
    enum err e = ERR_OK;
    if (created)
        e = store_audit_add(p->writer, s->id, p->v->user.id, p->now, NULL, "draft", NULL);
    if (e == ERR_OK && p->submit)
        e = store_audit_add(p->writer, s->id, p->v->user.id, p->now, sub_state_codes[from],
                            "submitted", NULL);
    if (e == ERR_OK && p->submit)
        e = notify(p->writer, s, SUB_SUBMITTED, NULL);
    return e;
}

/* Inside the transaction: updates the open submission or starts a new one. */
static enum err
propose_in(const struct proposal *p, bool editing, struct field_errors *errs,
           enum wf_outcome *outcome, int64_t *id)
{
    struct submission latest = {0};
    bool has_latest = false;
    int64_t owner = 0;
    enum err e = owner_of(p->writer, p->external_id, &latest, &has_latest, &owner);
    if (e != ERR_OK)
        goto out;
    if (!editing && owner != 0) {
        *outcome = WF_WRONG_STATE; /* it exists: an edit goes through PATCH */
        goto out;
    }
    if (editing && owner == 0) {
        *outcome = WF_NOT_FOUND;
        goto out;
    }
    if (owner != 0 && !workflow_may_submit(p->v, owner)) {
        *outcome = WF_FORBIDDEN;
        goto out;
    }
    if (owner != 0 && owner != p->government_id) {
        field_errors_say(errs, "governments", "valid_lead_fixed",
                         "the lead government of an action cannot change", NULL);
        *outcome = WF_INVALID;
        goto out;
    }
    bool open = has_latest && (latest.state == SUB_DRAFT || latest.state == SUB_CHANGES_REQUESTED);
    if (has_latest && (latest.state == SUB_SUBMITTED || latest.state == SUB_IN_REVIEW)) {
        *outcome = WF_WRONG_STATE; /* under review: it changes when the reviewer asks */
        goto out;
    }
    if (open) {
        e = store_submission_update(p->writer, latest.id, latest.state, p->text, p->title, p->now);
        if (e == ERR_OK && p->submit)
            e = store_submission_set_state(p->writer, latest.id, latest.state, SUB_SUBMITTED,
                                           p->now);
        if (e == ERR_OK)
            e = record_moves(p, &latest, (int)latest.state, false);
        *id = latest.id;
    } else {
        struct submission s = {.government_id = p->government_id,
                               .author_id = p->v->user.id,
                               .state = p->submit ? SUB_SUBMITTED : SUB_DRAFT,
                               .record = (char *)(uintptr_t)p->text,
                               .title = (char *)(uintptr_t)p->title};
        snprintf(s.external_id, sizeof(s.external_id), "%s", p->external_id);
        e = store_submission_create(p->writer, &s, p->now, id);
        s.id = *id;
        if (e == ERR_OK)
            e = record_moves(p, &s, SUB_DRAFT, true);
    }
    if (e == ERR_OK)
        *outcome = WF_DONE;
out:
    submission_release(&latest);
    return e;
}

enum err
workflow_propose(struct store *writer, const struct viewer *v, const char *external_id,
                 json_t *record, bool submit, struct field_errors *errs, enum wf_outcome *outcome,
                 int64_t *id)
{
    struct action a;
    char *text = NULL;
    enum err e = ERR_OK;

    *outcome = WF_FORBIDDEN;
    action_init(&a);
    if (!viewer_can(v, ROLE_FOCAL_POINT, 0) && !viewer_can(v, ROLE_NETWORK_COORDINATOR, 0))
        goto out;
    clean_record(record, external_id);
    if (validate_action(record, &a, errs) != ERR_OK) {
        *outcome = WF_INVALID;
        goto out;
    }
    int64_t lead = 0;
    struct gov_ref *g = &a.governments[0];
    e = store_government_find(writer, g->name, g->country, &lead, NULL, NULL);
    if (e != ERR_OK && e != ERR_NOT_FOUND)
        goto out;
    e = ERR_OK;
    if (!workflow_may_submit(v, lead)) {
        field_errors_say(errs, "governments", "valid_lead_not_yours",
                         "you may not submit for '{name}'",
                         (const char *const[]){"name", g->name, NULL});
        goto out;
    }
    /* publishing would refuse a forum that does not exist: say so while the author is here */
    for (size_t i = 0; i < a.forums.count; i++) {
        int64_t forum_id;
        e = store_forum_find(writer, a.forums.items[i], &forum_id);
        if (e == ERR_NOT_FOUND)
            field_errors_say(errs, "forums", "valid_forum_unknown",
                             "'{value}' is not a known forum (see /forums)",
                             (const char *const[]){"value", a.forums.items[i], NULL});
        else if (e != ERR_OK)
            goto out;
        e = ERR_OK;
    }
    if (errs->total > 0) {
        *outcome = WF_INVALID;
        goto out;
    }
    text = json_dumps(record, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (text == NULL) {
        e = ERR_INVALID;
        goto out;
    }
    struct proposal p = {writer,        v,    text,   a.title,
                         a.external_id, lead, submit, (int64_t)time(NULL)};
    e = store_begin(writer);
    if (e != ERR_OK)
        goto out;
    e = propose_in(&p, external_id != NULL, errs, outcome, id);
    if (e == ERR_OK && *outcome == WF_DONE)
        e = store_commit(writer);
    if (e != ERR_OK || *outcome != WF_DONE)
        store_rollback(writer);
out:
    if (e != ERR_OK)
        log_error("cannot save the submission: %s", store_errmsg(writer));
    free(text);
    action_release(&a);
    return e;
}

/* ---- moving ---- */

/* Validates the record of @s again (the rules may have changed since it was submitted) and
 * writes it as the public action with publication state @pub, through the importer's path. */
static enum err
write_public(struct store *writer, const char *record_text, enum publication_state pub,
             struct field_errors *errs, enum wf_outcome *outcome)
{
    json_error_t jerr;
    struct action a;
    action_init(&a);
    enum err e = ERR_OK;
    json_t *record = json_loads(record_text, JSON_REJECT_DUPLICATES, &jerr);
    if (record == NULL) {
        field_errors_say(errs, "", "valid_stored_not_json",
                         "the stored record is not JSON: {reason}",
                         (const char *const[]){"reason", jerr.text, NULL});
        *outcome = WF_INVALID;
        goto out;
    }
    json_object_set_new(record, "publication_state", json_string(publication_state_codes[pub]));
    if (validate_action(record, &a, errs) != ERR_OK) {
        *outcome = WF_INVALID;
        goto out;
    }
    enum action_write_result result;
    size_t created = 0;
    e = action_write(writer, &a, false, (int64_t)time(NULL), errs, &result, &created);
    if (e == ERR_OK && result == ACTION_WRITE_REJECTED)
        *outcome = WF_INVALID;
out:
    json_decref(record);
    action_release(&a);
    return e;
}

struct last_version {
    int version;
    int64_t submission_id;
    char *record;
};

static void
keep_last(void *ctx, const struct version_row *row)
{
    struct last_version *l = ctx;
    l->version = row->version;
    l->submission_id = row->submission_id;
    free(l->record);
    l->record = xstrdup(row->record);
}

/* The effects of moving @s to @to beyond its state: the public action for publishing and for
 * withdrawing a published one. */
static enum err
side_effects(struct store *writer, const struct submission *s, enum sub_state to,
             struct field_errors *errs, enum wf_outcome *outcome)
{
    if (to == SUB_PUBLISHED) {
        enum err e = write_public(writer, s->record, PUB_PUBLISHED, errs, outcome);
        int version = 0;
        if (e == ERR_OK && *outcome == WF_DONE)
            e = store_version_add(writer, s->external_id, s->record, s->id, (int64_t)time(NULL),
                                  &version);
        return e;
    }
    if (to != SUB_WITHDRAWN || s->state != SUB_PUBLISHED)
        return ERR_OK;
    /* only the submission whose version is public can take it down */
    struct last_version last = {0};
    enum err e = store_version_list(writer, s->external_id, 0, keep_last, &last);
    if (e == ERR_OK && last.submission_id != s->id)
        *outcome = WF_WRONG_STATE;
    if (e == ERR_OK && *outcome == WF_DONE)
        e = write_public(writer, last.record, PUB_WITHDRAWN, errs, outcome);
    free(last.record);
    return e;
}

static enum err
move_in(struct store *writer, const struct viewer *v, int64_t id, enum sub_state to,
        const char *note, struct field_errors *errs, enum wf_outcome *outcome)
{
    struct submission s = {0};
    enum err e = store_submission_load(writer, id, &s);
    if (e == ERR_NOT_FOUND || (e == ERR_OK && !workflow_may_see(v, &s))) {
        *outcome = WF_NOT_FOUND;
        e = ERR_OK;
        goto out;
    }
    if (e != ERR_OK)
        goto out;
    if (!workflow_may_move(v, &s, to)) {
        *outcome = refusal(v, &s, to);
        goto out;
    }
    if (to == SUB_DECLINED && (note == NULL || note[0] == '\0')) {
        field_errors_say(errs, "note", "valid_decline_reason", "a decline needs a reason", NULL);
        *outcome = WF_INVALID;
        goto out;
    }
    *outcome = WF_DONE;
    e = side_effects(writer, &s, to, errs, outcome);
    int64_t now = (int64_t)time(NULL);
    if (e == ERR_OK && *outcome == WF_DONE)
        e = store_submission_set_state(writer, id, s.state, to, now);
    if (e == ERR_OK && *outcome == WF_DONE)
        e = store_audit_add(writer, id, v->user.id, now, sub_state_codes[s.state],
                            sub_state_codes[to], note);
    if (e == ERR_OK && *outcome == WF_DONE)
        e = notify(writer, &s, to, note);
out:
    submission_release(&s);
    return e;
}

enum err
workflow_move(struct store *writer, const struct viewer *v, int64_t id, enum sub_state to,
              const char *note, struct field_errors *errs, enum wf_outcome *outcome)
{
    *outcome = WF_FORBIDDEN;
    if (note != NULL && strlen(note) > NOTE_MAX_BYTES) {
        char max[24];
        snprintf(max, sizeof(max), "%d", NOTE_MAX_BYTES);
        field_errors_say(errs, "note", "valid_too_many_bytes", "is longer than {max} bytes",
                         (const char *const[]){"max", max, NULL});
        *outcome = WF_INVALID;
        return ERR_OK;
    }
    enum err e = store_begin(writer);
    if (e == ERR_OK)
        e = move_in(writer, v, id, to, note, errs, outcome);
    if (e == ERR_OK && *outcome == WF_DONE)
        e = store_commit(writer);
    if (e != ERR_OK || *outcome != WF_DONE)
        store_rollback(writer);
    if (e != ERR_OK)
        log_error("cannot move submission %lld: %s", (long long)id, store_errmsg(writer));
    return e;
}

enum err
workflow_comment(struct store *writer, const struct viewer *v, int64_t id, const char *body,
                 enum wf_outcome *outcome)
{
    struct submission s = {0};
    *outcome = WF_INVALID;
    if (body == NULL || body[0] == '\0' || strlen(body) > COMMENT_MAX_BYTES)
        return ERR_OK;
    enum err e = store_submission_load(writer, id, &s);
    if (e == ERR_NOT_FOUND || (e == ERR_OK && !workflow_may_see(v, &s))) {
        *outcome = WF_NOT_FOUND;
        e = ERR_OK;
    } else if (e == ERR_OK) {
        e = store_comment_add(writer, id, v->user.id, body, (int64_t)time(NULL));
        *outcome = WF_DONE;
    }
    submission_release(&s);
    return e;
}
