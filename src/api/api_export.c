/* GET /api/v1/export/actions.csv and .json: every published action the filters select, in the
 * format `localaction export` writes (so a download can be imported elsewhere), streamed one
 * record at a time so memory stays flat however many there are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/filters.h"
#include "domain/record.h"
#include "http/app.h"
#include "http/router.h"
#include "util/xalloc.h"

struct export_stream {
    struct app *app;
    struct store *st;
    int64_t *ids;
    size_t n, next, written;
    bool csv;
    struct buf pending; /* bytes made but not yet handed out */
    size_t pending_pos;
    bool finished;
};

static void
stream_free(void *state)
{
    struct export_stream *s = state;
    app_store_release(s->app, s->st);
    buf_release(&s->pending);
    free(s->ids);
    free(s);
}

/* Makes the next records (or the closing bracket) into s->pending. */
static bool
refill(struct export_stream *s)
{
    buf_reset(&s->pending);
    s->pending_pos = 0;
    while (s->pending.len < 48 * 1024 && s->next < s->n) {
        struct action a;
        action_init(&a);
        enum err e = store_action_load(s->st, s->ids[s->next], &a);
        if (e == ERR_OK && a.publication == PUB_PUBLISHED) {
            if (s->csv) {
                record_action_csv(&s->pending, &a);
            } else {
                buf_addstr(&s->pending, s->written == 0 ? "[\n" : ",\n");
                record_action_json(&s->pending, &a, RECORD_EXPORT);
            }
            s->written++;
        }
        action_release(&a);
        s->next++;
        /* an action withdrawn since the list was made is left out; a failing database not */
        if (e != ERR_OK && e != ERR_NOT_FOUND)
            return false;
    }
    if (s->next == s->n && !s->finished) {
        if (!s->csv)
            buf_addstr(&s->pending, s->written == 0 ? "[]\n" : "\n]\n");
        s->finished = true;
    }
    return buf_status(&s->pending) == ERR_OK;
}

static long
stream_read(void *state, char *out, size_t max)
{
    struct export_stream *s = state;
    if (s->pending_pos == s->pending.len) {
        if (s->finished)
            return 0;
        if (!refill(s))
            return -1;
    }
    size_t n = s->pending.len - s->pending_pos;
    if (n > max)
        n = max;
    memcpy(out, s->pending.data + s->pending_pos, n);
    s->pending_pos += n;
    return (long)n;
}

void
api_export_actions(struct request *req, struct response *res)
{
    const char *file = router_tail(req->path, "/api/v1/export/");
    bool csv = strcmp(file, "actions.csv") == 0;
    if (!csv && strcmp(file, "actions.json") != 0) {
        http_error(res, 404, NULL, "there is no export %.100s (actions.csv or actions.json)", file);
        return;
    }
    struct index *ix = app_index(req->app);
    struct index_query *q = xcalloc(1, sizeof(*q));
    struct index_result r = {0};
    struct index_text *matches = NULL;
    struct store *st = NULL;
    const char *text = NULL;
    if (!filters_parse(req, res, ix, q, false, &text))
        goto out;
    st = app_store(req->app);
    if (st == NULL) {
        http_error(res, 503, NULL, "the database is not available");
        goto out;
    }
    if (text != NULL) {
        if (app_search(req->app, ix, st, text, strlen(text), &matches) != ERR_OK) {
            http_error(res, 500, NULL, "the search failed");
            goto out;
        }
        q->text = matches;
    }
    q->sort = SORT_TITLE_ASC;
    q->limit = index_size(ix) + 1;
    if (index_query(ix, q, &r) != ERR_OK) {
        http_error(res, 500, NULL, "cannot list the actions");
        goto out;
    }
    struct export_stream *s = xcalloc(1, sizeof(*s));
    s->app = req->app;
    s->st = st;
    st = NULL;
    s->ids = r.ids;
    s->n = r.n_ids;
    r.ids = NULL;
    s->csv = csv;
    buf_init(&s->pending, LIMIT_RESPONSE_BYTES);
    if (csv)
        record_action_csv_header(&s->pending);
    res->stream = stream_read;
    res->stream_free = stream_free;
    res->stream_state = s;
    res->content_type = csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
    snprintf(res->content_disposition, sizeof(res->content_disposition),
             "attachment; filename=\"localaction-%s\"", file);
out:
    index_result_release(&r);
    index_text_unref(matches);
    app_store_release(req->app, st);
    free(q);
    index_unref(ix);
}
