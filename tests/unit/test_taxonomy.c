/* Unit tests of domain/taxonomy: the controlled vocabularies and the country and region
 * look-ups, loaded from the reference files compiled into the binary. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/taxonomy.h"
#include "util/embedded.h"
#include "util/err.h"

static int
setup(void **state)
{
    (void)state;
    return taxonomy_init() == ERR_OK ? 0 : -1;
}

/* Data lines (not counting the header) of an embedded TSV file. */
static size_t
tsv_rows(const char *name)
{
    const struct embedded_file *f = embedded_find(name);
    assert_non_null(f);
    size_t lines = 0;
    for (size_t i = 0; i < f->len; i++)
        if (f->data[i] == '\n')
            lines++;
    if (f->len > 0 && f->data[f->len - 1] != '\n')
        lines++;
    return lines - 1;
}

static int
find(enum vocab_id v, const char *s)
{
    return taxonomy_find(v, s, strlen(s));
}

static int
country(const char *s)
{
    return taxonomy_country_find(s, strlen(s));
}

static void
test_vocab_sizes(void **state)
{
    (void)state;
    assert_int_equal(taxonomy_vocab(VOCAB_GCM)->count, 23);
    assert_int_equal(taxonomy_vocab(VOCAB_PRINCIPLE)->count, 10);
    assert_int_equal(taxonomy_vocab(VOCAB_GCR)->count, 4);
    /* goals and targets together */
    assert_int_equal(taxonomy_vocab(VOCAB_SDG)->count,
                     tsv_rows("reference/sdg_goals.tsv") + tsv_rows("reference/sdg_targets.tsv"));
    assert_int_equal(taxonomy_vocab(VOCAB_THEME)->count, tsv_rows("reference/themes.tsv"));
    assert_int_equal(taxonomy_vocab(VOCAB_GROUP)->count, tsv_rows("reference/target_groups.tsv"));
    for (int v = 0; v < VOCAB_COUNT; v++)
        assert_true(taxonomy_vocab((enum vocab_id)v)->count <= TAXONOMY_MAX_TERMS);
}

static void
test_vocab_names(void **state)
{
    static const struct {
        enum vocab_id id;
        const char *field, *param;
        bool numeric;
    } cases[] = {
        {VOCAB_GCM, "gcm_objectives", "objective", true},
        {VOCAB_PRINCIPLE, "guiding_principles", "principle", true},
        {VOCAB_GCR, "gcr_objectives", "gcr_objective", true},
        {VOCAB_SDG, "sdg_targets", "sdg", false},
        {VOCAB_THEME, "themes", "theme", false},
        {VOCAB_GROUP, "target_groups", "target_group", false},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const struct vocab *v = taxonomy_vocab(cases[i].id);
        assert_non_null(v);
        assert_string_equal(v->field, cases[i].field);
        assert_string_equal(v->param, cases[i].param);
        assert_int_equal(v->numeric, cases[i].numeric);
    }
}

static void
test_numeric_codes(void **state)
{
    (void)state;
    const struct vocab *gcm = taxonomy_vocab(VOCAB_GCM);
    /* each objective 1..23 is found by its number and carries it as its code */
    for (int n = 1; n <= 23; n++) {
        char code[8];
        snprintf(code, sizeof code, "%d", n);
        int i = find(VOCAB_GCM, code);
        assert_true(i >= 0);
        assert_string_equal(gcm->terms[i].code, code);
        assert_non_null(gcm->terms[i].title);
        assert_true(strlen(gcm->terms[i].title) > 0);
        assert_non_null(gcm->terms[i].short_title);
    }
    assert_int_equal(find(VOCAB_GCM, "07"), find(VOCAB_GCM, "7"));
    assert_string_equal(gcm->terms[find(VOCAB_GCM, "1")].short_title, "Data");
    assert_int_equal(find(VOCAB_GCM, "24"), -1);
    assert_int_equal(find(VOCAB_GCM, "0"), -1);
    assert_int_equal(find(VOCAB_GCM, "-1"), -1);
    assert_int_equal(find(VOCAB_GCM, ""), -1);
    assert_int_equal(find(VOCAB_GCM, "seven"), -1);
    assert_true(find(VOCAB_PRINCIPLE, "10") >= 0);
    assert_int_equal(find(VOCAB_PRINCIPLE, "11"), -1);
    assert_true(find(VOCAB_GCR, "4") >= 0);
    assert_int_equal(find(VOCAB_GCR, "5"), -1);
}

static void
test_sdg(void **state)
{
    (void)state;
    const struct vocab *sdg = taxonomy_vocab(VOCAB_SDG);
    int target = find(VOCAB_SDG, "10.7");
    assert_true(target >= 0);
    assert_string_equal(sdg->terms[target].code, "10.7");
    int parent = sdg->terms[target].parent;
    assert_true(parent >= 0);
    assert_string_equal(sdg->terms[parent].code, "10");
    assert_int_equal(parent, find(VOCAB_SDG, "10"));
    /* goals have no parent */
    assert_int_equal(sdg->terms[find(VOCAB_SDG, "10")].parent, -1);
    for (int g = 1; g <= 17; g++) {
        char code[8];
        snprintf(code, sizeof code, "%d", g);
        int i = find(VOCAB_SDG, code);
        assert_true(i >= 0);
        assert_int_equal(sdg->terms[i].parent, -1);
    }
    /* every target's parent is the goal before its dot */
    for (size_t i = 0; i < sdg->count; i++) {
        const char *dot = strchr(sdg->terms[i].code, '.');
        if (dot == NULL)
            continue;
        int p = sdg->terms[i].parent;
        assert_true(p >= 0);
        assert_int_equal(strlen(sdg->terms[p].code), (size_t)(dot - sdg->terms[i].code));
        assert_memory_equal(sdg->terms[p].code, sdg->terms[i].code,
                            (size_t)(dot - sdg->terms[i].code));
    }
    assert_true(find(VOCAB_SDG, "16.9") >= 0);
    assert_int_equal(find(VOCAB_SDG, "10.99"), -1);
    assert_int_equal(find(VOCAB_SDG, "18"), -1);
    assert_int_equal(find(VOCAB_SDG, "0"), -1);
}

static void
test_slugs(void **state)
{
    (void)state;
    int health = find(VOCAB_THEME, "health");
    assert_true(health >= 0);
    assert_string_equal(taxonomy_vocab(VOCAB_THEME)->terms[health].code, "health");
    assert_int_equal(find(VOCAB_THEME, "HEALTH"), health);
    assert_int_equal(find(VOCAB_THEME, "Health"), health);
    assert_true(find(VOCAB_THEME, "employment-livelihoods") >= 0);
    assert_int_equal(find(VOCAB_THEME, "no-such-theme"), -1);
    assert_true(find(VOCAB_GROUP, "migrants") >= 0);
    assert_true(find(VOCAB_GROUP, "trafficking-survivors") >= 0);
    assert_int_equal(find(VOCAB_GROUP, "aliens"), -1);
    /* a vocabulary does not answer for another one's codes */
    assert_int_equal(find(VOCAB_GROUP, "health"), -1);
}

static void
test_country_lookup(void **state)
{
    static const struct {
        const char *in, *alpha2;
    } cases[] = {
        {"UG", "UG"},
        {"ug", "UG"},
        {"UGA", "UG"},
        {"Uganda", "UG"},
        {"UGANDA", "UG"},
        {"800", "UG"},
        {"The Gambia", "GM"},
        {"Gambia", "GM"},
        {"GMB", "GM"},
        {"cote d'ivoire", "CI"},
        {"C\xc3\xb4te d'Ivoire", "CI"},
        {"Cote d'Ivoire", "CI"},
        {"CIV", "CI"},
        {"Brazil", "BR"},
        {"KE", "KE"},
        {"Kenya", "KE"},
        {"USA", "US"},
        {"Bangladesh", "BD"},
        /* the UN's names and the orders and spellings of official lists */
        {"United Kingdom of Great Britain and Northern Ireland", "GB"},
        {"Netherlands (Kingdom of the)", "NL"},
        {"Kingdom of the Netherlands", "NL"},
        {"The Netherlands", "NL"},
        {"Micronesia (Federated States of)", "FM"},
        {"C\xc3\xb4te d\xe2\x80\x99Ivoire", "CI"},
        {"Korea, Republic of", "KR"},
        {"Korea, Democratic People's Republic of", "KP"},
        {"Congo, Democratic Republic of the", "CD"},
        {"Tanzania, United Republic of", "TZ"},
        {"Bolivia, Plurinational State of", "BO"},
        {"Trinidad & Tobago", "TT"},
        {"St. Lucia", "LC"},
        {"St Kitts & Nevis", "KN"},
        {"Republic of T\xc3\xbcrkiye", "TR"},
        {"China, Hong Kong Special Administrative Region", "HK"},
        {"Slovak Republic", "SK"},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        int c = country(cases[i].in);
        if (c < 0)
            print_error("country \"%s\" not found\n", cases[i].in);
        assert_true(c >= 0);
        const struct country *ct = taxonomy_country(c);
        assert_non_null(ct);
        assert_string_equal(ct->alpha2, cases[i].alpha2);
    }
    static const char *const unknown[] = {
        "Atlantis", "XX",       "XXX",    "",           "U",      "Ugandaa",    "999",
        "Korea",    "Republic", "of the", "Guinea New", "Kosovo", "Republic of"};
    for (size_t i = 0; i < ARRAY_LEN(unknown); i++) {
        int c = country(unknown[i]);
        if (c != -1)
            print_error("country \"%s\" was found\n", unknown[i]);
        assert_int_equal(c, -1);
    }
}

static void
test_country_table(void **state)
{
    (void)state;
    assert_int_equal(taxonomy_country_count(), tsv_rows("reference/countries.tsv"));
    const struct country *ug = taxonomy_country(country("UG"));
    assert_string_equal(ug->alpha3, "UGA");
    assert_string_equal(ug->numeric, "800");
    assert_string_equal(ug->name, "Uganda");
    assert_true(ug->region >= 0);
    assert_string_equal(taxonomy_region(ug->region)->name, "Africa");
    assert_string_equal(taxonomy_region(ug->region)->code, "002");
    assert_true(ug->subregion >= 0);
    assert_string_equal(taxonomy_subregion(ug->subregion)->name, "Sub-Saharan Africa");
    assert_string_equal(taxonomy_region(taxonomy_country(country("BR"))->region)->name, "Americas");
    assert_string_equal(taxonomy_region(taxonomy_country(country("BD"))->region)->name, "Asia");
    assert_string_equal(taxonomy_region(taxonomy_country(country("IT"))->region)->name, "Europe");
    /* every country has a region index in range (or -1) */
    for (size_t i = 0; i < taxonomy_country_count(); i++) {
        const struct country *c = taxonomy_country((int)i);
        assert_true(c->region >= -1 && c->region < (int)taxonomy_region_count());
        assert_true(c->subregion >= -1 && c->subregion < (int)taxonomy_subregion_count());
        assert_int_equal(country(c->alpha2), (int)i);
        assert_int_equal(country(c->alpha3), (int)i);
    }
}

static void
test_regions(void **state)
{
    static const struct {
        const char *name, *code;
    } want[] = {
        {"Africa", "002"}, {"Americas", "019"}, {"Asia", "142"},
        {"Europe", "150"}, {"Oceania", "009"},
    };
    (void)state;
    assert_int_equal(taxonomy_region_count(), 5);
    for (size_t i = 0; i < ARRAY_LEN(want); i++) {
        const struct region *r = taxonomy_region((int)i);
        assert_non_null(r);
        assert_string_equal(r->name, want[i].name);
        assert_string_equal(r->code, want[i].code);
        assert_int_equal(taxonomy_region_find(want[i].code, strlen(want[i].code)), (int)i);
        assert_int_equal(taxonomy_region_find(want[i].name, strlen(want[i].name)), (int)i);
    }
    assert_int_equal(taxonomy_region_find("africa", 6), 0);
    assert_int_equal(taxonomy_region_find("Atlantis", 8), -1);
    assert_int_equal(taxonomy_region_find("", 0), -1);
}

static void
test_subregions(void **state)
{
    (void)state;
    assert_true(taxonomy_subregion_count() > 0);
    int ssa = taxonomy_subregion_find("Sub-Saharan Africa", 18);
    assert_true(ssa >= 0);
    assert_string_equal(taxonomy_subregion(ssa)->code, "202");
    /* the slug the API documents, and the M49 code */
    assert_int_equal(taxonomy_subregion_find("sub-saharan-africa", 18), ssa);
    assert_int_equal(taxonomy_subregion_find("202", 3), ssa);
    assert_int_equal(taxonomy_subregion_find("Nowhere", 7), -1);
}

static void
test_match_as_spreadsheets_write(void **state)
{
    static const struct {
        enum vocab_id vocab;
        const char *in;
        const char *want; /* the code, or NULL for no match */
    } cases[] = {
        {VOCAB_GCM, "7", "7"},
        {VOCAB_GCM, "Objective 7", "7"},
        {VOCAB_GCM, "GCM objective 15", "15"},
        {VOCAB_GCM, "7 - Reduce vulnerabilities", "7"},
        {VOCAB_GCM, "7. Address and reduce vulnerabilities in migration", "7"},
        {VOCAB_GCM, "24", NULL},
        {VOCAB_GCM, "Objective", NULL},
        {VOCAB_SDG, "SDG 10.7", "10.7"},
        {VOCAB_SDG, "target 16.9", "16.9"},
        {VOCAB_SDG, "Goal 10", "10"},
        {VOCAB_SDG, "10.99", NULL},
        {VOCAB_THEME, "Health", "health"},
        {VOCAB_THEME, "Employment and livelihoods", "employment-livelihoods"},
        {VOCAB_THEME, "EMPLOYMENT-LIVELIHOODS", "employment-livelihoods"},
        {VOCAB_THEME, "Space travel", NULL},
        {VOCAB_GROUP, "internally displaced people", "internally-displaced"},
        {VOCAB_GROUP, "Réfugiés", NULL},
        /* other names people give terms, and abbreviations of "Objective" */
        {VOCAB_GCM, "Obj. 7", "7"},
        {VOCAB_GCM, "obj 23", "23"},
        {VOCAB_GROUP, "IDPs", "internally-displaced"},
        {VOCAB_GROUP, "Internally Displaced Persons", "internally-displaced"},
        {VOCAB_GROUP, "Labour migrants", "migrant-workers"},
        {VOCAB_GROUP, "Victims of trafficking", "trafficking-survivors"},
        {VOCAB_GROUP, "Displaced", NULL},
        {VOCAB_THEME, "Livelihoods", "employment-livelihoods"},
        {VOCAB_THEME, "Anti-discrimination", "social-cohesion"},
        {VOCAB_THEME, "Remittances", "financial-inclusion"},
        {VOCAB_THEME, "IDPs", NULL},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int got = taxonomy_match(cases[i].vocab, cases[i].in, strlen(cases[i].in));
        if (cases[i].want == NULL) {
            if (got != -1)
                fail_msg("'%s' matched '%s'", cases[i].in,
                         taxonomy_vocab(cases[i].vocab)->terms[got].code);
            continue;
        }
        if (got < 0)
            fail_msg("'%s' did not match", cases[i].in);
        assert_string_equal(taxonomy_vocab(cases[i].vocab)->terms[got].code, cases[i].want);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vocab_sizes),   cmocka_unit_test(test_vocab_names),
        cmocka_unit_test(test_numeric_codes), cmocka_unit_test(test_sdg),
        cmocka_unit_test(test_slugs),         cmocka_unit_test(test_country_lookup),
        cmocka_unit_test(test_country_table), cmocka_unit_test(test_regions),
        cmocka_unit_test(test_subregions),    cmocka_unit_test(test_match_as_spreadsheets_write),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
