/* Unit tests of store/search_words: each distinct word once, and above all the same set of
 * tokens as the text itself for SQLite's FTS5 tokenizer, which is checked against SQLite. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/search_words.h"
#include "util/buf.h"
#include "util/err.h"

#define TEST_BUF_LIMIT (1u << 20)

static char *
words_of(const char *s)
{
    static char out[4096];
    struct search_words w;
    struct buf b;
    search_words_init(&w);
    buf_init(&b, TEST_BUF_LIMIT);
    search_words_add(&w, &b, s, strlen(s));
    snprintf(out, sizeof(out), "%s", b.data);
    buf_release(&b);
    search_words_release(&w);
    return out;
}

static void
test_repeats_are_left_out(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"", ""},
        {"  ,;. ", ""},
        {"one", "one"},
        {"the cat and the hat", "the cat and hat"},
        {"The THE the tHe", "The"},
        {"a,b;a.b", "a b"},
        {"2030 agenda 2030", "2030 agenda"},
        {"S\xc3\xa3o s\xc3\xa3o S\xc3\x83O", "S\xc3\xa3o S\xc3\x83O"}, /* only ASCII is folded */
        {"l\xe2\x80\x99homme l\xe2\x80\x99homme", "l\xe2\x80\x99homme"},
        {"\tline\nline\r\n", "line"},
        {"end.", "end"},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++)
        assert_string_equal(words_of(cases[i].in), cases[i].want);
}

static void
test_reset_forgets(void **state)
{
    struct search_words w;
    struct buf b;
    (void)state;
    search_words_init(&w);
    buf_init(&b, TEST_BUF_LIMIT);
    search_words_add(&w, &b, "alpha beta", 10);
    search_words_add(&w, &b, "beta gamma", 10);
    assert_string_equal(b.data, "alpha beta gamma");
    search_words_reset(&w);
    buf_reset(&b);
    search_words_add(&w, &b, "beta alpha", 10);
    assert_string_equal(b.data, "beta alpha");
    buf_release(&b);
    search_words_release(&w);
}

/* Past the first table's size, the set grows and keeps every word. */
static void
test_many_words(void **state)
{
    struct buf in, want;
    (void)state;
    buf_init(&in, TEST_BUF_LIMIT);
    buf_init(&want, TEST_BUF_LIMIT);
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 5000; i++)
            buf_addf(&in, "w%d ", i);
    for (int i = 0; i < 5000; i++)
        buf_addf(&want, i ? " w%d" : "w%d", i);
    struct search_words w;
    struct buf out;
    search_words_init(&w);
    buf_init(&out, TEST_BUF_LIMIT);
    search_words_add(&w, &out, in.data, in.len);
    assert_string_equal(out.data, want.data);
    buf_release(&out);
    search_words_release(&w);
    buf_release(&in);
    buf_release(&want);
}

static void
test_action_columns(void **state)
{
    struct gov_ref govs[2] = {{.name = "Nova Brani"}, {.name = "Port Nehapur"}};
    struct action a = {0};
    struct search_words w;
    struct search_text t;
    (void)state;
    a.title = "Housing for migrants in Nova Brani";
    a.summary = "Housing and jobs";
    a.description = "Migrants find housing, jobs and schools.";
    a.governments = govs;
    a.n_governments = 2;
    search_words_init(&w);
    search_text_init(&t);
    search_text_action(&t, &w, &a);
    static const char *const want[SEARCH_COLUMNS] = {"Housing for migrants in Nova Brani",
                                                     " and jobs", " find schools", " Port Nehapur"};
    for (int c = 0; c < SEARCH_COLUMNS; c++) {
        assert_int_equal(t.len[c], strlen(want[c]));
        assert_memory_equal(t.text.data + t.offset[c], want[c], t.len[c]);
    }
    search_text_release(&t);
    search_words_release(&w);
}

/* ---- against SQLite: the tokens FTS5 finds in the words are the tokens of the text ---- */

static sqlite3 *db;

static int
open_db(void **state)
{
    (void)state;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return -1;
    return sqlite3_exec(db,
                        "CREATE VIRTUAL TABLE doc USING fts5(x, detail=none,"
                        " tokenize='unicode61 remove_diacritics 2');"
                        "CREATE VIRTUAL TABLE doc_terms USING fts5vocab(doc, row);",
                        NULL, NULL, NULL);
}

static int
close_db(void **state)
{
    (void)state;
    sqlite3_close(db);
    return 0;
}

/* The distinct tokens FTS5 finds in @s, sorted, one a line. */
static void
tokens(const char *s, size_t len, struct buf *out)
{
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_exec(db, "DELETE FROM doc", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db, "INSERT INTO doc (rowid, x) VALUES (1, ?1)", -1, &q, NULL),
        SQLITE_OK);
    sqlite3_bind_text(q, 1, s, (int)len, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(q), SQLITE_DONE);
    sqlite3_finalize(q);
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT term FROM doc_terms ORDER BY term", -1, &q, NULL),
        SQLITE_OK);
    while (sqlite3_step(q) == SQLITE_ROW) {
        buf_addstr(out, (const char *)sqlite3_column_text(q, 0));
        buf_addch(out, '\n');
    }
    sqlite3_finalize(q);
}

static void
assert_same_tokens(const char *s, size_t len)
{
    struct search_words w;
    struct buf words, want, got;
    search_words_init(&w);
    buf_init(&words, TEST_BUF_LIMIT);
    buf_init(&want, TEST_BUF_LIMIT);
    buf_init(&got, TEST_BUF_LIMIT);
    search_words_add(&w, &words, s, len);
    tokens(s, len, &want);
    tokens(words.data, words.len, &got);
    if (strcmp(want.data, got.data) != 0)
        print_error("text '%.*s' gave words '%s'\n", (int)len, s, words.data);
    assert_string_equal(got.data, want.data);
    buf_release(&words);
    buf_release(&want);
    buf_release(&got);
    search_words_release(&w);
}

static void
test_same_tokens_as_fts5(void **state)
{
    static const char *const texts[] = {
        "Expanding inclusive housing services for migrant workers in Nova Brani",
        "The city's plan: housing, HOUSING, Housing; housing-first (housing!)",
        "S\xc3\xa3o Paulo, Sao Paulo, SAO PAULO, s\xc3\xa3o paulo",
        "Montr\xc3\xa9"
        "al MONTR\xc3\x89"
        "AL montreal Bogot\xc3\xa1 BOGOT\xc3\x81 \xc5\x81\xc3\xb3"
        "d\xc5\xba",
        "e\xcc\x81te\xcc\x81 \xc3\xa9t\xc3\xa9 ETE", /* a combining accent, then a precomposed one
                                                      */
        "non\xc2\xa0"
        "breaking\xc2\xa0space \xe2\x80\x94 dash\xe2\x80\x94joined l\xe2\x80\x99homme",
        "\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1 \xce\xb1\xce\xb8\xce\xae\xce\xbd\xce\xb1 "
        "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 "
        "\xd0\xbc\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0",
        "\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd \xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd\xe3\x80\x82 "
        "\xf0\x9f\x98\x80\xf0\x9f\x98\x80",
        "tabs\tand\nnew\r\nlines\x01"
        "control\x7f"
        "chars",
        "2030 2030.5 v2 V2 x_y x-y x.y @user #tag a+b",
        "\xef\xbc\xa1\xef\xbc\xa2 \xef\xbd\x81\xef\xbd\x82", /* fullwidth letters */
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(texts); i++)
        assert_same_tokens(texts[i], strlen(texts[i]));
}

/* Random mixes of words, case changes, accents and separators, from a fixed seed. */
static void
test_same_tokens_random_mixes(void **state)
{
    static const char *const parts[] = {
        "a",
        "A",
        "\xc3\xa9",
        "\xc3\x89",
        "e\xcc\x81",
        "-",
        " ",
        ".",
        "\xe2\x80\x99",
        "'",
        "\xc2\xa0",
        "1",
        "x",
        "X",
        "\xc3\x9f",
        "\xe1\xba\x9e",
        "\xc4\xb0",
        "i",
        "\xc4\xb1",
        "\xe2\x80\x94",
        "\t",
        "\xe3\x80\x82",
        "_",
        "\xef\xbc\xa1",
    };
    uint32_t seed = 12345;
    struct buf text;
    (void)state;
    buf_init(&text, TEST_BUF_LIMIT);
    for (int round = 0; round < 300; round++) {
        buf_reset(&text);
        for (int k = 0; k < 60; k++) {
            seed = seed * 1103515245u + 12345u;
            buf_addstr(&text, parts[(seed >> 16) % ARRAY_LEN(parts)]);
        }
        assert_same_tokens(text.data, text.len);
    }
    buf_release(&text);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repeats_are_left_out),
        cmocka_unit_test(test_reset_forgets),
        cmocka_unit_test(test_many_words),
        cmocka_unit_test(test_action_columns),
        cmocka_unit_test_setup_teardown(test_same_tokens_as_fts5, open_db, close_db),
        cmocka_unit_test_setup_teardown(test_same_tokens_random_mixes, open_db, close_db),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
