/* The importer: reads records from CSV, JSON or JSON Lines, validates each with the shared
 * rules in domain/validate.c and writes them through the store in one transaction. A bad
 * record is reported as FILE:ROW: FIELD: reason; unless --partial, any bad record means the
 * transaction is rolled back, so a file goes in whole or not at all. */
#include "io/import.h"

#include <csv.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "domain/validate.h"
#include "io/action_write.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xalloc.h"

/* external ids seen in this file, to refuse the same id twice */
struct seen_ids {
    char **keys;
    size_t *rows;
    size_t cap, count;
};

struct importer {
    struct store *st;
    const char *path;
    const struct import_options *opt;
    struct import_summary *sum;
    enum import_type default_type;
    struct seen_ids seen;
    size_t errors_shown;
    enum err fatal; /* a store failure: stop and roll back */
    int64_t now;
    /* progress */
    size_t total_bytes, done_bytes;
    time_t last_draw;
    /* CSV state */
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

static enum err
import_action(struct importer *im, size_t row, json_t *obj)
{
    struct action a;
    struct field_errors errs = {0};
    enum err e = ERR_OK;
    enum action_write_result result = ACTION_WRITE_REJECTED;

    action_init(&a);
    if (validate_action(obj, &a, &errs) == ERR_OK) {
        size_t first = seen_add(&im->seen, a.external_id, row);
        if (first != 0)
            field_errors_add(&errs, "external_id", "'%s' was already used at row %zu",
                             a.external_id, first);
    }
    if (errs.total == 0)
        e = action_write(im->st, &a, im->opt->strict, im->now, &errs, &result,
                         &im->sum->governments_created);
    if (e == ERR_OK && errs.total > 0)
        reject(im, row, &errs);
    else if (e == ERR_OK && result == ACTION_WRITE_INSERTED)
        im->sum->inserted++;
    else if (e == ERR_OK && result == ACTION_WRITE_UPDATED)
        im->sum->updated++;
    else if (e == ERR_OK && result == ACTION_WRITE_UNCHANGED)
        im->sum->unchanged++;
    action_release(&a);
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

/* One record, whatever format it came in. */
static void
process(struct importer *im, size_t row, json_t *obj)
{
    if (im->fatal != ERR_OK)
        return;
    im->sum->read++;
    draw_progress(im, false);
    if (im->sum->read > LIMIT_IMPORT_ROWS) {
        struct field_errors errs = {0};
        field_errors_add(&errs, "", "the file has more than %d records", LIMIT_IMPORT_ROWS);
        reject(im, row, &errs);
        im->fatal = ERR_TOO_BIG;
        return;
    }
    if (!json_is_object(obj)) {
        struct field_errors errs = {0};
        field_errors_add(&errs, "", "a record must be a JSON object");
        reject(im, row, &errs);
        return;
    }
    enum import_type type = im->default_type;
    json_t *t = json_object_get(obj, "type");
    if (t != NULL) {
        if (json_is_string(t) && strcmp(json_string_value(t), "action") == 0) {
            type = IMPORT_TYPE_ACTIONS;
        } else if (json_is_string(t) && strcmp(json_string_value(t), "government") == 0) {
            type = IMPORT_TYPE_GOVERNMENTS;
        } else {
            struct field_errors errs = {0};
            field_errors_add(&errs, "type", "must be \"action\" or \"government\"");
            reject(im, row, &errs);
            return;
        }
    }
    enum err e = type == IMPORT_TYPE_GOVERNMENTS ? import_government(im, row, obj)
                                                 : import_action(im, row, obj);
    if (e != ERR_OK) {
        log_error("%s:%zu: cannot store the record: %s", im->path, row, store_errmsg(im->st));
        im->fatal = e;
    }
}

/* ---- CSV ---- */

static void
csv_field(void *field, size_t len, void *ctx)
{
    struct importer *im = ctx;
    const char *s = field ? field : "";
    if (im->fatal != ERR_OK)
        return;
    if (im->header == NULL || im->csv_row == 0) {
        /* the header row */
        if (im->n_header == LIMIT_CSV_COLUMNS) {
            im->fatal = ERR_TOO_BIG;
            report(im, 1, NULL, "the header has too many columns");
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
    if (im->fatal != ERR_OK)
        return;
    if (im->csv_row++ == 0) {
        /* decide the type from the header; refuse duplicate or unnamed columns */
        bool has_title = false, has_name = false;
        for (size_t i = 0; i < im->n_header; i++) {
            const char *h = json_string_value(im->header[i]);
            if (h == NULL || *h == '\0') {
                report(im, 1, NULL, "a column has no name");
                im->fatal = ERR_INVALID;
                return;
            }
            for (size_t k = 0; k < i; k++) {
                if (strcmp(h, json_string_value(im->header[k])) == 0) {
                    char msg[200];
                    snprintf(msg, sizeof(msg), "column '%.100s' appears twice", h);
                    report(im, 1, NULL, msg);
                    im->fatal = ERR_INVALID;
                    return;
                }
            }
            has_title = has_title || strcmp(h, "title") == 0;
            has_name = has_name || strcmp(h, "name") == 0;
        }
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
        im->sum->read++;
        reject(im, row, &errs);
        im->bad_column[0] = '\0';
        im->row_bad_utf8 = false;
    } else {
        process(im, row, obj);
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
        im->fatal = ERR_IO;
        return;
    }
    /* feed in slices so the progress bar moves */
    size_t off = 0;
    while (off < len && im->fatal == ERR_OK) {
        size_t n = len - off < (1u << 20) ? len - off : (1u << 20);
        if (csv_parse(&p, data + off, n, csv_field, csv_row_end, im) != n) {
            char msg[200];
            snprintf(msg, sizeof(msg), "malformed CSV: %s", csv_problem(&p));
            report(im, im->csv_row + 1, NULL, msg);
            im->sum->rejected++;
            im->fatal = ERR_INVALID;
            break;
        }
        off += n;
        im->done_bytes = off;
    }
    if (im->fatal == ERR_OK && csv_fini(&p, csv_field, csv_row_end, im) != 0) {
        char msg[200];
        snprintf(msg, sizeof(msg), "malformed CSV: %s", csv_problem(&p));
        report(im, im->csv_row + 1, NULL, msg);
        im->sum->rejected++;
        im->fatal = ERR_INVALID;
    }
    if (im->fatal == ERR_OK && im->csv_row == 0) {
        report(im, 1, NULL, "the file has no header row");
        im->fatal = ERR_INVALID;
    }
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
    json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL) {
        char msg[300];
        snprintf(msg, sizeof(msg), "invalid JSON at line %d, column %d: %s", jerr.line, jerr.column,
                 jerr.text);
        report(im, (size_t)(jerr.line > 0 ? jerr.line : 1), NULL, msg);
        im->sum->rejected++;
        im->fatal = ERR_INVALID;
        return;
    }
    if (!json_is_array(doc)) {
        report(im, 1, NULL, "a JSON file must hold an array of records");
        im->sum->rejected++;
        im->fatal = ERR_INVALID;
    } else {
        size_t n = json_array_size(doc);
        for (size_t i = 0; i < n && im->fatal == ERR_OK; i++) {
            im->done_bytes = len * (i + 1) / n;
            process(im, i + 1, json_array_get(doc, i));
        }
    }
    json_decref(doc);
}

static void
import_jsonl(struct importer *im, const char *data, size_t len)
{
    size_t line = 0, off = 0;
    while (off < len && im->fatal == ERR_OK) {
        const char *start = data + off;
        const char *nl = memchr(start, '\n', len - off);
        size_t n = nl ? (size_t)(nl - start) : len - off;
        off += n + (nl ? 1 : 0);
        line++;
        im->done_bytes = off;
        const char *s = start;
        size_t slen = n;
        text_trim(&s, &slen);
        if (slen == 0)
            continue;
        if (slen > LIMIT_JSON_RECORD_BYTES) {
            im->sum->read++;
            report(im, line, NULL, "the record is longer than 1 MiB");
            im->sum->rejected++;
            continue;
        }
        json_error_t jerr;
        json_t *obj = json_loadb(s, slen, JSON_REJECT_DUPLICATES, &jerr);
        if (obj == NULL) {
            char msg[300];
            snprintf(msg, sizeof(msg), "invalid JSON at column %d: %s", jerr.column, jerr.text);
            im->sum->read++;
            report(im, line, NULL, msg);
            im->sum->rejected++;
            continue;
        }
        process(im, line, obj);
        json_decref(obj);
    }
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

enum err
import_buffer(struct store *st, const char *path, const char *data, size_t len,
              const struct import_options *opt, struct import_summary *sum)
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
    if (format == IMPORT_CSV)
        import_csv(&im, data, len);
    else if (format == IMPORT_JSON)
        import_json_array(&im, data, len);
    else
        import_jsonl(&im, data, len);
    draw_progress(&im, true);
    if (im.errors_shown > LIMIT_ERRORS_SHOWN && opt->errors != NULL)
        fprintf(opt->errors, "%s: and %zu more problems not shown\n", path,
                im.errors_shown - LIMIT_ERRORS_SHOWN);
    seen_release(&im.seen);

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
    e = read_all(fp, path, &data, &len);
    if (e == ERR_OK)
        e = import_buffer(st, is_stdin ? "stdin" : path, data, len, opt, sum);
out:
    free(data);
    if (!is_stdin)
        fclose(fp);
    return e;
}
