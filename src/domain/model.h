/* The registry's records as the program holds them: governments and their actions. Strings are
 * owned by the record (heap copies, freed by the _release function) unless a comment says
 * otherwise; a NULL string is an absent value. */
#ifndef LOCALACTION_MODEL_H
#define LOCALACTION_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/taxonomy.h"

/* A set of term indices of one vocabulary. */
struct termset {
    uint64_t bits[TAXONOMY_MAX_TERMS / 64];
};

static inline void
termset_add(struct termset *s, int i)
{
    s->bits[i / 64] |= (uint64_t)1 << (i % 64);
}

static inline bool
termset_has(const struct termset *s, int i)
{
    return (s->bits[i / 64] >> (i % 64)) & 1;
}

enum gov_kind {
    GOV_CITY,
    GOV_MUNICIPALITY,
    GOV_METROPOLITAN_AREA,
    GOV_REGION,
    GOV_ASSOCIATION,
    GOV_KIND_COUNT
};

enum action_kind { ACTION_PLEDGE, ACTION_PRACTICE, ACTION_KIND_COUNT };

enum publication_state {
    PUB_DRAFT,
    PUB_SUBMITTED,
    PUB_PUBLISHED,
    PUB_DECLINED,
    PUB_WITHDRAWN,
    PUB_STATE_COUNT
};

enum impl_status {
    IMPL_PLANNED,
    IMPL_IN_PROGRESS,
    IMPL_COMPLETED,
    IMPL_DISCONTINUED,
    IMPL_STATUS_COUNT
};

/* The codes these enums have in records and the API ("metropolitan_area", "in_progress"). */
extern const char *const gov_kind_codes[GOV_KIND_COUNT];
extern const char *const action_kind_codes[ACTION_KIND_COUNT];
extern const char *const publication_state_codes[PUB_STATE_COUNT];
extern const char *const impl_status_codes[IMPL_STATUS_COUNT];
/* English labels for people ("Metropolitan area", "In progress"). */
extern const char *const gov_kind_labels[GOV_KIND_COUNT];
extern const char *const action_kind_labels[ACTION_KIND_COUNT];
extern const char *const impl_status_labels[IMPL_STATUS_COUNT];

/** The index of @s in @codes (length @n), or -1. */
int model_code_find(const char *const *codes, int n, const char *s, size_t len);

struct string_list {
    char **items;
    size_t count;
};

void string_list_add(struct string_list *l, const char *s, size_t len);
void string_list_release(struct string_list *l);

struct endorsement {
    char *declaration; /* "marrakech-mayors-declaration" */
    char date[11];     /* "" when not known */
    char *signatory_name, *signatory_title;
};

struct government {
    int64_t id; /* 0 until stored */
    char *slug; /* "sao-paulo-br": stable address of its page */
    char *name;
    enum gov_kind kind;
    int country; /* index into taxonomy_country() */
    char *subdivision;
    bool has_population, has_location;
    int64_t population;
    double latitude, longitude;
    char *website;
    struct string_list networks;
    struct endorsement *endorsements;
    size_t n_endorsements;
};

void government_init(struct government *g);
void government_release(struct government *g);

/* A government as an action names it: resolved to an id by the importer. */
struct gov_ref {
    char *name;
    char *slug; /* set once resolved or loaded; NULL before */
    int country;
    enum gov_kind kind;
    bool kind_given;
    int64_t id; /* 0 until resolved */
};

struct indicator {
    char *name, *unit;
    bool has_baseline, has_target;
    double baseline, target;
    char deadline[11]; /* "" when absent */
};

struct money {
    bool present;
    int64_t cents;
};

struct action {
    int64_t id; /* 0 until stored */
    char *external_id;
    enum action_kind kind;
    char *title, *summary, *description;
    char language[4];
    struct gov_ref *governments; /* the lead first */
    size_t n_governments;
    struct termset terms[VOCAB_COUNT];
    char start_date[11]; /* "" when absent */
    char end_date[11];   /* "" when absent */
    bool end_tbc;        /* the end is "to be confirmed" */
    struct money budget, funding_secured, funding_sought;
    char currency[4]; /* "" when absent */
    struct string_list partners;
    char *source, *source_url;
    enum publication_state publication;
    enum impl_status status;
    struct indicator *indicators;
    size_t n_indicators;
    int64_t created_at, updated_at; /* seconds since the epoch; 0 when not given */
    struct string_list forums;      /* slugs of the forums it was submitted to, in slug order */
    uint32_t paragraphs; /* Progress Declaration paragraphs: bit i is taxonomy_paragraph(i) */
};

void action_init(struct action *a);
void action_release(struct action *a);

#endif
