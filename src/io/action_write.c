/* Writing one validated action into the store: the shared end of the importer and of
 * publishing a reviewed submission. It never validates (validate_action() did) and never
 * commits (the caller's transaction decides). */
#include "io/action_write.h"

#include <stdlib.h>
#include <string.h>

#include "domain/record.h"
#include "store/forums.h"
#include "util/buf.h"
#include "util/limits.h"

/* Resolves each government the action names to an id, creating unknown ones (or, when
 * @strict, rejecting the record). */
static enum err
resolve_governments(struct store *st, struct action *a, bool strict, struct field_errors *errs,
                    size_t *created)
{
    for (size_t i = 0; i < a->n_governments; i++) {
        struct gov_ref *g = &a->governments[i];
        char *name = NULL, *slug = NULL;
        enum err e = store_government_find(st, g->name, g->country, &g->id, &name, &slug);
        if (e == ERR_OK) {
            free(g->name);
            g->name = name;
            free(g->slug);
            g->slug = slug;
            continue;
        }
        if (e != ERR_NOT_FOUND)
            return e;
        if (strict) {
            field_errors_add(errs, "governments", "'%s, %s' is not registered (--strict)", g->name,
                             taxonomy_country(g->country)->alpha2);
            continue;
        }
        e = store_government_create(st, g, &slug);
        if (e != ERR_OK)
            return e;
        free(g->slug);
        g->slug = slug;
        (*created)++;
    }
    return ERR_OK;
}

/* Every forum the action names must exist (in the database, or earlier in this import). */
static enum err
check_forums(struct store *st, const struct action *a, struct field_errors *errs)
{
    for (size_t i = 0; i < a->forums.count; i++) {
        int64_t id;
        enum err e = store_forum_find(st, a->forums.items[i], &id);
        if (e == ERR_NOT_FOUND)
            field_errors_add(errs, "forums",
                             "'%s' is not a known forum (see GET /api/v1/forums; a forum record "
                             "may come earlier in the same file)",
                             a->forums.items[i]);
        else if (e != ERR_OK)
            return e;
    }
    return ERR_OK;
}

void
action_prepared_init(struct action_prepared *p)
{
    p->fingerprinted = p->complete = false;
    buf_init(&p->rest, LIMIT_RESPONSE_BYTES);
    buf_init(&p->card, LIMIT_RESPONSE_BYTES);
    p->hash[0] = '\0';
    p->given_created = p->given_updated = 0;
    search_text_init(&p->words);
}

void
action_prepared_reset(struct action_prepared *p)
{
    p->fingerprinted = p->complete = false;
    buf_reset(&p->rest);
    buf_reset(&p->card);
}

void
action_prepared_release(struct action_prepared *p)
{
    buf_release(&p->rest);
    buf_release(&p->card);
    search_text_release(&p->words);
}

/* What tells whether the stored action differs: the API JSON without times fingerprints the
 * record, so the same text means nothing to write. */
static void
fingerprint(struct action_prepared *p, struct action *a)
{
    action_prepared_reset(p);
    p->given_created = a->created_at;
    p->given_updated = a->updated_at;
    a->created_at = a->updated_at = 0;
    record_action_api_rest(&p->rest, a);
    record_action_fingerprint(a, p->rest.data, p->rest.len, p->hash);
    a->created_at = p->given_created;
    a->updated_at = p->given_updated;
    p->fingerprinted = true;
}

/* What only a write needs: the list card and the search words. @w is scratch, or NULL. */
static void
complete(struct action_prepared *p, struct action *a, int64_t now, struct search_words *w)
{
    struct search_words own;
    /* a card shows only updated_at, which never depends on the stored action */
    a->updated_at = p->given_updated ? p->given_updated : now;
    record_action_json(&p->card, a, RECORD_API_CARD);
    a->updated_at = p->given_updated;
    if (w == NULL)
        search_words_init(&own);
    search_text_action(&p->words, w != NULL ? w : &own, a);
    if (w == NULL)
        search_words_release(&own);
    p->complete = true;
}

void
action_prepare(struct action_prepared *p, struct action *a, int64_t now, struct search_words *w)
{
    fingerprint(p, a);
    complete(p, a, now, w);
}

enum err
action_write_prepared(struct store *st, struct action *a, struct action_prepared *p, int64_t now,
                      struct search_words *w, struct field_errors *errs,
                      enum action_write_result *result)
{
    char old_hash[65] = "";
    int64_t old_created = 0;

    *result = ACTION_WRITE_REJECTED;
    size_t errors_before = errs->total;
    enum err e = check_forums(st, a, errs);
    if (e != ERR_OK || errs->total > errors_before)
        return e;
    e = store_action_find(st, a->external_id, NULL, old_hash, &old_created);
    bool exists = e == ERR_OK;
    if (e != ERR_OK && e != ERR_NOT_FOUND)
        return e;
    if (exists && strcmp(p->hash, old_hash) == 0) {
        *result = ACTION_WRITE_UNCHANGED;
        return ERR_OK;
    }
    if (!p->complete)
        complete(p, a, now, w);
    a->created_at = p->given_created ? p->given_created : exists ? old_created : now;
    a->updated_at = p->given_updated ? p->given_updated : now;
    record_action_api_add_times(&p->rest, a);
    if (buf_status(&p->card) != ERR_OK || buf_status(&p->rest) != ERR_OK) {
        field_errors_add(errs, "", "the record is too large");
        return ERR_OK;
    }
    e = store_action_put(st, a, p->hash, p->card.data, p->rest.data, &p->words);
    /* a new action without links has none to replace */
    if (e == ERR_OK && (exists || a->forums.count > 0 || a->paragraphs != 0))
        e = store_action_links_put(st, a);
    if (e == ERR_OK)
        *result = exists ? ACTION_WRITE_UPDATED : ACTION_WRITE_INSERTED;
    return e;
}

enum err
action_write(struct store *st, struct action *a, bool strict, int64_t now,
             struct field_errors *errs, enum action_write_result *result,
             size_t *governments_created)
{
    struct action_prepared p;
    size_t errors_before = errs->total;
    enum err e;

    *result = ACTION_WRITE_REJECTED;
    e = resolve_governments(st, a, strict, errs, governments_created);
    if (e != ERR_OK || errs->total > errors_before)
        return e;
    action_prepared_init(&p);
    fingerprint(&p, a);
    e = action_write_prepared(st, a, &p, now, NULL, errs, result);
    action_prepared_release(&p);
    return e;
}
