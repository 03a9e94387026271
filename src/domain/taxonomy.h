/* The controlled vocabularies every action is classified by: GCM objectives and guiding
 * principles, GCR objectives, SDG goals and targets, themes, target groups, and countries with
 * their UN M49 regions. Loaded once from the data files compiled into the binary
 * (data/reference/), read-only afterwards and so safe to share between threads. */
#ifndef LOCALACTION_TAXONOMY_H
#define LOCALACTION_TAXONOMY_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* The classifications an action carries as sets of terms. */
enum vocab_id {
    VOCAB_GCM,       /* GCM objectives 1..23 */
    VOCAB_PRINCIPLE, /* GCM guiding principles 1..10 */
    VOCAB_GCR,       /* GCR objectives 1..4 */
    VOCAB_SDG,       /* SDG goals "1".."17" and targets "10.7" */
    VOCAB_THEME,
    VOCAB_GROUP, /* target groups */
    VOCAB_COUNT
};

#define TAXONOMY_MAX_TERMS 128 /* a term set is a 128-bit set; see struct termset */

struct term {
    const char *code;        /* "7", "10.7", "health" */
    const char *title;       /* official or English title */
    const char *short_title; /* short label, or the title */
    int parent;              /* for SDG targets, the index of their goal; else -1 */
};

struct vocab {
    const char *field; /* record and JSON field, "gcm_objectives" */
    const char *param; /* API filter parameter, "objective" */
    bool numeric;      /* codes are numbers 1..count (GCM, principles, GCR) */
    const struct term *terms;
    size_t count;
};

/* A paragraph of the IMRF Progress Declaration (A/RES/76/266) that recognises or commits on
 * local government work, as the IMRF 2022 summary report reads it. */
struct paragraph {
    int number;         /* 21 */
    const char *stance; /* "recognises" or "commits" */
    const char *topic;  /* English, as the report states it */
};

#define TAXONOMY_MAX_PARAGRAPHS 32 /* an action's paragraphs are a 32-bit set of indices */

struct region {
    const char *code; /* UN M49, "002" */
    const char *name; /* "Africa" */
};

struct country {
    const char *alpha2, *alpha3, *numeric, *name;
    int region;    /* index into taxonomy_regions(), or -1 (Antarctica) */
    int subregion; /* index into taxonomy_subregions(), or -1 */
};

/** Loads the vocabularies. Call once at start-up, before any thread starts. */
WARN_UNUSED enum err taxonomy_init(void);

const struct vocab *taxonomy_vocab(enum vocab_id id);

/** The index of the term whose code is @s (numbers also as "07"; slugs case-insensitive),
 * or -1. */
int taxonomy_find(enum vocab_id id, const char *s, size_t len);

/** Like taxonomy_find(), and also as people write terms in spreadsheets: "Objective 7",
 * "7 - Reduce vulnerabilities", "SDG 10.7", or a title ("Health", "internally displaced
 * people"), ignoring case and accents. -1 when nothing matches. */
int taxonomy_match(enum vocab_id id, const char *s, size_t len);

/** The Progress Declaration paragraphs, in paragraph order. */
size_t taxonomy_paragraph_count(void);
const struct paragraph *taxonomy_paragraph(int index);
/** The index of the paragraph numbered @s ("21", also "para 21", "§21", "Paragraph 21"), or
 * -1 when it is not one of them. */
int taxonomy_paragraph_find(const char *s, size_t len);
/** The index of paragraph @number, or -1. */
int taxonomy_paragraph_index(int number);

size_t taxonomy_country_count(void);
const struct country *taxonomy_country(int index);
/** The country named by ISO alpha-2, alpha-3, numeric code, English name or a common alias
 * ("The Gambia", "USA"), ignoring case and accents; -1 when unknown. */
int taxonomy_country_find(const char *s, size_t len);

size_t taxonomy_region_count(void);
const struct region *taxonomy_region(int index);
/** A region by M49 code or name ("002", "africa"); -1 when unknown. */
int taxonomy_region_find(const char *s, size_t len);

size_t taxonomy_subregion_count(void);
const struct region *taxonomy_subregion(int index);
int taxonomy_subregion_find(const char *s, size_t len);

#endif
