/* The full-text indexes of the SQLite backend: action_search (title, summary, description,
 * government names) and action_title_search (titles alone, for relevance), both FTS5 with
 * external content and detail=none, so they keep only which words each action holds.
 *
 * What goes in: each distinct word of an action once (search_words.h). Repeats would add
 * nothing to a detail=none index but cost the indexer a hash lookup each, about a third of
 * its work. The words taken out when an action changes are computed the same way from its old
 * columns. An action indexed whole by an earlier version holds the same set of words, so
 * either way it comes out cleanly; only FTS5's token totals, which bm25 would use and we do
 * not, can drift.
 *
 * When: during a bulk import, new actions are indexed a batch at a time, in rowid order, from
 * their words kept in memory. FTS5's pending terms stay in the CPU caches while a batch goes
 * in (one action at a time between the other writes was measured nearly three times slower
 * per word), and nothing is read back from the table at commit. An action that existed
 * before is taken out and put back at once, as outside a bulk import. */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_internal.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* statement slots of this file (sqlite_internal.h) */
enum {
    SLOT_OLD_TEXT = 192,
    SLOT_DELETE,
    SLOT_INSERT,
    SLOT_TITLE_DELETE,
    SLOT_TITLE_INSERT,
    SLOT_SEARCH,
    SLOT_TITLE_SEARCH,
};

static const char sql_old_text[] = "SELECT id, title, summary, description, government_names"
                                   " FROM actions WHERE external_id = ?1";
static const char sql_delete[] =
    "INSERT INTO action_search (action_search, rowid, title, summary, description,"
    " government_names) VALUES ('delete', ?1, ?2, ?3, ?4, ?5)";
static const char sql_insert[] = "INSERT INTO action_search (rowid, title, summary, description,"
                                 " government_names) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_title_delete[] =
    "INSERT INTO action_title_search (action_title_search, rowid, title)"
    " VALUES ('delete', ?1, ?2)";
static const char sql_title_insert[] =
    "INSERT INTO action_title_search (rowid, title) VALUES (?1, ?2)";
/* both in rowid order, which FTS5 gives without sorting; the code merges them */
static const char sql_search[] = "SELECT rowid FROM action_search WHERE action_search MATCH ?1";
static const char sql_title_search[] =
    "SELECT rowid FROM action_title_search WHERE action_title_search MATCH ?1";

/* A batch is indexed when it holds this many bytes of words (or SQ_SEARCH_BATCH actions):
 * enough for FTS5 to work on warm caches, little memory. */
#define BATCH_BYTES (4u << 20)
/* an action's words are at most its columns, each of which SQLite limits to 64 MB */
#define BATCH_LIMIT ((size_t)1 << 30)

void
sq_search_init(struct sq_search *ss)
{
    memset(ss, 0, sizeof(*ss));
    search_words_init(&ss->words);
    search_text_init(&ss->scratch);
    buf_init(&ss->text, BATCH_LIMIT);
}

void
sq_search_release(struct sq_search *ss)
{
    search_words_release(&ss->words);
    search_text_release(&ss->scratch);
    buf_release(&ss->text);
}

/* Binds the words of column @c of @t to parameter @i. */
static void
bind_column(sqlite3_stmt *q, int i, const struct search_text *t, enum search_column c)
{
    sqlite3_bind_text(q, i, t->text.data + t->offset[c], (int)t->len[c], SQLITE_STATIC);
}

/* Binds the words of column @c of the batch's entry @e to parameter @i. */
static void
bind_entry_column(sqlite3_stmt *q, int i, const struct sq_search *ss,
                  const struct sq_search_entry *e, enum search_column c)
{
    const char *words = ss->text.data + e->offset + e->column_offset[c];
    sqlite3_bind_text(q, i, words, (int)e->len[c], SQLITE_STATIC);
}

static int
by_id(const void *a, const void *b)
{
    int64_t x = ((const struct sq_search_entry *)a)->id;
    int64_t y = ((const struct sq_search_entry *)b)->id;
    return (x > y) - (x < y);
}

/* Indexes the batch: in rowid order, as FTS5 writes its pending terms to disk whenever a
 * rowid is lower than the last one, and one index after the other, each on warm caches. */
static enum err
index_batch(struct store *st, struct sq_search *ss)
{
    enum err e = ERR_OK;
    if (ss->count == 0)
        return ERR_OK;
    qsort(ss->entries, ss->count, sizeof(ss->entries[0]), by_id);
    sqlite3_stmt *q = sq_extra_stmt(st, SLOT_INSERT, sql_insert);
    if (q == NULL)
        e = ERR_DB;
    for (size_t i = 0; i < ss->count && e == ERR_OK; i++) {
        sqlite3_bind_int64(q, 1, ss->entries[i].id);
        for (int c = 0; c < SEARCH_COLUMNS; c++)
            bind_entry_column(q, 2 + c, ss, &ss->entries[i], (enum search_column)c);
        e = sq_run(st, q);
    }
    q = e == ERR_OK ? sq_extra_stmt(st, SLOT_TITLE_INSERT, sql_title_insert) : NULL;
    if (e == ERR_OK && q == NULL)
        e = ERR_DB;
    for (size_t i = 0; i < ss->count && e == ERR_OK; i++) {
        sqlite3_bind_int64(q, 1, ss->entries[i].id);
        bind_entry_column(q, 2, ss, &ss->entries[i], SEARCH_TITLE);
        e = sq_run(st, q);
    }
    sq_search_discard(ss);
    return e;
}

enum err
sq_search_flush(struct store *st, struct sq_search *ss)
{
    return index_batch(st, ss);
}

void
sq_search_discard(struct sq_search *ss)
{
    ss->count = 0;
    buf_reset(&ss->text);
}

enum err
sq_search_add(struct store *st, struct sq_search *ss, int64_t id, const struct search_text *t)
{
    struct sq_search_entry *e = &ss->entries[ss->count++];
    e->id = id;
    e->offset = ss->text.len;
    for (int c = 0; c < SEARCH_COLUMNS; c++) {
        e->column_offset[c] = t->offset[c];
        e->len[c] = t->len[c];
    }
    buf_add(&ss->text, t->text.data, t->text.len);
    if (buf_status(&ss->text) != ERR_OK) {
        sq_search_discard(ss);
        return sq_failed(st, "the search words are too large");
    }
    if (!ss->batching || ss->count == SQ_SEARCH_BATCH || ss->text.len >= BATCH_BYTES)
        return index_batch(st, ss);
    return ERR_OK;
}

static bool
in_batch(const struct sq_search *ss, int64_t id)
{
    for (size_t i = 0; i < ss->count; i++)
        if (ss->entries[i].id == id)
            return true;
    return false;
}

enum err
sq_search_remove(struct store *st, struct sq_search *ss, const char *external_id, int64_t *id)
{
    sqlite3_stmt *q = sq_extra_stmt(st, SLOT_OLD_TEXT, sql_old_text);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_text(q, 1, external_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        sq_done(q);
        return rc == SQLITE_DONE ? ERR_NOT_FOUND : sq_failed(st, "cannot read action");
    }
    *id = sqlite3_column_int64(q, 0);
    /* written earlier in this bulk transaction and still waiting: index it, then take it out */
    enum err e = in_batch(ss, *id) ? index_batch(st, ss) : ERR_OK;
    const char *col[SEARCH_COLUMNS];
    size_t len[SEARCH_COLUMNS];
    for (int c = 0; c < SEARCH_COLUMNS; c++) {
        col[c] = sq_column(q, 1 + c);
        len[c] = (size_t)sqlite3_column_bytes(q, 1 + c);
    }
    search_text_columns(&ss->scratch, &ss->words, col, len);
    sqlite3_stmt *d = e == ERR_OK ? sq_extra_stmt(st, SLOT_DELETE, sql_delete) : NULL;
    if (e == ERR_OK && d == NULL)
        e = ERR_DB;
    if (d != NULL) {
        sqlite3_bind_int64(d, 1, *id);
        for (int c = 0; c < SEARCH_COLUMNS; c++)
            bind_column(d, 2 + c, &ss->scratch, (enum search_column)c);
        e = sq_run(st, d);
    }
    sqlite3_stmt *t = e == ERR_OK ? sq_extra_stmt(st, SLOT_TITLE_DELETE, sql_title_delete) : NULL;
    if (e == ERR_OK && t == NULL)
        e = ERR_DB;
    if (t != NULL) {
        sqlite3_bind_int64(t, 1, *id);
        bind_column(t, 2, &ss->scratch, SEARCH_TITLE);
        e = sq_run(st, t);
    }
    sq_done(q);
    return e;
}

/* ---- queries ---- */

/* The byte length of the separator at @s (as the unicode61 tokenizer sees it), or 0 when a
 * word character starts there: ASCII other than letters and digits, and the Unicode spaces,
 * dashes, quotes and marks people type in text. */
static size_t
separator_at(const unsigned char *s, size_t left)
{
    static const char *const marks[] = {
        "\xc2\xa0",     "\xc2\xab",     "\xc2\xbb",     "\xc2\xbf",     "\xc2\xa1",
        "\xc2\xb7",     "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\x98", "\xe2\x80\x99",
        "\xe2\x80\x9a", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x9e", "\xe2\x80\xa6",
        "\xe2\x80\xaf", "\xe2\x80\x89", "\xe2\x80\x8b", "\xe3\x80\x81", "\xe3\x80\x82",
    };
    if (s[0] < 0x80)
        return (s[0] >= '0' && s[0] <= '9') || (s[0] >= 'a' && s[0] <= 'z') ||
                       (s[0] >= 'A' && s[0] <= 'Z')
                   ? 0
                   : 1;
    for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
        size_t n = strlen(marks[i]);
        if (n <= left && memcmp(s, marks[i], n) == 0)
            return n;
    }
    return 0;
}

/* Turns what a person typed into an FTS5 query: split into words where the tokenizer would
 * split (a quoted string of two tokens is a phrase, which detail=none cannot answer), each
 * word quoted so no FTS5 syntax gets through, all required, the last also as a prefix. */
static void
fts_query(struct buf *out, const char *q, size_t len)
{
    const unsigned char *u = (const unsigned char *)q;
    size_t i = 0;
    bool first = true;
    while (i < len) {
        size_t sep = separator_at(u + i, len - i);
        if (sep > 0) {
            i += sep;
            continue;
        }
        size_t start = i;
        while (i < len && separator_at(u + i, len - i) == 0)
            i++;
        buf_addstr(out, first ? "\"" : " \"");
        buf_add(out, q + start, i - start);
        buf_addch(out, '"');
        if (i >= len)
            buf_addch(out, '*');
        first = false;
    }
}

enum err
sq_action_search(struct store *st, const char *query, size_t len,
                 void (*fn)(void *ctx, int64_t id, bool in_title), void *ctx)
{
    struct buf fq;
    buf_init(&fq, 4 * len + 64);
    fts_query(&fq, query, len);
    if (fq.len == 0) {
        buf_release(&fq);
        return ERR_OK;
    }
    /* the title matches first, then every match, told whether it is one of them */
    int64_t *titles = NULL;
    size_t n_titles = 0, cap = 0, t = 0;
    enum err e = ERR_OK;
    sqlite3_stmt *q = sq_extra_stmt(st, SLOT_TITLE_SEARCH, sql_title_search);
    int rc = SQLITE_ERROR;
    if (q != NULL) {
        sqlite3_bind_text(q, 1, fq.data, (int)fq.len, SQLITE_STATIC);
        for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
            if (n_titles == cap) {
                cap = cap ? cap * 2 : 256;
                titles = xreallocarray(titles, cap, sizeof(*titles));
            }
            titles[n_titles++] = sqlite3_column_int64(q, 0);
        }
        sq_done(q);
    }
    if (rc != SQLITE_DONE)
        e = q == NULL ? ERR_DB : sq_failed(st, "cannot search titles");
    q = e == ERR_OK ? sq_extra_stmt(st, SLOT_SEARCH, sql_search) : NULL;
    if (e == ERR_OK && q == NULL)
        e = ERR_DB;
    if (q != NULL) {
        sqlite3_bind_text(q, 1, fq.data, (int)fq.len, SQLITE_STATIC);
        for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
            int64_t id = sqlite3_column_int64(q, 0);
            while (t < n_titles && titles[t] < id)
                t++;
            fn(ctx, id, t < n_titles && titles[t] == id);
        }
        sq_done(q);
        if (rc != SQLITE_DONE)
            e = sq_failed(st, "cannot search");
    }
    free(titles);
    buf_release(&fq);
    return e;
}
