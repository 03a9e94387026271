/* Parses the embedded TSV vocabularies into immutable tables. Everything here is built once by
 * taxonomy_init() and never freed: it lives as long as the process. */
#include "domain/taxonomy.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/embedded.h"
#include "util/log.h"
#include "util/parse.h"
#include "util/text.h"
#include "util/xalloc.h"

#define MAX_COLUMNS 8

struct vocab_table {
    struct vocab vocab;
    struct term terms[TAXONOMY_MAX_TERMS];
};

static struct vocab_table vocabs[VOCAB_COUNT];
static struct country *countries;
static size_t n_countries;
/* alpha-2 code -> country index + 1 (0: none), by (A-Z)*26 + (A-Z): the common lookup, made
 * once per government row and per imported record, so it must not walk the list */
static short alpha2_index[26 * 26];
static struct region regions[8], subregions[32];
static struct paragraph paragraphs[TAXONOMY_MAX_PARAGRAPHS];
static size_t n_paragraphs;
static size_t n_regions, n_subregions;

/* Folded country names and aliases, sorted for binary search. */
struct name_key {
    char *key;
    int country;
};
static struct name_key *country_keys;
static size_t n_country_keys;
/* The same names as word sets (country_loose_key()), for the orders and spellings official
 * lists use: "Korea, Republic of", "Trinidad & Tobago", "St. Lucia". A set two countries share
 * is dropped (country -1), so it never picks one of them. */
static struct name_key *country_loose;
static size_t n_country_loose;

/* Names people write that are not the ISO short name. */
static const struct {
    const char *name, *alpha2;
} country_aliases[] = {
    {"The Gambia", "GM"},
    {"United States of America", "US"},
    {"USA", "US"},
    {"UK", "GB"},
    {"Great Britain", "GB"},
    {"Viet Nam", "VN"},
    {"Democratic Republic of the Congo", "CD"},
    {"DR Congo", "CD"},
    {"DRC", "CD"},
    {"Republic of the Congo", "CG"},
    {"United Republic of Tanzania", "TZ"},
    {"Bolivia (Plurinational State of)", "BO"},
    {"Venezuela (Bolivarian Republic of)", "VE"},
    {"Iran (Islamic Republic of)", "IR"},
    {"Russia", "RU"},
    {"Republic of Korea", "KR"},
    {"Democratic People's Republic of Korea", "KP"},
    {"Turkey", "TR"},
    {"Ivory Coast", "CI"},
    {"Czech Republic", "CZ"},
    {"Czechia", "CZ"},
    {"Palestine", "PS"},
    {"State of Palestine", "PS"},
    {"Republic of Moldova", "MD"},
    {"Syrian Arab Republic", "SY"},
    {"Lao People's Democratic Republic", "LA"},
    {"Micronesia", "FM"},
    {"Cape Verde", "CV"},
    {"Cabo Verde", "CV"},
    {"Swaziland", "SZ"},
    {"Eswatini", "SZ"},
    {"Macedonia", "MK"},
    {"North Macedonia", "MK"},
    {"Burma", "MM"},
    {"Myanmar", "MM"},
    {"Holy See", "VA"},
    {"Vatican", "VA"},
    {"Brunei", "BN"},
    {"Taiwan", "TW"},
    /* the UN's names (M49, member states) where they differ from the ISO short name */
    {"United Kingdom of Great Britain and Northern Ireland", "GB"},
    {"Netherlands (Kingdom of the)", "NL"},
    {"Micronesia (Federated States of)", "FM"},
    {"China, Hong Kong Special Administrative Region", "HK"},
    {"China, Macao Special Administrative Region", "MO"},
    {"Republic of T\xc3\xbcrkiye", "TR"},
    {"Plurinational State of Bolivia", "BO"},
    {"Bolivarian Republic of Venezuela", "VE"},
    {"Islamic Republic of Iran", "IR"},
    {"Republic of North Macedonia", "MK"},
    {"Arab Republic of Egypt", "EG"},
    {"Slovak Republic", "SK"},
    {"Kyrgyz Republic", "KG"},
    {"East Timor", "TL"},
};

/* One TSV file: rows of at most MAX_COLUMNS cells, pointing into a private copy of the text. */
struct tsv {
    char *text;
    char *(*rows)[MAX_COLUMNS];
    size_t n_rows;
};

static enum err
tsv_load(const char *name, size_t want_columns, struct tsv *out)
{
    const struct embedded_file *f = embedded_find(name);
    if (f == NULL) {
        log_error("embedded file '%s' is missing", name);
        return ERR_IO;
    }
    out->text = xstrndup(f->data, f->len);
    out->rows = NULL;
    out->n_rows = 0;
    size_t cap = 0;
    char *line = out->text;
    bool header = true;
    while (*line != '\0') {
        char *end = strchr(line, '\n');
        if (end != NULL)
            *end = '\0';
        if (!header && *line != '\0') {
            if (out->n_rows == cap) {
                cap = cap ? cap * 2 : 64;
                out->rows = xreallocarray(out->rows, cap, sizeof(*out->rows));
            }
            char **cells = out->rows[out->n_rows];
            size_t n = 0;
            char *cell = line;
            for (;;) {
                char *tab = strchr(cell, '\t');
                if (n < MAX_COLUMNS)
                    cells[n++] = cell;
                if (tab == NULL)
                    break;
                *tab = '\0';
                cell = tab + 1;
            }
            if (n < want_columns) {
                log_error("%s: row %zu has %zu columns, wants %zu", name, out->n_rows + 2, n,
                          want_columns);
                return ERR_INVALID;
            }
            out->n_rows++;
        }
        header = false;
        if (end == NULL)
            break;
        line = end + 1;
    }
    return ERR_OK;
}

static void
vocab_set(enum vocab_id id, const char *field, const char *param, bool numeric)
{
    vocabs[id].vocab.field = field;
    vocabs[id].vocab.param = param;
    vocabs[id].vocab.numeric = numeric;
    vocabs[id].vocab.terms = vocabs[id].terms;
}

static struct term *
vocab_add(enum vocab_id id, const char *code, const char *title, const char *short_title)
{
    struct vocab_table *t = &vocabs[id];
    if (t->vocab.count == TAXONOMY_MAX_TERMS)
        return NULL;
    struct term *term = &t->terms[t->vocab.count++];
    term->code = code;
    term->title = title;
    term->short_title = short_title != NULL && *short_title != '\0' ? short_title : title;
    term->parent = -1;
    return term;
}

/* Loads a vocabulary whose file has code and title columns at the given positions. */
static enum err
load_simple(enum vocab_id id, const char *file, size_t columns, int code_col, int title_col,
            int short_col)
{
    struct tsv t;
    enum err rc = tsv_load(file, columns, &t);
    if (rc != ERR_OK)
        return rc;
    for (size_t i = 0; i < t.n_rows; i++) {
        const char *short_title = short_col >= 0 ? t.rows[i][short_col] : NULL;
        if (vocab_add(id, t.rows[i][code_col], t.rows[i][title_col], short_title) == NULL)
            return ERR_TOO_BIG;
    }
    free(t.rows); /* the cells point into t.text, which stays for the life of the process */
    return ERR_OK;
}

static enum err
load_sdgs(void)
{
    struct tsv goals, targets;
    enum err rc = tsv_load("reference/sdg_goals.tsv", 3, &goals);
    if (rc != ERR_OK)
        return rc;
    rc = tsv_load("reference/sdg_targets.tsv", 3, &targets);
    if (rc != ERR_OK)
        return rc;
    /* goals first, each followed by its targets, as the UN lists them */
    for (size_t g = 0; g < goals.n_rows; g++) {
        int goal_index = (int)vocabs[VOCAB_SDG].vocab.count;
        if (vocab_add(VOCAB_SDG, goals.rows[g][0], goals.rows[g][2], goals.rows[g][1]) == NULL)
            return ERR_TOO_BIG;
        for (size_t t = 0; t < targets.n_rows; t++) {
            if (strcmp(targets.rows[t][1], goals.rows[g][0]) != 0)
                continue;
            struct term *term = vocab_add(VOCAB_SDG, targets.rows[t][0], targets.rows[t][2], NULL);
            if (term == NULL)
                return ERR_TOO_BIG;
            term->parent = goal_index;
        }
    }
    free(goals.rows);
    free(targets.rows);
    return ERR_OK;
}

static int
add_region(struct region *list, size_t *n, size_t cap, const char *code, const char *name)
{
    if (*code == '\0')
        return -1;
    for (size_t i = 0; i < *n; i++)
        if (strcmp(list[i].code, code) == 0)
            return (int)i;
    if (*n == cap)
        return -1;
    list[*n].code = code;
    list[*n].name = name;
    return (int)(*n)++;
}

static int
compare_region_names(const void *a, const void *b)
{
    return strcmp(((const struct region *)a)->name, ((const struct region *)b)->name);
}

/* Orders @list by name, so listings read "Africa, Americas, Asia, ...", and renumbers the
 * countries' references to it (the int at @field_offset in struct country). */
static void
sort_regions(struct region *list, size_t n, size_t field_offset)
{
    struct region sorted[32];
    int new_index[32];
    memcpy(sorted, list, n * sizeof(*list));
    qsort(sorted, n, sizeof(*sorted), compare_region_names);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++)
            if (strcmp(list[i].code, sorted[k].code) == 0)
                new_index[i] = (int)k;
    for (size_t c = 0; c < n_countries; c++) {
        int *ref = (int *)((char *)&countries[c] + field_offset);
        if (*ref >= 0)
            *ref = new_index[*ref];
    }
    memcpy(list, sorted, n * sizeof(*list));
}

static int
compare_keys(const void *a, const void *b)
{
    return strcmp(((const struct name_key *)a)->key, ((const struct name_key *)b)->key);
}

static void
add_country_key(const char *name, int country)
{
    struct buf key;
    buf_init(&key, 1024);
    text_fold_key(&key, name, strlen(name));
    country_keys[n_country_keys].key = buf_take(&key, NULL);
    country_keys[n_country_keys].country = country;
    n_country_keys++;
}

static int
compare_words(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* @name folded (text_fold_key()) into its words, "st" read as "saint", without "and", "&",
 * "the" and "of", sorted and joined by spaces: the same for "Korea, Republic of" and
 * "Republic of Korea". A new string. */
static char *
country_loose_key(const char *name, size_t len)
{
    struct buf key;
    buf_init(&key, 1024);
    text_fold_key(&key, name, len);
    char *folded = buf_take(&key, NULL);
    if (folded == NULL)
        return xstrdup("");
    static const char saint[] = "saint";
    const char *words[64] = {0};
    size_t n = 0;
    char *rest = NULL;
    for (char *w = strtok_r(folded, " ,()&", &rest); w != NULL && n < 64;
         w = strtok_r(NULL, " ,()&", &rest)) {
        if (strcmp(w, "and") != 0 && strcmp(w, "the") != 0 && strcmp(w, "of") != 0)
            words[n++] = strcmp(w, "st") == 0 ? saint : w;
    }
    qsort(words, n, sizeof(*words), compare_words);
    buf_init(&key, 1024);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            buf_addch(&key, ' ');
        buf_addstr(&key, words[i]);
    }
    free(folded);
    return buf_take(&key, NULL);
}

/* country_loose from country_keys' names (@names, one per key, in their order). */
static void
build_loose_keys(const char *const *names, const int *of_country, size_t n)
{
    country_loose = xcalloc(n, sizeof(*country_loose));
    for (size_t i = 0; i < n; i++) {
        country_loose[i].key = country_loose_key(names[i], strlen(names[i]));
        country_loose[i].country = of_country[i];
    }
    qsort(country_loose, n, sizeof(*country_loose), compare_keys);
    /* one entry per word set; -1 where two countries share it */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (kept > 0 && strcmp(country_loose[kept - 1].key, country_loose[i].key) == 0) {
            if (country_loose[kept - 1].country != country_loose[i].country)
                country_loose[kept - 1].country = -1;
            free(country_loose[i].key);
            continue;
        }
        country_loose[kept++] = country_loose[i];
    }
    n_country_loose = kept;
}

static enum err
load_countries(void)
{
    struct tsv t;
    enum err rc = tsv_load("reference/countries.tsv", 8, &t);
    if (rc != ERR_OK)
        return rc;
    n_countries = t.n_rows;
    countries = xcalloc(n_countries, sizeof(*countries));
    country_keys = xcalloc(n_countries + ARRAY_LEN(country_aliases), sizeof(*country_keys));
    for (size_t i = 0; i < n_countries; i++) {
        char **c = t.rows[i];
        countries[i].alpha2 = c[0];
        countries[i].alpha3 = c[1];
        countries[i].numeric = c[2];
        countries[i].name = c[3];
        countries[i].region = add_region(regions, &n_regions, ARRAY_LEN(regions), c[4], c[5]);
        countries[i].subregion =
            add_region(subregions, &n_subregions, ARRAY_LEN(subregions), c[6], c[7]);
        add_country_key(c[3], (int)i);
        if (c[0][0] >= 'A' && c[0][0] <= 'Z' && c[0][1] >= 'A' && c[0][1] <= 'Z' && c[0][2] == '\0')
            alpha2_index[(c[0][0] - 'A') * 26 + (c[0][1] - 'A')] = (short)(i + 1);
    }
    size_t n_names = n_countries + ARRAY_LEN(country_aliases);
    const char **names = xcalloc(n_names, sizeof(*names));
    int *of_country = xcalloc(n_names, sizeof(*of_country));
    for (size_t i = 0; i < n_countries; i++) {
        names[i] = countries[i].name;
        of_country[i] = (int)i;
    }
    for (size_t i = 0; i < ARRAY_LEN(country_aliases); i++) {
        for (size_t k = 0; k < n_countries; k++) {
            if (strcmp(countries[k].alpha2, country_aliases[i].alpha2) == 0) {
                add_country_key(country_aliases[i].name, (int)k);
                names[n_country_keys - 1] = country_aliases[i].name;
                of_country[n_country_keys - 1] = (int)k;
                break;
            }
        }
    }
    build_loose_keys(names, of_country, n_country_keys);
    free(names);
    free(of_country);
    qsort(country_keys, n_country_keys, sizeof(*country_keys), compare_keys);
    sort_regions(regions, n_regions, offsetof(struct country, region));
    sort_regions(subregions, n_subregions, offsetof(struct country, subregion));
    free(t.rows);
    return ERR_OK;
}

/* The Progress Declaration paragraphs: number, stance, topic; numbers ascending, each once. */
static enum err
load_paragraphs(void)
{
    struct tsv t;
    enum err rc = tsv_load("reference/declaration_paragraphs.tsv", 3, &t);
    if (rc != ERR_OK)
        return rc;
    for (size_t i = 0; i < t.n_rows && rc == ERR_OK; i++) {
        int64_t number;
        const char *stance = t.rows[i][1];
        if (n_paragraphs == TAXONOMY_MAX_PARAGRAPHS ||
            parse_i64(t.rows[i][0], strlen(t.rows[i][0]), 1, 999, &number) != ERR_OK ||
            (n_paragraphs > 0 && number <= paragraphs[n_paragraphs - 1].number) ||
            (strcmp(stance, "recognises") != 0 && strcmp(stance, "commits") != 0)) {
            log_error("reference/declaration_paragraphs.tsv: row %zu is malformed", i + 2);
            rc = ERR_INVALID;
            break;
        }
        paragraphs[n_paragraphs++] = (struct paragraph){(int)number, stance, t.rows[i][2]};
    }
    free(t.rows);
    return rc;
}

enum err
taxonomy_init(void)
{
    enum err rc;
    if (n_countries != 0)
        return ERR_OK;
    vocab_set(VOCAB_GCM, "gcm_objectives", "objective", true);
    vocab_set(VOCAB_PRINCIPLE, "guiding_principles", "principle", true);
    vocab_set(VOCAB_GCR, "gcr_objectives", "gcr_objective", true);
    vocab_set(VOCAB_SDG, "sdg_targets", "sdg", false);
    vocab_set(VOCAB_THEME, "themes", "theme", false);
    vocab_set(VOCAB_GROUP, "target_groups", "target_group", false);
    rc = load_simple(VOCAB_GCM, "reference/gcm_objectives.tsv", 3, 0, 2, 1);
    if (rc == ERR_OK)
        rc = load_simple(VOCAB_PRINCIPLE, "reference/gcm_guiding_principles.tsv", 2, 0, 1, -1);
    if (rc == ERR_OK)
        rc = load_simple(VOCAB_GCR, "reference/gcr_objectives.tsv", 2, 0, 1, -1);
    if (rc == ERR_OK)
        rc = load_sdgs();
    if (rc == ERR_OK)
        rc = load_simple(VOCAB_THEME, "reference/themes.tsv", 2, 0, 1, -1);
    if (rc == ERR_OK)
        rc = load_simple(VOCAB_GROUP, "reference/target_groups.tsv", 2, 0, 1, -1);
    if (rc == ERR_OK)
        rc = load_countries();
    if (rc == ERR_OK)
        rc = load_paragraphs();
    return rc;
}

size_t
taxonomy_paragraph_count(void)
{
    return n_paragraphs;
}

const struct paragraph *
taxonomy_paragraph(int index)
{
    return &paragraphs[index];
}

int
taxonomy_paragraph_index(int number)
{
    for (size_t i = 0; i < n_paragraphs; i++)
        if (paragraphs[i].number == number)
            return (int)i;
    return -1;
}

int
taxonomy_paragraph_find(const char *s, size_t len)
{
    static const char *const prefixes[] = {"paragraph", "para.", "para", "\xc2\xa7", "p."};
    text_trim(&s, &len);
    for (size_t i = 0; i < ARRAY_LEN(prefixes); i++) {
        size_t n = strlen(prefixes[i]);
        if (len > n && text_ieq(s, n, prefixes[i])) {
            s += n;
            len -= n;
            text_trim(&s, &len);
            break;
        }
    }
    int64_t number;
    if (parse_i64(s, len, 1, 999, &number) != ERR_OK)
        return -1;
    return taxonomy_paragraph_index((int)number);
}

const struct vocab *
taxonomy_vocab(enum vocab_id id)
{
    return &vocabs[id].vocab;
}

int
taxonomy_find(enum vocab_id id, const char *s, size_t len)
{
    const struct vocab *v = &vocabs[id].vocab;
    if (v->numeric) {
        int64_t n;
        if (parse_i64(s, len, 1, (int64_t)v->count, &n) != ERR_OK)
            return -1;
        return (int)n - 1;
    }
    for (size_t i = 0; i < v->count; i++)
        if (text_ieq(s, len, v->terms[i].code))
            return (int)i;
    return -1;
}

/* Other names people give themes and target groups, for the terms whose codes are words. */
static const struct {
    enum vocab_id vocab;
    const char *name, *code;
} term_aliases[] = {
    {VOCAB_GROUP, "IDPs", "internally-displaced"},
    {VOCAB_GROUP, "IDP", "internally-displaced"},
    {VOCAB_GROUP, "Internally displaced persons", "internally-displaced"},
    {VOCAB_GROUP, "Host community", "host-communities"},
    {VOCAB_GROUP, "Young people", "youth"},
    {VOCAB_GROUP, "Older persons", "older-people"},
    {VOCAB_GROUP, "Elderly people", "older-people"},
    {VOCAB_GROUP, "People with disabilities", "persons-with-disabilities"},
    {VOCAB_GROUP, "Labour migrants", "migrant-workers"},
    {VOCAB_GROUP, "Labor migrants", "migrant-workers"},
    {VOCAB_GROUP, "Irregular migrants", "undocumented-migrants"},
    {VOCAB_GROUP, "Stateless persons", "stateless-people"},
    {VOCAB_GROUP, "Victims of trafficking", "trafficking-survivors"},
    {VOCAB_GROUP, "Returning migrants", "returnees"},
    {VOCAB_THEME, "Employment", "employment-livelihoods"},
    {VOCAB_THEME, "Livelihoods", "employment-livelihoods"},
    {VOCAB_THEME, "Social cohesion", "social-cohesion"},
    {VOCAB_THEME, "Anti-discrimination", "social-cohesion"},
    {VOCAB_THEME, "Climate change", "climate-disasters"},
    {VOCAB_THEME, "Legal identity", "legal-identity"},
    {VOCAB_THEME, "Documentation", "legal-identity"},
    {VOCAB_THEME, "Remittances", "financial-inclusion"},
    {VOCAB_THEME, "Financial inclusion", "financial-inclusion"},
    {VOCAB_THEME, "Basic services", "basic-services"},
    {VOCAB_THEME, "Regular pathways", "pathways"},
    {VOCAB_THEME, "Return", "return-reintegration"},
    {VOCAB_THEME, "Reintegration", "return-reintegration"},
    {VOCAB_THEME, "Data", "data"},
    {VOCAB_THEME, "Governance", "governance"},
};

/* The term of vocabulary @id that @key (folded) is another name of, or -1. */
static int
alias_find(enum vocab_id id, const char *key)
{
    struct buf name;
    buf_init(&name, 512);
    int found = -1;
    for (size_t i = 0; i < ARRAY_LEN(term_aliases) && found < 0; i++) {
        if (term_aliases[i].vocab != id)
            continue;
        buf_reset(&name);
        text_fold_key(&name, term_aliases[i].name, strlen(term_aliases[i].name));
        if (name.data != NULL && strcmp(name.data, key) == 0)
            found = taxonomy_find(id, term_aliases[i].code, strlen(term_aliases[i].code));
    }
    buf_release(&name);
    return found;
}

/* Words people put before a code: "Objective 7", "SDG 10.7", "Target 16.9". */
static const char *const code_prefixes[] = {
    "objective",
    "obj.",
    "obj",
    "gcm objective",
    "gcm",
    "principle",
    "guiding principle",
    "gcr objective",
    "gcr",
    "sdg target",
    "sdg",
    "target",
    "goal",
    "#",
};

int
taxonomy_match(enum vocab_id id, const char *s, size_t len)
{
    const struct vocab *v = &vocabs[id].vocab;
    text_trim(&s, &len);
    int found = taxonomy_find(id, s, len);
    if (found >= 0 || len == 0 || len > 300)
        return found;
    struct buf key, lower;
    buf_init(&key, 2048);
    text_fold_key(&key, s, len);
    /* codes keep their dots ("10.7"), so they are read from a lower-cased copy */
    buf_init(&lower, 2048);
    for (size_t i = 0; i < len; i++)
        buf_addch(&lower, (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]));
    const char *k = lower.data;
    for (size_t i = 0; i < ARRAY_LEN(code_prefixes); i++) {
        size_t n = strlen(code_prefixes[i]);
        if (strncmp(k, code_prefixes[i], n) == 0 && (k[n] == ' ' || k[n] == '#')) {
            k += n + 1;
            while (*k == ' ' || *k == '#')
                k++;
            break;
        }
    }
    /* a leading code, then the end or a separator: "7", "7 reduce vulnerabilities", "10.7:" */
    size_t code_len = 0;
    while (k[code_len] != '\0' && k[code_len] != ' ' && k[code_len] != ':' && k[code_len] != ',' &&
           k[code_len] != '-' &&
           !(k[code_len] == '.' && (k[code_len + 1] == ' ' || k[code_len + 1] == '\0')))
        code_len++;
    found = code_len > 0 ? taxonomy_find(id, k, code_len) : -1;
    /* a title or short title, for vocabularies whose codes are words */
    struct buf title;
    buf_init(&title, 2048);
    for (size_t t = 0; found < 0 && !v->numeric && t < v->count; t++) {
        const char *names[] = {v->terms[t].title, v->terms[t].short_title};
        for (size_t i = 0; i < 2 && found < 0; i++) {
            buf_reset(&title);
            text_fold_key(&title, names[i], strlen(names[i]));
            if (strcmp(title.data, key.data) == 0)
                found = (int)t;
        }
    }
    buf_release(&title);
    if (found < 0 && !v->numeric && key.data != NULL)
        found = alias_find(id, key.data);
    buf_release(&key);
    buf_release(&lower);
    return found;
}

size_t
taxonomy_country_count(void)
{
    return n_countries;
}

const struct country *
taxonomy_country(int index)
{
    return &countries[index];
}

int
taxonomy_country_find(const char *s, size_t len)
{
    text_trim(&s, &len);
    if (len == 2) {
        int a = s[0] >= 'a' ? s[0] - 'a' : s[0] - 'A';
        int b = s[1] >= 'a' ? s[1] - 'a' : s[1] - 'A';
        if (a >= 0 && a < 26 && b >= 0 && b < 26 && alpha2_index[a * 26 + b] > 0)
            return alpha2_index[a * 26 + b] - 1;
    }
    if (len == 2 || len == 3) {
        for (size_t i = 0; i < n_countries; i++) {
            const struct country *c = &countries[i];
            if (text_ieq(s, len, len == 2 ? c->alpha2 : c->alpha3) ||
                (len == 3 && strncmp(s, c->numeric, 3) == 0))
                return (int)i;
        }
    }
    if (len > 200)
        return -1;
    struct buf key;
    buf_init(&key, 1024);
    text_fold_key(&key, s, len);
    struct name_key probe = {key.data, 0};
    const struct name_key *hit =
        bsearch(&probe, country_keys, n_country_keys, sizeof(*country_keys), compare_keys);
    buf_release(&key);
    if (hit != NULL)
        return hit->country;
    probe.key = country_loose_key(s, len);
    hit = bsearch(&probe, country_loose, n_country_loose, sizeof(*country_loose), compare_keys);
    free(probe.key);
    return hit != NULL ? hit->country : -1;
}

static int
region_find(const struct region *list, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (text_ieq(s, len, list[i].code) || text_ieq(s, len, list[i].name))
            return (int)i;
    /* slugs as the web pages write them: "sub-saharan-africa" */
    struct buf slug;
    buf_init(&slug, 256);
    for (size_t i = 0; i < n; i++) {
        buf_reset(&slug);
        text_slug(&slug, list[i].name, strlen(list[i].name));
        if (text_ieq(s, len, slug.data)) {
            buf_release(&slug);
            return (int)i;
        }
    }
    buf_release(&slug);
    return -1;
}

size_t
taxonomy_region_count(void)
{
    return n_regions;
}

const struct region *
taxonomy_region(int index)
{
    return &regions[index];
}

int
taxonomy_region_find(const char *s, size_t len)
{
    return region_find(regions, n_regions, s, len);
}

size_t
taxonomy_subregion_count(void)
{
    return n_subregions;
}

const struct region *
taxonomy_subregion(int index)
{
    return &subregions[index];
}

int
taxonomy_subregion_find(const char *s, size_t len)
{
    return region_find(subregions, n_subregions, s, len);
}
