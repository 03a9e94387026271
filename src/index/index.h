/* The in-memory index of published actions that answers filters, sorting and facet counts
 * without touching the database: for every value of every dimension, the set of actions
 * carrying it (a sorted slot list, plus a bitmap when the value is common). An index is
 * immutable once built; the server builds a new one when the database changes and swaps it
 * in, so readers never wait. */
#ifndef LOCALACTION_INDEX_H
#define LOCALACTION_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

enum dim {
    DIM_OBJECTIVE,
    DIM_PRINCIPLE,
    DIM_GCR,
    DIM_SDG,
    DIM_THEME,
    DIM_GROUP,
    DIM_REGION,
    DIM_SUBREGION,
    DIM_COUNTRY,
    DIM_GOVERNMENT,
    DIM_KIND,
    DIM_STATUS,
    DIM_YEAR,
    DIM_FORUM,     /* the forums an action was submitted to (store/forums.h) */
    DIM_PARAGRAPH, /* the Progress Declaration paragraphs it advances (taxonomy.h) */
    DIM_COUNT
};

#define INDEX_YEAR_MIN 1900
#define INDEX_YEAR_MAX 2200

/** The API name of a dimension ("objective", "target_group", ...). */
const char *index_dim_name(enum dim d);
/** The dimension named @s, or -1. */
int index_dim_find(const char *s, size_t len);

struct index;

/** Builds an index from the published actions in @st. *out has one reference. */
WARN_UNUSED enum err index_build(struct store *st, struct index **out);
void index_ref(struct index *ix);
/** Drops a reference; the last one frees the index. NULL does nothing. */
void index_unref(struct index *ix);

size_t index_size(const struct index *ix);
/** A number no other index of this process has: caches key their entries with it. */
uint64_t index_generation(const struct index *ix);
/** When the index was built (seconds since the epoch): no published data is newer, so it
 * serves as the Last-Modified time of pages drawn from it. */
int64_t index_built_at(const struct index *ix);
/** Number of distinct values the dimension has in this index (governments: those with a
 * published action). */
size_t index_value_count(const struct index *ix, enum dim d);

/** The value index of the government with database id @id, or -1. */
int index_government_value(const struct index *ix, int64_t id);
/** The database id of government value @v. */
int64_t index_government_id(const struct index *ix, int v);
/** The slug and name of government value @v (owned by the index). */
const char *index_government_slug(const struct index *ix, int v);
const char *index_government_name(const struct index *ix, int v);
/** The value of the government with @slug, or -1. */
int index_government_find(const struct index *ix, const char *slug, size_t len);

/** The value of the forum with @slug, or -1; forum values are every stored forum, earliest
 * first (store_forum_list() order), with or without actions. */
int index_forum_find(const struct index *ix, const char *slug, size_t len);
/** The slug and name of forum value @v (owned by the index). */
const char *index_forum_slug(const struct index *ix, int v);
const char *index_forum_name(const struct index *ix, int v);

enum index_sort {
    SORT_UPDATED_DESC,
    SORT_UPDATED_ASC,
    SORT_TITLE_ASC,
    SORT_TITLE_DESC,
    SORT_START_ASC,
    SORT_START_DESC,
    SORT_RELEVANCE,
};

#define INDEX_MAX_SELECTED 320 /* values selected in one dimension */

/* Full-text matches prepared against one index: which slots match and their order by rank.
 * Immutable once made, shared between requests through a reference count. */
struct index_text;

/** Prepares the matches @ids (best in ascending order) for queries on @ix; @in_title tells
 * which matched in their title alone, and those come first in relevance order, each group
 * newest first. Ids of actions @ix does not hold are ignored. One reference. */
struct index_text *index_text_new(const struct index *ix, const int64_t *ids, const bool *in_title,
                                  size_t n);
/* void pointers, so that a memo can hold them (http/memo.h) */
void index_text_ref(void *t);
void index_text_unref(void *t);
/** Bytes the matches use, for a cache's budget. */
size_t index_text_bytes(const struct index_text *t, const struct index *ix);

/* What a list request asks for. Values are per-dimension value indices (see taxonomy.h for
 * vocabularies, regions and countries; index_government_value(); enum action_kind;
 * enum impl_status; years as year - INDEX_YEAR_MIN; index_forum_find(); paragraphs as
 * taxonomy_paragraph() indices). */
struct index_query {
    int selected[DIM_COUNT][INDEX_MAX_SELECTED];
    size_t n_selected[DIM_COUNT];
    bool has_text;                 /* q was given: only text matches count */
    const struct index_text *text; /* the matches, when has_text */
    enum index_sort sort;
    size_t limit;
    bool has_cursor;
    char cursor[512];       /* from a previous result */
    bool facets[DIM_COUNT]; /* dimensions to count */
    size_t facet_limit;     /* values listed for country and government (0: all) */
};

struct index_facet {
    int value;
    uint32_t count;
};

struct index_result {
    size_t total;
    int64_t *ids; /* the page, in order; caller frees with index_result_release() */
    size_t n_ids;
    bool has_next;
    char next_cursor[512];
    /* values with their counts: in value order, except country and government, which are
     * ordered by count (most first) and cut to facet_limit, keeping selected values */
    struct index_facet *facets[DIM_COUNT];
    size_t n_facets[DIM_COUNT];
};

/* The facet counts of a result, kept to answer the same filters again: immutable, shared
 * through a reference count. */
struct index_facets;

/** Moves the facet lists out of @r into a new snapshot (one reference); @r keeps its page. */
struct index_facets *index_facets_take(struct index_result *r);
/** Copies the snapshot's facet lists into @r, which has none. */
void index_facets_fill(const struct index_facets *f, struct index_result *r);
void index_facets_ref(void *f);
void index_facets_unref(void *f);
size_t index_facets_bytes(const struct index_facets *f);

/** Answers @q. ERR_INVALID when the cursor is malformed or for another sort. */
WARN_UNUSED enum err index_query(const struct index *ix, const struct index_query *q,
                                 struct index_result *out);
void index_result_release(struct index_result *r);

#endif
