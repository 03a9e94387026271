/* Writing one validated forum into the store. It never validates (validate_forum() did) and
 * never commits (the caller's transaction decides). Governments are stored in the order of
 * their folded name and country, the order the store reads them back in, so an unchanged
 * forum compares equal and is not written again. */
#include "io/forum_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/forums.h"
#include "util/buf.h"
#include "util/text.h"
#include "util/xalloc.h"

static enum err
resolve(struct store *st, struct gov_ref *g, const char *field, bool strict,
        struct field_errors *errs, size_t *created)
{
    char *name = NULL, *slug = NULL;
    enum err e = store_government_find(st, g->name, g->country, &g->id, &name, &slug);
    if (e == ERR_OK) {
        struct government stored;
        government_init(&stored);
        e = store_government_load(st, slug, 0, &stored);
        if (e == ERR_OK)
            g->kind = stored.kind;
        government_release(&stored);
        free(g->name);
        g->name = name;
        free(g->slug);
        g->slug = slug;
        return e;
    }
    if (e != ERR_NOT_FOUND)
        return e;
    if (strict) {
        field_errors_add(errs, field, "'%s, %s' is not registered (--strict)", g->name,
                         taxonomy_country(g->country)->alpha2);
        return ERR_OK;
    }
    e = store_government_create(st, g, &slug);
    if (e == ERR_OK) {
        free(g->slug);
        g->slug = slug;
        (*created)++;
    }
    return e;
}

/* The folded name of each government, then its country: the store's order. */
static int
compare_governments(const void *a, const void *b)
{
    const struct forum_government *x = a, *y = b;
    struct buf kx, ky;
    buf_init(&kx, 4096);
    buf_init(&ky, 4096);
    text_fold_key(&kx, x->ref.name, strlen(x->ref.name));
    text_fold_key(&ky, y->ref.name, strlen(y->ref.name));
    int c = strcmp(kx.data, ky.data);
    buf_release(&kx);
    buf_release(&ky);
    if (c == 0)
        c = strcmp(taxonomy_country(x->ref.country)->alpha2,
                   taxonomy_country(y->ref.country)->alpha2);
    return c;
}

/* Ties each participant to the resolved forum government with its name and country. */
static void
tie_participants(struct forum *f)
{
    for (size_t s = 0; s < f->n_sessions; s++) {
        for (size_t p = 0; p < f->sessions[s].n_participants; p++) {
            struct forum_participant *pa = &f->sessions[s].participants[p];
            if (!pa->has_government)
                continue;
            struct buf key, other;
            buf_init(&key, 4096);
            buf_init(&other, 4096);
            text_fold_key(&key, pa->government.name, strlen(pa->government.name));
            for (size_t i = 0; i < f->n_governments; i++) {
                const struct gov_ref *g = &f->governments[i].ref;
                buf_reset(&other);
                text_fold_key(&other, g->name, strlen(g->name));
                if (g->country != pa->government.country || strcmp(key.data, other.data) != 0)
                    continue;
                pa->government.id = g->id;
                pa->government.kind = g->kind;
                free(pa->government.name);
                pa->government.name = xstrdup(g->name);
                free(pa->government.slug);
                pa->government.slug = g->slug != NULL ? xstrdup(g->slug) : NULL;
                break;
            }
            buf_release(&key);
            buf_release(&other);
        }
    }
}

enum err
forum_write(struct store *st, struct forum *f, bool strict, int64_t now, struct field_errors *errs,
            enum forum_write_result *result, size_t *governments_created)
{
    size_t errors_before = errs->total;
    enum err e = ERR_OK;
    *result = FORUM_WRITE_REJECTED;
    for (size_t i = 0; i < f->n_governments && e == ERR_OK; i++) {
        char field[48];
        snprintf(field, sizeof(field), "governments[%zu]", i + 1);
        e = resolve(st, &f->governments[i].ref, field, strict, errs, governments_created);
    }
    if (e != ERR_OK || errs->total > errors_before)
        return e;
    tie_participants(f);
    if (f->n_governments > 1)
        qsort(f->governments, f->n_governments, sizeof(*f->governments), compare_governments);
    int64_t old_id = 0;
    e = store_forum_find(st, f->slug, &old_id);
    bool existed = e == ERR_OK;
    if (e != ERR_OK && e != ERR_NOT_FOUND)
        return e;
    bool changed = false;
    e = store_forum_put(st, f, now, &changed);
    if (e == ERR_OK)
        *result = !changed  ? FORUM_WRITE_UNCHANGED
                  : existed ? FORUM_WRITE_UPDATED
                            : FORUM_WRITE_INSERTED;
    return e;
}
