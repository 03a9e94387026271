/* Differential fuzz target for store/search_words: for any UTF-8 text, SQLite's FTS5 tokenizer
 * (unicode61 remove_diacritics 2, as the search index is declared) must find the same set of
 * tokens in search_words_add()'s output as in the text itself. Built with libFuzzer by
 * `make fuzz`; `ctest` replays the corpus through replay_main.c. */
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/search_words.h"
#include "util/buf.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;

/* The distinct tokens of @s, sorted, one a line, in @out. */
static void
tokens(const char *s, size_t len, struct buf *out)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_exec(db, "DELETE FROM doc", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO doc (rowid, x) VALUES (1, ?1)", -1, &q, NULL) !=
            SQLITE_OK)
        abort();
    sqlite3_bind_text(q, 1, s, (int)len, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_DONE)
        abort();
    sqlite3_finalize(q);
    if (sqlite3_prepare_v2(db, "SELECT term FROM doc_terms ORDER BY term", -1, &q, NULL) !=
        SQLITE_OK)
        abort();
    while (sqlite3_step(q) == SQLITE_ROW) {
        buf_add(out, sqlite3_column_blob(q, 0), (size_t)sqlite3_column_bytes(q, 0));
        buf_addch(out, '\n');
    }
    sqlite3_finalize(q);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    /* the store only ever holds valid UTF-8 */
    if (size > 65536 || !text_is_utf8(s, size))
        return 0;
    if (db == NULL && (sqlite3_open(":memory:", &db) != SQLITE_OK ||
                       sqlite3_exec(db,
                                    "CREATE VIRTUAL TABLE doc USING fts5(x, detail=none,"
                                    " tokenize='unicode61 remove_diacritics 2');"
                                    "CREATE VIRTUAL TABLE doc_terms USING fts5vocab(doc, row);",
                                    NULL, NULL, NULL) != SQLITE_OK))
        abort();
    struct search_words w;
    struct buf words, want, got;
    search_words_init(&w);
    buf_init(&words, 4 * size + 64);
    buf_init(&want, 8 * size + 64);
    buf_init(&got, 8 * size + 64);
    search_words_add(&w, &words, s, size);
    tokens(s, size, &want);
    tokens(words.data, words.len, &got);
    if (buf_status(&words) != ERR_OK || want.len != got.len ||
        memcmp(want.data, got.data, want.len) != 0)
        abort();
    buf_release(&words);
    buf_release(&want);
    buf_release(&got);
    search_words_release(&w);
    return 0;
}
