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

enum err
action_write(struct store *st, struct action *a, bool strict, int64_t now,
             struct field_errors *errs, enum action_write_result *result,
             size_t *governments_created)
{
    struct buf card, full;
    size_t errors_before = errs->total;
    enum err e;

    *result = ACTION_WRITE_REJECTED;
    buf_init(&card, LIMIT_RESPONSE_BYTES);
    buf_init(&full, LIMIT_RESPONSE_BYTES);
    e = resolve_governments(st, a, strict, errs, governments_created);
    if (e == ERR_OK)
        e = check_forums(st, a, errs);
    if (e != ERR_OK || errs->total > errors_before)
        goto out;
    /* the API JSON without times fingerprints the record: same text, nothing to write */
    char hash[65], old_hash[65] = "";
    int64_t old_created = 0, given_created = a->created_at, given_updated = a->updated_at;
    a->created_at = a->updated_at = 0;
    record_action_api_rest(&full, a);
    record_action_fingerprint(a, full.data, full.len, hash);
    e = store_action_find(st, a->external_id, NULL, old_hash, &old_created);
    bool exists = e == ERR_OK;
    if (e != ERR_OK && e != ERR_NOT_FOUND)
        goto out;
    e = ERR_OK;
    if (exists && strcmp(hash, old_hash) == 0) {
        *result = ACTION_WRITE_UNCHANGED;
        goto out;
    }
    a->created_at = given_created ? given_created : exists ? old_created : now;
    a->updated_at = given_updated ? given_updated : now;
    record_action_api_add_times(&full, a);
    record_action_json(&card, a, RECORD_API_CARD);
    if (buf_status(&card) != ERR_OK || buf_status(&full) != ERR_OK) {
        field_errors_add(errs, "", "the record is too large");
        goto out;
    }
    e = store_action_put(st, a, hash, card.data, full.data);
    /* a new action without links has none to replace */
    if (e == ERR_OK && (exists || a->forums.count > 0 || a->paragraphs != 0))
        e = store_action_links_put(st, a);
    if (e == ERR_OK)
        *result = exists ? ACTION_WRITE_UPDATED : ACTION_WRITE_INSERTED;
out:
    buf_release(&card);
    buf_release(&full);
    return e;
}
