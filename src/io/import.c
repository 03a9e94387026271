/* The importer: reads records from CSV, JSON or JSON Lines, validates each with the shared
 * rules in domain/validate.c and writes them through the store in one transaction. A bad
 * record is reported as FILE:ROW: FIELD: reason; unless --partial, any bad record means the
 * transaction is rolled back, so a file goes in whole or not at all.
 *
 * Two threads share the work: a reader parses and checks records and hands them, in file
 * order, through a bounded queue to the calling thread, which alone reports, counts and talks
 * to the store, so parsing and validation overlap the writing. While the writer has records
 * waiting, the reader also makes, for an action whose governments it finds in the shared
 * cache of known governments (gov_cache.h), what the store keeps besides the record
 * (action_prepare()), so that the writer's work is the store's alone. */
#include "io/import.h"

#include <csv.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "domain/progress_record.h"
#include "domain/validate.h"
#include "io/action_write.h"
#include "io/forum_write.h"
#include "io/gov_cache.h"
#include "io/progress_write.h"
#include "util/buf.h"
#include "util/json_fast.h"
#include "util/limits.h"
#include "util/log.h"
#include "util/mapped_file.h"
#include "util/text.h"
#include "util/xalloc.h"

/* external ids seen in this file, to refuse the same id twice */
struct seen_ids {
    char **keys;
    size_t *rows;
    size_t cap, count;
};

/* Records in flight between the reader and the writer. The writer stops taking records while
 * the store indexes a batch of search words (SQ_SEARCH_BATCH actions, tens of milliseconds),
 * and the reader must be able to go on meanwhile: with 64 slots it waited most of that time.
 * A slot holds a parsed record, its error list and its JSON: about 10 MB in all. */
#define QUEUE_SLOTS 1024
/* A side that waits is woken when this many slots are ready for it, not at each one: a
 * wake-up costs about as much as storing a record. */
#define QUEUE_BATCH 16

enum slot_kind {
    SLOT_RECORD,  /* a record to import */
    SLOT_PROBLEM, /* something wrong found while reading, to report */
    SLOT_END      /* the reader is done */
};

/* One step of the import, filled by the reader and consumed by the writer. */
struct slot {
    enum slot_kind kind;
    size_t row;
    size_t done_bytes; /* how far the reader had got, for the progress bar */
    /* SLOT_RECORD */
    json_t *obj;    /* a reference the slot owns; NULL for a checked action */
    bool is_object; /* the record is a JSON object */
    enum import_type type;
    bool bad_type; /* "type" is neither "action" nor "government" */
    bool checked;  /* an action validated by the reader: action and errs hold the result */
    struct action action;
    /* SLOT_PROBLEM, or the problems of a checked action */
    struct field_errors errs;
    bool counts_read, counts_rejected; /* SLOT_PROBLEM: what it adds to the summary */
    enum err fatal;                    /* SLOT_PROBLEM: stops the import when not ERR_OK */
    /* a checked action's JSON and search words, when the reader could make them; its memory
     * stays with the slot from one record to the next */
    struct action_prepared prep;
};

/* A single-producer, single-consumer ring. The reader fills the slot after the last published
 * one, the writer works on the first; only the counters and flags need the lock. The reader
 * frees what a slot held when it takes the slot again, so memory is freed by the thread that
 * allocated it (glibc's malloc is much slower at freeing another thread's blocks). */
struct queue {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct slot slots[QUEUE_SLOTS];
    size_t head, count;
    bool stop;           /* the writer wants no more records */
    bool ended;          /* the reader published SLOT_END */
    bool reader_waiting; /* the reader sleeps until a batch of slots is free */
    bool writer_waiting; /* the writer sleeps until a batch of slots is ready */
};

struct importer {
    /* set before the reader starts, then read-only */
    struct store *st;
    const char *path;
    const struct import_options *opt;
    enum import_format format;
    const char *data;
    size_t len;
    struct queue *queue;
    struct gov_cache *govs; /* shared: the writer adds, the reader resolves */
    /* the writer's (the calling thread's) */
    struct import_summary *sum;
    size_t errors_shown;
    enum err fatal; /* a store failure or fatal problem: stop and roll back */
    int64_t now;
    int64_t today;                /* days since 1970-01-01, for the dates of progress updates */
    struct seen_ids seen_updates; /* progress update ids, to refuse one used twice */
    size_t total_bytes, done_bytes;
    time_t last_draw;
    /* the reader's */
    enum import_type default_type;
    struct seen_ids seen;
    struct search_words words; /* scratch for action_prepare() */
    size_t backlog;            /* records the writer had waiting at the last slot_claim() */
    enum err read_fatal;       /* stop reading: a fatal problem, or the writer stopped */
    size_t read_bytes;
    /* CSV state (the reader's) */
    json_t **header;
    size_t n_header;
    json_t *row;
    size_t col, csv_row;
    bool row_bad_utf8;
    char bad_column[64];
};

static uint64_t
hash_str(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

/* Records @id at @row; returns the earlier row when it was seen already, else 0. */
static size_t
seen_add(struct seen_ids *s, const char *id, size_t row)
{
    if (s->count * 2 >= s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        char **keys = xcalloc(cap, sizeof(*keys));
        size_t *rows = xcalloc(cap, sizeof(*rows));
        for (size_t i = 0; i < s->cap; i++) {
            if (s->keys[i] == NULL)
                continue;
            size_t k = hash_str(s->keys[i]) & (cap - 1);
            while (keys[k] != NULL)
                k = (k + 1) & (cap - 1);
            keys[k] = s->keys[i];
            rows[k] = s->rows[i];
        }
        free(s->keys);
        free(s->rows);
        s->keys = keys;
        s->rows = rows;
        s->cap = cap;
    }
    size_t k = hash_str(id) & (s->cap - 1);
    while (s->keys[k] != NULL) {
        if (strcmp(s->keys[k], id) == 0)
            return s->rows[k];
        k = (k + 1) & (s->cap - 1);
    }
    s->keys[k] = xstrdup(id);
    s->rows[k] = row;
    s->count++;
    return 0;
}

static void
seen_release(struct seen_ids *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->keys[i]);
    free(s->keys);
    free(s->rows);
}

static void
report(struct importer *im, size_t row, const char *field, const char *message)
{
    if (im->errors_shown++ >= LIMIT_ERRORS_SHOWN || im->opt->errors == NULL)
        return;
    if (im->opt->progress)
        fputs("\r\033[K", stderr);
    if (field != NULL && *field != '\0')
        fprintf(im->opt->errors, "%s:%zu: %s: %s\n", im->path, row, field, message);
    else
        fprintf(im->opt->errors, "%s:%zu: %s\n", im->path, row, message);
}

static void
reject(struct importer *im, size_t row, const struct field_errors *errs)
{
    for (size_t i = 0; i < errs->count; i++)
        report(im, row, errs->items[i].field, errs->items[i].message);
    if (errs->total > errs->count) {
        char more[64];
        snprintf(more, sizeof(more), "and %zu more problems", errs->total - errs->count);
        report(im, row, NULL, more);
    }
    im->sum->rejected++;
}

static void
draw_progress(struct importer *im, bool final)
{
    if (!im->opt->progress || im->total_bytes == 0)
        return;
    time_t now = time(NULL);
    if (!final && now == im->last_draw)
        return;
    im->last_draw = now;
    int pct = (int)(im->done_bytes * 100 / im->total_bytes);
    int bar = pct * 30 / 100;
    fprintf(stderr, "\r\033[K[%.*s%*s] %3d%%  %zu records", bar,
            "==============================", 30 - bar, "", pct, im->sum->read);
    if (final)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

/* ---- the queue ---- */

/* Frees what a slot holds. */
static void
slot_clear(struct slot *sl)
{
    json_decref(sl->obj);
    if (sl->checked)
        action_release(&sl->action);
    memset(sl, 0, offsetof(struct slot, errs));
    sl->errs.count = sl->errs.total = 0;
    action_prepared_reset(&sl->prep);
}

/* Waits for a free slot and returns it cleared, or NULL once the writer has stopped (when
 * @force is false). The slot is the reader's until slot_publish(). */
static struct slot *
slot_claim(struct importer *im, bool force)
{
    struct queue *q = im->queue;
    struct slot *sl = NULL;
    pthread_mutex_lock(&q->lock);
    while (q->count == QUEUE_SLOTS && (force || !q->stop)) {
        q->reader_waiting = true;
        pthread_cond_wait(&q->changed, &q->lock);
    }
    q->reader_waiting = false;
    if (force || !q->stop)
        sl = &q->slots[(q->head + q->count) % QUEUE_SLOTS];
    im->backlog = q->count;
    pthread_mutex_unlock(&q->lock);
    if (sl == NULL) {
        im->read_fatal = ERR_INVALID;
        return NULL;
    }
    slot_clear(sl);
    sl->done_bytes = im->read_bytes;
    return sl;
}

static void
slot_publish(struct queue *q, bool end)
{
    pthread_mutex_lock(&q->lock);
    q->count++;
    q->ended = end;
    if (q->writer_waiting && (q->count >= QUEUE_BATCH || end))
        pthread_cond_signal(&q->changed);
    pthread_mutex_unlock(&q->lock);
}

/* The writer's next slot, waiting while the queue is empty. */
static struct slot *
slot_next(struct queue *q)
{
    pthread_mutex_lock(&q->lock);
    if (q->count == 0) {
        q->writer_waiting = true;
        while (q->count < QUEUE_BATCH && !q->ended)
            pthread_cond_wait(&q->changed, &q->lock);
        q->writer_waiting = false;
    }
    struct slot *sl = &q->slots[q->head];
    pthread_mutex_unlock(&q->lock);
    return sl;
}

/* Gives the writer's current slot back to the reader, which frees its contents. */
static void
slot_release(struct queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->head = (q->head + 1) % QUEUE_SLOTS;
    q->count--;
    if (q->reader_waiting && (q->count <= QUEUE_SLOTS - QUEUE_BATCH || q->stop))
        pthread_cond_signal(&q->changed);
    pthread_mutex_unlock(&q->lock);
}

/* Tells the reader to stop; the writer still takes what was queued until SLOT_END. */
static void
queue_stop(struct queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->stop = true;
    pthread_cond_signal(&q->changed);
    pthread_mutex_unlock(&q->lock);
}

/* The last slot: published even after a stop, so the writer always sees the end. */
static void
emit_end(struct importer *im)
{
    struct slot *sl = slot_claim(im, true);
    sl->kind = SLOT_END;
    slot_publish(im->queue, true);
}

/* A problem found while reading, reported by the writer in its place among the records.
 * @counts_read and @counts_rejected say whether it adds to those counts; a @fatal other than
 * ERR_OK stops the import. */
static void
emit_problem(struct importer *im, size_t row, const struct field_errors *errs, bool counts_read,
             bool counts_rejected, enum err fatal)
{
    if (fatal != ERR_OK)
        im->read_fatal = fatal;
    struct slot *sl = slot_claim(im, false);
    if (sl == NULL)
        return;
    sl->kind = SLOT_PROBLEM;
    sl->row = row;
    sl->errs = *errs;
    sl->counts_read = counts_read;
    sl->counts_rejected = counts_rejected;
    sl->fatal = fatal;
    slot_publish(im->queue, false);
}

/* emit_problem() for a single message about the file or row as a whole. */
static void
emit_message(struct importer *im, size_t row, const char *message, bool counts_read,
             bool counts_rejected, enum err fatal)
{
    struct field_errors errs;
    errs.count = errs.total = 0;
    field_errors_add(&errs, "", "%s", message);
    emit_problem(im, row, &errs, counts_read, counts_rejected, fatal);
}

/* Queues one record (borrowed: the slot takes its own reference). An action is validated here,
 * in the reader, which also refuses an external id seen earlier in the file. */
static void
emit_record(struct importer *im, size_t row, json_t *obj)
{
    struct slot *sl = slot_claim(im, false);
    if (sl == NULL)
        return;
    sl->kind = SLOT_RECORD;
    sl->row = row;
    sl->is_object = json_is_object(obj);
    sl->type = im->default_type;
    json_t *t = json_is_object(obj) ? json_object_get(obj, "type") : NULL;
    if (t != NULL && im->format == IMPORT_CSV && json_is_string(t) &&
        json_object_get(obj, "kind") == NULL && validate_is_action_kind(json_string_value(t))) {
        /* a sheet's "Type" column of pledges and practices: the actions' kind */
        json_object_set(obj, "kind", t);
        json_object_del(obj, "type");
        t = NULL;
    }
    if (t != NULL) {
        if (json_is_string(t) && strcmp(json_string_value(t), "action") == 0)
            sl->type = IMPORT_TYPE_ACTIONS;
        else if (json_is_string(t) && strcmp(json_string_value(t), "government") == 0)
            sl->type = IMPORT_TYPE_GOVERNMENTS;
        else if (json_is_string(t) && strcmp(json_string_value(t), "forum") == 0)
            sl->type = IMPORT_TYPE_FORUMS;
        else if (json_is_string(t) && strcmp(json_string_value(t), "progress_update") == 0)
            sl->type = IMPORT_TYPE_PROGRESS;
        else
            sl->bad_type = true;
    }
    if (!sl->is_object || sl->bad_type || sl->type == IMPORT_TYPE_GOVERNMENTS ||
        sl->type == IMPORT_TYPE_FORUMS || sl->type == IMPORT_TYPE_PROGRESS) {
        /* the writer validates governments, forums and updates, which need the store */
        sl->obj = json_incref(obj);
    } else {
        sl->checked = true;
        action_init(&sl->action);
        if (validate_action(obj, &sl->action, &sl->errs) == ERR_OK) {
            size_t first = seen_add(&im->seen, sl->action.external_id, row);
            if (first != 0)
                field_errors_add(&sl->errs, "external_id", "'%s' was already used at row %zu",
                                 sl->action.external_id, first);
        }
        /* Only while the writer has a backlog: then the reader has time to spare, and the
         * writer's time goes to the store alone. When the writer keeps up (a re-import that
         * changes nothing, say), it makes what it needs itself, and the reader reads on. */
        if (sl->errs.total == 0 && im->backlog >= QUEUE_BATCH &&
            gov_cache_resolve(im->govs, &sl->action))
            action_prepare(&sl->prep, &sl->action, im->now, &im->words);
    }
    slot_publish(im->queue, false);
}

/* Stores an action the reader validated; the slot keeps owning it. */
static enum err
import_action(struct importer *im, struct slot *sl)
{
    struct action *a = &sl->action;
    struct field_errors *errs = &sl->errs;
    size_t row = sl->row;
    enum err e = ERR_OK;
    enum action_write_result result = ACTION_WRITE_REJECTED;

    if (errs->total == 0 && sl->prep.complete) {
        e = action_write_prepared(im->st, a, &sl->prep, im->now, NULL, errs, &result);
    } else if (errs->total == 0) {
        e = action_write(im->st, a, im->opt->strict, im->now, errs, &result,
                         &im->sum->governments_created);
        /* the governments it found or created, for the reader's next actions */
        for (size_t i = 0; e == ERR_OK && i < a->n_governments; i++)
            if (a->governments[i].id != 0 && a->governments[i].slug != NULL)
                gov_cache_put(im->govs, a->governments[i].name, a->governments[i].country,
                              a->governments[i].id, a->governments[i].slug);
    }
    if (e == ERR_OK && errs->total > 0)
        reject(im, row, errs);
    else if (e == ERR_OK && result == ACTION_WRITE_INSERTED)
        im->sum->inserted++;
    else if (e == ERR_OK && result == ACTION_WRITE_UPDATED)
        im->sum->updated++;
    else if (e == ERR_OK && result == ACTION_WRITE_UNCHANGED)
        im->sum->unchanged++;
    return e;
}

static enum err
import_government(struct importer *im, size_t row, json_t *obj)
{
    struct government g;
    struct field_errors errs = {0};
    enum err e = ERR_OK;
    government_init(&g);
    if (validate_government(obj, &g, &errs) != ERR_OK) {
        reject(im, row, &errs);
    } else {
        bool changed = false;
        bool existed =
            store_government_find(im->st, g.name, g.country, &(int64_t){0}, NULL, NULL) == ERR_OK;
        e = store_government_put(im->st, &g, &changed);
        if (e == ERR_OK)
            gov_cache_put(im->govs, g.name, g.country, g.id, g.slug);
        if (e == ERR_OK && !changed)
            im->sum->unchanged++;
        else if (e == ERR_OK && existed)
            im->sum->updated++;
        else if (e == ERR_OK)
            im->sum->inserted++;
    }
    government_release(&g);
    return e;
}

static enum err
import_forum(struct importer *im, size_t row, json_t *obj)
{
    struct forum f;
    struct field_errors errs = {0};
    enum forum_write_result result = FORUM_WRITE_REJECTED;
    enum err e = ERR_OK;
    forum_init(&f);
    if (validate_forum(obj, &f, &errs) == ERR_OK)
        e = forum_write(im->st, &f, im->opt->strict, im->now, &errs, &result,
                        &im->sum->governments_created);
    if (e == ERR_OK && errs.total > 0)
        reject(im, row, &errs);
    else if (e == ERR_OK && result == FORUM_WRITE_INSERTED)
        im->sum->inserted++;
    else if (e == ERR_OK && result == FORUM_WRITE_UPDATED)
        im->sum->updated++;
    else if (e == ERR_OK && result == FORUM_WRITE_UNCHANGED)
        im->sum->unchanged++;
    forum_release(&f);
    return e;
}

/* A progress update: validated here, as its action must be looked up in the store. */
static enum err
import_progress(struct importer *im, size_t row, json_t *obj)
{
    struct progress_update u;
    struct field_errors errs = {0};
    enum err e = ERR_OK;
    enum progress_write_result result = PROGRESS_WRITE_REJECTED;
    progress_update_init(&u);
    if (progress_validate(obj, true, im->today, &u, &errs) == ERR_OK) {
        size_t first = seen_add(&im->seen_updates, u.external_id, row);
        if (first != 0)
            field_errors_add(&errs, "id", "'%s' was already used at row %zu", u.external_id, first);
        else
            e = progress_write(im->st, &u, false, im->now, &errs, &result);
    }
    if (e == ERR_OK && errs.total > 0)
        reject(im, row, &errs);
    else if (e == ERR_OK && result == PROGRESS_WRITE_INSERTED)
        im->sum->inserted++;
    else if (e == ERR_OK && result == PROGRESS_WRITE_UPDATED)
        im->sum->updated++;
    else if (e == ERR_OK && result == PROGRESS_WRITE_UNCHANGED)
        im->sum->unchanged++;
    progress_update_release(&u);
    return e;
}

/* One record, whatever format it came in. */
static void
process(struct importer *im, struct slot *sl)
{
    size_t row = sl->row;
    im->sum->read++;
    draw_progress(im, false);
    if (im->sum->read > LIMIT_IMPORT_ROWS) {
        struct field_errors errs = {0};
        field_errors_add(&errs, "", "the file has more than %d records", LIMIT_IMPORT_ROWS);
        reject(im, row, &errs);
        im->fatal = ERR_TOO_BIG;
        return;
    }
    if (!sl->is_object) {
        struct field_errors errs = {0};
        field_errors_add(&errs, "", "a record must be a JSON object");
        reject(im, row, &errs);
        return;
    }
    if (sl->bad_type) {
        struct field_errors errs = {0};
        field_errors_add(&errs, "type",
                         "must be \"action\", \"government\", \"forum\" or \"progress_update\"");
        reject(im, row, &errs);
        return;
    }
    enum err e = sl->type == IMPORT_TYPE_GOVERNMENTS ? import_government(im, row, sl->obj)
                 : sl->type == IMPORT_TYPE_FORUMS    ? import_forum(im, row, sl->obj)
                 : sl->type == IMPORT_TYPE_PROGRESS  ? import_progress(im, row, sl->obj)
                                                     : import_action(im, sl);
    if (e != ERR_OK) {
        log_error("%s:%zu: cannot store the record: %s", im->path, row, store_errmsg(im->st));
        im->fatal = e;
    }
}

/* A problem the reader found, counted and reported as it would have been in place. */
static void
process_problem(struct importer *im, struct slot *sl)
{
    if (sl->counts_read)
        im->sum->read++;
    if (sl->counts_rejected) {
        reject(im, sl->row, &sl->errs);
    } else {
        for (size_t i = 0; i < sl->errs.count; i++)
            report(im, sl->row, sl->errs.items[i].field, sl->errs.items[i].message);
    }
    if (sl->fatal != ERR_OK)
        im->fatal = sl->fatal;
}

/* ---- CSV ---- */

static void
csv_field(void *field, size_t len, void *ctx)
{
    struct importer *im = ctx;
    const char *s = field ? field : "";
    if (im->read_fatal != ERR_OK)
        return;
    if (im->header == NULL || im->csv_row == 0) {
        /* the header row */
        if (im->n_header == LIMIT_CSV_COLUMNS) {
            emit_message(im, 1, "the header has too many columns", false, false, ERR_TOO_BIG);
            return;
        }
        im->header = xreallocarray(im->header, im->n_header + 1, sizeof(*im->header));
        const char *name = s;
        size_t name_len = len;
        text_trim(&name, &name_len);
        char lower[128];
        size_t n = name_len < sizeof(lower) - 1 ? name_len : sizeof(lower) - 1;
        for (size_t i = 0; i < n; i++)
            lower[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] | 0x20 : name[i]);
        lower[n] = '\0';
        im->header[im->n_header++] = text_is_utf8(lower, n) ? json_string(lower) : json_null();
        return;
    }
    if (im->row == NULL)
        im->row = json_object();
    size_t col = im->col++;
    if (len == 0)
        return;
    if (col >= im->n_header) {
        snprintf(im->bad_column, sizeof(im->bad_column), "column %zu", col + 1);
        return;
    }
    const char *name = json_string_value(im->header[col]);
    if (name == NULL)
        return;
    if (len > LIMIT_CSV_FIELD_BYTES || !text_is_utf8(s, len)) {
        snprintf(im->bad_column, sizeof(im->bad_column), "%s", name);
        im->row_bad_utf8 = len <= LIMIT_CSV_FIELD_BYTES;
        return;
    }
    json_object_set_new(im->row, name, json_stringn(s, len));
}

static void
csv_row_end(int c, void *ctx)
{
    struct importer *im = ctx;
    (void)c;
    if (im->read_fatal != ERR_OK)
        return;
    if (im->csv_row++ == 0) {
        /* decide the type from the header; refuse duplicate or unnamed columns */
        bool has_title = false, has_name = false, has_action = false, has_date = false;
        for (size_t i = 0; i < im->n_header; i++) {
            const char *h = json_string_value(im->header[i]);
            if (h == NULL || *h == '\0') {
                emit_message(im, 1, "a column has no name", false, false, ERR_INVALID);
                return;
            }
            for (size_t k = 0; k < i; k++) {
                if (strcmp(h, json_string_value(im->header[k])) == 0) {
                    char msg[200];
                    snprintf(msg, sizeof(msg), "column '%.100s' appears twice", h);
                    emit_message(im, 1, msg, false, false, ERR_INVALID);
                    return;
                }
            }
            has_title = has_title || strcmp(h, "title") == 0;
            has_name = has_name || strcmp(h, "name") == 0;
            has_action = has_action || strcmp(h, "action") == 0 || strcmp(h, "action_id") == 0 ||
                         strcmp(h, "action id") == 0;
            has_date = has_date || strcmp(h, "date") == 0;
        }
        /* an update names its action and its date; an action has a title, a government not */
        if (im->default_type == IMPORT_TYPE_AUTO && !has_title && has_action && has_date)
            im->default_type = IMPORT_TYPE_PROGRESS;
        if (im->default_type == IMPORT_TYPE_AUTO)
            im->default_type =
                has_title || !has_name ? IMPORT_TYPE_ACTIONS : IMPORT_TYPE_GOVERNMENTS;
        return;
    }
    size_t row = im->csv_row;
    json_t *obj = im->row ? im->row : json_object();
    im->row = NULL;
    im->col = 0;
    if (im->bad_column[0] != '\0') {
        struct field_errors errs = {0};
        if (strncmp(im->bad_column, "column ", 7) == 0)
            field_errors_add(&errs, im->bad_column, "has a value but no header");
        else if (im->row_bad_utf8)
            field_errors_add(&errs, im->bad_column, "is not valid UTF-8 text");
        else
            field_errors_add(&errs, im->bad_column, "is longer than %u bytes",
                             LIMIT_CSV_FIELD_BYTES);
        emit_problem(im, row, &errs, true, true, ERR_OK);
        im->bad_column[0] = '\0';
        im->row_bad_utf8 = false;
    } else {
        emit_record(im, row, obj);
    }
    json_decref(obj);
}

/* libcsv's messages speak of its own options; say what is wrong with the file instead. */
static const char *
csv_problem(struct csv_parser *p)
{
    switch (csv_error(p)) {
    case CSV_EPARSE:
        return "a quoted field is not closed, or a quote stands inside an unquoted field";
    case CSV_ETOOBIG:
        return "a field is too large";
    default:
        return csv_strerror(csv_error(p));
    }
}

static void
import_csv(struct importer *im, const char *data, size_t len)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        struct field_errors none = {0};
        emit_problem(im, 1, &none, false, false, ERR_IO);
        return;
    }
    /* feed in slices so the progress bar moves */
    size_t off = 0;
    while (off < len && im->read_fatal == ERR_OK) {
        size_t n = len - off < (1u << 20) ? len - off : (1u << 20);
        if (csv_parse(&p, data + off, n, csv_field, csv_row_end, im) != n) {
            char msg[200];
            snprintf(msg, sizeof(msg), "malformed CSV: %s", csv_problem(&p));
            emit_message(im, im->csv_row + 1, msg, false, true, ERR_INVALID);
            break;
        }
        off += n;
        im->read_bytes = off;
    }
    if (im->read_fatal == ERR_OK && csv_fini(&p, csv_field, csv_row_end, im) != 0) {
        char msg[200];
        snprintf(msg, sizeof(msg), "malformed CSV: %s", csv_problem(&p));
        emit_message(im, im->csv_row + 1, msg, false, true, ERR_INVALID);
    }
    if (im->read_fatal == ERR_OK && im->csv_row == 0)
        emit_message(im, 1, "the file has no header row", false, false, ERR_INVALID);
    csv_free(&p);
    json_decref(im->row);
    im->row = NULL;
    for (size_t i = 0; i < im->n_header; i++)
        json_decref(im->header[i]);
    free(im->header);
    im->header = NULL;
}

/* ---- JSON ---- */

static void
import_json_array(struct importer *im, const char *data, size_t len)
{
    json_error_t jerr;
    json_t *doc = json_fast_load(data, len, &jerr);
    if (doc == NULL) {
        char msg[300];
        snprintf(msg, sizeof(msg), "invalid JSON at line %d, column %d: %s", jerr.line, jerr.column,
                 jerr.text);
        emit_message(im, (size_t)(jerr.line > 0 ? jerr.line : 1), msg, false, true, ERR_INVALID);
        return;
    }
    if (!json_is_array(doc)) {
        emit_message(im, 1, "a JSON file must hold an array of records", false, true, ERR_INVALID);
    } else {
        size_t n = json_array_size(doc);
        for (size_t i = 0; i < n && im->read_fatal == ERR_OK; i++) {
            im->read_bytes = len * (i + 1) / n;
            emit_record(im, i + 1, json_array_get(doc, i));
        }
    }
    json_decref(doc);
}

static void
import_jsonl(struct importer *im, const char *data, size_t len)
{
    size_t line = 0, off = 0;
    while (off < len && im->read_fatal == ERR_OK) {
        const char *start = data + off;
        const char *nl = memchr(start, '\n', len - off);
        size_t n = nl ? (size_t)(nl - start) : len - off;
        off += n + (nl ? 1 : 0);
        line++;
        im->read_bytes = off;
        const char *s = start;
        size_t slen = n;
        text_trim(&s, &slen);
        if (slen == 0)
            continue;
        if (slen > LIMIT_JSON_RECORD_BYTES) {
            emit_message(im, line, "the record is longer than 1 MiB", true, true, ERR_OK);
            continue;
        }
        json_error_t jerr;
        json_t *obj = json_fast_load(s, slen, &jerr);
        if (obj == NULL) {
            char msg[300];
            snprintf(msg, sizeof(msg), "invalid JSON at column %d: %s", jerr.column, jerr.text);
            emit_message(im, line, msg, true, true, ERR_OK);
            continue;
        }
        emit_record(im, line, obj);
        json_decref(obj);
    }
}

/* The reader thread: parses the whole buffer into the queue, then marks its end. */
static void *
read_records(void *arg)
{
    struct importer *im = arg;
    if (im->format == IMPORT_CSV)
        import_csv(im, im->data, im->len);
    else if (im->format == IMPORT_JSON)
        import_json_array(im, im->data, im->len);
    else
        import_jsonl(im, im->data, im->len);
    emit_end(im);
    return NULL;
}

/* The writer: takes the reader's slots in order until the end, storing records until a fatal
 * problem; after one it tells the reader to stop and only frees what is still queued. */
static void
write_records(struct importer *im)
{
    bool stopped = false;
    for (;;) {
        struct slot *sl = slot_next(im->queue);
        if (sl->kind == SLOT_END)
            break;
        im->done_bytes = sl->done_bytes;
        if (im->fatal == ERR_OK && sl->kind == SLOT_RECORD)
            process(im, sl);
        else if (im->fatal == ERR_OK)
            process_problem(im, sl);
        slot_release(im->queue);
        if (im->fatal != ERR_OK && !stopped) {
            queue_stop(im->queue);
            stopped = true;
        }
    }
}

/* Runs the reader in its own thread and the writer in this one. */
static enum err
run_import(struct importer *im)
{
    struct queue *q = xcalloc(1, sizeof(*q));
    pthread_t reader;
    enum err e = ERR_OK;

    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->changed, NULL);
    for (size_t i = 0; i < QUEUE_SLOTS; i++)
        action_prepared_init(&q->slots[i].prep);
    im->queue = q;
    im->govs = gov_cache_new();
    search_words_init(&im->words);
    /* the governments stored before this import: they resolve in the reader */
    e = gov_cache_load(im->govs, im->st);
    int rc = e == ERR_OK ? pthread_create(&reader, NULL, read_records, im) : 0;
    if (e != ERR_OK) {
        log_error("cannot read the governments: %s", store_errmsg(im->st));
    } else if (rc != 0) {
        log_error("cannot start the reader thread: %s", strerror(rc));
        e = ERR_IO;
    } else {
        write_records(im);
        pthread_join(reader, NULL);
        for (size_t i = 0; i < QUEUE_SLOTS; i++)
            slot_clear(&q->slots[i]);
    }
    for (size_t i = 0; i < QUEUE_SLOTS; i++)
        action_prepared_release(&q->slots[i].prep);
    search_words_release(&im->words);
    gov_cache_free(im->govs);
    im->govs = NULL;
    pthread_cond_destroy(&q->changed);
    pthread_mutex_destroy(&q->lock);
    free(q);
    im->queue = NULL;
    return e;
}

static enum import_format
format_from_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot == NULL)
        return IMPORT_AUTO;
    if (text_ieq(dot, strlen(dot), ".csv"))
        return IMPORT_CSV;
    if (text_ieq(dot, strlen(dot), ".json"))
        return IMPORT_JSON;
    if (text_ieq(dot, strlen(dot), ".jsonl") || text_ieq(dot, strlen(dot), ".ndjson"))
        return IMPORT_JSONL;
    return IMPORT_AUTO;
}

/* import_buffer() of @data, which is @map's when @map is not NULL: a file shortened while it
 * was read is refused whole, whatever its rows said. */
static enum err
import_data(struct store *st, const char *path, const char *data, size_t len,
            const struct import_options *opt, struct import_summary *sum,
            const struct mapped_file *map)
{
    struct importer im = {0};
    enum import_format format = opt->format;
    enum err e;

    memset(sum, 0, sizeof(*sum));
    im.st = st;
    im.path = path;
    im.opt = opt;
    im.sum = sum;
    im.default_type = opt->type;
    im.now = (int64_t)time(NULL);
    im.today = progress_today();
    im.total_bytes = len;
    if (format == IMPORT_AUTO)
        format = format_from_path(path);
    if (format == IMPORT_AUTO) {
        /* guess from the first character: '[' JSON, '{' JSON Lines, else CSV */
        size_t i = 0;
        while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
            i++;
        format = i < len && data[i] == '['   ? IMPORT_JSON
                 : i < len && data[i] == '{' ? IMPORT_JSONL
                                             : IMPORT_CSV;
    }
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
        data += 3; /* the byte-order mark spreadsheets write */
        len -= 3;
    }
    if (memchr(data, '\0', len) != NULL && format != IMPORT_CSV) {
        report(&im, 1, NULL, "the file contains a NUL byte");
        return ERR_INVALID;
    }
    e = store_begin(st);
    if (e != ERR_OK) {
        log_error("cannot start the import: %s", store_errmsg(st));
        return e;
    }
    im.format = format;
    im.data = data;
    im.len = len;
    e = run_import(&im);
    if (e != ERR_OK) {
        store_rollback(st);
        seen_release(&im.seen);
        seen_release(&im.seen_updates);
        return e;
    }
    draw_progress(&im, true);
    if (im.errors_shown > LIMIT_ERRORS_SHOWN && opt->errors != NULL)
        fprintf(opt->errors, "%s: and %zu more problems not shown\n", path,
                im.errors_shown - LIMIT_ERRORS_SHOWN);
    seen_release(&im.seen);
    seen_release(&im.seen_updates);

    if (map != NULL && mapped_file_shrank(map)) {
        store_rollback(st);
        sum->inserted = sum->updated = sum->unchanged = sum->governments_created = 0;
        log_error("cannot import '%s': another program shortened it while it was read; nothing "
                  "was written",
                  path);
        return ERR_IO;
    }
    bool rejected = sum->rejected > 0 || im.fatal == ERR_INVALID || im.fatal == ERR_TOO_BIG;
    if (im.fatal != ERR_OK || (rejected && !opt->partial)) {
        store_rollback(st);
        sum->inserted = sum->updated = sum->unchanged = sum->governments_created = 0;
        return im.fatal == ERR_OK || im.fatal == ERR_INVALID || im.fatal == ERR_TOO_BIG
                   ? ERR_INVALID
                   : im.fatal;
    }
    e = store_commit(st);
    if (e != ERR_OK) {
        log_error("cannot commit the import: %s", store_errmsg(st));
        store_rollback(st);
        return e;
    }
    return rejected ? ERR_INVALID : ERR_OK;
}

enum err
import_buffer(struct store *st, const char *path, const char *data, size_t len,
              const struct import_options *opt, struct import_summary *sum)
{
    return import_data(st, path, data, len, opt, sum, NULL);
}

/* Reads all of @fp into a heap buffer, refusing more than LIMIT_IMPORT_FILE_BYTES. Works for
 * pipes and standard input as well as files. */
static enum err
read_all(FILE *fp, const char *path, char **out, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *data = xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap >= LIMIT_IMPORT_FILE_BYTES) {
                log_error("cannot import '%s': larger than %u bytes", path,
                          LIMIT_IMPORT_FILE_BYTES);
                free(data);
                return ERR_TOO_BIG;
            }
            cap *= 2;
            data = xrealloc(data, cap + 1);
        }
        size_t got = fread(data + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        log_errno("cannot read '%s'", path);
        free(data);
        return ERR_IO;
    }
    data[n] = '\0';
    *out = data;
    *len = n;
    return ERR_OK;
}

enum err
import_file(struct store *st, const char *path, const struct import_options *opt,
            struct import_summary *sum)
{
    FILE *fp = NULL;
    char *data = NULL;
    struct mapped_file map = {0};
    size_t len = 0;
    enum err e;
    struct stat sb;
    bool is_stdin = strcmp(path, "-") == 0;

    memset(sum, 0, sizeof(*sum));
    fp = is_stdin ? stdin : fopen(path, "rb");
    if (fp == NULL) {
        log_errno("cannot open '%s'", path);
        return ERR_IO;
    }
    if (fstat(fileno(fp), &sb) != 0 || S_ISDIR(sb.st_mode)) {
        log_error("cannot import '%s': it is a directory", path);
        e = ERR_IO;
        goto out;
    }
    if (S_ISREG(sb.st_mode) && (uint64_t)sb.st_size > LIMIT_IMPORT_FILE_BYTES) {
        log_error("cannot import '%s': larger than %u bytes", path, LIMIT_IMPORT_FILE_BYTES);
        e = ERR_TOO_BIG;
        goto out;
    }
    /* A file is mapped, its pages taken from the page cache at once, rather than copied into
     * memory, which took the thread that stores a quarter of a second for 300 MB. Should
     * another program shorten it meanwhile, the import is refused (util/mapped_file.h). */
    bool mapped = !is_stdin && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
                  mapped_file_open(&map, fileno(fp), (size_t)sb.st_size) == ERR_OK;
    if (mapped) {
        e = import_data(st, path, map.data, map.len, opt, sum, &map);
    } else {
        e = read_all(fp, path, &data, &len);
        if (e == ERR_OK)
            e = import_buffer(st, is_stdin ? "stdin" : path, data, len, opt, sum);
    }
out:
    free(data);
    mapped_file_close(&map);
    if (!is_stdin)
        fclose(fp);
    return e;
}
