/* What the store keeps about review forums: the forum, the governments its delegation counted,
 * its programme of sessions with their participants, and which actions were submitted to which
 * forum and advance which Progress Declaration paragraphs. A forum is replaced whole by slug,
 * in place, so the actions that name it keep their link. Part of the storage interface
 * (store.h). */
#ifndef LOCALACTION_FORUMS_H
#define LOCALACTION_FORUMS_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/forum.h"
#include "store/store.h"

/* A forum as lists show it. Strings are borrowed for the callback. */
struct store_forum_row {
    int64_t id;
    const char *slug, *name;
    enum forum_kind kind;
    const char *place;               /* "" when not known */
    const char *starts_on, *ends_on; /* "YYYY-MM-DD" or "" */
};

/** The id of the forum with @slug, or ERR_NOT_FOUND. */
WARN_UNUSED enum err store_forum_find(struct store *st, const char *slug, int64_t *id);

/** Inserts @f, or replaces the forum with its slug (its governments and programme with them);
 * sets f->id. Every government of @f and of its participants must be resolved (ids set).
 * *changed tells whether anything stored differs afterwards: an unchanged forum is not
 * written. Part of the caller's transaction. */
WARN_UNUSED enum err store_forum_put(struct store *st, struct forum *f, int64_t now, bool *changed);

/** Loads the forum with @slug into @out (initialised by the caller): governments with their
 * ids, slugs, names, countries and kinds, in the order they were given; sessions in programme
 * order with their participants. ERR_NOT_FOUND when there is none. */
WARN_UNUSED enum err store_forum_load(struct store *st, const char *slug, struct forum *out);

/** Calls @fn for every forum, earliest first (forums without dates last), then by slug. */
WARN_UNUSED enum err store_forum_list(struct store *st,
                                      void (*fn)(void *ctx, const struct store_forum_row *row),
                                      void *ctx);

/** Replaces the forums (by slug; each must exist) and Progress Declaration paragraphs of stored
 * action a->id with those of @a. */
WARN_UNUSED enum err store_action_links_put(struct store *st, const struct action *a);

/** Fills a->forums (slug order) and a->paragraphs from what is stored for action a->id. */
WARN_UNUSED enum err store_action_links_load(struct store *st, struct action *a);

/** Walks the forum and paragraph links of every published action, for the in-memory index:
 * @forum is called with an action id and a forum id, @paragraph with an action id and a
 * paragraph number. */
WARN_UNUSED enum err
store_action_links_scan(struct store *st,
                        void (*forum)(void *ctx, int64_t action_id, int64_t forum_id),
                        void (*paragraph)(void *ctx, int64_t action_id, int number), void *ctx);

#endif
