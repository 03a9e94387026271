/* The storage interface: everything the program keeps goes through these calls. The backend is
 * chosen at run time from the DSN ("sqlite:PATH" or a plain path; "postgres://..." is for a
 * later backend) and hidden behind struct store_ops, so callers never see SQL.
 * A struct store is one connection: use it from one thread at a time. */
#ifndef LOCALACTION_STORE_H
#define LOCALACTION_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "util/buf.h"
#include "util/err.h"

struct store;
struct search_text; /* store/search_words.h */

/* One published action as the in-memory index needs it. */
struct store_action_row {
    int64_t id;
    const char *title; /* borrowed: valid during the callback */
    enum action_kind kind;
    enum impl_status status;
    const char *start_date; /* "YYYY[-MM[-DD]]" or "" when not known; borrowed */
    int64_t updated_at;
};

/* Callbacks for store_scan_published(); each gets the caller's @ctx. */
struct store_scan {
    void *ctx;
    void (*action)(void *ctx, const struct store_action_row *row);
    void (*term)(void *ctx, int64_t action_id, enum vocab_id vocab, int term);
    void (*government)(void *ctx, int64_t action_id, int64_t government_id, int country);
};

/* A government as lists show it. Strings are borrowed for the callback. (How many published
 * actions it has is the index's to say: counting them in SQL took 0.5 s at 100,000.) */
struct store_government_row {
    int64_t id;
    const char *slug, *name;
    enum gov_kind kind;
    int country;
    bool endorsed; /* has endorsed the Marrakech Mayors Declaration */
};

struct store_ops;

/** Opens (creating when needed) the database named by @dsn and brings its schema up to date.
 * On failure *out is NULL and the reason was logged. */
WARN_UNUSED enum err store_open(struct store **out, const char *dsn);
/** Opens without migrating and read-only, for server worker connections. */
WARN_UNUSED enum err store_open_reader(struct store **out, const char *dsn);
void store_close(struct store *st);
/** The backend's last error message. */
const char *store_errmsg(const struct store *st);

WARN_UNUSED enum err store_begin(struct store *st);
WARN_UNUSED enum err store_commit(struct store *st);
void store_rollback(struct store *st);
/** Trades durability for speed during a bulk import (the import commits once at the end),
 * and indexes the search words of new actions in batches rather than one by one. */
WARN_UNUSED enum err store_bulk_mode(struct store *st, bool on);

/** A number that changes whenever another connection commits a change. */
WARN_UNUSED enum err store_data_version(struct store *st, int64_t *version);

/* Governments */
/** The id of the government with this name (matched folded: case and accents ignored) and
 * country, or ERR_NOT_FOUND. Fills @canonical_name and @slug (caller frees) when not NULL. */
WARN_UNUSED enum err store_government_find(struct store *st, const char *name, int country,
                                           int64_t *id, char **canonical_name, char **slug);
/** Inserts @g, or updates the government with its name and country; sets g->id and g->slug.
 * *changed tells whether anything stored differs afterwards. */
WARN_UNUSED enum err store_government_put(struct store *st, struct government *g, bool *changed);
/** Creates a bare government for an action that names an unknown one. */
WARN_UNUSED enum err store_government_create(struct store *st, struct gov_ref *ref, char **slug);
/** Loads the government with @slug (or, when @slug is NULL, @id) into @out. */
WARN_UNUSED enum err store_government_load(struct store *st, const char *slug, int64_t id,
                                           struct government *out);
/** How many governments have endorsed @declaration ("marrakech-mayors-declaration"). */
WARN_UNUSED enum err store_endorsement_count(struct store *st, const char *declaration,
                                             size_t *out);
/** Calls @fn for every government, ordered by name. */
WARN_UNUSED enum err
store_government_list(struct store *st,
                      void (*fn)(void *ctx, const struct store_government_row *row), void *ctx);

/* Actions */
/** Looks an action up by external id: its id, content hash and creation time (any pointer
 * may be NULL). */
WARN_UNUSED enum err store_action_find(struct store *st, const char *external_id, int64_t *id,
                                       char hash[65], int64_t *created_at);
/** Inserts or replaces the action with a->external_id, its classifications, governments
 * (resolved: ids set), indicators, search text and the JSON the API serves: @card_json for
 * lists and @api_rest, the part of its full JSON after the description
 * (record_action_api_rest()). @words are its words for the search index, made by
 * search_text_action() (in another thread, say), or NULL for the store to make them. Sets
 * a->id. */
WARN_UNUSED enum err store_action_put(struct store *st, struct action *a, const char *hash,
                                      const char *card_json, const char *api_rest,
                                      const struct search_text *words);
/** Loads the action with @id into @out (initialised by the caller). */
WARN_UNUSED enum err store_action_load(struct store *st, int64_t id, struct action *out);
/** Appends the stored API JSON of the published action with this external id to @out. */
WARN_UNUSED enum err store_action_json(struct store *st, const char *external_id, struct buf *out);
/** Appends the stored list-card JSON of published action @id to @out. */
WARN_UNUSED enum err store_action_card(struct store *st, int64_t id, struct buf *out);
/** Calls @fn with the id of every action (all states), in id order. */
WARN_UNUSED enum err store_action_ids(struct store *st, void (*fn)(void *ctx, int64_t id),
                                      void *ctx);
/** Full-text search: @fn gets the id of each action (any state) whose text holds every word
 * of @query (the last word also as a prefix), accents and case ignored, in ascending order,
 * and whether its title alone holds them. @query is what a person typed; the backend quotes
 * it. */
WARN_UNUSED enum err store_action_search(struct store *st, const char *query, size_t len,
                                         void (*fn)(void *ctx, int64_t id, bool in_title),
                                         void *ctx);
/** Walks every published action, its terms and its governments, for the in-memory index. */
WARN_UNUSED enum err store_scan_published(struct store *st, const struct store_scan *scan);

#endif
