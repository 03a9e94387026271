/* Builds and queries the in-memory index described in index.h. Slots number the published
 * actions in id order; a posting list holds the slots carrying one value of one dimension.
 * Invariant: posting lists are sorted and free of duplicates, and a bitmap, when present,
 * holds exactly the same slots. */
#include "index/index.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/taxonomy.h"
#include "store/forums.h"
#include "util/buf.h"
#include "util/parse.h"
#include "util/text.h"
#include "util/xalloc.h"

#define YEAR_VALUES (INDEX_YEAR_MAX - INDEX_YEAR_MIN + 1)

static const char *const dim_names[DIM_COUNT] = {
    "objective",    "principle", "gcr_objective", "sdg",     "theme",
    "target_group", "region",    "subregion",     "country", "government",
    "kind",         "status",    "year",          "forum",   "paragraph",
};

const char *
index_dim_name(enum dim d)
{
    return dim_names[d];
}

int
index_dim_find(const char *s, size_t len)
{
    for (int d = 0; d < DIM_COUNT; d++)
        if (strlen(dim_names[d]) == len && memcmp(dim_names[d], s, len) == 0)
            return d;
    return -1;
}

struct postings {
    uint32_t *slots;
    uint32_t count, cap;
    uint64_t *bits; /* NULL unless the value is common enough for a bitmap to pay */
};

struct slot_info {
    int64_t id;
    int64_t updated_at;
    int32_t start; /* YYYYMMDD of the first day, 0 when unknown */
    char *title_key;
};

#define FWD_NONE UINT16_MAX

struct fwd_extra {
    uint32_t slot;
    uint16_t value;
};

struct index {
    atomic_int refs;
    uint64_t generation;
    int64_t built_at; /* seconds since the epoch */
    size_t n;         /* slots */
    size_t words;     /* 64-bit words in a bitmap over the slots */
    struct slot_info *slots;
    struct postings *values[DIM_COUNT];
    size_t n_values[DIM_COUNT];
    int64_t *gov_ids; /* government value -> database id, sorted */
    char **gov_slugs, **gov_names;
    struct forum_value *forums; /* forum value -> the forum, n_values[DIM_FORUM] of them */
    uint32_t *order_updated, *order_title, *order_start; /* slots in ascending sort order */
    /* The forward index, for the dimensions with many values, which facet counting walks
     * slot by slot: fwd_first[d][s] is the first value of slot s (FWD_NONE for none), and
     * the few slots with more (joint pledges) list the rest in fwd_more[d], sorted by slot. */
    uint16_t *fwd_first[DIM_COUNT];
    /* for dimensions of at most 64 values, each slot's values as one word of bits */
    uint64_t *fwd_bits[DIM_COUNT];
    size_t fwd_entries[DIM_COUNT]; /* values per slot, summed over the slots */
    struct fwd_extra *fwd_more[DIM_COUNT];
    size_t n_fwd_more[DIM_COUNT];
    size_t n_bitmaps[DIM_COUNT]; /* values with a bitmap, per dimension */
    size_t n_listed[DIM_COUNT];  /* slots in the posting lists of values without one */
};

/* ---- building ---- */

struct forum_value {
    int64_t id;
    char *slug, *name;
};

struct gov_pair {
    int64_t gov_id;
    uint32_t slot;
    int country;
};

struct builder {
    struct index *ix;
    size_t cap;
    struct gov_pair *govs;
    size_t n_govs, cap_govs;
};

static void
postings_add(struct postings *p, uint32_t slot)
{
    if (p->count == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 8;
        p->slots = xreallocarray(p->slots, p->cap, sizeof(*p->slots));
    }
    p->slots[p->count++] = slot;
}

static int
slot_of(const struct index *ix, int64_t id)
{
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->slots[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ix->n && ix->slots[lo].id == id ? (int)lo : -1;
}

static int32_t
start_key(const char *date)
{
    char full[11];
    if (date == NULL || *date == '\0')
        return 0;
    size_t n = strlen(date);
    memcpy(full, date, n);
    full[n] = '\0';
    if (n == 4)
        memcpy(full + 4, "-01-01", 7);
    else if (n == 7)
        memcpy(full + 7, "-01", 4);
    int64_t y = 0, m = 0, d = 0;
    if (parse_i64(full, 4, 0, 9999, &y) != ERR_OK || parse_i64(full + 5, 2, 0, 12, &m) != ERR_OK ||
        parse_i64(full + 8, 2, 0, 31, &d) != ERR_OK)
        return 0;
    return (int32_t)(y * 10000 + m * 100 + d);
}

static void
on_action(void *ctx, const struct store_action_row *row)
{
    struct builder *b = ctx;
    struct index *ix = b->ix;
    if (ix->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 1024;
        ix->slots = xreallocarray(ix->slots, b->cap, sizeof(*ix->slots));
    }
    uint32_t slot = (uint32_t)ix->n++;
    struct slot_info *s = &ix->slots[slot];
    s->id = row->id;
    s->updated_at = row->updated_at;
    s->start = start_key(row->start_date);
    struct buf key;
    buf_init(&key, 4096);
    text_fold_key(&key, row->title, strlen(row->title));
    s->title_key = buf_take(&key, NULL);
    postings_add(&ix->values[DIM_KIND][row->kind], slot);
    postings_add(&ix->values[DIM_STATUS][row->status], slot);
    if (s->start != 0) {
        int year = s->start / 10000;
        if (year >= INDEX_YEAR_MIN && year <= INDEX_YEAR_MAX)
            postings_add(&ix->values[DIM_YEAR][year - INDEX_YEAR_MIN], slot);
    }
}

static void
on_term(void *ctx, int64_t action_id, enum vocab_id vocab, int term)
{
    struct builder *b = ctx;
    int slot = slot_of(b->ix, action_id);
    if (slot < 0)
        return;
    /* vocabularies map one to one onto the first dimensions */
    postings_add(&b->ix->values[(enum dim)vocab][term], (uint32_t)slot);
    int parent = taxonomy_vocab(vocab)->terms[term].parent;
    if (parent >= 0)
        postings_add(&b->ix->values[(enum dim)vocab][parent], (uint32_t)slot);
}

static void
on_forum_row(void *ctx, const struct store_forum_row *row)
{
    struct index *ix = ctx;
    size_t n = ix->n_values[DIM_FORUM];
    ix->forums = xreallocarray(ix->forums, n + 1, sizeof(*ix->forums));
    ix->forums[n] = (struct forum_value){row->id, xstrdup(row->slug), xstrdup(row->name)};
    ix->n_values[DIM_FORUM] = n + 1;
}

static void
on_forum_link(void *ctx, int64_t action_id, int64_t forum_id)
{
    struct builder *b = ctx;
    int slot = slot_of(b->ix, action_id);
    for (size_t v = 0; slot >= 0 && v < b->ix->n_values[DIM_FORUM]; v++)
        if (b->ix->forums[v].id == forum_id)
            postings_add(&b->ix->values[DIM_FORUM][v], (uint32_t)slot);
}

static void
on_paragraph_link(void *ctx, int64_t action_id, int number)
{
    struct builder *b = ctx;
    int slot = slot_of(b->ix, action_id);
    int v = taxonomy_paragraph_index(number);
    if (slot >= 0 && v >= 0)
        postings_add(&b->ix->values[DIM_PARAGRAPH][v], (uint32_t)slot);
}

static void
on_government(void *ctx, int64_t action_id, int64_t government_id, int country)
{
    struct builder *b = ctx;
    int slot = slot_of(b->ix, action_id);
    if (slot < 0)
        return;
    if (b->n_govs == b->cap_govs) {
        b->cap_govs = b->cap_govs ? b->cap_govs * 2 : 1024;
        b->govs = xreallocarray(b->govs, b->cap_govs, sizeof(*b->govs));
    }
    b->govs[b->n_govs++] = (struct gov_pair){government_id, (uint32_t)slot, country};
}

static int
compare_gov_pairs(const void *a, const void *b)
{
    const struct gov_pair *x = a, *y = b;
    if (x->gov_id != y->gov_id)
        return x->gov_id < y->gov_id ? -1 : 1;
    return x->slot < y->slot ? -1 : x->slot > y->slot;
}

static void
add_government_values(struct builder *b)
{
    struct index *ix = b->ix;
    if (b->n_govs > 0)
        qsort(b->govs, b->n_govs, sizeof(*b->govs), compare_gov_pairs);
    size_t distinct = 0;
    for (size_t i = 0; i < b->n_govs; i++)
        if (i == 0 || b->govs[i].gov_id != b->govs[i - 1].gov_id)
            distinct++;
    ix->gov_ids = xcalloc(distinct, sizeof(*ix->gov_ids));
    ix->values[DIM_GOVERNMENT] = xcalloc(distinct, sizeof(struct postings));
    ix->n_values[DIM_GOVERNMENT] = distinct;
    int v = -1;
    for (size_t i = 0; i < b->n_govs; i++) {
        const struct gov_pair *g = &b->govs[i];
        if (i == 0 || g->gov_id != b->govs[i - 1].gov_id)
            ix->gov_ids[++v] = g->gov_id;
        postings_add(&ix->values[DIM_GOVERNMENT][v], g->slot);
        if (g->country < 0)
            continue;
        const struct country *c = taxonomy_country(g->country);
        postings_add(&ix->values[DIM_COUNTRY][g->country], g->slot);
        if (c->region >= 0)
            postings_add(&ix->values[DIM_REGION][c->region], g->slot);
        if (c->subregion >= 0)
            postings_add(&ix->values[DIM_SUBREGION][c->subregion], g->slot);
    }
}

static void
on_government_row(void *ctx, const struct store_government_row *row)
{
    struct index *ix = ctx;
    int v = index_government_value(ix, row->id);
    if (v < 0)
        return;
    ix->gov_slugs[v] = xstrdup(row->slug);
    ix->gov_names[v] = xstrdup(row->name);
}

static int
compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Dimensions whose facets are counted by walking the matched slots: too many values for a
 * bitmap popcount each, and mostly one value per action. */
static bool
is_forward_dimension(int d)
{
    return d == DIM_COUNTRY || d == DIM_SUBREGION || d == DIM_GOVERNMENT || d == DIM_YEAR;
}

/* Sorts and de-duplicates each list, and gives common values a bitmap. */
static void
finish_postings(struct index *ix)
{
    for (int d = 0; d < DIM_COUNT; d++) {
        for (size_t v = 0; v < ix->n_values[d]; v++) {
            struct postings *p = &ix->values[d][v];
            if (p->count == 0)
                continue;
            qsort(p->slots, p->count, sizeof(*p->slots), compare_u32);
            uint32_t w = 1;
            for (uint32_t i = 1; i < p->count; i++)
                if (p->slots[i] != p->slots[w - 1])
                    p->slots[w++] = p->slots[i];
            p->count = w;
            p->slots = xreallocarray(p->slots, p->count, sizeof(*p->slots));
            p->cap = p->count;
            /* A value gets a bitmap (n/8 bytes) so that facet counting is a popcount over
             * its words, unless it belongs to a dimension with many values (countries,
             * governments, years), which the forward index counts instead, and is rare:
             * then a list (4 bytes a slot) is smaller. */
            if (!is_forward_dimension(d) || (size_t)p->count * 32 >= ix->n) {
                ix->n_bitmaps[d]++;
                p->bits = xcalloc(ix->words, sizeof(uint64_t));
                for (uint32_t i = 0; i < p->count; i++)
                    p->bits[p->slots[i] / 64] |= (uint64_t)1 << (p->slots[i] % 64);
            } else {
                ix->n_listed[d] += p->count;
            }
        }
    }
}

static int
compare_extras(const void *a, const void *b)
{
    const struct fwd_extra *x = a, *y = b;
    if (x->slot != y->slot)
        return x->slot < y->slot ? -1 : 1;
    return x->value - y->value;
}

/* Fills the forward index from the posting lists. */
static void
build_forward(struct index *ix)
{
    for (int d = 0; d < DIM_COUNT; d++) {
        for (size_t v = 0; v < ix->n_values[d]; v++)
            ix->fwd_entries[d] += ix->values[d][v].count;
        if (!is_forward_dimension(d) && ix->n_values[d] <= 64) {
            uint64_t *bits = xcalloc(ix->n ? ix->n : 1, sizeof(*bits));
            for (size_t v = 0; v < ix->n_values[d]; v++)
                for (uint32_t i = 0; i < ix->values[d][v].count; i++)
                    bits[ix->values[d][v].slots[i]] |= (uint64_t)1 << v;
            ix->fwd_bits[d] = bits;
            continue;
        }
        /* values must fit 16 bits; a registry with more governments counts them by bitmap */
        if (!is_forward_dimension(d) || ix->n_values[d] >= FWD_NONE)
            continue;
        uint16_t *first = xcalloc(ix->n ? ix->n : 1, sizeof(*first));
        memset(first, 0xff, (ix->n ? ix->n : 1) * sizeof(*first));
        struct fwd_extra *more = NULL;
        size_t n_more = 0, cap = 0;
        for (size_t v = 0; v < ix->n_values[d]; v++) {
            const struct postings *p = &ix->values[d][v];
            for (uint32_t i = 0; i < p->count; i++) {
                uint32_t slot = p->slots[i];
                if (first[slot] == FWD_NONE) {
                    first[slot] = (uint16_t)v;
                    continue;
                }
                if (n_more == cap) {
                    cap = cap ? cap * 2 : 256;
                    more = xreallocarray(more, cap, sizeof(*more));
                }
                more[n_more++] = (struct fwd_extra){slot, (uint16_t)v};
            }
        }
        if (n_more > 0)
            qsort(more, n_more, sizeof(*more), compare_extras);
        ix->fwd_first[d] = first;
        ix->fwd_more[d] = more;
        ix->n_fwd_more[d] = n_more;
    }
}

/* qsort has no context argument, so the comparators read the index being sorted from here;
 * index_build() holds build_lock while sorting. */
static const struct index *sorting;
static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;

static int
compare_updated(const void *a, const void *b)
{
    const struct slot_info *x = &sorting->slots[*(const uint32_t *)a];
    const struct slot_info *y = &sorting->slots[*(const uint32_t *)b];
    /* ascending order is newest first: the default listing walks it forwards */
    if (x->updated_at != y->updated_at)
        return x->updated_at > y->updated_at ? -1 : 1;
    return x->id > y->id ? -1 : x->id < y->id;
}

static int
compare_title(const void *a, const void *b)
{
    const struct slot_info *x = &sorting->slots[*(const uint32_t *)a];
    const struct slot_info *y = &sorting->slots[*(const uint32_t *)b];
    int c = strcmp(x->title_key, y->title_key);
    if (c != 0)
        return c;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int
compare_start(const void *a, const void *b)
{
    const struct slot_info *x = &sorting->slots[*(const uint32_t *)a];
    const struct slot_info *y = &sorting->slots[*(const uint32_t *)b];
    /* unknown starts go last */
    uint32_t xs = x->start ? (uint32_t)x->start : UINT32_MAX;
    uint32_t ys = y->start ? (uint32_t)y->start : UINT32_MAX;
    if (xs != ys)
        return xs < ys ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static uint32_t *
sorted_order(const struct index *ix, int (*cmp)(const void *, const void *))
{
    uint32_t *order = xcalloc(ix->n ? ix->n : 1, sizeof(*order));
    for (size_t i = 0; i < ix->n; i++)
        order[i] = (uint32_t)i;
    sorting = ix;
    qsort(order, ix->n, sizeof(*order), cmp);
    sorting = NULL;
    return order;
}

enum err
index_build(struct store *st, struct index **out)
{
    static atomic_uint_fast64_t generations;
    struct index *ix = xcalloc(1, sizeof(*ix));
    struct builder b = {ix, 0, NULL, 0, 0};
    atomic_init(&ix->refs, 1);
    ix->generation = atomic_fetch_add(&generations, 1) + 1;
    ix->built_at = (int64_t)time(NULL);
    for (int v = 0; v < VOCAB_COUNT; v++)
        ix->n_values[v] = taxonomy_vocab((enum vocab_id)v)->count;
    ix->n_values[DIM_REGION] = taxonomy_region_count();
    ix->n_values[DIM_SUBREGION] = taxonomy_subregion_count();
    ix->n_values[DIM_COUNTRY] = taxonomy_country_count();
    ix->n_values[DIM_KIND] = ACTION_KIND_COUNT;
    ix->n_values[DIM_STATUS] = IMPL_STATUS_COUNT;
    ix->n_values[DIM_YEAR] = YEAR_VALUES;
    ix->n_values[DIM_PARAGRAPH] = taxonomy_paragraph_count();
    for (int d = 0; d < DIM_COUNT; d++)
        if (d != DIM_GOVERNMENT && d != DIM_FORUM)
            ix->values[d] = xcalloc(ix->n_values[d] ? ix->n_values[d] : 1, sizeof(struct postings));

    struct store_scan scan = {&b, on_action, on_term, on_government};
    enum err e = store_begin(st);
    if (e == ERR_OK) {
        e = store_forum_list(st, on_forum_row, ix);
        ix->values[DIM_FORUM] =
            xcalloc(ix->n_values[DIM_FORUM] ? ix->n_values[DIM_FORUM] : 1, sizeof(struct postings));
        if (e == ERR_OK)
            e = store_scan_published(st, &scan);
        if (e == ERR_OK)
            e = store_action_links_scan(st, on_forum_link, on_paragraph_link, &b);
        if (e == ERR_OK) {
            ix->words = (ix->n + 63) / 64;
            add_government_values(&b);
            ix->gov_slugs = xcalloc(ix->n_values[DIM_GOVERNMENT] + 1, sizeof(char *));
            ix->gov_names = xcalloc(ix->n_values[DIM_GOVERNMENT] + 1, sizeof(char *));
            e = store_government_list(st, on_government_row, ix);
        }
        store_rollback(st);
    }
    if (e != ERR_OK) {
        free(b.govs);
        index_unref(ix);
        return e;
    }
    free(b.govs);
    finish_postings(ix);
    build_forward(ix);
    pthread_mutex_lock(&build_lock);
    ix->order_updated = sorted_order(ix, compare_updated);
    ix->order_title = sorted_order(ix, compare_title);
    ix->order_start = sorted_order(ix, compare_start);
    pthread_mutex_unlock(&build_lock);
    *out = ix;
    return ERR_OK;
}

void
index_ref(struct index *ix)
{
    atomic_fetch_add(&ix->refs, 1);
}

void
index_unref(struct index *ix)
{
    if (ix == NULL || atomic_fetch_sub(&ix->refs, 1) != 1)
        return;
    for (int d = 0; d < DIM_COUNT; d++) {
        for (size_t v = 0; ix->values[d] != NULL && v < ix->n_values[d]; v++) {
            free(ix->values[d][v].slots);
            free(ix->values[d][v].bits);
        }
        free(ix->values[d]);
    }
    for (size_t i = 0; i < ix->n; i++)
        free(ix->slots[i].title_key);
    free(ix->slots);
    for (size_t v = 0; ix->gov_slugs != NULL && v < ix->n_values[DIM_GOVERNMENT]; v++) {
        free(ix->gov_slugs[v]);
        free(ix->gov_names[v]);
    }
    free(ix->gov_slugs);
    free(ix->gov_names);
    free(ix->gov_ids);
    for (size_t v = 0; ix->forums != NULL && v < ix->n_values[DIM_FORUM]; v++) {
        free(ix->forums[v].slug);
        free(ix->forums[v].name);
    }
    free(ix->forums);
    for (int d = 0; d < DIM_COUNT; d++) {
        free(ix->fwd_first[d]);
        free(ix->fwd_more[d]);
        free(ix->fwd_bits[d]);
    }
    free(ix->order_updated);
    free(ix->order_title);
    free(ix->order_start);
    free(ix);
}

size_t
index_size(const struct index *ix)
{
    return ix->n;
}

uint64_t
index_generation(const struct index *ix)
{
    return ix->generation;
}

int64_t
index_built_at(const struct index *ix)
{
    return ix->built_at;
}

size_t
index_value_count(const struct index *ix, enum dim d)
{
    return ix->n_values[d];
}

int
index_government_value(const struct index *ix, int64_t id)
{
    size_t lo = 0, hi = ix->n_values[DIM_GOVERNMENT];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->gov_ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ix->n_values[DIM_GOVERNMENT] && ix->gov_ids[lo] == id ? (int)lo : -1;
}

int
index_forum_find(const struct index *ix, const char *slug, size_t len)
{
    for (size_t v = 0; v < ix->n_values[DIM_FORUM]; v++)
        if (strlen(ix->forums[v].slug) == len && memcmp(ix->forums[v].slug, slug, len) == 0)
            return (int)v;
    return -1;
}

const char *
index_forum_slug(const struct index *ix, int v)
{
    return ix->forums[v].slug;
}

const char *
index_forum_name(const struct index *ix, int v)
{
    return ix->forums[v].name;
}

int64_t
index_government_id(const struct index *ix, int v)
{
    return ix->gov_ids[v];
}

/* ---- querying ---- */

static void
mask_fill(uint64_t *m, size_t n, size_t words)
{
    memset(m, 0xff, words * sizeof(*m));
    if (n % 64)
        m[words - 1] = ((uint64_t)1 << (n % 64)) - 1;
}

static bool
mask_has(const uint64_t *m, uint32_t slot)
{
    return (m[slot / 64] >> (slot % 64)) & 1;
}

static void
mask_or_postings(uint64_t *m, const struct postings *p, size_t words)
{
    if (p->bits != NULL) {
        for (size_t w = 0; w < words; w++)
            m[w] |= p->bits[w];
        return;
    }
    for (uint32_t i = 0; i < p->count; i++)
        m[p->slots[i] / 64] |= (uint64_t)1 << (p->slots[i] % 64);
}

static void
mask_and(uint64_t *m, const uint64_t *other, size_t words)
{
    for (size_t w = 0; w < words; w++)
        m[w] &= other[w];
}

/* The popcount loops are where facet counting spends its time. Debian builds for baseline
 * x86-64, which lacks the POPCNT instruction, so gcc calls a slow library routine; a clone
 * compiled for POPCNT is picked at load time on every processor that has it (since 2008), and
 * and_count() uses AVX-512's vector popcount where the processor has that. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define POPCOUNT_CLONES      __attribute__((target_clones("popcnt", "default")))
#define HAVE_AVX512_POPCOUNT 1
#else
#define POPCOUNT_CLONES
#endif

POPCOUNT_CLONES static uint32_t
and_count_scalar(const uint64_t *a, const uint64_t *b, size_t words)
{
    uint32_t n = 0;
    for (size_t w = 0; w < words; w++)
        n += (uint32_t)__builtin_popcountll(a[w] & b[w]);
    return n;
}

#ifdef HAVE_AVX512_POPCOUNT
#include <immintrin.h>

__attribute__((target("avx512f,avx512vpopcntdq,popcnt"))) static uint32_t
and_count_avx512(const uint64_t *a, const uint64_t *b, size_t words)
{
    __m512i acc = _mm512_setzero_si512();
    size_t w = 0;
    for (; w + 8 <= words; w += 8) {
        __m512i x = _mm512_and_si512(_mm512_loadu_si512(a + w), _mm512_loadu_si512(b + w));
        acc = _mm512_add_epi64(acc, _mm512_popcnt_epi64(x));
    }
    uint64_t n = (uint64_t)_mm512_reduce_add_epi64(acc);
    for (; w < words; w++)
        n += (uint64_t)__builtin_popcountll(a[w] & b[w]);
    return (uint32_t)n;
}

static bool
has_vector_popcount(void)
{
    return __builtin_cpu_supports("avx512vpopcntdq") && __builtin_cpu_supports("avx512f");
}

static uint32_t
and_count(const uint64_t *a, const uint64_t *b, size_t words)
{
    static int vector = -1; /* a benign race: every thread computes the same answer */
    if (vector < 0)
        vector = has_vector_popcount();
    return vector ? and_count_avx512(a, b, words) : and_count_scalar(a, b, words);
}
#else
static uint32_t
and_count(const uint64_t *a, const uint64_t *b, size_t words)
{
    return and_count_scalar(a, b, words);
}
#endif

POPCOUNT_CLONES static uint32_t
count_in(const struct postings *p, const uint64_t *mask, size_t words)
{
    uint32_t n = 0;
    if (p->bits != NULL)
        return and_count(p->bits, mask, words);
    for (uint32_t i = 0; i < p->count; i++)
        n += mask_has(mask, p->slots[i]);
    return n;
}

/* Cursors are opaque to clients: "<sort>:<key>:<id>" in URL-safe base64. */
static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void
cursor_encode(const char *plain, char *out, size_t cap)
{
    size_t n = strlen(plain), o = 0;
    for (size_t i = 0; i < n && o + 5 < cap; i += 3) {
        uint32_t v = (uint32_t)(unsigned char)plain[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)(unsigned char)plain[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)plain[i + 2];
        out[o++] = b64[(v >> 18) & 63];
        out[o++] = b64[(v >> 12) & 63];
        if (i + 1 < n)
            out[o++] = b64[(v >> 6) & 63];
        if (i + 2 < n)
            out[o++] = b64[v & 63];
    }
    out[o] = '\0';
}

static bool
cursor_decode(const char *in, char *out, size_t cap)
{
    size_t n = strlen(in), o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = strchr(b64, in[i]);
        if (p == NULL || in[i] == '\0')
            return false;
        acc = (acc << 6) | (uint32_t)(p - b64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o + 1 >= cap)
                return false;
            out[o++] = (char)((acc >> bits) & 0xff);
        }
    }
    out[o] = '\0';
    return o > 0;
}

static const char sort_letters[] = "uUtTsSr"; /* one per enum index_sort */

/* The sort key of a slot as cursor text. */
static void
slot_key(const struct index *ix, enum index_sort sort, uint32_t slot, int level, char *out,
         size_t cap)
{
    const struct slot_info *s = &ix->slots[slot];
    switch (sort) {
    case SORT_UPDATED_ASC:
    case SORT_UPDATED_DESC:
        snprintf(out, cap, "%c:%lld:%lld", sort_letters[sort], (long long)s->updated_at,
                 (long long)s->id);
        break;
    case SORT_START_ASC:
    case SORT_START_DESC:
        snprintf(out, cap, "%c:%d:%lld", sort_letters[sort], (int)s->start, (long long)s->id);
        break;
    case SORT_TITLE_ASC:
    case SORT_TITLE_DESC:
        snprintf(out, cap, "%c:%.300s:%lld", sort_letters[sort], s->title_key, (long long)s->id);
        break;
    case SORT_RELEVANCE:
        /* @level: 1 when the title holds every word, else 0 */
        snprintf(out, cap, "%c:%d,%lld:%lld", sort_letters[sort], level, (long long)s->updated_at,
                 (long long)s->id);
        break;
    }
}

/* A cursor taken apart: the key (as number or text) and the id after which to continue. */
struct cursor {
    int64_t num;
    int level; /* relevance level */
    char text[400];
    int64_t id;
};

static enum err
cursor_parse(const struct index_query *q, struct cursor *c)
{
    char plain[420];
    if (!cursor_decode(q->cursor, plain, sizeof(plain)) || plain[0] != sort_letters[q->sort] ||
        plain[1] != ':')
        return ERR_INVALID;
    char *last = strrchr(plain, ':');
    if (last == plain + 1)
        return ERR_INVALID;
    if (parse_i64(last + 1, strlen(last + 1), 1, INT64_MAX, &c->id) != ERR_OK)
        return ERR_INVALID;
    *last = '\0';
    const char *key = plain + 2;
    size_t len = strlen(key);
    if (q->sort == SORT_TITLE_ASC || q->sort == SORT_TITLE_DESC) {
        if (len >= sizeof(c->text))
            return ERR_INVALID;
        memcpy(c->text, key, len + 1);
        return ERR_OK;
    }
    if (q->sort == SORT_RELEVANCE) {
        int64_t level;
        const char *comma = memchr(key, ',', len);
        if (comma == NULL || parse_i64(key, (size_t)(comma - key), 0, 1, &level) != ERR_OK)
            return ERR_INVALID;
        c->level = (int)level;
        return parse_i64(comma + 1, len - (size_t)(comma + 1 - key), INT64_MIN, INT64_MAX, &c->num);
    }
    return parse_i64(key, len, INT64_MIN, INT64_MAX, &c->num);
}

/* Compares slot @s with the cursor in the ascending order of the array for @sort. */
static int
compare_with_cursor(const struct index *ix, enum index_sort sort, uint32_t slot,
                    const struct cursor *c)
{
    const struct slot_info *s = &ix->slots[slot];
    int r = 0;
    switch (sort) {
    case SORT_UPDATED_ASC:
    case SORT_UPDATED_DESC:
        if (s->updated_at != c->num)
            return s->updated_at > c->num ? -1 : 1;
        return s->id > c->id ? -1 : s->id < c->id;
    case SORT_START_ASC:
    case SORT_START_DESC: {
        uint32_t xs = s->start ? (uint32_t)s->start : UINT32_MAX;
        uint32_t cs = c->num ? (uint32_t)c->num : UINT32_MAX;
        if (xs != cs)
            return xs < cs ? -1 : 1;
        break;
    }
    case SORT_TITLE_ASC:
    case SORT_TITLE_DESC:
        r = strcmp(s->title_key, c->text);
        if (r != 0)
            return r;
        break;
    case SORT_RELEVANCE:
        break;
    }
    return s->id < c->id ? -1 : s->id > c->id;
}

struct index_text {
    atomic_int refs;
    uint64_t *bits;       /* matching slots */
    uint64_t *title_bits; /* matching slots whose title holds every word */
    size_t n;
};

struct index_text *
index_text_new(const struct index *ix, const int64_t *ids, const bool *in_title, size_t n)
{
    struct index_text *t = xcalloc(1, sizeof(*t));
    size_t words = ix->words ? ix->words : 1;
    atomic_init(&t->refs, 1);
    t->bits = xcalloc(words, sizeof(uint64_t));
    t->title_bits = xcalloc(words, sizeof(uint64_t));
    /* search returns ids in ascending order, as the slots are: walk both together */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && ids[i] < ids[i - 1])
            k = 0; /* not ascending after all: start the walk again */
        while (k < ix->n && ix->slots[k].id < ids[i])
            k++;
        if (k == ix->n || ix->slots[k].id != ids[i])
            continue;
        t->bits[k / 64] |= (uint64_t)1 << (k % 64);
        if (in_title[i])
            t->title_bits[k / 64] |= (uint64_t)1 << (k % 64);
        t->n++;
    }
    return t;
}

void
index_text_ref(void *p)
{
    atomic_fetch_add(&((struct index_text *)p)->refs, 1);
}

void
index_text_unref(void *p)
{
    struct index_text *t = p;
    if (t == NULL || atomic_fetch_sub(&t->refs, 1) != 1)
        return;
    free(t->bits);
    free(t->title_bits);
    free(t);
}

size_t
index_text_bytes(const struct index_text *t, const struct index *ix)
{
    (void)t;
    return sizeof(*t) + 2 * ix->words * sizeof(uint64_t);
}

static void
page_add(struct index_result *out, int64_t id, size_t limit)
{
    if (out->n_ids < limit)
        out->ids[out->n_ids++] = id;
}

/* Walks an ordered array of slots, keeping those in @mask, after the cursor. */
static void
page_from_order(const struct index *ix, const struct index_query *q, const uint32_t *order,
                bool reverse, const uint64_t *mask, const struct cursor *c,
                struct index_result *out)
{
    size_t n = ix->n, start = 0;
    if (q->has_cursor) {
        /* binary search for the first array position after (or, reversed, before) the key */
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int cmp = compare_with_cursor(ix, q->sort, order[mid], c);
            bool before = reverse ? cmp < 0 : cmp <= 0;
            if (before)
                lo = mid + 1;
            else
                hi = mid;
        }
        start = reverse ? n - lo : lo;
    }
    uint32_t last = 0;
    bool any = false;
    for (size_t k = start; k < n; k++) {
        uint32_t slot = order[reverse ? n - 1 - k : k];
        if (!mask_has(mask, slot))
            continue;
        if (out->n_ids == q->limit) {
            out->has_next = true;
            break;
        }
        page_add(out, ix->slots[slot].id, q->limit);
        last = slot;
        any = true;
    }
    if (out->has_next && any) {
        char plain[420];
        slot_key(ix, q->sort, last, 0, plain, sizeof(plain));
        cursor_encode(plain, out->next_cursor, sizeof(out->next_cursor));
    }
}

/* Relevance order: first the actions whose title holds every word, then the others, each
 * level newest first (the order of order_updated). */
static void
page_by_relevance(const struct index *ix, const struct index_query *q, const uint64_t *mask,
                  const struct cursor *c, struct index_result *out)
{
    const struct index_text *t = q->text;
    size_t words = ix->words ? ix->words : 1;
    uint64_t *level_mask = xcalloc(words, sizeof(uint64_t));
    int start_level = q->has_cursor ? c->level : 1;
    uint32_t last = 0;
    int last_level = -1;
    for (int level = start_level; level >= 0 && !out->has_next; level--) {
        for (size_t w = 0; w < ix->words; w++)
            level_mask[w] = mask[w] & (level ? t->title_bits[w] : t->bits[w] & ~t->title_bits[w]);
        size_t k = 0;
        if (q->has_cursor && level == start_level) {
            size_t lo = 0, hi = ix->n;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (compare_with_cursor(ix, SORT_UPDATED_DESC, ix->order_updated[mid], c) <= 0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            k = lo;
        }
        for (; k < ix->n; k++) {
            uint32_t slot = ix->order_updated[k];
            if (!mask_has(level_mask, slot))
                continue;
            if (out->n_ids == q->limit) {
                out->has_next = true;
                break;
            }
            page_add(out, ix->slots[slot].id, q->limit);
            last = slot;
            last_level = level;
        }
    }
    if (out->has_next && last_level >= 0) {
        char plain[420];
        slot_key(ix, q->sort, last, last_level, plain, sizeof(plain));
        cursor_encode(plain, out->next_cursor, sizeof(out->next_cursor));
    }
    free(level_mask);
}

/* ORs the slots of the values selected in dimension @d into @m (which starts empty). */
static void
dimension_mask(const struct index *ix, const struct index_query *q, int d, uint64_t *m)
{
    memset(m, 0, ix->words * sizeof(*m));
    for (size_t i = 0; i < q->n_selected[d]; i++) {
        int v = q->selected[d][i];
        if (v >= 0 && (size_t)v < ix->n_values[d])
            mask_or_postings(m, &ix->values[d][v], ix->words);
    }
}

static bool
is_selected(const struct index_query *q, int d, int v)
{
    for (size_t i = 0; i < q->n_selected[d]; i++)
        if (q->selected[d][i] == v)
            return true;
    return false;
}

/* Dimensions with many values list those with actions, most first, up to a limit. */
static bool
ranked_dimension(int d)
{
    return d == DIM_COUNTRY || d == DIM_GOVERNMENT;
}

static int
compare_facet_counts(const void *a, const void *b)
{
    const struct index_facet *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->value - y->value;
}

/* Facet counts of a dimension come either from a popcount of each value's bitmap against the
 * mask (inverted), or, for the dimensions with many values, from one walk over the matched
 * slots reading their values from the forward index, whose arrays are small enough to stay in
 * cache. The walk pays for itself when the mask is sparse or the dimension has many values. */
static bool
walk_is_cheaper(const struct index *ix, int d, size_t matched)
{
    /* Rough costs in tenths of a nanosecond, measured on a 2.8 GHz Xeon: a bitmap word
     * against the mask (8: reading the bitmaps from memory bounds it, vector popcount or
     * not), a listed slot (20), and a matched slot's value in the walk (40). */
    const size_t word_cost = 8;
    if (ix->fwd_first[d] == NULL && ix->fwd_bits[d] == NULL)
        return false;
    size_t inverted = ix->n_bitmaps[d] * ix->words * word_cost + ix->n_listed[d] * 20;
    size_t per_slot = 1 + ix->fwd_entries[d] / (ix->n ? ix->n : 1);
    return ix->words * 5 + matched * per_slot * 40 < inverted;
}

static void
count_inverted(const struct index *ix, int d, const uint64_t *mask, uint32_t *counts)
{
    for (size_t v = 0; v < ix->n_values[d]; v++) {
        const struct postings *p = &ix->values[d][v];
        counts[v] = p->count == 0 ? 0 : count_in(p, mask, ix->words);
    }
}

/* One walk over the slots of @mask, counting the values of every dimension in @dims. */
static void
count_forward(const struct index *ix, const bool dims[DIM_COUNT], const uint64_t *mask,
              uint32_t *counts[DIM_COUNT])
{
    int list[DIM_COUNT];
    size_t n = 0;
    for (int d = 0; d < DIM_COUNT; d++)
        if (dims[d])
            list[n++] = d;
    if (n == 0)
        return;
    for (size_t w = 0; w < ix->words; w++) {
        uint64_t bits = mask[w];
        while (bits != 0) {
            size_t slot = w * 64 + (size_t)__builtin_ctzll(bits);
            bits &= bits - 1;
            for (size_t i = 0; i < n; i++) {
                int d = list[i];
                if (ix->fwd_bits[d] != NULL) {
                    for (uint64_t b = ix->fwd_bits[d][slot]; b != 0; b &= b - 1)
                        counts[d][__builtin_ctzll(b)]++;
                    continue;
                }
                uint16_t v = ix->fwd_first[d][slot];
                if (v != FWD_NONE)
                    counts[d][v]++;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        int d = list[i];
        for (size_t k = 0; k < ix->n_fwd_more[d]; k++)
            if (mask_has(mask, ix->fwd_more[d][k].slot))
                counts[d][ix->fwd_more[d][k].value]++;
    }
}

POPCOUNT_CLONES static size_t
mask_count(const uint64_t *m, size_t words)
{
    size_t n = 0;
    for (size_t w = 0; w < words; w++)
        n += (size_t)__builtin_popcountll(m[w]);
    return n;
}

/* Heap order for select_top(): the root is the facet that sorts last among those kept. */
static bool
sorts_after(const struct index_facet *a, const struct index_facet *b)
{
    return compare_facet_counts(a, b) > 0;
}

static void
sift_down(struct index_facet *h, size_t n, size_t i)
{
    for (;;) {
        size_t worst = i, l = 2 * i + 1, r = l + 1;
        if (l < n && sorts_after(&h[l], &h[worst]))
            worst = l;
        if (r < n && sorts_after(&h[r], &h[worst]))
            worst = r;
        if (worst == i)
            return;
        struct index_facet t = h[i];
        h[i] = h[worst];
        h[worst] = t;
        i = worst;
    }
}

/* Moves the @k facets that sort first (compare_facet_counts) to the front of @f, in no
 * particular order, and the rest behind them: a heap of the best k, O(n log k), where
 * sorting thousands of governments for a top 100 would dominate a request. */
static void
select_top(struct index_facet *f, size_t n, size_t k)
{
    if (k == 0 || k >= n)
        return;
    /* f[0..k) becomes the heap; a better facet from the rest swaps places with its root */
    for (size_t i = k / 2; i-- > 0;)
        sift_down(f, k, i);
    for (size_t i = k; i < n; i++) {
        if (!sorts_after(&f[0], &f[i]))
            continue;
        struct index_facet t = f[0];
        f[0] = f[i];
        f[i] = t;
        sift_down(f, k, 0);
    }
}

/* Turns the counts of dimension @d into the result's facet list. */
static void
list_facets(const struct index *ix, const struct index_query *q, int d, const uint32_t *counts,
            struct index_result *out)
{
    bool all_values = !ranked_dimension(d) && d != DIM_YEAR && d != DIM_SUBREGION;
    size_t n = ix->n_values[d];
    struct index_facet *f = xcalloc(n ? n : 1, sizeof(*f));
    size_t m = 0;
    for (size_t v = 0; v < n; v++) {
        if (counts[v] == 0 && !all_values && !is_selected(q, d, (int)v))
            continue;
        f[m++] = (struct index_facet){(int)v, counts[v]};
    }
    if (ranked_dimension(d)) {
        size_t top = q->facet_limit > 0 && q->facet_limit < m ? q->facet_limit : m;
        select_top(f, m, top);
        qsort(f, top, sizeof(*f), compare_facet_counts);
        if (top < m) {
            /* keep any selected value that fell below the cut */
            size_t keep = top;
            for (size_t i = top; i < m; i++)
                if (is_selected(q, d, f[i].value))
                    f[keep++] = f[i];
            m = keep;
        }
    }
    out->facets[d] = f;
    out->n_facets[d] = m;
}

/* Counts the facets @q asks for. A dimension's counts ignore its own selection, so they show
 * the alternatives: dimensions without a selection are counted against @all, each selected
 * one against the other dimensions' masks (built in @scratch). */
static void
count_all_facets(const struct index *ix, const struct index_query *q, const uint64_t *all,
                 size_t total, uint64_t *const dim_masks[DIM_COUNT], const uint64_t *text,
                 uint64_t *scratch, struct index_result *out)
{
    uint32_t *counts[DIM_COUNT] = {0};
    bool walk[DIM_COUNT] = {0};
    for (int d = 0; d < DIM_COUNT; d++) {
        if (!q->facets[d])
            continue;
        counts[d] = xcalloc(ix->n_values[d] ? ix->n_values[d] : 1, sizeof(uint32_t));
        if (dim_masks[d] != NULL)
            continue;
        if (total == ix->n)
            for (size_t v = 0; v < ix->n_values[d]; v++)
                counts[d][v] = ix->values[d][v].count;
        else if (walk_is_cheaper(ix, d, total))
            walk[d] = true;
        else
            count_inverted(ix, d, all, counts[d]);
    }
    count_forward(ix, walk, all, counts);
    for (int d = 0; d < DIM_COUNT; d++) {
        if (!q->facets[d] || dim_masks[d] == NULL)
            continue;
        mask_fill(scratch, ix->n, ix->words ? ix->words : 1);
        for (int e = 0; e < DIM_COUNT; e++)
            if (e != d && dim_masks[e] != NULL)
                mask_and(scratch, dim_masks[e], ix->words);
        if (text != NULL)
            mask_and(scratch, text, ix->words);
        size_t matched = mask_count(scratch, ix->words);
        if (matched == ix->n) {
            for (size_t v = 0; v < ix->n_values[d]; v++)
                counts[d][v] = ix->values[d][v].count;
        } else if (walk_is_cheaper(ix, d, matched)) {
            bool one[DIM_COUNT] = {0};
            one[d] = true;
            count_forward(ix, one, scratch, counts);
        } else {
            count_inverted(ix, d, scratch, counts[d]);
        }
    }
    for (int d = 0; d < DIM_COUNT; d++) {
        if (!q->facets[d])
            continue;
        list_facets(ix, q, d, counts[d], out);
        free(counts[d]);
    }
}

/* The masks of a query: tens of kilobytes at 100,000 actions, asked for on every request.
 * Each thread keeps its block (freed when the thread ends) instead of a malloc and free that
 * glibc answered by consolidating its free lists. */
static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

struct scratch {
    uint64_t *words;
    size_t cap;
};

static void
scratch_free(void *p)
{
    struct scratch *s = p;
    free(s->words);
    free(s);
}

static void
scratch_init(void)
{
    pthread_key_create(&scratch_key, scratch_free);
}

static uint64_t *
scratch_block(size_t words)
{
    pthread_once(&scratch_once, scratch_init);
    struct scratch *s = pthread_getspecific(scratch_key);
    if (s == NULL) {
        s = xcalloc(1, sizeof(*s));
        pthread_setspecific(scratch_key, s);
    }
    if (s->cap < words) {
        free(s->words);
        s->words = xmalloc(words * sizeof(uint64_t));
        s->cap = words;
    }
    return s->words;
}

enum err
index_query(const struct index *ix, const struct index_query *q, struct index_result *out)
{
    struct cursor c = {0};
    size_t words = ix->words ? ix->words : 1;
    memset(out, 0, sizeof(*out));
    if (q->has_cursor && cursor_parse(q, &c) != ERR_OK)
        return ERR_INVALID;
    if (q->sort == SORT_RELEVANCE && (!q->has_text || q->text == NULL))
        return ERR_INVALID;

    /* one block: the result mask, a scratch mask, and one mask per selected dimension */
    int selected_dims[DIM_COUNT] = {0};
    size_t n_selected_dims = 0;
    for (int d = 0; d < DIM_COUNT; d++)
        if (q->n_selected[d] > 0)
            selected_dims[n_selected_dims++] = d;
    uint64_t *block = scratch_block((2 + n_selected_dims) * words);
    uint64_t *all = block, *others = block + words;
    uint64_t *dim_masks[DIM_COUNT] = {0};
    mask_fill(all, ix->n, words);
    for (size_t i = 0; i < n_selected_dims; i++) {
        int d = selected_dims[i];
        dim_masks[d] = block + (2 + i) * words;
        dimension_mask(ix, q, d, dim_masks[d]);
        mask_and(all, dim_masks[d], ix->words);
    }
    const uint64_t *text = q->has_text ? q->text->bits : NULL;
    if (text != NULL)
        mask_and(all, text, ix->words);
    out->total = mask_count(all, ix->words);

    out->ids = xcalloc(q->limit ? q->limit : 1, sizeof(*out->ids));
    switch (q->sort) {
    case SORT_UPDATED_DESC:
    case SORT_UPDATED_ASC:
        page_from_order(ix, q, ix->order_updated, q->sort == SORT_UPDATED_ASC, all, &c, out);
        break;
    case SORT_TITLE_ASC:
    case SORT_TITLE_DESC:
        page_from_order(ix, q, ix->order_title, q->sort == SORT_TITLE_DESC, all, &c, out);
        break;
    case SORT_START_ASC:
    case SORT_START_DESC:
        page_from_order(ix, q, ix->order_start, q->sort == SORT_START_DESC, all, &c, out);
        break;
    case SORT_RELEVANCE:
        page_by_relevance(ix, q, all, &c, out);
        break;
    }

    count_all_facets(ix, q, all, out->total, dim_masks, text, others, out);
    return ERR_OK;
}

void
index_result_release(struct index_result *r)
{
    free(r->ids);
    for (int d = 0; d < DIM_COUNT; d++)
        free(r->facets[d]);
    memset(r, 0, sizeof(*r));
}

const char *
index_government_slug(const struct index *ix, int v)
{
    return ix->gov_slugs[v] ? ix->gov_slugs[v] : "";
}

const char *
index_government_name(const struct index *ix, int v)
{
    return ix->gov_names[v] ? ix->gov_names[v] : "";
}

int
index_government_find(const struct index *ix, const char *slug, size_t len)
{
    for (size_t v = 0; v < ix->n_values[DIM_GOVERNMENT]; v++)
        if (ix->gov_slugs[v] != NULL && strlen(ix->gov_slugs[v]) == len &&
            memcmp(ix->gov_slugs[v], slug, len) == 0)
            return (int)v;
    return -1;
}

struct index_facets {
    atomic_int refs;
    struct index_facet *facets[DIM_COUNT];
    size_t n[DIM_COUNT];
};

struct index_facets *
index_facets_take(struct index_result *r)
{
    struct index_facets *f = xcalloc(1, sizeof(*f));
    atomic_init(&f->refs, 1);
    for (int d = 0; d < DIM_COUNT; d++) {
        f->facets[d] = r->facets[d];
        f->n[d] = r->n_facets[d];
        r->facets[d] = NULL;
        r->n_facets[d] = 0;
    }
    return f;
}

void
index_facets_fill(const struct index_facets *f, struct index_result *r)
{
    for (int d = 0; d < DIM_COUNT; d++) {
        if (f->facets[d] == NULL)
            continue;
        r->facets[d] = xcalloc(f->n[d] ? f->n[d] : 1, sizeof(struct index_facet));
        memcpy(r->facets[d], f->facets[d], f->n[d] * sizeof(struct index_facet));
        r->n_facets[d] = f->n[d];
    }
}

void
index_facets_ref(void *f)
{
    atomic_fetch_add(&((struct index_facets *)f)->refs, 1);
}

void
index_facets_unref(void *p)
{
    struct index_facets *f = p;
    if (f == NULL || atomic_fetch_sub(&f->refs, 1) != 1)
        return;
    for (int d = 0; d < DIM_COUNT; d++)
        free(f->facets[d]);
    free(f);
}

size_t
index_facets_bytes(const struct index_facets *f)
{
    size_t n = sizeof(*f);
    for (int d = 0; d < DIM_COUNT; d++)
        n += f->n[d] * sizeof(struct index_facet);
    return n;
}
