/* The SQLite backend: one connection per struct store, statements prepared once and reused,
 * every value bound. Writes happen inside the caller's transaction; this file never commits on
 * its own except while migrating. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/record.h"
#include "store/accounts_impl.h"
#include "store/forums_impl.h"
#include "store/joins_impl.h"
#include "store/progress_impl.h"
#include "store/schema.h"
#include "store/sqlite_internal.h"
#include "store/workflow_impl.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/text.h"
#include "util/writeback.h"
#include "util/xalloc.h"

enum stmt_id {
    S_GOV_FIND,
    S_GOV_INSERT,
    S_GOV_UPDATE,
    S_GOV_BY_SLUG,
    S_GOV_BY_ID,
    S_GOV_SLUG_TAKEN,
    S_GOV_NETWORKS,
    S_GOV_NETWORKS_DELETE,
    S_GOV_NETWORK_INSERT,
    S_GOV_ENDORSEMENTS,
    S_GOV_ENDORSEMENTS_DELETE,
    S_GOV_ENDORSEMENT_INSERT,
    S_GOV_LIST,
    S_ENDORSEMENT_COUNT,
    S_ACTION_FIND,
    S_ACTION_INSERT,
    S_ACTION_UPDATE,
    S_ACTION_CHILDREN_DELETE_GOVS,
    S_ACTION_CHILDREN_DELETE_PARTNERS,
    S_ACTION_CHILDREN_DELETE_INDICATORS,
    S_ACTION_GOV_INSERT,
    S_ACTION_PARTNER_INSERT,
    S_ACTION_INDICATOR_INSERT,
    S_ACTION_LOAD,
    S_ACTION_LOAD_GOVS,
    S_ACTION_LOAD_PARTNERS,
    S_ACTION_LOAD_INDICATORS,
    S_ACTION_JSON,
    S_ACTION_CARD,
    S_ACTION_IDS,
    S_SCAN_ACTIONS,
    S_SCAN_GOVS,
    S_DATA_VERSION,
    S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
    [S_GOV_FIND] = "SELECT id, name, slug FROM governments WHERE name_key = ?1 AND country = ?2",
    [S_GOV_INSERT] = "INSERT INTO governments (slug, name, name_key, kind, country, subdivision,"
                     " population, latitude, longitude, website)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [S_GOV_UPDATE] = "UPDATE governments SET kind = ?2, subdivision = ?3, population = ?4,"
                     " latitude = ?5, longitude = ?6, website = ?7 WHERE id = ?1",
    [S_GOV_BY_SLUG] = "SELECT id, slug, name, kind, country, subdivision, population, latitude,"
                      " longitude, website FROM governments WHERE slug = ?1",
    [S_GOV_BY_ID] = "SELECT id, slug, name, kind, country, subdivision, population, latitude,"
                    " longitude, website FROM governments WHERE id = ?1",
    [S_GOV_SLUG_TAKEN] = "SELECT 1 FROM governments WHERE slug = ?1",
    [S_GOV_NETWORKS] = "SELECT network FROM government_networks WHERE government_id = ?1"
                       " ORDER BY position",
    [S_GOV_NETWORKS_DELETE] = "DELETE FROM government_networks WHERE government_id = ?1",
    [S_GOV_NETWORK_INSERT] = "INSERT INTO government_networks (government_id, position, network)"
                             " VALUES (?1, ?2, ?3)",
    [S_GOV_ENDORSEMENTS] = "SELECT declaration, date, signatory_name, signatory_title"
                           " FROM endorsements WHERE government_id = ?1 ORDER BY position",
    [S_GOV_ENDORSEMENTS_DELETE] = "DELETE FROM endorsements WHERE government_id = ?1",
    [S_GOV_ENDORSEMENT_INSERT] = "INSERT INTO endorsements (government_id, position, declaration,"
                                 " date, signatory_name, signatory_title)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [S_ENDORSEMENT_COUNT] = "SELECT count(DISTINCT government_id) FROM endorsements"
                            " WHERE declaration = ?1",
    [S_GOV_LIST] = "SELECT g.id, g.slug, g.name, g.kind, g.country, 0,"
                   " EXISTS (SELECT 1 FROM endorsements e WHERE e.government_id = g.id"
                   "   AND e.declaration = 'marrakech-mayors-declaration')"
                   " FROM governments g ORDER BY g.name_key, g.country",
    [S_ACTION_FIND] = "SELECT id, content_hash, created_at FROM actions WHERE external_id = ?1",
    [S_ACTION_INSERT] =
        "INSERT INTO actions (external_id, kind, title, summary, description, language,"
        " start_date, end_date, end_tbc, budget_cents, funding_secured_cents,"
        " funding_sought_cents, currency, source, source_url, publication_state,"
        " implementation_status, created_at, updated_at, content_hash, government_names,"
        " card_json, api_rest, gcm_objectives, guiding_principles, gcr_objectives, sdg_targets,"
        " themes, target_groups)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
        " ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
    [S_ACTION_UPDATE] =
        "UPDATE actions SET kind = ?2, title = ?3, summary = ?4, description = ?5,"
        " language = ?6, start_date = ?7, end_date = ?8, end_tbc = ?9, budget_cents = ?10,"
        " funding_secured_cents = ?11, funding_sought_cents = ?12, currency = ?13,"
        " source = ?14, source_url = ?15, publication_state = ?16,"
        " implementation_status = ?17, created_at = ?18, updated_at = ?19,"
        " content_hash = ?20, government_names = ?21, card_json = ?22, api_rest = ?23,"
        " gcm_objectives = ?24, guiding_principles = ?25, gcr_objectives = ?26,"
        " sdg_targets = ?27, themes = ?28, target_groups = ?29"
        " WHERE external_id = ?1",
    [S_ACTION_CHILDREN_DELETE_GOVS] = "DELETE FROM action_governments WHERE action_id = ?1",
    [S_ACTION_CHILDREN_DELETE_PARTNERS] = "DELETE FROM action_partners WHERE action_id = ?1",
    [S_ACTION_CHILDREN_DELETE_INDICATORS] = "DELETE FROM indicators WHERE action_id = ?1",
    [S_ACTION_GOV_INSERT] = "INSERT INTO action_governments (action_id, position, government_id)"
                            " VALUES (?1, ?2, ?3)",
    [S_ACTION_PARTNER_INSERT] = "INSERT INTO action_partners (action_id, position, name)"
                                " VALUES (?1, ?2, ?3)",
    [S_ACTION_INDICATOR_INSERT] = "INSERT INTO indicators (action_id, position, name, unit,"
                                  " baseline, target, deadline)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [S_ACTION_LOAD] =
        "SELECT id, external_id, kind, title, summary, description, language, start_date,"
        " end_date, end_tbc, budget_cents, funding_secured_cents, funding_sought_cents,"
        " currency, source, source_url, publication_state, implementation_status, created_at,"
        " updated_at, gcm_objectives, guiding_principles, gcr_objectives, sdg_targets, themes,"
        " target_groups FROM actions WHERE id = ?1",
    [S_ACTION_LOAD_GOVS] =
        "SELECT g.id, g.name, g.country, g.kind, g.slug FROM action_governments ag"
        " JOIN governments g ON g.id = ag.government_id"
        " WHERE ag.action_id = ?1 ORDER BY ag.position",
    [S_ACTION_LOAD_PARTNERS] = "SELECT name FROM action_partners WHERE action_id = ?1"
                               " ORDER BY position",
    [S_ACTION_LOAD_INDICATORS] = "SELECT name, unit, baseline, target, deadline FROM indicators"
                                 " WHERE action_id = ?1 ORDER BY position",
    [S_ACTION_JSON] = "SELECT " SQ_ACTION_JSON_COLUMNS " FROM actions a"
                      " WHERE a.external_id = ?1 AND a.publication_state = 'published'",
    [S_ACTION_CARD] = "SELECT card_json FROM actions WHERE id = ?1",
    [S_ACTION_IDS] = "SELECT id FROM actions ORDER BY id",
    [S_SCAN_ACTIONS] = "SELECT id, title, kind, implementation_status, start_date, updated_at,"
                       " gcm_objectives, guiding_principles, gcr_objectives, sdg_targets, themes,"
                       " target_groups FROM actions WHERE publication_state = 'published'"
                       " ORDER BY id",
    [S_SCAN_GOVS] = "SELECT ag.action_id, ag.government_id, g.country FROM action_governments ag"
                    " JOIN actions a ON a.id = ag.action_id"
                    " JOIN governments g ON g.id = ag.government_id"
                    " WHERE a.publication_state = 'published' ORDER BY ag.action_id, ag.position",
    [S_DATA_VERSION] = "PRAGMA data_version",
};

/* A bulk import starts the writeback of the database file every this many actions. */
#define WRITEBACK_EVERY 1024

/* How long a statement waits for another connection's lock before it fails. */
#define BUSY_TIMEOUT_MS 10000

struct sqlite_store {
    struct store base;
    sqlite3 *db;
    bool bulk;                /* store_bulk_mode() */
    bool left_wal;            /* bulk mode: this transaction runs with a rollback journal */
    struct sq_search *search; /* the search indexes' words and batch; made at the first write */
    int writeback_fd;         /* bulk mode: the database file, for writeback_start(), or -1 */
    size_t bulk_puts;         /* actions written in bulk mode */
    sqlite3_stmt *stmts[S_COUNT];
    sqlite3_stmt *extra[SQ_EXTRA_STMTS]; /* see sqlite_internal.h */
    char errmsg[512];
};

static struct sqlite_store *
sq(struct store *st)
{
    return (struct sqlite_store *)st;
}

static struct sq_search *
search_state(struct sqlite_store *s)
{
    if (s->search == NULL) {
        s->search = xmalloc(sizeof(*s->search));
        sq_search_init(s->search);
        s->search->batching = s->bulk;
    }
    return s->search;
}

/* Records the connection's error message and returns ERR_DB. */
static enum err
fail(struct sqlite_store *s, const char *what)
{
    snprintf(s->errmsg, sizeof(s->errmsg), "%s: %s", what, sqlite3_errmsg(s->db));
    return ERR_DB;
}

static sqlite3_stmt *
stmt(struct sqlite_store *s, enum stmt_id id)
{
    if (s->stmts[id] == NULL) {
        if (sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s->stmts[id],
                               NULL) != SQLITE_OK) {
            fail(s, "cannot prepare statement");
            return NULL;
        }
    }
    return s->stmts[id];
}

static void
bind_text(sqlite3_stmt *q, int i, const char *s)
{
    if (s == NULL || *s == '\0')
        sqlite3_bind_null(q, i);
    else
        sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
}

static void
bind_money(sqlite3_stmt *q, int i, const struct money *m)
{
    if (m->present)
        sqlite3_bind_int64(q, i, m->cents);
    else
        sqlite3_bind_null(q, i);
}

/* A column's text as a heap copy, or NULL for SQL NULL. */
static char *
column_dup(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return t == NULL ? NULL : xstrndup((const char *)t, (size_t)sqlite3_column_bytes(q, i));
}

static void
column_copy(sqlite3_stmt *q, int i, char *out, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    snprintf(out, cap, "%s", t == NULL ? "" : (const char *)t);
}

static const char *
column_str(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return t == NULL ? "" : (const char *)t;
}

/* Runs a statement that returns no rows. */
static enum err
run(struct sqlite_store *s, sqlite3_stmt *q)
{
    int rc = sqlite3_step(q);
    enum err e = rc == SQLITE_DONE ? ERR_OK : fail(s, "cannot write");
    if (rc == SQLITE_CONSTRAINT)
        e = ERR_CONFLICT;
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return e;
}

static void
done(sqlite3_stmt *q)
{
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
}

/* ---- for the backend's other files (sqlite_internal.h) ---- */

sqlite3_stmt *
sq_extra_stmt(struct store *st, unsigned slot, const char *sql)
{
    struct sqlite_store *s = sq(st);
    if (slot >= SQ_EXTRA_STMTS)
        return NULL;
    if (s->extra[slot] == NULL && sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                                     &s->extra[slot], NULL) != SQLITE_OK) {
        fail(s, "cannot prepare statement");
        return NULL;
    }
    return s->extra[slot];
}

enum err
sq_failed(struct store *st, const char *what)
{
    struct sqlite_store *s = sq(st);
    int code = sqlite3_errcode(s->db);
    enum err e = fail(s, what);
    return code == SQLITE_CONSTRAINT ? ERR_CONFLICT : e;
}

enum err
sq_run(struct store *st, sqlite3_stmt *q)
{
    return run(sq(st), q);
}

void
sq_done(sqlite3_stmt *q)
{
    done(q);
}

void
sq_bind_text(sqlite3_stmt *q, int i, const char *s)
{
    if (s == NULL)
        sqlite3_bind_null(q, i);
    else
        sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
}

const char *
sq_column(sqlite3_stmt *q, int i)
{
    return column_str(q, i);
}

static enum err
exec(struct sqlite_store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(s->errmsg, sizeof(s->errmsg), "%s", msg ? msg : "unknown error");
        sqlite3_free(msg);
        return ERR_DB;
    }
    return ERR_OK;
}

/* The schema version, read inside the caller's transaction. */
static enum err
schema_version(struct sqlite_store *s, int *version)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK)
        return fail(s, "cannot read schema version");
    *version = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
    sqlite3_finalize(q);
    return ERR_OK;
}

/* Applies the migrations the database lacks, each in its own transaction. The version is read
 * after BEGIN IMMEDIATE, so two processes opening a new database at once apply each migration
 * once. */
static enum err
migrate(struct sqlite_store *s)
{
    int latest = (int)ARRAY_LEN(schema_migrations);
    for (;;) {
        int version = 0;
        enum err rc = exec(s, "BEGIN IMMEDIATE");
        if (rc == ERR_OK)
            rc = schema_version(s, &version);
        if (rc == ERR_OK && version > latest) {
            snprintf(s->errmsg, sizeof(s->errmsg),
                     "the database has schema version %d; this program knows up to %d", version,
                     latest);
            rc = ERR_DB;
        }
        if (rc == ERR_OK && version == latest)
            return exec(s, "COMMIT");
        char bump[64];
        snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", version + 1);
        if (rc == ERR_OK)
            rc = exec(s, schema_migrations[version]);
        if (rc == ERR_OK)
            rc = exec(s, bump);
        if (rc == ERR_OK)
            rc = exec(s, "COMMIT");
        if (rc != ERR_OK) {
            char msg[512];
            snprintf(msg, sizeof(msg), "%s", s->errmsg);
            if (!sqlite3_get_autocommit(s->db))
                (void)exec(s, "ROLLBACK");
            snprintf(s->errmsg, sizeof(s->errmsg), "migration %d failed: %.400s", version + 1, msg);
            return ERR_DB;
        }
    }
}

static void
sq_close(struct store *st)
{
    struct sqlite_store *s = sq(st);
    for (int i = 0; i < S_COUNT; i++)
        sqlite3_finalize(s->stmts[i]);
    for (int i = 0; i < SQ_EXTRA_STMTS; i++)
        sqlite3_finalize(s->extra[i]);
    if (s->search != NULL)
        sq_search_release(s->search);
    free(s->search);
    writeback_close(s->writeback_fd);
    sqlite3_close(s->db);
    free(s);
}

/* SQLite counts every allocation under one process-wide mutex (SQLITE_DEFAULT_MEMSTATUS in
 * Debian's build); nothing here reads those counts, and with two server threads reading at
 * once the waits on that mutex showed as futex calls on every request. */
static pthread_once_t configured = PTHREAD_ONCE_INIT;

static void
configure(void)
{
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static enum err
sq_open(struct store **out, const char *path, bool reader)
{
    pthread_once(&configured, configure);
    struct sqlite_store *s = xcalloc(1, sizeof(*s));
    s->base.ops = &store_sqlite_ops;
    s->writeback_fd = -1;
    int flags = reader ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    flags |= SQLITE_OPEN_NOMUTEX;
    *out = NULL;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        log_error("cannot open database '%s': %s", path,
                  s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sq_close(&s->base);
        return ERR_DB;
    }
    sqlite3_extended_result_codes(s->db, 0);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    sqlite3_limit(s->db, SQLITE_LIMIT_LENGTH, 64 << 20);
    sqlite3_limit(s->db, SQLITE_LIMIT_SQL_LENGTH, 1 << 20);
    enum err rc = exec(s, "PRAGMA foreign_keys = ON");
    if (rc == ERR_OK && !reader)
        rc = exec(s, "PRAGMA journal_mode = WAL");
    if (rc == ERR_OK && !reader)
        rc = migrate(s);
    if (rc == ERR_OK && reader) {
        int64_t version;
        rc = store_sqlite_ops.data_version(&s->base, &version); /* fails on a non-database */
        if (rc == ERR_OK) {
            sqlite3_stmt *q = NULL;
            if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM actions LIMIT 1", -1, &q, NULL) !=
                SQLITE_OK)
                rc = fail(s, "not a localaction database (run 'localaction init')");
            sqlite3_finalize(q);
        }
    }
    if (rc != ERR_OK) {
        log_error("cannot open database '%s': %s", path, s->errmsg);
        sq_close(&s->base);
        return rc;
    }
    *out = &s->base;
    return ERR_OK;
}

static const char *
sq_errmsg(const struct store *st)
{
    return ((const struct sqlite_store *)st)->errmsg;
}

/* A bulk transaction runs with a rollback journal when no other connection has the database
 * open: a page then goes to the database file once, where in WAL mode it would go to the WAL
 * and again to the file at the checkpoint (2 s and 1 GB of writes for 100,000 actions). A
 * fresh database needs next to no journal. EXTRA syncs the directory after the journal is
 * deleted, so the commit is as durable as in WAL mode. Another connection makes the switch
 * fail at once (no waiting), and the import keeps WAL. Readers that open the database during
 * such an import wait while it writes pages to the file. */
static void
leave_wal(struct sqlite_store *s)
{
    sqlite3_busy_timeout(s->db, 0);
    s->left_wal = exec(s, "PRAGMA journal_mode = DELETE") == ERR_OK &&
                  exec(s, "PRAGMA synchronous = EXTRA") == ERR_OK;
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
}

/* Back to WAL after a bulk transaction, so readers never wait for a writer. A failure (a
 * reader kept reading past the busy timeout) leaves the committed data as it is, and the next
 * connection that writes sets WAL again. */
static void
restore_wal(struct sqlite_store *s)
{
    if (!s->left_wal)
        return;
    s->left_wal = false;
    (void)exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL");
}

static enum err
sq_begin(struct store *st)
{
    struct sqlite_store *s = sq(st);
    if (s->bulk)
        leave_wal(s);
    enum err e = exec(s, "BEGIN IMMEDIATE");
    if (e != ERR_OK)
        restore_wal(s);
    return e;
}

static enum err
sq_commit(struct store *st)
{
    struct sqlite_store *s = sq(st);
    if (s->search != NULL) {
        enum err e = sq_search_flush(st, s->search);
        if (e != ERR_OK)
            return e;
    }
    enum err e = exec(s, "COMMIT");
    if (e == ERR_OK)
        restore_wal(s);
    return e;
}

static void
sq_rollback(struct store *st)
{
    struct sqlite_store *s = sq(st);
    if (!sqlite3_get_autocommit(s->db))
        (void)exec(s, "ROLLBACK");
    if (s->search != NULL)
        sq_search_discard(s->search); /* its actions went with the transaction */
    restore_wal(s);
}

static enum err
sq_bulk_mode(struct store *st, bool on)
{
    struct sqlite_store *s = sq(st);
    /* One transaction holds a whole import: a larger page cache keeps its pages in memory,
     * and FULL (EXTRA without WAL, see leave_wal()) makes its one commit durable before the
     * import reports success. New actions are indexed for search in batches
     * (sqlite_search.c). */
    enum err e = exec(s, on ? "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536"
                            : "PRAGMA synchronous = FULL; PRAGMA cache_size = -2000");
    if (e == ERR_OK && !on && s->search != NULL)
        e = sq_search_flush(st, s->search);
    if (e == ERR_OK) {
        s->bulk = on;
        if (s->search != NULL)
            s->search->batching = on;
        writeback_close(s->writeback_fd);
        s->writeback_fd = on ? writeback_open(sqlite3_db_filename(s->db, "main")) : -1;
    }
    return e;
}

static enum err
sq_data_version(struct store *st, int64_t *version)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_DATA_VERSION);
    if (q == NULL)
        return ERR_DB;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *version = sqlite3_column_int64(q, 0);
    done(q);
    return rc == SQLITE_ROW ? ERR_OK : fail(s, "cannot read data version");
}

static void
fold(struct buf *key, const char *name)
{
    buf_init(key, 4096);
    text_fold_key(key, name, strlen(name));
}

static enum err
sq_government_find(struct store *st, const char *name, int country, int64_t *id,
                   char **canonical_name, char **slug)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_GOV_FIND);
    if (q == NULL)
        return ERR_DB;
    struct buf key;
    fold(&key, name);
    sqlite3_bind_text(q, 1, key.data, (int)key.len, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, taxonomy_country(country)->alpha2, 2, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    enum err e = ERR_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        if (canonical_name != NULL)
            *canonical_name = column_dup(q, 1);
        if (slug != NULL)
            *slug = column_dup(q, 2);
        e = ERR_OK;
    } else if (rc != SQLITE_DONE) {
        e = fail(s, "cannot look up government");
    }
    done(q);
    buf_release(&key);
    return e;
}

/* A slug not used yet: "kampala-ug", then "kampala-ug-2", ... */
static enum err
unique_slug(struct sqlite_store *s, const char *name, int country, char **out)
{
    struct buf slug;
    buf_init(&slug, 1024);
    text_slug(&slug, name, strlen(name));
    buf_addch(&slug, '-');
    const char *code = taxonomy_country(country)->alpha2;
    buf_addch(&slug, (char)(code[0] | 0x20));
    buf_addch(&slug, (char)(code[1] | 0x20));
    size_t base_len = slug.len;
    sqlite3_stmt *q = stmt(s, S_GOV_SLUG_TAKEN);
    if (q == NULL) {
        buf_release(&slug);
        return ERR_DB;
    }
    for (int n = 2;; n++) {
        sqlite3_bind_text(q, 1, slug.data, (int)slug.len, SQLITE_STATIC);
        int rc = sqlite3_step(q);
        done(q);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            buf_release(&slug);
            return fail(s, "cannot check slug");
        }
        buf_truncate(&slug, base_len);
        buf_addf(&slug, "-%d", n);
    }
    *out = buf_take(&slug, NULL);
    return ERR_OK;
}

static enum err
insert_government(struct sqlite_store *s, const char *name, int country, enum gov_kind kind,
                  const struct government *g, int64_t *id, char **slug_out)
{
    char *slug = NULL;
    enum err e = unique_slug(s, name, country, &slug);
    if (e != ERR_OK)
        return e;
    sqlite3_stmt *q = stmt(s, S_GOV_INSERT);
    if (q == NULL) {
        free(slug);
        return ERR_DB;
    }
    struct buf key;
    fold(&key, name);
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, key.data, (int)key.len, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, gov_kind_codes[kind], -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, taxonomy_country(country)->alpha2, 2, SQLITE_STATIC);
    if (g != NULL) {
        bind_text(q, 6, g->subdivision);
        if (g->has_population)
            sqlite3_bind_int64(q, 7, g->population);
        if (g->has_location) {
            sqlite3_bind_double(q, 8, g->latitude);
            sqlite3_bind_double(q, 9, g->longitude);
        }
        bind_text(q, 10, g->website);
    }
    e = run(s, q);
    buf_release(&key);
    if (e != ERR_OK) {
        free(slug);
        return e;
    }
    *id = sqlite3_last_insert_rowid(s->db);
    *slug_out = slug;
    return ERR_OK;
}

static enum err
sq_government_create(struct store *st, struct gov_ref *ref, char **slug)
{
    return insert_government(sq(st), ref->name, ref->country, ref->kind, NULL, &ref->id, slug);
}

static enum err
load_government_children(struct sqlite_store *s, struct government *g)
{
    sqlite3_stmt *q = stmt(s, S_GOV_NETWORKS);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, g->id);
    while (sqlite3_step(q) == SQLITE_ROW)
        string_list_add(&g->networks, column_str(q, 0), strlen(column_str(q, 0)));
    done(q);
    q = stmt(s, S_GOV_ENDORSEMENTS);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, g->id);
    while (sqlite3_step(q) == SQLITE_ROW) {
        g->endorsements =
            xreallocarray(g->endorsements, g->n_endorsements + 1, sizeof(*g->endorsements));
        struct endorsement *e = &g->endorsements[g->n_endorsements++];
        e->declaration = column_dup(q, 0);
        column_copy(q, 1, e->date, sizeof(e->date));
        e->signatory_name = column_dup(q, 2);
        e->signatory_title = column_dup(q, 3);
    }
    done(q);
    return ERR_OK;
}

static enum err
sq_government_load(struct store *st, const char *slug, int64_t id, struct government *g)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, slug != NULL ? S_GOV_BY_SLUG : S_GOV_BY_ID);
    if (q == NULL)
        return ERR_DB;
    if (slug != NULL)
        sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        done(q);
        return rc == SQLITE_DONE ? ERR_NOT_FOUND : fail(s, "cannot load government");
    }
    g->id = sqlite3_column_int64(q, 0);
    g->slug = column_dup(q, 1);
    g->name = column_dup(q, 2);
    const char *kind = column_str(q, 3);
    int k = model_code_find(gov_kind_codes, GOV_KIND_COUNT, kind, strlen(kind));
    g->kind = k < 0 ? GOV_CITY : (enum gov_kind)k;
    g->country = taxonomy_country_find(column_str(q, 4), 2);
    g->subdivision = column_dup(q, 5);
    g->has_population = sqlite3_column_type(q, 6) != SQLITE_NULL;
    g->population = sqlite3_column_int64(q, 6);
    g->has_location = sqlite3_column_type(q, 7) != SQLITE_NULL;
    g->latitude = sqlite3_column_double(q, 7);
    g->longitude = sqlite3_column_double(q, 8);
    g->website = column_dup(q, 9);
    done(q);
    return load_government_children(s, g);
}

static bool
same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Whether the stored government @old holds exactly what @g says. */
static bool
government_equal(const struct government *old, const struct government *g)
{
    if (old->kind != g->kind || !same_text(old->subdivision, g->subdivision) ||
        old->has_population != g->has_population ||
        (g->has_population && old->population != g->population) ||
        old->has_location != g->has_location ||
        (g->has_location && (old->latitude != g->latitude || old->longitude != g->longitude)) ||
        !same_text(old->website, g->website) || old->networks.count != g->networks.count ||
        old->n_endorsements != g->n_endorsements)
        return false;
    for (size_t i = 0; i < g->networks.count; i++)
        if (strcmp(old->networks.items[i], g->networks.items[i]) != 0)
            return false;
    for (size_t i = 0; i < g->n_endorsements; i++) {
        const struct endorsement *a = &old->endorsements[i], *b = &g->endorsements[i];
        if (!same_text(a->declaration, b->declaration) || strcmp(a->date, b->date) != 0 ||
            !same_text(a->signatory_name, b->signatory_name) ||
            !same_text(a->signatory_title, b->signatory_title))
            return false;
    }
    return true;
}

static enum err
write_government_children(struct sqlite_store *s, const struct government *g)
{
    enum err e;
    sqlite3_stmt *q = stmt(s, S_GOV_NETWORKS_DELETE);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, g->id);
    e = run(s, q);
    if (e != ERR_OK)
        return e;
    q = stmt(s, S_GOV_ENDORSEMENTS_DELETE);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, g->id);
    e = run(s, q);
    if (e != ERR_OK)
        return e;
    for (size_t i = 0; i < g->networks.count; i++) {
        q = stmt(s, S_GOV_NETWORK_INSERT);
        if (q == NULL)
            return ERR_DB;
        sqlite3_bind_int64(q, 1, g->id);
        sqlite3_bind_int64(q, 2, (int64_t)i);
        bind_text(q, 3, g->networks.items[i]);
        e = run(s, q);
        if (e != ERR_OK)
            return e;
    }
    for (size_t i = 0; i < g->n_endorsements; i++) {
        const struct endorsement *en = &g->endorsements[i];
        q = stmt(s, S_GOV_ENDORSEMENT_INSERT);
        if (q == NULL)
            return ERR_DB;
        sqlite3_bind_int64(q, 1, g->id);
        sqlite3_bind_int64(q, 2, (int64_t)i);
        bind_text(q, 3, en->declaration);
        bind_text(q, 4, en->date);
        bind_text(q, 5, en->signatory_name);
        bind_text(q, 6, en->signatory_title);
        e = run(s, q);
        if (e != ERR_OK)
            return e;
    }
    return ERR_OK;
}

static enum err
sq_government_put(struct store *st, struct government *g, bool *changed)
{
    struct sqlite_store *s = sq(st);
    int64_t id = 0;
    char *name = NULL, *slug = NULL;
    enum err e = sq_government_find(st, g->name, g->country, &id, &name, &slug);
    *changed = true;
    if (e == ERR_NOT_FOUND) {
        e = insert_government(s, g->name, g->country, g->kind, g, &g->id, &g->slug);
        if (e == ERR_OK)
            e = write_government_children(s, g);
        return e;
    }
    if (e != ERR_OK)
        return e;
    g->id = id;
    free(g->slug);
    g->slug = slug;
    /* the stored spelling of the name stays: the name is the government's key */
    free(g->name);
    g->name = name;
    struct government old;
    government_init(&old);
    e = sq_government_load(st, NULL, id, &old);
    if (e == ERR_OK && government_equal(&old, g)) {
        *changed = false;
        government_release(&old);
        return ERR_OK;
    }
    government_release(&old);
    if (e != ERR_OK)
        return e;
    sqlite3_stmt *q = stmt(s, S_GOV_UPDATE);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_text(q, 2, gov_kind_codes[g->kind], -1, SQLITE_STATIC);
    bind_text(q, 3, g->subdivision);
    if (g->has_population)
        sqlite3_bind_int64(q, 4, g->population);
    if (g->has_location) {
        sqlite3_bind_double(q, 5, g->latitude);
        sqlite3_bind_double(q, 6, g->longitude);
    }
    bind_text(q, 7, g->website);
    e = run(s, q);
    if (e == ERR_OK)
        e = write_government_children(s, g);
    return e;
}

static enum err
sq_endorsement_count(struct store *st, const char *declaration, size_t *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_ENDORSEMENT_COUNT);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_text(q, 1, declaration, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *out = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(q, 0) : 0;
    done(q);
    return rc == SQLITE_ROW ? ERR_OK : fail(s, "cannot count endorsements");
}

static enum err
sq_government_list(struct store *st, void (*fn)(void *ctx, const struct store_government_row *),
                   void *ctx)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_GOV_LIST);
    if (q == NULL)
        return ERR_DB;
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        struct store_government_row row;
        row.id = sqlite3_column_int64(q, 0);
        row.slug = column_str(q, 1);
        row.name = column_str(q, 2);
        const char *kind = column_str(q, 3);
        int k = model_code_find(gov_kind_codes, GOV_KIND_COUNT, kind, strlen(kind));
        row.kind = k < 0 ? GOV_CITY : (enum gov_kind)k;
        row.country = taxonomy_country_find(column_str(q, 4), 2);
        row.endorsed = sqlite3_column_int(q, 6) != 0;
        fn(ctx, &row);
    }
    done(q);
    return rc == SQLITE_DONE ? ERR_OK : fail(s, "cannot list governments");
}

static enum err
sq_action_find(struct store *st, const char *external_id, int64_t *id, char hash[65],
               int64_t *created_at)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_ACTION_FIND);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_text(q, 1, external_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    enum err e = ERR_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        if (id != NULL)
            *id = sqlite3_column_int64(q, 0);
        if (hash != NULL)
            column_copy(q, 1, hash, 65);
        if (created_at != NULL)
            *created_at = sqlite3_column_int64(q, 2);
        e = ERR_OK;
    } else if (rc != SQLITE_DONE) {
        e = fail(s, "cannot look up action");
    }
    done(q);
    return e;
}

/* The codes of @set, separated by ';', as the classification columns hold them. */
static void
format_terms(struct buf *out, enum vocab_id v, const struct termset *set)
{
    const struct vocab *voc = taxonomy_vocab(v);
    for (size_t t = 0; t < voc->count; t++) {
        if (!termset_has(set, (int)t))
            continue;
        if (out->len > 0)
            buf_addch(out, ';');
        buf_addstr(out, voc->terms[t].code);
    }
}

/* Reads a classification column back; codes the taxonomy no longer knows are skipped. */
static void
parse_terms(const char *text, enum vocab_id v, struct termset *set)
{
    while (*text != '\0') {
        const char *end = strchr(text, ';');
        size_t len = end ? (size_t)(end - text) : strlen(text);
        int t = taxonomy_find(v, text, len);
        if (t >= 0)
            termset_add(set, t);
        text += len + (end ? 1 : 0);
    }
}

static void
bind_action(sqlite3_stmt *q, const struct action *a, const char *hash, const char *gov_names,
            const char *card_json, const char *api_rest, struct buf terms[VOCAB_COUNT])
{
    for (int v = 0; v < VOCAB_COUNT; v++) {
        format_terms(&terms[v], (enum vocab_id)v, &a->terms[v]);
        sqlite3_bind_text(q, 24 + v, terms[v].data, (int)terms[v].len, SQLITE_STATIC);
    }
    sqlite3_bind_text(q, 1, a->external_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, action_kind_codes[a->kind], -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, a->title, -1, SQLITE_STATIC);
    bind_text(q, 4, a->summary);
    bind_text(q, 5, a->description);
    sqlite3_bind_text(q, 6, a->language, -1, SQLITE_STATIC);
    bind_text(q, 7, a->start_date);
    bind_text(q, 8, a->end_date);
    sqlite3_bind_int(q, 9, a->end_tbc);
    bind_money(q, 10, &a->budget);
    bind_money(q, 11, &a->funding_secured);
    bind_money(q, 12, &a->funding_sought);
    bind_text(q, 13, a->currency);
    bind_text(q, 14, a->source);
    bind_text(q, 15, a->source_url);
    sqlite3_bind_text(q, 16, publication_state_codes[a->publication], -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 17, impl_status_codes[a->status], -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 18, a->created_at);
    sqlite3_bind_int64(q, 19, a->updated_at);
    sqlite3_bind_text(q, 20, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 21, gov_names, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 22, card_json, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 23, api_rest, -1, SQLITE_STATIC);
}

static enum err
delete_children(struct sqlite_store *s, int64_t id)
{
    static const enum stmt_id deletes[] = {S_ACTION_CHILDREN_DELETE_GOVS,
                                           S_ACTION_CHILDREN_DELETE_PARTNERS,
                                           S_ACTION_CHILDREN_DELETE_INDICATORS};
    for (size_t i = 0; i < ARRAY_LEN(deletes); i++) {
        sqlite3_stmt *q = stmt(s, deletes[i]);
        if (q == NULL)
            return ERR_DB;
        sqlite3_bind_int64(q, 1, id);
        enum err e = run(s, q);
        if (e != ERR_OK)
            return e;
    }
    return ERR_OK;
}

static enum err
insert_children(struct sqlite_store *s, const struct action *a)
{
    enum err e = ERR_OK;
    sqlite3_stmt *q;
    for (size_t i = 0; i < a->n_governments && e == ERR_OK; i++) {
        q = stmt(s, S_ACTION_GOV_INSERT);
        if (q == NULL)
            return ERR_DB;
        sqlite3_bind_int64(q, 1, a->id);
        sqlite3_bind_int64(q, 2, (int64_t)i);
        sqlite3_bind_int64(q, 3, a->governments[i].id);
        e = run(s, q);
    }
    for (size_t i = 0; i < a->partners.count && e == ERR_OK; i++) {
        q = stmt(s, S_ACTION_PARTNER_INSERT);
        if (q == NULL)
            return ERR_DB;
        sqlite3_bind_int64(q, 1, a->id);
        sqlite3_bind_int64(q, 2, (int64_t)i);
        sqlite3_bind_text(q, 3, a->partners.items[i], -1, SQLITE_STATIC);
        e = run(s, q);
    }
    for (size_t i = 0; i < a->n_indicators && e == ERR_OK; i++) {
        const struct indicator *ind = &a->indicators[i];
        q = stmt(s, S_ACTION_INDICATOR_INSERT);
        if (q == NULL)
            return ERR_DB;
        sqlite3_bind_int64(q, 1, a->id);
        sqlite3_bind_int64(q, 2, (int64_t)i);
        sqlite3_bind_text(q, 3, ind->name, -1, SQLITE_STATIC);
        bind_text(q, 4, ind->unit);
        if (ind->has_baseline)
            sqlite3_bind_double(q, 5, ind->baseline);
        if (ind->has_target)
            sqlite3_bind_double(q, 6, ind->target);
        bind_text(q, 7, ind->deadline);
        e = run(s, q);
    }
    return e;
}

static enum err
sq_action_put(struct store *st, struct action *a, const char *hash, const char *card_json,
              const char *api_rest, const struct search_text *words)
{
    struct sqlite_store *s = sq(st);
    int64_t id = 0;
    struct buf names;
    buf_init(&names, 1 << 20);
    for (size_t i = 0; i < a->n_governments; i++) {
        buf_addstr(&names, i ? "; " : "");
        buf_addstr(&names, a->governments[i].name);
    }
    enum err e = sq_search_remove(st, search_state(s), a->external_id, &id);
    bool exists = e == ERR_OK;
    if (e == ERR_NOT_FOUND)
        e = ERR_OK;
    sqlite3_stmt *q = e == ERR_OK ? stmt(s, exists ? S_ACTION_UPDATE : S_ACTION_INSERT) : NULL;
    if (q == NULL) {
        buf_release(&names);
        return e == ERR_OK ? ERR_DB : e;
    }
    struct buf terms[VOCAB_COUNT];
    for (int v = 0; v < VOCAB_COUNT; v++)
        buf_init(&terms[v], 4096);
    bind_action(q, a, hash, names.data, card_json, api_rest, terms);
    e = run(s, q);
    for (int v = 0; v < VOCAB_COUNT; v++)
        buf_release(&terms[v]);
    if (e == ERR_OK) {
        a->id = exists ? id : sqlite3_last_insert_rowid(s->db);
        if (exists)
            e = delete_children(s, a->id);
    }
    if (e == ERR_OK)
        e = insert_children(s, a);
    if (e == ERR_OK && words == NULL) {
        struct sq_search *ss = search_state(s);
        search_text_action(&ss->scratch, &ss->words, a);
        words = &ss->scratch;
    }
    if (e == ERR_OK)
        e = sq_search_add(st, search_state(s), a->id, words);
    /* the pages a bulk import gave the kernel go to disk while it goes on, rather than all
     * during the fsync of its commit (0.6 s for 100,000 actions) */
    if (e == ERR_OK && s->bulk && ++s->bulk_puts % WRITEBACK_EVERY == 0)
        writeback_start(s->writeback_fd);
    buf_release(&names);
    return e;
}

static int
enum_from(sqlite3_stmt *q, int col, const char *const *codes, int n, int fallback)
{
    const char *v = column_str(q, col);
    int i = model_code_find(codes, n, v, strlen(v));
    return i < 0 ? fallback : i;
}

static void
column_money(sqlite3_stmt *q, int col, struct money *m)
{
    m->present = sqlite3_column_type(q, col) != SQLITE_NULL;
    m->cents = sqlite3_column_int64(q, col);
}

static enum err
load_action_children(struct sqlite_store *s, struct action *a)
{
    sqlite3_stmt *q = stmt(s, S_ACTION_LOAD_GOVS);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, a->id);
    while (sqlite3_step(q) == SQLITE_ROW) {
        a->governments =
            xreallocarray(a->governments, a->n_governments + 1, sizeof(*a->governments));
        struct gov_ref *g = &a->governments[a->n_governments++];
        memset(g, 0, sizeof(*g));
        g->id = sqlite3_column_int64(q, 0);
        g->name = column_dup(q, 1);
        g->country = taxonomy_country_find(column_str(q, 2), 2);
        g->kind = (enum gov_kind)enum_from(q, 3, gov_kind_codes, GOV_KIND_COUNT, GOV_CITY);
        g->slug = column_dup(q, 4);
    }
    done(q);
    q = stmt(s, S_ACTION_LOAD_PARTNERS);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, a->id);
    while (sqlite3_step(q) == SQLITE_ROW)
        string_list_add(&a->partners, column_str(q, 0), strlen(column_str(q, 0)));
    done(q);
    q = stmt(s, S_ACTION_LOAD_INDICATORS);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, a->id);
    while (sqlite3_step(q) == SQLITE_ROW) {
        a->indicators = xreallocarray(a->indicators, a->n_indicators + 1, sizeof(*a->indicators));
        struct indicator *ind = &a->indicators[a->n_indicators++];
        memset(ind, 0, sizeof(*ind));
        ind->name = column_dup(q, 0);
        ind->unit = column_dup(q, 1);
        ind->has_baseline = sqlite3_column_type(q, 2) != SQLITE_NULL;
        ind->baseline = sqlite3_column_double(q, 2);
        ind->has_target = sqlite3_column_type(q, 3) != SQLITE_NULL;
        ind->target = sqlite3_column_double(q, 3);
        column_copy(q, 4, ind->deadline, sizeof(ind->deadline));
    }
    done(q);
    return ERR_OK;
}

static enum err
sq_action_load(struct store *st, int64_t id, struct action *a)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_ACTION_LOAD);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        done(q);
        return rc == SQLITE_DONE ? ERR_NOT_FOUND : fail(s, "cannot load action");
    }
    a->id = sqlite3_column_int64(q, 0);
    a->external_id = column_dup(q, 1);
    a->kind = (enum action_kind)enum_from(q, 2, action_kind_codes, ACTION_KIND_COUNT, 0);
    a->title = column_dup(q, 3);
    a->summary = column_dup(q, 4);
    a->description = column_dup(q, 5);
    column_copy(q, 6, a->language, sizeof(a->language));
    column_copy(q, 7, a->start_date, sizeof(a->start_date));
    column_copy(q, 8, a->end_date, sizeof(a->end_date));
    a->end_tbc = sqlite3_column_int(q, 9) != 0;
    column_money(q, 10, &a->budget);
    column_money(q, 11, &a->funding_secured);
    column_money(q, 12, &a->funding_sought);
    column_copy(q, 13, a->currency, sizeof(a->currency));
    a->source = column_dup(q, 14);
    a->source_url = column_dup(q, 15);
    a->publication = (enum publication_state)enum_from(q, 16, publication_state_codes,
                                                       PUB_STATE_COUNT, PUB_DRAFT);
    a->status =
        (enum impl_status)enum_from(q, 17, impl_status_codes, IMPL_STATUS_COUNT, IMPL_PLANNED);
    a->created_at = sqlite3_column_int64(q, 18);
    a->updated_at = sqlite3_column_int64(q, 19);
    for (int v = 0; v < VOCAB_COUNT; v++)
        parse_terms(column_str(q, 20 + v), (enum vocab_id)v, &a->terms[v]);
    done(q);
    return load_action_children(s, a);
}

static enum err
append_column(struct sqlite_store *s, enum stmt_id id, const char *text_key, int64_t int_key,
              struct buf *out)
{
    sqlite3_stmt *q = stmt(s, id);
    if (q == NULL)
        return ERR_DB;
    if (text_key != NULL)
        sqlite3_bind_text(q, 1, text_key, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(q, 1, int_key);
    int rc = sqlite3_step(q);
    enum err e = ERR_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        buf_add(out, sqlite3_column_text(q, 0), (size_t)sqlite3_column_bytes(q, 0));
        e = ERR_OK;
    } else if (rc != SQLITE_DONE) {
        e = fail(s, "cannot read action");
    }
    done(q);
    return e;
}

void
sq_action_json_row(sqlite3_stmt *q, struct buf *out)
{
    record_action_api_head(out, column_str(q, 0), column_str(q, 1), column_str(q, 2),
                           (const char *)sqlite3_column_text(q, 3),
                           (const char *)sqlite3_column_text(q, 4));
    buf_add(out, sqlite3_column_text(q, 5), (size_t)sqlite3_column_bytes(q, 5));
}

static enum err
sq_action_json(struct store *st, const char *external_id, struct buf *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_ACTION_JSON);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_text(q, 1, external_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    enum err e = ERR_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        sq_action_json_row(q, out);
        e = ERR_OK;
    } else if (rc != SQLITE_DONE) {
        e = fail(s, "cannot read action");
    }
    done(q);
    return e;
}

static enum err
sq_action_card(struct store *st, int64_t id, struct buf *out)
{
    return append_column(sq(st), S_ACTION_CARD, NULL, id, out);
}

static enum err
sq_action_ids(struct store *st, void (*fn)(void *ctx, int64_t id), void *ctx)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_ACTION_IDS);
    if (q == NULL)
        return ERR_DB;
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q))
        fn(ctx, sqlite3_column_int64(q, 0));
    done(q);
    return rc == SQLITE_DONE ? ERR_OK : fail(s, "cannot list actions");
}

static enum err
sq_scan_published(struct store *st, const struct store_scan *scan)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *q = stmt(s, S_SCAN_ACTIONS);
    int rc;
    if (q == NULL)
        return ERR_DB;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        struct store_action_row row;
        row.id = sqlite3_column_int64(q, 0);
        row.title = column_str(q, 1);
        row.kind = (enum action_kind)enum_from(q, 2, action_kind_codes, ACTION_KIND_COUNT, 0);
        row.status = (enum impl_status)enum_from(q, 3, impl_status_codes, IMPL_STATUS_COUNT, 0);
        row.start_date = column_str(q, 4);
        row.updated_at = sqlite3_column_int64(q, 5);
        scan->action(scan->ctx, &row);
        for (int v = 0; v < VOCAB_COUNT; v++) {
            struct termset set = {0};
            parse_terms(column_str(q, 6 + v), (enum vocab_id)v, &set);
            const struct vocab *voc = taxonomy_vocab((enum vocab_id)v);
            for (size_t t = 0; t < voc->count; t++)
                if (termset_has(&set, (int)t))
                    scan->term(scan->ctx, row.id, (enum vocab_id)v, (int)t);
        }
    }
    done(q);
    if (rc != SQLITE_DONE)
        return fail(s, "cannot scan actions");
    q = stmt(s, S_SCAN_GOVS);
    if (q == NULL)
        return ERR_DB;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q))
        scan->government(scan->ctx, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
                         taxonomy_country_find(column_str(q, 2), 2));
    done(q);
    return rc == SQLITE_DONE ? ERR_OK : fail(s, "cannot scan governments");
}

const struct store_ops store_sqlite_ops = {
    .scheme = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .errmsg = sq_errmsg,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .bulk_mode = sq_bulk_mode,
    .data_version = sq_data_version,
    .government_find = sq_government_find,
    .government_put = sq_government_put,
    .government_create = sq_government_create,
    .government_load = sq_government_load,
    .endorsement_count = sq_endorsement_count,
    .government_list = sq_government_list,
    .accounts = &sqlite_account_ops,
    .joins = &sqlite_join_ops,
    .workflow = &sqlite_workflow_ops,
    .forums = &sqlite_forum_ops,
    .progress = &sqlite_progress_ops,
    .action_find = sq_action_find,
    .action_put = sq_action_put,
    .action_load = sq_action_load,
    .action_json = sq_action_json,
    .action_card = sq_action_card,
    .action_ids = sq_action_ids,
    .action_search = sq_action_search,
    .scan_published = sq_scan_published,
};
