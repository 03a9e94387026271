/* Unit tests of domain/progress and domain/progress_record: percent of target, the status
 * rules (achieved, overdue, on track, behind, no data), staleness, the GRF names, and reading
 * and writing updates. "Today" is an argument, so every date rule is tested on fixed days. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/progress.h"
#include "domain/progress_record.h"
#include "util/parse.h"
#include "util/xalloc.h"

static int64_t
day(const char *date)
{
    int64_t d = 0;
    assert_int_equal(date_days(date, true, &d), ERR_OK);
    return d;
}

/* An indicator; NAN-free: @has_* say which numbers are given. */
static struct indicator
ind(bool has_baseline, double baseline, bool has_target, double target, const char *deadline)
{
    struct indicator i = {0};
    i.has_baseline = has_baseline;
    i.baseline = baseline;
    i.has_target = has_target;
    i.target = target;
    snprintf(i.deadline, sizeof(i.deadline), "%s", deadline != NULL ? deadline : "");
    return i;
}

/* A published, in-progress action with @n indicators (copied; names left NULL), starting
 * @start, created at the start of 2024. */
static void
make_action(struct action *a, const char *start, const struct indicator *inds, size_t n)
{
    action_init(a);
    a->publication = PUB_PUBLISHED;
    a->status = IMPL_IN_PROGRESS;
    snprintf(a->start_date, sizeof(a->start_date), "%s", start != NULL ? start : "");
    a->created_at = day("2024-01-01") * 86400;
    a->indicators = xcalloc(n > 0 ? n : 1, sizeof(*a->indicators));
    memcpy(a->indicators, inds, n * sizeof(*inds));
    a->n_indicators = n;
}

static struct progress_update
update(const char *date, enum impl_status status, int indicator, double value)
{
    struct progress_update u;
    progress_update_init(&u);
    snprintf(u.date, sizeof(u.date), "%s", date);
    u.status = status;
    if (indicator > 0) {
        u.values[0].indicator = indicator;
        u.values[0].value = value;
        u.n_values = 1;
    }
    return u;
}

/* ---- percent ------------------------------------------------------------------------------ */

static void
test_percent(void **state)
{
    static const struct {
        bool has_baseline;
        double baseline;
        bool has_target;
        double target, value;
        bool ok;
        double want;
    } cases[] = {
        {true, 0, true, 200, 50, true, 25},     /* rising from zero */
        {false, 0, true, 200, 50, true, 25},    /* no baseline: 0 */
        {true, 100, true, 200, 150, true, 50},  /* rising from a baseline */
        {true, 100, true, 50, 75, true, 50},    /* a decreasing target */
        {true, 100, true, 50, 40, true, 120},   /* beyond a decreasing target */
        {true, 100, true, 50, 120, true, -40},  /* the wrong way */
        {true, 0, true, 3, 1, true, 33.3},      /* rounded to 0.1 */
        {true, 10, true, 10, 10, true, 100},    /* target = baseline, reached */
        {true, 10, true, 10, 9, true, 0},       /* target = baseline, not reached */
        {true, 0, true, 0.0001, 5, true, 1000}, /* bounded */
        {true, 0, false, 0, 5, false, 0},       /* no target: nothing to measure */
        {true, 0, true, 1e15, 1e15, true, 100}, /* large numbers */
        {true, -50, true, 50, -50, true, 0},    /* negative baseline, at the start */
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct indicator in = ind(cases[i].has_baseline, cases[i].baseline, cases[i].has_target,
                                  cases[i].target, NULL);
        double got = -12345;
        bool ok = progress_percent(&in, cases[i].value, &got);
        if (ok != cases[i].ok || (ok && got != cases[i].want))
            print_error("case %zu: ok %d percent %g, want %d %g\n", i, ok, got, cases[i].ok,
                        cases[i].want);
        assert_int_equal(ok, cases[i].ok);
        if (ok)
            assert_true(got == cases[i].want);
    }
}

/* ---- statuses ----------------------------------------------------------------------------- */

/* The status of one indicator 0 -> 100 due @deadline, the action started @start, valued
 * @value on 2024-06-01, judged on @today. With the defaults it is halfway on 2024-12-31
 * (365 of 730 days elapsed: 50% expected). */
static enum progress_status
status_of(double value, const char *today, const char *deadline, const char *start)
{
    struct indicator i = ind(true, 0, true, 100, deadline);
    struct action a;
    make_action(&a, start, &i, 1);
    struct progress_update u = update("2024-06-01", IMPL_IN_PROGRESS, 1, value);
    struct progress p;
    progress_compute(&a, &u, 1, day(today), &p);
    action_release(&a);
    assert_int_equal(p.status, p.indicators[0].status);
    return p.indicators[0].status;
}

static void
test_status_rules(void **state)
{
    (void)state;
    assert_int_equal(status_of(100, "2024-12-31", "2025-12-31", "2024-01-01"), PROGRESS_ACHIEVED);
    assert_int_equal(status_of(130, "2026-06-01", "2025-12-31", "2024-01-01"), PROGRESS_ACHIEVED);
    assert_int_equal(status_of(99, "2026-01-01", "2025-12-31", "2024-01-01"), PROGRESS_OVERDUE);
    /* the deadline day itself is not overdue */
    assert_int_equal(status_of(99, "2025-12-31", "2025-12-31", "2024-01-01"), PROGRESS_ON_TRACK);
    /* halfway in time (50%): 40 is within the 10-point tolerance, 39 is not */
    assert_int_equal(status_of(40, "2024-12-31", "2025-12-31", "2024-01-01"), PROGRESS_ON_TRACK);
    assert_int_equal(status_of(39, "2024-12-31", "2025-12-31", "2024-01-01"), PROGRESS_BEHIND);
    /* a deadline written as a year or a month is its last day */
    assert_int_equal(status_of(99, "2025-12-31", "2025", "2024-01-01"), PROGRESS_ON_TRACK);
    assert_int_equal(status_of(99, "2025-07-01", "2025-06", "2024-01-01"), PROGRESS_OVERDUE);
    /* before the start nothing is expected yet */
    assert_int_equal(status_of(0, "2023-06-01", "2025-12-31", "2024-01-01"), PROGRESS_ON_TRACK);
    /* no start: measured from the first update (2024-06-01) */
    assert_int_equal(status_of(5, "2024-06-10", "2025-12-31", NULL), PROGRESS_ON_TRACK);
    assert_int_equal(status_of(5, "2025-09-01", "2025-12-31", NULL), PROGRESS_BEHIND);
    /* no deadline and no end date: nothing to judge against */
    assert_int_equal(status_of(50, "2024-12-31", NULL, "2024-01-01"), PROGRESS_NO_DATA);
}

static void
test_deadline_falls_back_to_end_date(void **state)
{
    (void)state;
    struct indicator i = ind(true, 0, true, 100, NULL);
    struct action a;
    make_action(&a, "2024", &i, 1);
    snprintf(a.end_date, sizeof(a.end_date), "2024-12");
    struct progress_update u = update("2024-06-01", IMPL_IN_PROGRESS, 1, 80);
    struct progress p;
    progress_compute(&a, &u, 1, day("2025-01-01"), &p);
    assert_int_equal(p.indicators[0].status, PROGRESS_OVERDUE);
    a.end_tbc = true; /* "to be confirmed" is no deadline */
    progress_compute(&a, &u, 1, day("2025-01-01"), &p);
    assert_int_equal(p.indicators[0].status, PROGRESS_NO_DATA);
    assert_true(p.indicators[0].has_percent);
    action_release(&a);
}

static void
test_no_data(void **state)
{
    (void)state;
    struct indicator inds[2] = {ind(true, 0, false, 0, "2030"), ind(true, 0, true, 10, "2030")};
    struct action a;
    make_action(&a, "2024", inds, 2);
    struct progress_update u = update("2024-06-01", IMPL_IN_PROGRESS, 1, 5);
    struct progress p;
    progress_compute(&a, &u, 1, day("2024-07-01"), &p);
    /* no target on the first, no value on the second */
    assert_true(p.indicators[0].has_latest);
    assert_false(p.indicators[0].has_percent);
    assert_int_equal(p.indicators[0].status, PROGRESS_NO_DATA);
    assert_false(p.indicators[1].has_latest);
    assert_int_equal(p.indicators[1].status, PROGRESS_NO_DATA);
    assert_int_equal(p.status, PROGRESS_NO_DATA);
    assert_false(p.has_percent);
    assert_string_equal(p.last_update, "2024-06-01");
    /* no update at all */
    progress_compute(&a, NULL, 0, day("2024-07-01"), &p);
    assert_int_equal(p.status, PROGRESS_NO_DATA);
    assert_string_equal(p.last_update, "");
    action_release(&a);
}

static void
test_latest_value_by_date(void **state)
{
    (void)state;
    struct indicator i = ind(true, 0, true, 100, "2030");
    struct action a;
    make_action(&a, "2024", &i, 1);
    /* out of order: the latest date wins; on the same date the later in the list */
    struct progress_update u[4] = {
        update("2024-09-01", IMPL_IN_PROGRESS, 1, 30),
        update("2024-03-01", IMPL_IN_PROGRESS, 1, 10),
        update("2024-10-01", IMPL_IN_PROGRESS, 0, 0), /* a narrative only */
        update("2024-09-01", IMPL_IN_PROGRESS, 1, 35),
    };
    struct progress p;
    progress_compute(&a, u, 4, day("2024-12-01"), &p);
    assert_true(p.indicators[0].latest == 35);
    assert_string_equal(p.indicators[0].latest_date, "2024-09-01");
    assert_string_equal(p.last_update, "2024-10-01");
    action_release(&a);
}

static void
test_action_level(void **state)
{
    (void)state;
    /* achieved (150% counts as 100), on track (40%), overdue (10%, due 2024), no data */
    struct indicator inds[4] = {ind(true, 0, true, 10, "2030"), ind(true, 0, true, 10, "2030"),
                                ind(true, 0, true, 10, "2024"), ind(true, 0, false, 0, NULL)};
    struct action a;
    make_action(&a, "2024", inds, 4);
    struct progress_update u = update("2025-01-01", IMPL_IN_PROGRESS, 0, 0);
    double values[4] = {15, 4, 1, 7};
    for (int k = 0; k < 4; k++) {
        u.values[k].indicator = k + 1;
        u.values[k].value = values[k];
    }
    u.n_values = 4;
    struct progress p;
    progress_compute(&a, &u, 1, day("2025-01-02"), &p);
    assert_int_equal(p.indicators[0].status, PROGRESS_ACHIEVED);
    assert_int_equal(p.indicators[1].status, PROGRESS_ON_TRACK);
    assert_int_equal(p.indicators[2].status, PROGRESS_OVERDUE);
    assert_int_equal(p.indicators[3].status, PROGRESS_NO_DATA);
    assert_int_equal(p.status, PROGRESS_OVERDUE);
    assert_true(p.has_percent);
    assert_true(p.percent == 50); /* (100 + 40 + 10) / 3 */
    /* once the overdue one is reached, the worst left is on track */
    u.values[2].value = 10;
    progress_compute(&a, &u, 1, day("2025-01-02"), &p);
    assert_int_equal(p.status, PROGRESS_ON_TRACK);
    /* all the judged ones achieved: achieved, whatever the no-data one */
    u.values[1].value = 12;
    progress_compute(&a, &u, 1, day("2025-01-02"), &p);
    assert_int_equal(p.status, PROGRESS_ACHIEVED);
    action_release(&a);
}

/* ---- staleness ---------------------------------------------------------------------------- */

static bool
stale(const char *last_update, enum impl_status update_status, enum impl_status action_status,
      enum publication_state pub, const char *today)
{
    struct indicator i = ind(true, 0, true, 100, "2030");
    struct action a;
    make_action(&a, "2023", &i, 1);
    a.status = action_status;
    a.publication = pub;
    struct progress_update u =
        update(last_update != NULL ? last_update : "2000-01-01", update_status, 1, 10);
    struct progress p;
    progress_compute(&a, &u, last_update != NULL ? 1 : 0, day(today), &p);
    action_release(&a);
    return p.stale;
}

static void
test_stale(void **state)
{
    (void)state;
    const enum impl_status ip = IMPL_IN_PROGRESS;
    /* exactly twelve months is not yet stale; the day after is */
    assert_false(stale("2024-03-01", ip, ip, PUB_PUBLISHED, "2025-03-01"));
    assert_true(stale("2024-03-01", ip, ip, PUB_PUBLISHED, "2025-03-02"));
    /* 29 February + 12 months is 28 February */
    assert_false(stale("2024-02-29", ip, ip, PUB_PUBLISHED, "2025-02-28"));
    assert_true(stale("2024-02-29", ip, ip, PUB_PUBLISHED, "2025-03-01"));
    /* finished actions are never stale, by their own status or their last update's */
    assert_false(stale("2020-01-01", ip, IMPL_COMPLETED, PUB_PUBLISHED, "2025-03-02"));
    assert_false(stale("2020-01-01", ip, IMPL_DISCONTINUED, PUB_PUBLISHED, "2025-03-02"));
    assert_false(stale("2020-01-01", IMPL_COMPLETED, ip, PUB_PUBLISHED, "2025-03-02"));
    /* only published actions */
    assert_false(stale("2020-01-01", ip, ip, PUB_WITHDRAWN, "2025-03-02"));
    /* never updated: counted from its creation (2024-01-01) */
    assert_false(stale(NULL, ip, ip, PUB_PUBLISHED, "2025-01-01"));
    assert_true(stale(NULL, ip, ip, PUB_PUBLISHED, "2025-01-02"));
    /* a planned action is expected to report too */
    assert_true(stale(NULL, ip, IMPL_PLANNED, PUB_PUBLISHED, "2025-06-01"));
}

static void
test_grf_status(void **state)
{
    (void)state;
    assert_string_equal(progress_grf_status(IMPL_PLANNED), "In the planning stage");
    assert_string_equal(progress_grf_status(IMPL_IN_PROGRESS), "In progress");
    assert_string_equal(progress_grf_status(IMPL_COMPLETED), "Fulfilled");
    assert_null(progress_grf_status(IMPL_DISCONTINUED));
}

/* ---- records ------------------------------------------------------------------------------ */

static enum err
validate_text(const char *json, struct progress_update *u, struct field_errors *errs)
{
    json_t *obj = json_loads(json, 0, NULL);
    assert_non_null(obj);
    progress_update_init(u);
    memset(errs, 0, sizeof(*errs));
    enum err e = progress_validate(obj, true, day("2025-06-01"), u, errs);
    json_decref(obj);
    return e;
}

static void
test_validate_forms_of_values(void **state)
{
    (void)state;
    static const char *const forms[] = {
        "{\"id\":\"u1\",\"action\":\"a1\",\"date\":\"2025-05-01\","
        "\"implementation_status\":\"in_progress\","
        "\"values\":[{\"indicator\":2,\"value\":4.5},{\"indicator\":1,\"value\":30}]}",
        /* as a spreadsheet writes it: other names, a values cell, GRF words */
        "{\"Update ID\":\"u1\",\"Action\":\"a1\",\"Date\":\"2025-05-01\","
        "\"Status\":\"In progress\",\"Values\":\" 1 = 30 ; 2=4.5; \"}",
        "{\"id\":\"u1\",\"action_id\":\"a1\",\"date\":\"2025-05-01\","
        "\"status\":\"in progress\",\"values\":{\"2\":\"4.5\",\"1\":30}}",
    };
    char first[65] = "";
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        struct progress_update u;
        struct field_errors errs;
        enum err e = validate_text(forms[i], &u, &errs);
        if (e != ERR_OK)
            print_error("form %zu: %s: %s\n", i, errs.items[0].field, errs.items[0].message);
        assert_int_equal(e, ERR_OK);
        assert_string_equal(u.external_id, "u1");
        assert_string_equal(u.action_external_id, "a1");
        assert_int_equal(u.status, IMPL_IN_PROGRESS);
        assert_int_equal(u.n_values, 2);
        assert_int_equal(u.values[0].indicator, 1);
        assert_true(u.values[0].value == 30);
        assert_true(u.values[1].value == 4.5);
        char hash[65];
        progress_fingerprint(&u, hash);
        if (i == 0)
            memcpy(first, hash, sizeof(first));
        assert_string_equal(hash, first);
        progress_update_release(&u);
    }
    /* the GRF's own words are statuses too */
    struct progress_update u;
    struct field_errors errs;
    assert_int_equal(validate_text("{\"id\":\"u\",\"date\":\"2025-01-01\","
                                   "\"implementation_status\":\"Fulfilled\",\"narrative\":\"x\"}",
                                   &u, &errs),
                     ERR_OK);
    assert_int_equal(u.status, IMPL_COMPLETED);
    progress_update_release(&u);
}

static void
test_validate_refuses(void **state)
{
    (void)state;
    static const struct {
        const char *json, *field, *words;
    } cases[] = {
        {"{\"date\":\"2025-01-01\",\"implementation_status\":\"planned\",\"narrative\":\"x\"}",
         "id", "is required"},
        {"{\"id\":\"a b\",\"date\":\"2025-01-01\",\"implementation_status\":\"planned\","
         "\"narrative\":\"x\"}",
         "id", "may only hold"},
        {"{\"id\":\"u\",\"date\":\"2025-02-30\",\"implementation_status\":\"planned\","
         "\"narrative\":\"x\"}",
         "date", "is not a date"},
        {"{\"id\":\"u\",\"date\":\"2025-01\",\"implementation_status\":\"planned\","
         "\"narrative\":\"x\"}",
         "date", "is not a date"},
        {"{\"id\":\"u\",\"date\":\"2025-06-03\",\"implementation_status\":\"planned\","
         "\"narrative\":\"x\"}",
         "date", "in the future"},
        {"{\"id\":\"u\",\"implementation_status\":\"planned\",\"narrative\":\"x\"}", "date",
         "is required"},
        {"{\"id\":\"u\",\"date\":\"2025-01-01\",\"narrative\":\"x\"}", "implementation_status",
         "is required"},
        {"{\"id\":\"u\",\"date\":\"2025-01-01\",\"implementation_status\":\"done\","
         "\"narrative\":\"x\"}",
         "implementation_status", "is not one of"},
        {"{\"id\":\"u\",\"date\":\"2025-01-01\",\"implementation_status\":\"planned\","
         "\"values\":\"1=abc\"}",
         "values", "indicator 1: 'abc' is not a number"},
        {"{\"id\":\"u\",\"date\":\"2025-01-01\",\"implementation_status\":\"planned\","
         "\"values\":\"1=2;1=3\"}",
         "values", "indicator 1 is given twice"},
        {"{\"id\":\"u\",\"date\":\"2025-01-01\",\"implementation_status\":\"planned\","
         "\"values\":\"0=2\"}",
         "values", "is not an indicator number"},
        {"{\"id\":\"u\",\"date\":\"2025-01-01\",\"implementation_status\":\"planned\","
         "\"values\":\"30\"}",
         "values", "is not INDICATOR=VALUE"},
        {"{\"id\":\"u\",\"date\":\"2025-01-01\",\"implementation_status\":\"planned\","
         "\"values\":[{\"indicator\":1,\"value\":true}]}",
         "values", "must be a number"},
        {"{\"id\":\"u\",\"date\":\"2025-01-01\",\"implementation_status\":\"planned\","
         "\"narrative\":\"x\",\"evidence_url\":\"javascript:alert(1)\"}",
         "evidence_url", "is not an http"},
        {"{\"id\":\"u\",\"date\":\"2025-01-01\",\"implementation_status\":\"planned\"}", "values",
         "needs a value or a narrative"},
        {"{\"id\":\"u\",\"date\":\"2025-01-01\",\"implementation_status\":\"planned\","
         "\"narrative\":\"x\",\"colour\":\"red\"}",
         "colour", "is not a field"},
        {"{\"type\":\"action\",\"id\":\"u\",\"date\":\"2025-01-01\","
         "\"implementation_status\":\"planned\",\"narrative\":\"x\"}",
         "type", "progress_update"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct progress_update u;
        struct field_errors errs;
        enum err e = validate_text(cases[i].json, &u, &errs);
        bool found = false;
        for (size_t k = 0; k < errs.count; k++)
            found = found || (strcmp(errs.items[k].field, cases[i].field) == 0 &&
                              strstr(errs.items[k].message, cases[i].words) != NULL);
        if (e != ERR_INVALID || !found)
            print_error("case %zu: want %s: ...%s..., got %zu errors, first %s: %s\n", i,
                        cases[i].field, cases[i].words, errs.count,
                        errs.count ? errs.items[0].field : "",
                        errs.count ? errs.items[0].message : "");
        assert_int_equal(e, ERR_INVALID);
        assert_true(found);
        progress_update_release(&u);
    }
}

/* What export writes, import reads back to the same update. */
static void
test_round_trip(void **state)
{
    (void)state;
    struct progress_update u;
    struct field_errors errs;
    assert_int_equal(validate_text("{\"id\":\"u:1\",\"action\":\"a-1\",\"date\":\"2025-05-01\","
                                   "\"implementation_status\":\"completed\","
                                   "\"narrative\":\"Done, \\\"mostly\\\"\\nand well\","
                                   "\"evidence_url\":\"https://example.org/r?a=1&b=2\","
                                   "\"values\":\"3=0.1;1=-2.5;2=1000000\","
                                   "\"created_at\":\"2025-05-02T10:00:00Z\","
                                   "\"updated_at\":\"2025-05-03T10:00:00Z\"}",
                                   &u, &errs),
                     ERR_OK);
    struct buf json;
    buf_init(&json, 1 << 16);
    progress_update_json(&json, &u, PROGRESS_EXPORT);
    struct progress_update back;
    assert_int_equal(validate_text(json.data, &back, &errs), ERR_OK);
    struct buf again;
    buf_init(&again, 1 << 16);
    progress_update_json(&again, &back, PROGRESS_EXPORT);
    assert_string_equal(json.data, again.data);
    assert_non_null(strstr(json.data, "\"values\":[{\"indicator\":1,\"value\":-2.5},"
                                      "{\"indicator\":2,\"value\":1000000},"
                                      "{\"indicator\":3,\"value\":0.1}]"));
    /* the times are not content */
    char h1[65], h2[65];
    progress_fingerprint(&u, h1);
    back.updated_at += 3600;
    progress_fingerprint(&back, h2);
    assert_string_equal(h1, h2);
    back.values[0].value = -2.4;
    progress_fingerprint(&back, h2);
    assert_string_not_equal(h1, h2);
    /* the CSV line holds the values cell as a spreadsheet would write it */
    struct buf csv;
    buf_init(&csv, 1 << 16);
    progress_update_csv(&csv, &u);
    assert_string_equal(csv.data, "u:1,a-1,2025-05-01,completed,1=-2.5;2=1000000;3=0.1,"
                                  "\"Done, \"\"mostly\"\"\nand well\","
                                  "https://example.org/r?a=1&b=2,2025-05-02T10:00:00Z,"
                                  "2025-05-03T10:00:00Z\r\n");
    buf_release(&csv);
    buf_release(&json);
    buf_release(&again);
    progress_update_release(&u);
    progress_update_release(&back);
}

static void
test_progress_json(void **state)
{
    (void)state;
    struct indicator inds[2] = {ind(true, 10, true, 20, "2030-06"), ind(false, 0, false, 0, NULL)};
    struct action a;
    make_action(&a, "2024", inds, 2);
    a.indicators[0].name = xstrdup("Families \"housed\"");
    a.indicators[0].unit = xstrdup("families");
    a.indicators[1].name = xstrdup("Stories told");
    struct progress_update u = update("2025-01-01", IMPL_IN_PROGRESS, 1, 15);
    struct progress p;
    progress_compute(&a, &u, 1, day("2025-01-02"), &p);
    struct buf out;
    buf_init(&out, 1 << 16);
    progress_json(&out, &a, &p);
    assert_string_equal(
        out.data,
        "{\"percent\":50,\"status\":\"on_track\",\"last_update\":\"2025-01-01\",\"stale\":false,"
        "\"indicators\":[{\"position\":1,\"name\":\"Families \\\"housed\\\"\",\"unit\":"
        "\"families\",\"baseline\":10,\"target\":20,\"deadline\":\"2030-06\",\"latest\":"
        "{\"date\":\"2025-01-01\",\"value\":15},\"percent\":50,\"status\":\"on_track\"},"
        "{\"position\":2,\"name\":\"Stories told\",\"unit\":null,\"baseline\":null,\"target\":"
        "null,\"deadline\":null,\"latest\":null,\"percent\":null,\"status\":\"no_data\"}]}");
    buf_release(&out);
    action_release(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_status_rules),
        cmocka_unit_test(test_deadline_falls_back_to_end_date),
        cmocka_unit_test(test_no_data),
        cmocka_unit_test(test_latest_value_by_date),
        cmocka_unit_test(test_action_level),
        cmocka_unit_test(test_stale),
        cmocka_unit_test(test_grf_status),
        cmocka_unit_test(test_validate_forms_of_values),
        cmocka_unit_test(test_validate_refuses),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_progress_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
