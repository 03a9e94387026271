/* Export: loads each record through the store and writes it with the writers in
 * domain/record.c, one record at a time, so memory stays flat however large the registry. */
#include "io/export.h"

#include <stdlib.h>

#include "domain/progress_record.h"
#include "domain/record.h"
#include "store/forums.h"
#include "store/progress.h"
#include "util/limits.h"
#include "util/log.h"
#include "util/xalloc.h"

struct id_list {
    int64_t *ids;
    size_t count, cap;
};

static void
collect_id(void *ctx, int64_t id)
{
    struct id_list *l = ctx;
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->ids = xreallocarray(l->ids, l->cap, sizeof(*l->ids));
    }
    l->ids[l->count++] = id;
}

static void
collect_government(void *ctx, const struct store_government_row *row)
{
    collect_id(ctx, row->id);
}

struct writer {
    FILE *fp;
    const struct export_options *opt;
    size_t written;
    struct buf line;
};

/* Writes the record in @w->line with the separators its format needs. */
static enum err
emit(struct writer *w)
{
    if (buf_status(&w->line) != ERR_OK)
        return ERR_TOO_BIG;
    if (w->opt->format == EXPORT_JSON)
        fputs(w->written == 0 ? "[\n" : ",\n", w->fp);
    fwrite(w->line.data, 1, w->line.len, w->fp);
    if (w->opt->format == EXPORT_JSONL)
        fputc('\n', w->fp);
    w->written++;
    buf_reset(&w->line);
    return ferror(w->fp) ? ERR_IO : ERR_OK;
}

static enum err
export_governments(struct store *st, struct writer *w)
{
    struct id_list ids = {0};
    enum err e = store_government_list(st, collect_government, &ids);
    if (e == ERR_OK && w->opt->format == EXPORT_CSV) {
        record_government_csv_header(&w->line);
        fwrite(w->line.data, 1, w->line.len, w->fp);
        buf_reset(&w->line);
    }
    for (size_t i = 0; i < ids.count && e == ERR_OK; i++) {
        struct government g;
        government_init(&g);
        e = store_government_load(st, NULL, ids.ids[i], &g);
        if (e == ERR_OK) {
            if (w->opt->format == EXPORT_CSV)
                record_government_csv(&w->line, &g);
            else
                record_government_json(&w->line, &g, RECORD_EXPORT);
            e = emit(w);
        }
        government_release(&g);
    }
    free(ids.ids);
    return e;
}

struct forum_slugs {
    char **slugs;
    size_t count;
};

static void
collect_forum(void *ctx, const struct store_forum_row *row)
{
    struct forum_slugs *l = ctx;
    l->slugs = xreallocarray(l->slugs, l->count + 1, sizeof(*l->slugs));
    l->slugs[l->count++] = xstrdup(row->slug);
}

/* Forums after the governments they count and before the actions that name them, so the file
 * imports back in one pass. */
static enum err
export_forums(struct store *st, struct writer *w)
{
    struct forum_slugs l = {0};
    enum err e = store_forum_list(st, collect_forum, &l);
    for (size_t i = 0; i < l.count && e == ERR_OK; i++) {
        struct forum f;
        forum_init(&f);
        e = store_forum_load(st, l.slugs[i], &f);
        if (e == ERR_OK) {
            forum_json(&w->line, &f, FORUM_EXPORT);
            e = emit(w);
        }
        forum_release(&f);
    }
    for (size_t i = 0; i < l.count; i++)
        free(l.slugs[i]);
    free(l.slugs);
    return e;
}

static enum err
export_actions(struct store *st, struct writer *w)
{
    struct id_list ids = {0};
    enum err e = store_action_ids(st, collect_id, &ids);
    if (e == ERR_OK && w->opt->format == EXPORT_CSV) {
        record_action_csv_header(&w->line);
        fwrite(w->line.data, 1, w->line.len, w->fp);
        buf_reset(&w->line);
    }
    for (size_t i = 0; i < ids.count && e == ERR_OK; i++) {
        struct action a;
        action_init(&a);
        e = store_action_load(st, ids.ids[i], &a);
        if (e == ERR_OK) {
            if (w->opt->format == EXPORT_CSV)
                record_action_csv(&w->line, &a);
            else
                record_action_json(&w->line, &a, RECORD_EXPORT);
            e = emit(w);
        }
        action_release(&a);
    }
    free(ids.ids);
    return e;
}

struct progress_writer {
    struct writer *w;
    enum err e;
};

static void
write_update(void *ctx, const struct progress_update *u)
{
    struct progress_writer *pw = ctx;
    if (pw->e != ERR_OK)
        return;
    if (pw->w->opt->format == EXPORT_CSV)
        progress_update_csv(&pw->w->line, u);
    else
        progress_update_json(&pw->w->line, u, PROGRESS_EXPORT);
    pw->e = emit(pw->w);
}

/* Every progress update, by action, oldest first. */
static enum err
export_progress(struct store *st, struct writer *w)
{
    struct progress_writer pw = {w, ERR_OK};
    if (w->opt->format == EXPORT_CSV) {
        progress_csv_header(&w->line);
        fwrite(w->line.data, 1, w->line.len, w->fp);
        buf_reset(&w->line);
    }
    enum err e = store_progress_list(st, 0, write_update, &pw);
    return e != ERR_OK ? e : pw.e;
}

enum err
export_write(struct store *st, FILE *fp, const struct export_options *opt)
{
    if (opt->format == EXPORT_GRF_CSV)
        return export_grf_csv(st, fp, progress_today());
    struct writer w = {fp, opt, 0, {0}};
    enum err e = ERR_OK;
    buf_init(&w.line, LIMIT_RESPONSE_BYTES);
    /* a read transaction, so the export is one consistent snapshot */
    e = store_begin(st);
    if (e == ERR_OK && (opt->what == EXPORT_GOVERNMENTS || opt->what == EXPORT_ALL))
        e = export_governments(st, &w);
    if (e == ERR_OK && opt->what == EXPORT_ALL)
        e = export_forums(st, &w);
    if (e == ERR_OK && (opt->what == EXPORT_ACTIONS || opt->what == EXPORT_ALL))
        e = export_actions(st, &w);
    if (e == ERR_OK && (opt->what == EXPORT_PROGRESS || opt->what == EXPORT_ALL))
        e = export_progress(st, &w);
    store_rollback(st);
    if (e == ERR_OK && opt->format == EXPORT_JSON)
        fputs(w.written == 0 ? "[]\n" : "\n]\n", fp);
    if (e == ERR_DB)
        log_error("cannot export: %s", store_errmsg(st));
    else if (e != ERR_OK)
        log_error("cannot export: %s", err_name(e));
    buf_release(&w.line);
    return e;
}
