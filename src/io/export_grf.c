/* The Global Refugee Forum export: one CSV line per published action with its status in the
 * GRF's words ("In the planning stage", "In progress", "Fulfilled") and its computed progress,
 * for the forum's pledge reporting. A report, not an import format: the importer does not
 * read it back, so the actions' own CSV keeps its round trip. */
#include <stdlib.h>
#include <string.h>

#include "domain/progress_record.h"
#include "io/export.h"
#include "store/progress.h"
#include "util/limits.h"
#include "util/log.h"
#include "util/xalloc.h"

static const char header[] = "external_id,title,lead_government,country,gcr_objectives,"
                             "gcm_objectives,implementation_status,grf_status,progress_percent,"
                             "progress_status,last_update,stale\r\n";

static void
cell(struct buf *out, const char *s)
{
    buf_addch(out, ',');
    if (s != NULL)
        buf_add_csv_field(out, s, strlen(s));
}

/* The codes of vocabulary @v held by @a, separated by ';'. */
static void
codes_cell(struct buf *out, const struct action *a, enum vocab_id v)
{
    const struct vocab *voc = taxonomy_vocab(v);
    bool first = true;
    buf_addch(out, ',');
    for (size_t t = 0; t < voc->count; t++) {
        if (!termset_has(&a->terms[v], (int)t))
            continue;
        buf_addstr(out, first ? "" : ";");
        buf_addstr(out, voc->terms[t].code);
        first = false;
    }
}

static void
grf_line(struct buf *out, const struct action *a, const struct progress *p)
{
    buf_add_csv_field(out, a->external_id, strlen(a->external_id));
    cell(out, a->title);
    cell(out, a->n_governments > 0 ? a->governments[0].name : NULL);
    cell(out, a->n_governments > 0 ? taxonomy_country(a->governments[0].country)->alpha2 : NULL);
    codes_cell(out, a, VOCAB_GCR);
    codes_cell(out, a, VOCAB_GCM);
    cell(out, impl_status_codes[a->status]);
    cell(out, progress_grf_status(a->status));
    buf_addch(out, ',');
    if (p->has_percent)
        buf_add_number(out, p->percent);
    cell(out, progress_status_codes[p->status]);
    cell(out, p->last_update[0] != '\0' ? p->last_update : NULL);
    cell(out, p->stale ? "yes" : "no");
    buf_addstr(out, "\r\n");
}

struct ids {
    int64_t *items;
    size_t count;
};

static void
add_id(void *ctx, int64_t id)
{
    struct ids *l = ctx;
    l->items = xreallocarray(l->items, l->count + 1, sizeof(*l->items));
    l->items[l->count++] = id;
}

enum err
export_grf_csv(struct store *st, FILE *fp, int64_t today)
{
    struct ids ids = {0};
    struct buf line;
    buf_init(&line, LIMIT_RESPONSE_BYTES);
    /* a read transaction, so the export is one consistent snapshot */
    enum err e = store_begin(st);
    if (e == ERR_OK)
        e = store_action_ids(st, add_id, &ids);
    if (e == ERR_OK)
        fputs(header, fp);
    for (size_t i = 0; i < ids.count && e == ERR_OK; i++) {
        struct action a;
        struct progress_list updates = {0};
        action_init(&a);
        e = store_action_load(st, ids.items[i], &a);
        if (e == ERR_OK && a.publication == PUB_PUBLISHED)
            e = store_progress_collect(st, a.id, &updates);
        if (e == ERR_OK && a.publication == PUB_PUBLISHED) {
            struct progress p;
            progress_compute(&a, updates.items, updates.count, today, &p);
            grf_line(&line, &a, &p);
            if (buf_status(&line) != ERR_OK)
                e = ERR_TOO_BIG;
            fwrite(line.data, 1, line.len, fp);
            buf_reset(&line);
            if (ferror(fp))
                e = ERR_IO;
        }
        progress_list_release(&updates);
        action_release(&a);
    }
    store_rollback(st);
    if (e == ERR_DB)
        log_error("cannot export: %s", store_errmsg(st));
    else if (e != ERR_OK)
        log_error("cannot export: %s", err_name(e));
    free(ids.items);
    buf_release(&line);
    return e;
}
