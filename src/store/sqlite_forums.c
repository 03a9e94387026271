/* forums.h on SQLite: every value bound, statements prepared once per connection in the extra
 * slots of sqlite_internal.h (this file owns slots 128-159). A forum is updated in place and
 * its governments and sessions rewritten, so action_forums rows that point at it stay valid;
 * whether anything changed is decided by comparing its export JSON before and after. */
#include <stdlib.h>
#include <string.h>

#include "store/forums_impl.h"
#include "store/sqlite_internal.h"
#include "util/limits.h"
#include "util/xalloc.h"

#define SLOT_BASE 128

enum {
    F_FIND,
    F_INSERT,
    F_UPDATE,
    F_DELETE_GOVS,
    F_DELETE_SESSIONS,
    F_INSERT_GOV,
    F_INSERT_SESSION,
    F_INSERT_PARTICIPANT,
    F_LOAD,
    F_LOAD_GOVS,
    F_LOAD_SESSIONS,
    F_LOAD_PARTICIPANTS,
    F_LIST,
    F_LINKS_DELETE_FORUMS,
    F_LINKS_DELETE_PARAGRAPHS,
    F_LINKS_INSERT_FORUM,
    F_LINKS_INSERT_PARAGRAPH,
    F_LINKS_LOAD_FORUMS,
    F_LINKS_LOAD_PARAGRAPHS,
    F_LINKS_SCAN_FORUMS,
    F_LINKS_SCAN_PARAGRAPHS,
    F_COUNT
};

_Static_assert(SLOT_BASE + F_COUNT <= 160 && SLOT_BASE + F_COUNT <= SQ_EXTRA_STMTS,
               "sqlite_forums.c owns extra statement slots 128-159");

static const char *const sql[F_COUNT] = {
    [F_FIND] = "SELECT id FROM forums WHERE slug = ?1",
    [F_INSERT] = "INSERT INTO forums (slug, name, kind, place, starts_on, ends_on, description,"
                 " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [F_UPDATE] = "UPDATE forums SET name = ?2, kind = ?3, place = ?4, starts_on = ?5,"
                 " ends_on = ?6, description = ?7, updated_at = ?8 WHERE slug = ?1",
    [F_DELETE_GOVS] = "DELETE FROM forum_governments WHERE forum_id = ?1",
    [F_DELETE_SESSIONS] = "DELETE FROM forum_sessions WHERE forum_id = ?1",
    /* the table keeps no order: governments read back by folded name and country, the
     * order forum_write() sorts them in before storing */
    [F_INSERT_GOV] = "INSERT INTO forum_governments (forum_id, government_id,"
                     " national_delegation) VALUES (?1, ?2, ?3)",
    [F_INSERT_SESSION] = "INSERT INTO forum_sessions (forum_id, slug, position, title, kind, day,"
                         " starts_at, ends_at, room, summary)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [F_INSERT_PARTICIPANT] = "INSERT INTO session_participants (session_id, position,"
                             " government_id, person_name, person_title, organisation, role)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [F_LOAD] = "SELECT id, slug, name, kind, place, starts_on, ends_on, description"
               " FROM forums WHERE slug = ?1",
    [F_LOAD_GOVS] = "SELECT g.id, g.name, g.slug, g.country, g.kind, fg.national_delegation"
                    " FROM forum_governments fg JOIN governments g ON g.id = fg.government_id"
                    " WHERE fg.forum_id = ?1 ORDER BY g.name_key, g.country",
    [F_LOAD_SESSIONS] = "SELECT id, slug, title, kind, day, starts_at, ends_at, room, summary"
                        " FROM forum_sessions WHERE forum_id = ?1 ORDER BY position",
    [F_LOAD_PARTICIPANTS] = "SELECT p.government_id, g.name, g.slug, g.country, g.kind,"
                            " p.person_name, p.person_title, p.organisation, p.role"
                            " FROM session_participants p"
                            " LEFT JOIN governments g ON g.id = p.government_id"
                            " WHERE p.session_id = ?1 ORDER BY p.position",
    [F_LIST] = "SELECT id, slug, name, kind, place, starts_on, ends_on FROM forums"
               " ORDER BY starts_on IS NULL, starts_on, slug",
    [F_LINKS_DELETE_FORUMS] = "DELETE FROM action_forums WHERE action_id = ?1",
    [F_LINKS_DELETE_PARAGRAPHS] = "DELETE FROM action_paragraphs WHERE action_id = ?1",
    [F_LINKS_INSERT_FORUM] = "INSERT OR IGNORE INTO action_forums (action_id, forum_id)"
                             " SELECT ?1, id FROM forums WHERE slug = ?2",
    [F_LINKS_INSERT_PARAGRAPH] = "INSERT OR IGNORE INTO action_paragraphs (action_id, paragraph)"
                                 " VALUES (?1, ?2)",
    [F_LINKS_LOAD_FORUMS] = "SELECT f.slug FROM action_forums af JOIN forums f ON f.id ="
                            " af.forum_id WHERE af.action_id = ?1 ORDER BY f.slug",
    [F_LINKS_LOAD_PARAGRAPHS] = "SELECT paragraph FROM action_paragraphs WHERE action_id = ?1"
                                " ORDER BY paragraph",
    [F_LINKS_SCAN_FORUMS] = "SELECT af.action_id, af.forum_id FROM action_forums af"
                            " JOIN actions a ON a.id = af.action_id"
                            " WHERE a.publication_state = 'published'",
    [F_LINKS_SCAN_PARAGRAPHS] = "SELECT ap.action_id, ap.paragraph FROM action_paragraphs ap"
                                " JOIN actions a ON a.id = ap.action_id"
                                " WHERE a.publication_state = 'published'",
};

static sqlite3_stmt *
prepared(struct store *st, int id)
{
    return sq_extra_stmt(st, SLOT_BASE + (unsigned)id, sql[id]);
}

/* Binds @s, or NULL when it is NULL or empty. */
static void
bind_opt(sqlite3_stmt *q, int i, const char *s)
{
    sq_bind_text(q, i, s != NULL && *s != '\0' ? s : NULL);
}

static char *
column_dup(sqlite3_stmt *q, int i)
{
    return sqlite3_column_type(q, i) == SQLITE_NULL ? NULL : xstrdup(sq_column(q, i));
}

static void
column_copy(sqlite3_stmt *q, int i, char *out, size_t cap)
{
    const char *s = sq_column(q, i);
    size_t n = strlen(s);
    if (n >= cap)
        n = 0; /* never the case for dates and times we wrote */
    memcpy(out, s, n);
    out[n] = '\0';
}

static int
code_of(sqlite3_stmt *q, int i, const char *const *codes, int n, int fallback)
{
    const char *s = sq_column(q, i);
    int k = model_code_find(codes, n, s, strlen(s));
    return k < 0 ? fallback : k;
}

static enum err
f_find(struct store *st, const char *slug, int64_t *id)
{
    sqlite3_stmt *q = prepared(st, F_FIND);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    enum err e = ERR_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        e = ERR_OK;
    } else if (rc != SQLITE_DONE) {
        e = sq_failed(st, "cannot look up forum");
    }
    sq_done(q);
    return e;
}

static void
gov_from_row(sqlite3_stmt *q, int col, struct gov_ref *g)
{
    g->id = sqlite3_column_int64(q, col);
    g->name = column_dup(q, col + 1);
    g->slug = column_dup(q, col + 2);
    const char *country = sq_column(q, col + 3);
    g->country = taxonomy_country_find(country, strlen(country));
    g->kind = (enum gov_kind)code_of(q, col + 4, gov_kind_codes, GOV_KIND_COUNT, GOV_CITY);
}

static enum err
load_participants(struct store *st, int64_t session_id, struct forum_session *se)
{
    sqlite3_stmt *q = prepared(st, F_LOAD_PARTICIPANTS);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, session_id);
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        if (se->n_participants == LIMIT_SESSION_PARTICIPANTS)
            continue;
        se->participants =
            xreallocarray(se->participants, se->n_participants + 1, sizeof(*se->participants));
        struct forum_participant *p = &se->participants[se->n_participants++];
        memset(p, 0, sizeof(*p));
        p->has_government = sqlite3_column_type(q, 0) != SQLITE_NULL;
        if (p->has_government)
            gov_from_row(q, 0, &p->government);
        p->name = column_dup(q, 5);
        p->title = column_dup(q, 6);
        p->organisation = column_dup(q, 7);
        p->role = (enum participant_role)code_of(q, 8, participant_role_codes, PART_ROLE_COUNT,
                                                 PART_PARTICIPANT);
    }
    sq_done(q);
    return rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot load participants");
}

static enum err
load_sessions(struct store *st, struct forum *f)
{
    sqlite3_stmt *q = prepared(st, F_LOAD_SESSIONS);
    if (q == NULL)
        return ERR_DB;
    int64_t *ids = NULL;
    sqlite3_bind_int64(q, 1, f->id);
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        f->sessions = xreallocarray(f->sessions, f->n_sessions + 1, sizeof(*f->sessions));
        ids = xreallocarray(ids, f->n_sessions + 1, sizeof(*ids));
        ids[f->n_sessions] = sqlite3_column_int64(q, 0);
        struct forum_session *se = &f->sessions[f->n_sessions++];
        memset(se, 0, sizeof(*se));
        se->slug = column_dup(q, 1);
        se->title = column_dup(q, 2);
        se->kind = (enum session_kind)code_of(q, 3, session_kind_codes, SESSION_KIND_COUNT,
                                              SESSION_OFFICIAL);
        column_copy(q, 4, se->day, sizeof(se->day));
        column_copy(q, 5, se->starts_at, sizeof(se->starts_at));
        column_copy(q, 6, se->ends_at, sizeof(se->ends_at));
        se->room = column_dup(q, 7);
        se->summary = column_dup(q, 8);
    }
    sq_done(q);
    enum err e = rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot load sessions");
    /* participants after the walk: one prepared statement is not stepped twice at once */
    for (size_t i = 0; i < f->n_sessions && e == ERR_OK; i++)
        e = load_participants(st, ids[i], &f->sessions[i]);
    free(ids);
    return e;
}

static enum err
f_load(struct store *st, const char *slug, struct forum *f)
{
    sqlite3_stmt *q = prepared(st, F_LOAD);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        sq_done(q);
        return rc == SQLITE_DONE ? ERR_NOT_FOUND : sq_failed(st, "cannot load forum");
    }
    f->id = sqlite3_column_int64(q, 0);
    f->slug = column_dup(q, 1);
    f->name = column_dup(q, 2);
    f->kind = (enum forum_kind)code_of(q, 3, forum_kind_codes, FORUM_KIND_COUNT, FORUM_OTHER);
    f->place = column_dup(q, 4);
    column_copy(q, 5, f->starts_on, sizeof(f->starts_on));
    column_copy(q, 6, f->ends_on, sizeof(f->ends_on));
    f->description = column_dup(q, 7);
    sq_done(q);

    q = prepared(st, F_LOAD_GOVS);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, f->id);
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        f->governments =
            xreallocarray(f->governments, f->n_governments + 1, sizeof(*f->governments));
        struct forum_government *g = &f->governments[f->n_governments++];
        memset(g, 0, sizeof(*g));
        gov_from_row(q, 0, &g->ref);
        g->national_delegation = sqlite3_column_int(q, 5) != 0;
    }
    sq_done(q);
    if (rc != SQLITE_DONE)
        return sq_failed(st, "cannot load forum governments");
    return load_sessions(st, f);
}

static enum err
run_with_id(struct store *st, int slot, int64_t id)
{
    sqlite3_stmt *q = prepared(st, slot);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, id);
    return sq_run(st, q);
}

static enum err
write_session(struct store *st, int64_t forum_id, size_t position, const struct forum_session *se)
{
    sqlite3_stmt *q = prepared(st, F_INSERT_SESSION);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, forum_id);
    sqlite3_bind_text(q, 2, se->slug, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, (int64_t)position);
    sqlite3_bind_text(q, 4, se->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, session_kind_codes[se->kind], -1, SQLITE_STATIC);
    bind_opt(q, 6, se->day);
    bind_opt(q, 7, se->starts_at);
    bind_opt(q, 8, se->ends_at);
    bind_opt(q, 9, se->room);
    bind_opt(q, 10, se->summary);
    enum err e = sq_run(st, q);
    if (e != ERR_OK)
        return e;
    int64_t session_id = sqlite3_last_insert_rowid(sqlite3_db_handle(q));
    for (size_t p = 0; p < se->n_participants && e == ERR_OK; p++) {
        const struct forum_participant *pa = &se->participants[p];
        q = prepared(st, F_INSERT_PARTICIPANT);
        if (q == NULL)
            return ERR_DB;
        sqlite3_bind_int64(q, 1, session_id);
        sqlite3_bind_int64(q, 2, (int64_t)p);
        if (pa->has_government)
            sqlite3_bind_int64(q, 3, pa->government.id);
        bind_opt(q, 4, pa->name);
        bind_opt(q, 5, pa->title);
        bind_opt(q, 6, pa->organisation);
        sqlite3_bind_text(q, 7, participant_role_codes[pa->role], -1, SQLITE_STATIC);
        e = sq_run(st, q);
    }
    return e;
}

/* Whether the stored forum @slug, if any, exports to exactly the same JSON as @f. */
static enum err
same_as_stored(struct store *st, const struct forum *f, bool *same)
{
    struct forum old;
    struct buf a, b;
    forum_init(&old);
    *same = false;
    enum err e = f_load(st, f->slug, &old);
    if (e == ERR_NOT_FOUND)
        return ERR_OK;
    if (e == ERR_OK) {
        buf_init(&a, LIMIT_RESPONSE_BYTES);
        buf_init(&b, LIMIT_RESPONSE_BYTES);
        forum_json(&a, &old, FORUM_EXPORT);
        forum_json(&b, f, FORUM_EXPORT);
        *same = buf_status(&a) == ERR_OK && a.len == b.len && memcmp(a.data, b.data, a.len) == 0;
        buf_release(&a);
        buf_release(&b);
    }
    forum_release(&old);
    return e;
}

static enum err
f_put(struct store *st, struct forum *f, int64_t now, bool *changed)
{
    bool same = false;
    *changed = false;
    enum err e = same_as_stored(st, f, &same);
    if (e != ERR_OK)
        return e;
    int64_t id = 0;
    e = f_find(st, f->slug, &id);
    bool exists = e == ERR_OK;
    if (e != ERR_OK && e != ERR_NOT_FOUND)
        return e;
    f->id = id;
    if (same)
        return ERR_OK;
    sqlite3_stmt *q = prepared(st, exists ? F_UPDATE : F_INSERT);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_text(q, 1, f->slug, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, f->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, forum_kind_codes[f->kind], -1, SQLITE_STATIC);
    bind_opt(q, 4, f->place);
    bind_opt(q, 5, f->starts_on);
    bind_opt(q, 6, f->ends_on);
    bind_opt(q, 7, f->description);
    sqlite3_bind_int64(q, 8, now);
    e = sq_run(st, q);
    if (e != ERR_OK)
        return e;
    if (!exists)
        f->id = sqlite3_last_insert_rowid(sqlite3_db_handle(q));
    e = run_with_id(st, F_DELETE_GOVS, f->id);
    if (e == ERR_OK)
        e = run_with_id(st, F_DELETE_SESSIONS, f->id);
    for (size_t i = 0; i < f->n_governments && e == ERR_OK; i++) {
        q = prepared(st, F_INSERT_GOV);
        if (q == NULL)
            return ERR_DB;
        sqlite3_bind_int64(q, 1, f->id);
        sqlite3_bind_int64(q, 2, f->governments[i].ref.id);
        sqlite3_bind_int(q, 3, f->governments[i].national_delegation);
        e = sq_run(st, q);
    }
    for (size_t s = 0; s < f->n_sessions && e == ERR_OK; s++)
        e = write_session(st, f->id, s, &f->sessions[s]);
    *changed = e == ERR_OK;
    return e;
}

static enum err
f_list(struct store *st, void (*fn)(void *ctx, const struct store_forum_row *row), void *ctx)
{
    sqlite3_stmt *q = prepared(st, F_LIST);
    if (q == NULL)
        return ERR_DB;
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        struct store_forum_row row;
        row.id = sqlite3_column_int64(q, 0);
        row.slug = sq_column(q, 1);
        row.name = sq_column(q, 2);
        row.kind = (enum forum_kind)code_of(q, 3, forum_kind_codes, FORUM_KIND_COUNT, FORUM_OTHER);
        row.place = sq_column(q, 4);
        row.starts_on = sq_column(q, 5);
        row.ends_on = sq_column(q, 6);
        fn(ctx, &row);
    }
    sq_done(q);
    return rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot list forums");
}

static enum err
f_links_put(struct store *st, const struct action *a)
{
    enum err e = run_with_id(st, F_LINKS_DELETE_FORUMS, a->id);
    if (e == ERR_OK)
        e = run_with_id(st, F_LINKS_DELETE_PARAGRAPHS, a->id);
    for (size_t i = 0; i < a->forums.count && e == ERR_OK; i++) {
        sqlite3_stmt *q = prepared(st, F_LINKS_INSERT_FORUM);
        if (q == NULL)
            return ERR_DB;
        sqlite3_bind_int64(q, 1, a->id);
        sqlite3_bind_text(q, 2, a->forums.items[i], -1, SQLITE_STATIC);
        e = sq_run(st, q);
    }
    for (size_t i = 0; i < taxonomy_paragraph_count() && e == ERR_OK; i++) {
        if (!(a->paragraphs >> i & 1))
            continue;
        sqlite3_stmt *q = prepared(st, F_LINKS_INSERT_PARAGRAPH);
        if (q == NULL)
            return ERR_DB;
        sqlite3_bind_int64(q, 1, a->id);
        sqlite3_bind_int(q, 2, taxonomy_paragraph((int)i)->number);
        e = sq_run(st, q);
    }
    return e;
}

static enum err
f_links_load(struct store *st, struct action *a)
{
    sqlite3_stmt *q = prepared(st, F_LINKS_LOAD_FORUMS);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, a->id);
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q))
        string_list_add(&a->forums, sq_column(q, 0), strlen(sq_column(q, 0)));
    sq_done(q);
    if (rc != SQLITE_DONE)
        return sq_failed(st, "cannot load the action's forums");
    q = prepared(st, F_LINKS_LOAD_PARAGRAPHS);
    if (q == NULL)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, a->id);
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q)) {
        int i = taxonomy_paragraph_index(sqlite3_column_int(q, 0));
        if (i >= 0)
            a->paragraphs |= (uint32_t)1 << i;
    }
    sq_done(q);
    return rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot load the action's paragraphs");
}

static enum err
f_links_scan(struct store *st, void (*forum)(void *ctx, int64_t action_id, int64_t forum_id),
             void (*paragraph)(void *ctx, int64_t action_id, int number), void *ctx)
{
    sqlite3_stmt *q = prepared(st, F_LINKS_SCAN_FORUMS);
    if (q == NULL)
        return ERR_DB;
    int rc;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q))
        forum(ctx, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1));
    sq_done(q);
    if (rc != SQLITE_DONE)
        return sq_failed(st, "cannot scan action forums");
    q = prepared(st, F_LINKS_SCAN_PARAGRAPHS);
    if (q == NULL)
        return ERR_DB;
    for (rc = sqlite3_step(q); rc == SQLITE_ROW; rc = sqlite3_step(q))
        paragraph(ctx, sqlite3_column_int64(q, 0), sqlite3_column_int(q, 1));
    sq_done(q);
    return rc == SQLITE_DONE ? ERR_OK : sq_failed(st, "cannot scan action paragraphs");
}

const struct forum_ops sqlite_forum_ops = {
    .find = f_find,
    .put = f_put,
    .load = f_load,
    .list = f_list,
    .links_put = f_links_put,
    .links_load = f_links_load,
    .links_scan = f_links_scan,
};
