/* Unit tests of domain/validate: one good action and one good government, then one mutation per
 * case, each of which must be rejected with an error naming the field at fault. Records are
 * built with jansson the way the importer builds them (CSV rows arrive as objects of strings). */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/model.h"
#include "domain/taxonomy.h"
#include "domain/validate.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/text.h"

static const char good_action_json[] =
    "{\"external_id\": \"test-kampala-jobs:2022_v1.0\","
    " \"kind\": \"pledge\","
    " \"title\": \"Local employment so that people can choose to remain\","
    " \"summary\": \"A short summary\","
    " \"language\": \"en\","
    " \"governments\": [{\"name\": \"Kampala\", \"country\": \"UG\"}, \"Nairobi, Kenya\"],"
    " \"gcm_objectives\": [7, 15, 16],"
    " \"guiding_principles\": [1, 10],"
    " \"gcr_objectives\": [2],"
    " \"sdg_targets\": [\"10.7\", \"8\"],"
    " \"themes\": [\"health\"],"
    " \"target_groups\": [\"migrants\"],"
    " \"start_date\": \"2022-05\","
    " \"end_date\": \"tbc\","
    " \"budget\": 1500.5,"
    " \"currency\": \"USD\","
    " \"partners\": [\"IOM\"],"
    " \"source_url\": \"https://example.org/a\","
    " \"implementation_status\": \"in_progress\","
    " \"indicators\": [{\"name\": \"People placed\", \"unit\": \"people\", \"target\": 500,"
    "                  \"deadline\": \"2024-12\"}]}";

static const char good_government_json[] =
    "{\"name\": \"Kampala\", \"country\": \"UG\", \"kind\": \"city\","
    " \"latitude\": 0.3476, \"longitude\": 32.5825, \"population\": 1680600,"
    " \"website\": \"https://www.kcca.go.ug\", \"networks\": [\"UCLG\"]}";

static int
setup(void **state)
{
    (void)state;
    return taxonomy_init() == ERR_OK ? 0 : -1;
}

static json_t *
load(const char *text)
{
    json_error_t jerr;
    json_t *obj = json_loads(text, 0, &jerr);
    if (obj == NULL)
        print_error("bad test JSON: %s\n", jerr.text);
    assert_non_null(obj);
    return obj;
}

static void
print_errors(const struct field_errors *errs)
{
    for (size_t i = 0; i < errs->count; i++)
        print_error("  %s: %s\n", errs->items[i].field, errs->items[i].message);
}

static bool
has_error(const struct field_errors *errs, const char *field)
{
    /* "indicators" also matches a more precise "indicators[1].name" */
    size_t n = strlen(field);
    for (size_t i = 0; i < errs->count; i++) {
        const char *f = errs->items[i].field;
        if (strncmp(f, field, n) == 0 && (f[n] == '\0' || f[n] == '[' || f[n] == '.'))
            return true;
    }
    return false;
}

static int
term_index(enum vocab_id v, const char *code)
{
    int i = taxonomy_find(v, code, strlen(code));
    assert_true(i >= 0);
    return i;
}

/* ---- a good action ------------------------------------------------------------------------ */

static void
test_good_action(void **state)
{
    struct action a;
    struct field_errors errs;
    (void)state;
    memset(&errs, 0, sizeof errs);
    action_init(&a);
    json_t *obj = load(good_action_json);
    enum err rc = validate_action(obj, &a, &errs);
    if (rc != ERR_OK)
        print_errors(&errs);
    assert_int_equal(rc, ERR_OK);
    assert_int_equal(errs.total, 0);

    assert_string_equal(a.external_id, "test-kampala-jobs:2022_v1.0");
    assert_int_equal(a.kind, ACTION_PLEDGE);
    assert_string_equal(a.title, "Local employment so that people can choose to remain");
    assert_string_equal(a.language, "en");
    assert_int_equal(a.n_governments, 2);
    assert_string_equal(a.governments[0].name, "Kampala");
    assert_int_equal(a.governments[0].country, taxonomy_country_find("UG", 2));
    assert_string_equal(a.governments[1].name, "Nairobi");
    assert_int_equal(a.governments[1].country, taxonomy_country_find("KE", 2));
    assert_true(termset_has(&a.terms[VOCAB_GCM], term_index(VOCAB_GCM, "7")));
    assert_true(termset_has(&a.terms[VOCAB_GCM], term_index(VOCAB_GCM, "15")));
    assert_true(termset_has(&a.terms[VOCAB_GCM], term_index(VOCAB_GCM, "16")));
    assert_false(termset_has(&a.terms[VOCAB_GCM], term_index(VOCAB_GCM, "1")));
    assert_true(termset_has(&a.terms[VOCAB_PRINCIPLE], term_index(VOCAB_PRINCIPLE, "10")));
    assert_true(termset_has(&a.terms[VOCAB_GCR], term_index(VOCAB_GCR, "2")));
    assert_true(termset_has(&a.terms[VOCAB_SDG], term_index(VOCAB_SDG, "10.7")));
    assert_true(termset_has(&a.terms[VOCAB_SDG], term_index(VOCAB_SDG, "8")));
    assert_true(termset_has(&a.terms[VOCAB_THEME], term_index(VOCAB_THEME, "health")));
    assert_true(termset_has(&a.terms[VOCAB_GROUP], term_index(VOCAB_GROUP, "migrants")));
    assert_string_equal(a.start_date, "2022-05");
    assert_true(a.end_tbc);
    assert_string_equal(a.end_date, "");
    assert_true(a.budget.present);
    assert_int_equal(a.budget.cents, 150050);
    assert_false(a.funding_secured.present);
    assert_string_equal(a.currency, "USD");
    assert_int_equal(a.partners.count, 1);
    assert_string_equal(a.partners.items[0], "IOM");
    assert_string_equal(a.source_url, "https://example.org/a");
    assert_int_equal(a.publication, PUB_PUBLISHED); /* the default */
    assert_int_equal(a.status, IMPL_IN_PROGRESS);
    assert_int_equal(a.n_indicators, 1);
    assert_string_equal(a.indicators[0].name, "People placed");
    assert_true(a.indicators[0].has_target);
    assert_true(a.indicators[0].target == 500.0);
    assert_string_equal(a.indicators[0].deadline, "2024-12");

    action_release(&a);
    json_decref(obj);
}

static void
test_minimal_action_defaults(void **state)
{
    struct action a;
    struct field_errors errs;
    (void)state;
    memset(&errs, 0, sizeof errs);
    action_init(&a);
    json_t *obj = load("{\"external_id\": \"m1\", \"title\": \"T\","
                       " \"governments\": [\"Kampala, UG\"]}");
    assert_int_equal(validate_action(obj, &a, &errs), ERR_OK);
    assert_int_equal(a.kind, ACTION_PLEDGE);
    assert_string_equal(a.language, "en");
    assert_int_equal(a.publication, PUB_PUBLISHED);
    assert_int_equal(a.status, IMPL_PLANNED);
    assert_false(a.budget.present);
    assert_false(a.end_tbc);
    action_release(&a);
    json_decref(obj);
}

/* CSV rows arrive as objects of strings: lists separated by ';', numbers as text. */
static void
test_action_csv_text_forms(void **state)
{
    struct action a;
    struct field_errors errs;
    (void)state;
    memset(&errs, 0, sizeof errs);
    action_init(&a);
    json_t *obj = load("{\"external_id\": \"csv-1\", \"title\": \"T\","
                       " \"governments\": \"Kampala, UG; Nairobi, Kenya\","
                       " \"gcm_objectives\": \"7;15;16\", \"guiding_principles\": \"1; 10\","
                       " \"sdg_targets\": \"10.7;16.9\", \"budget\": \"1500.5\","
                       " \"funding_sought\": \"1000000.25\", \"currency\": \"EUR\","
                       " \"end_date\": \"tbc\", \"start_date\": \"2022\","
                       " \"partners\": \"IOM;UNHCR\","
                       " \"indicators\": \"[{\\\"name\\\": \\\"n\\\", \\\"target\\\": 3}]\"}");
    enum err rc = validate_action(obj, &a, &errs);
    if (rc != ERR_OK)
        print_errors(&errs);
    assert_int_equal(rc, ERR_OK);
    assert_int_equal(a.n_governments, 2);
    assert_string_equal(a.governments[0].name, "Kampala");
    assert_int_equal(a.governments[0].country, taxonomy_country_find("UG", 2));
    assert_string_equal(a.governments[1].name, "Nairobi");
    assert_int_equal(a.governments[1].country, taxonomy_country_find("KE", 2));
    assert_true(termset_has(&a.terms[VOCAB_GCM], term_index(VOCAB_GCM, "7")));
    assert_true(termset_has(&a.terms[VOCAB_GCM], term_index(VOCAB_GCM, "15")));
    assert_true(termset_has(&a.terms[VOCAB_GCM], term_index(VOCAB_GCM, "16")));
    assert_true(termset_has(&a.terms[VOCAB_PRINCIPLE], term_index(VOCAB_PRINCIPLE, "10")));
    assert_true(termset_has(&a.terms[VOCAB_SDG], term_index(VOCAB_SDG, "16.9")));
    assert_int_equal(a.budget.cents, 150050);
    assert_int_equal(a.funding_sought.cents, 100000025);
    assert_string_equal(a.currency, "EUR");
    assert_true(a.end_tbc);
    assert_int_equal(a.partners.count, 2);
    assert_string_equal(a.partners.items[1], "UNHCR");
    assert_int_equal(a.n_indicators, 1);
    assert_string_equal(a.indicators[0].name, "n");
    action_release(&a);
    json_decref(obj);
}

/* "Kampala, UG; Nairobi, Kenya" as one cell gives two governments, the lead first. */
static void
test_governments_cell_gives_two(void **state)
{
    struct action a;
    struct field_errors errs;
    (void)state;
    memset(&errs, 0, sizeof errs);
    action_init(&a);
    json_t *obj = load("{\"external_id\": \"g2\", \"title\": \"T\","
                       " \"governments\": \"Kampala, UG; Nairobi, Kenya\"}");
    assert_int_equal(validate_action(obj, &a, &errs), ERR_OK);
    assert_int_equal(a.n_governments, 2);
    assert_string_equal(a.governments[0].name, "Kampala");
    assert_string_equal(a.governments[1].name, "Nairobi");
    assert_string_equal(taxonomy_country(a.governments[0].country)->alpha2, "UG");
    assert_string_equal(taxonomy_country(a.governments[1].country)->alpha2, "KE");
    action_release(&a);
    json_decref(obj);
}

/* ---- one bad field at a time -------------------------------------------------------------- */

static char *
repeat(const char *unit, size_t n)
{
    size_t ulen = strlen(unit);
    char *s = malloc(ulen * n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * ulen, unit, ulen);
    s[ulen * n] = '\0';
    return s;
}

/* Validates the good action with @key set to @value (or removed when @value is NULL); expects
 * ERR_INVALID and an error naming @want_field. */
static void
expect_action_rejected(const char *key, json_t *value, const char *want_field)
{
    struct action a;
    struct field_errors errs;
    memset(&errs, 0, sizeof errs);
    action_init(&a);
    json_t *obj = load(good_action_json);
    if (value != NULL)
        json_object_set_new(obj, key, value);
    else
        json_object_del(obj, key);
    enum err rc = validate_action(obj, &a, &errs);
    if (rc != ERR_INVALID || !has_error(&errs, want_field)) {
        print_error("%s: rc %d, want an error on '%s'; got:\n", key, (int)rc, want_field);
        print_errors(&errs);
    }
    assert_int_equal(rc, ERR_INVALID);
    assert_true(errs.total >= 1);
    assert_true(errs.count >= 1);
    assert_true(has_error(&errs, want_field));
    action_release(&a);
    json_decref(obj);
}

/* The same, for a change that must be accepted. */
static void
expect_action_accepted(const char *key, json_t *value)
{
    struct action a;
    struct field_errors errs;
    memset(&errs, 0, sizeof errs);
    action_init(&a);
    json_t *obj = load(good_action_json);
    json_object_set_new(obj, key, value);
    enum err rc = validate_action(obj, &a, &errs);
    if (rc != ERR_OK) {
        print_error("%s: rc %d\n", key, (int)rc);
        print_errors(&errs);
    }
    assert_int_equal(rc, ERR_OK);
    action_release(&a);
    json_decref(obj);
}

static void
test_rejects_unknown_objective(void **state)
{
    (void)state;
    expect_action_rejected("gcm_objectives", json_pack("[i,i]", 7, 24), "gcm_objectives");
    expect_action_rejected("gcm_objectives", json_string("7;24"), "gcm_objectives");
    expect_action_rejected("gcm_objectives", json_pack("[i]", 0), "gcm_objectives");
    expect_action_rejected("guiding_principles", json_pack("[i]", 11), "guiding_principles");
    expect_action_rejected("gcr_objectives", json_pack("[i]", 5), "gcr_objectives");
    expect_action_rejected("sdg_targets", json_pack("[s]", "10.99"), "sdg_targets");
    expect_action_rejected("sdg_targets", json_pack("[s]", "18"), "sdg_targets");
    expect_action_rejected("themes", json_pack("[s]", "no-such-theme"), "themes");
    expect_action_rejected("target_groups", json_pack("[s]", "aliens"), "target_groups");
}

static void
test_rejects_end_before_start(void **state)
{
    struct action a;
    struct field_errors errs;
    (void)state;
    memset(&errs, 0, sizeof errs);
    action_init(&a);
    json_t *obj = load(good_action_json);
    json_object_set_new(obj, "start_date", json_string("2023-05-01"));
    json_object_set_new(obj, "end_date", json_string("2023-01"));
    assert_int_equal(validate_action(obj, &a, &errs), ERR_INVALID);
    assert_true(has_error(&errs, "end_date"));
    action_release(&a);
    json_decref(obj);

    /* an end in the start's own year or month is not before it */
    memset(&errs, 0, sizeof errs);
    action_init(&a);
    obj = load(good_action_json);
    json_object_set_new(obj, "start_date", json_string("2023-05-10"));
    json_object_set_new(obj, "end_date", json_string("2023-05"));
    assert_int_equal(validate_action(obj, &a, &errs), ERR_OK);
    action_release(&a);
    json_decref(obj);
}

static void
test_rejects_bad_dates(void **state)
{
    (void)state;
    expect_action_rejected("start_date", json_string("2023-02-29"), "start_date");
    expect_action_rejected("start_date", json_string("Q2 2023"), "start_date");
    expect_action_rejected("start_date", json_string("01/05/2023"), "start_date");
    expect_action_accepted("start_date", json_string("May 2023"));
    expect_action_rejected("end_date", json_string("2023-13"), "end_date");
    expect_action_accepted("start_date", json_string("2024-02-29"));
}

static void
test_rejects_negative_budget(void **state)
{
    (void)state;
    expect_action_rejected("budget", json_integer(-5), "budget");
    expect_action_rejected("budget", json_string("-5"), "budget");
    expect_action_rejected("budget", json_string("1,00"), "budget");
    expect_action_rejected("budget", json_string("1.000,50"), "budget");
    expect_action_rejected("budget", json_string("10.123"), "budget");
    expect_action_rejected("funding_secured", json_real(-0.5), "funding_secured");
    expect_action_rejected("funding_sought", json_string("abc"), "funding_sought");
}

static void
test_rejects_budget_without_currency(void **state)
{
    (void)state;
    expect_action_rejected("currency", NULL, "currency");
    expect_action_rejected("currency", json_string("US"), "currency");
}

static void
test_rejects_bad_country_in_governments(void **state)
{
    (void)state;
    expect_action_rejected("governments", json_pack("[s]", "Kampala, XX"), "governments");
    expect_action_rejected("governments", json_string("Kampala, UG; Nairobi, Atlantis"),
                           "governments");
    expect_action_rejected("governments",
                           json_pack("[{s:s,s:s}]", "name", "Kampala", "country", "Atlantis"),
                           "governments");
    expect_action_rejected("governments", json_pack("[]"), "governments");
    expect_action_rejected("governments", NULL, "governments");
}

static void
test_title_length(void **state)
{
    (void)state;
    char *t301 = repeat("a", 301);
    expect_action_rejected("title", json_string(t301), "title");
    free(t301);
    /* the limit counts characters, not bytes: 300 two-byte characters are fine */
    char *t300 = repeat("\xc3\xa9", 300);
    expect_action_accepted("title", json_string(t300));
    free(t300);
    char *e301 = repeat("\xc3\xa9", 301);
    expect_action_rejected("title", json_string(e301), "title");
    free(e301);
    expect_action_rejected("title", json_string(""), "title");
    expect_action_rejected("title", NULL, "title");
}

static void
test_rejects_unknown_field(void **state)
{
    (void)state;
    expect_action_rejected("colour", json_string("blue"), "colour");
}

static void
test_rejects_bad_external_id(void **state)
{
    (void)state;
    static const char *const bad[] = {"bad id", "bad/id", "bad!", "caf\xc3\xa9", "a,b", ""};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++)
        expect_action_rejected("external_id", json_string(bad[i]), "external_id");
    char *long_id = repeat("x", 101);
    expect_action_rejected("external_id", json_string(long_id), "external_id");
    free(long_id);
    char *max_id = repeat("x", 100);
    expect_action_accepted("external_id", json_string(max_id));
    free(max_id);
    expect_action_rejected("external_id", NULL, "external_id");
}

static void
test_rejects_bad_codes(void **state)
{
    (void)state;
    expect_action_rejected("kind", json_string("promise"), "kind");
    expect_action_rejected("publication_state", json_string("public"), "publication_state");
    expect_action_rejected("implementation_status", json_string("done"), "implementation_status");
    expect_action_rejected("source_url", json_string("ftp://example.org"), "source_url");
    expect_action_rejected("source_url", json_string("javascript:alert(1)"), "source_url");
}

static void
test_rejects_indicator_without_name(void **state)
{
    (void)state;
    expect_action_rejected("indicators", json_pack("[{s:i}]", "target", 3), "indicators");
}

/* ---- governments -------------------------------------------------------------------------- */

static void
test_good_government(void **state)
{
    struct government g;
    struct field_errors errs;
    (void)state;
    memset(&errs, 0, sizeof errs);
    government_init(&g);
    json_t *obj = load(good_government_json);
    enum err rc = validate_government(obj, &g, &errs);
    if (rc != ERR_OK)
        print_errors(&errs);
    assert_int_equal(rc, ERR_OK);
    assert_string_equal(g.name, "Kampala");
    assert_string_equal(taxonomy_country(g.country)->alpha2, "UG");
    assert_int_equal(g.kind, GOV_CITY);
    assert_true(g.has_location);
    assert_true(g.latitude == 0.3476);
    assert_true(g.longitude == 32.5825);
    assert_true(g.has_population);
    assert_int_equal(g.population, 1680600);
    assert_int_equal(g.networks.count, 1);
    government_release(&g);
    json_decref(obj);
}

static void
expect_government(const char *key, json_t *value, const char *want_field)
{
    struct government g;
    struct field_errors errs;
    memset(&errs, 0, sizeof errs);
    government_init(&g);
    json_t *obj = load(good_government_json);
    if (value != NULL)
        json_object_set_new(obj, key, value);
    else
        json_object_del(obj, key);
    enum err rc = validate_government(obj, &g, &errs);
    if (want_field == NULL) {
        if (rc != ERR_OK) {
            print_error("%s: rejected\n", key);
            print_errors(&errs);
        }
        assert_int_equal(rc, ERR_OK);
    } else {
        if (rc != ERR_INVALID || !has_error(&errs, want_field)) {
            print_error("%s: rc %d, want an error on '%s'; got:\n", key, (int)rc, want_field);
            print_errors(&errs);
        }
        assert_int_equal(rc, ERR_INVALID);
        assert_true(has_error(&errs, want_field));
    }
    government_release(&g);
    json_decref(obj);
}

static void
test_government_location_ranges(void **state)
{
    (void)state;
    expect_government("latitude", json_real(90.0), NULL);
    expect_government("latitude", json_real(-90.0), NULL);
    expect_government("latitude", json_string("45.5"), NULL);
    expect_government("latitude", json_real(90.5), "latitude");
    expect_government("latitude", json_real(-91.0), "latitude");
    expect_government("latitude", json_string("north"), "latitude");
    expect_government("longitude", json_real(180.0), NULL);
    expect_government("longitude", json_real(-180.0), NULL);
    expect_government("longitude", json_real(180.5), "longitude");
    expect_government("longitude", json_real(-181.0), "longitude");
    expect_government("longitude", json_string("-200"), "longitude");
}

static void
test_government_other_fields(void **state)
{
    (void)state;
    expect_government("country", json_string("Uganda"), NULL);
    expect_government("country", json_string("UGA"), NULL);
    expect_government("country", json_string("Atlantis"), "country");
    expect_government("country", NULL, "country");
    expect_government("name", NULL, "name");
    char *long_name = repeat("n", 201);
    expect_government("name", json_string(long_name), "name");
    free(long_name);
    expect_government("kind", json_string("village"), "kind");
    expect_government("kind", json_string("association"), NULL);
    expect_government("population", json_integer(-1), "population");
    expect_government("website", json_string("example.org"), "website");
    expect_government("website", json_string("ftp://example.org"), "website");
    expect_government("website", json_string("www.example.org"), NULL); /* read as https:// */
}

/* ---- reasons: catalog keys with values ------------------------------------------------------ */

/* A catalog of two French texts; every other key falls back to the English. */
static const char *
french(void *ctx, const char *key)
{
    (void)ctx;
    if (strcmp(key, "valid_not_term_number") == 0)
        return "\xc2\xab {value} \xc2\xbb n'est pas un nombre de 1 \xc3\xa0 {max}";
    if (strcmp(key, "valid_in_item") == 0)
        return "\xc3\xa9l\xc3\xa9ment {item} : {field} {reason}";
    return NULL;
}

static const char *
format(const struct field_error *fe, const char *(*lookup)(void *ctx, const char *key))
{
    static char text[1024];
    struct buf b;
    buf_init(&b, sizeof(text) - 1);
    field_error_format(fe, lookup, NULL, &b);
    snprintf(text, sizeof(text), "%s", b.data);
    buf_release(&b);
    return text;
}

static void
test_reasons_are_keys_with_values(void **state)
{
    (void)state;
    json_t *obj = load(good_action_json);
    json_object_set_new(obj, "gcm_objectives", json_pack("[i]", 24));
    json_object_set_new(obj, "indicators", json_pack("[{ss}]", "name", ""));
    struct action a;
    action_init(&a);
    struct field_errors errs = {0};
    assert_int_equal(validate_action(obj, &a, &errs), ERR_INVALID);
    print_errors(&errs);
    assert_int_equal(errs.count, 2);
    const struct field_error *objective = &errs.items[0], *indicator = &errs.items[1];
    /* the English the importer prints, and the same said from a catalog */
    assert_string_equal(objective->field, "gcm_objectives");
    assert_string_equal(objective->key, "valid_not_term_number");
    assert_string_equal(objective->message, "'24' is not a number from 1 to 23");
    assert_string_equal(format(objective, NULL), objective->message);
    assert_string_equal(format(objective, french),
                        "\xc2\xab 24 \xc2\xbb n'est pas un nombre de 1 \xc3\xa0 23");
    /* a reason inside an item is said around it, each part from the catalog when it has it */
    assert_string_equal(indicator->field, "indicators");
    assert_int_equal(indicator->item, 1);
    assert_string_equal(indicator->subfield, "name");
    assert_string_equal(indicator->message, "item 1: name is required and must not be empty");
    assert_string_equal(format(indicator, french),
                        "\xc3\xa9l\xc3\xa9ment 1 : name is required and must not be empty");
    action_release(&a);
    json_decref(obj);
}

static void
test_reason_values_are_bounded(void **state)
{
    (void)state;
    struct field_errors errs = {0};
    char *long_value = repeat("\xc3\xa9", 1000); /* 2,000 bytes */
    const char *vars[] = {"value", long_value, "max", "3", NULL};
    field_errors_say(&errs, "title", "valid_not_term_number",
                     "'{value}' is not a number from 1 to {max}", vars);
    free(long_value);
    const struct field_error *fe = &errs.items[0];
    /* cut to fit, never inside a character, and the message too */
    assert_true(text_is_utf8(fe->message, strlen(fe->message)));
    assert_true(strlen(fe->message) < sizeof(fe->message));
    assert_true(strncmp(fe->message, "'\xc3\xa9\xc3\xa9", 5) == 0);
    /* a reason in English only keeps its text; a missing value leaves the text as it is */
    field_errors_add(&errs, "", "the file has more than %d records", 7);
    assert_null(errs.items[1].key);
    assert_string_equal(format(&errs.items[1], french), "the file has more than 7 records");
    field_errors_say(&errs, "x", "valid_not_term_number",
                     "'{value}' is not a number from 1 to {max}", NULL);
    assert_string_equal(errs.items[2].message, "'{value}' is not a number from 1 to {max}");
    /* past the limit, problems are counted but not kept */
    for (int i = 0; i < VALIDATE_MAX_ERRORS + 5; i++)
        field_errors_say(&errs, "x", "valid_required", "is required", NULL);
    assert_int_equal(errs.count, VALIDATE_MAX_ERRORS);
    assert_int_equal(errs.total, VALIDATE_MAX_ERRORS + 8);
}

/* ---- validate_gov_ref_text ---------------------------------------------------------------- */

static void
test_gov_ref_text(void **state)
{
    static const struct {
        const char *in, *name, *alpha2;
    } good[] = {
        {"Kampala, UG", "Kampala", "UG"},
        {"Kampala (Uganda)", "Kampala", "UG"},
        {"S\xc3\xa3o Paulo, BR", "S\xc3\xa3o Paulo", "BR"},
        {"Dhaka North, Bangladesh", "Dhaka North", "BD"},
        {"Banjul, The Gambia", "Banjul", "GM"},
    };
    static const char *const bad[] = {"Kampala", "Kampala, XX", ", UG", ""};
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(good); i++) {
        struct gov_ref ref;
        struct field_errors errs = {0};
        memset(&ref, 0, sizeof ref);
        enum err rc = validate_gov_ref_text(good[i].in, strlen(good[i].in), &ref, &errs);
        if (rc != ERR_OK)
            print_errors(&errs);
        assert_int_equal(rc, ERR_OK);
        assert_string_equal(ref.name, good[i].name);
        assert_string_equal(taxonomy_country(ref.country)->alpha2, good[i].alpha2);
        free(ref.name);
        free(ref.slug);
    }
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        struct gov_ref ref;
        struct field_errors errs = {0};
        memset(&ref, 0, sizeof ref);
        enum err rc = validate_gov_ref_text(bad[i], strlen(bad[i]), &ref, &errs);
        if (rc != ERR_INVALID)
            print_error("\"%s\" was accepted\n", bad[i]);
        assert_int_equal(rc, ERR_INVALID);
        assert_int_equal(errs.count, 1);
        assert_string_equal(errs.items[0].field, "governments");
        assert_true(errs.items[0].message[0] != '\0');
        assert_non_null(errs.items[0].key);
        free(ref.name);
        free(ref.slug);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_action),
        cmocka_unit_test(test_minimal_action_defaults),
        cmocka_unit_test(test_action_csv_text_forms),
        cmocka_unit_test(test_governments_cell_gives_two),
        cmocka_unit_test(test_rejects_unknown_objective),
        cmocka_unit_test(test_rejects_end_before_start),
        cmocka_unit_test(test_rejects_bad_dates),
        cmocka_unit_test(test_rejects_negative_budget),
        cmocka_unit_test(test_rejects_budget_without_currency),
        cmocka_unit_test(test_rejects_bad_country_in_governments),
        cmocka_unit_test(test_title_length),
        cmocka_unit_test(test_rejects_unknown_field),
        cmocka_unit_test(test_rejects_bad_external_id),
        cmocka_unit_test(test_rejects_bad_codes),
        cmocka_unit_test(test_rejects_indicator_without_name),
        cmocka_unit_test(test_good_government),
        cmocka_unit_test(test_government_location_ranges),
        cmocka_unit_test(test_government_other_fields),
        cmocka_unit_test(test_gov_ref_text),
        cmocka_unit_test(test_reasons_are_keys_with_values),
        cmocka_unit_test(test_reason_values_are_bounded),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
