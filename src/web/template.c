/* The Mustache engine: a template is parsed into a flat array of nodes where a section knows
 * the index just past its closing tag, so rendering is a loop with recursion only into
 * sections and partials. A numeric part of a dotted name indexes a list (items.0). */
#include "web/template.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

enum { MAX_PATH_PARTS = 6, MAX_DEPTH = 48, MAX_PARTIAL_DEPTH = 12, MAX_NESTING = 24 };

enum node_kind { NODE_TEXT, NODE_VAR, NODE_RAW, NODE_SECTION, NODE_INVERTED, NODE_PARTIAL };

struct node {
    enum node_kind kind;
    const char *text; /* NODE_TEXT: the bytes; else the tag name (NUL-terminated, owned) */
    size_t len;
    const char *parts[MAX_PATH_PARTS]; /* dotted name split; parts[0] == "." for {{.}} */
    size_t n_parts;
    size_t end; /* sections: index of the first node after the closing tag */
};

struct template
{
    char *name;
    char *src; /* the copied source that NODE_TEXT points into */
    struct node *nodes;
    size_t n_nodes, cap_nodes;
    char **strings; /* names owned by the nodes */
    size_t n_strings, cap_strings;
};

struct tmpl_set {
    struct template **items;
    size_t n, cap;
};

struct tmpl_set *
tmpl_set_new(void)
{
    return xcalloc(1, sizeof(struct tmpl_set));
}

static void
template_free(struct template *t)
{
    for (size_t i = 0; i < t->n_strings; i++)
        free(t->strings[i]);
    free(t->strings);
    free(t->nodes);
    free(t->src);
    free(t->name);
    free(t);
}

void
tmpl_set_free(struct tmpl_set *set)
{
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->n; i++)
        template_free(set->items[i]);
    free(set->items);
    free(set);
}

static const struct template *
find_template(const struct tmpl_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++) {
        if (strcmp(set->items[i]->name, name) == 0)
            return set->items[i];
    }
    return NULL;
}

bool
tmpl_set_has(const struct tmpl_set *set, const char *name)
{
    return find_template(set, name) != NULL;
}

static struct node *
push_node(struct template *t, enum node_kind kind)
{
    if (t->n_nodes == t->cap_nodes) {
        t->cap_nodes = t->cap_nodes ? t->cap_nodes * 2 : 64;
        t->nodes = xrealloc(t->nodes, t->cap_nodes * sizeof(*t->nodes));
    }
    struct node *n = &t->nodes[t->n_nodes++];
    memset(n, 0, sizeof(*n));
    n->kind = kind;
    return n;
}

static char *
keep_string(struct template *t, const char *s, size_t len)
{
    if (t->n_strings == t->cap_strings) {
        t->cap_strings = t->cap_strings ? t->cap_strings * 2 : 32;
        t->strings = xrealloc(t->strings, t->cap_strings * sizeof(*t->strings));
    }
    char *copy = xstrndup(s, len);
    t->strings[t->n_strings++] = copy;
    return copy;
}

static size_t
line_of(const char *src, const char *at)
{
    size_t line = 1;
    for (const char *p = src; p < at; p++)
        line += *p == '\n';
    return line;
}

static bool
valid_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

/* Splits a dotted tag name into the node's parts; the name must already be kept. */
static bool
split_name(struct template *t, struct node *n, const char *name, size_t len)
{
    n->text = keep_string(t, name, len);
    n->len = len;
    if (len == 1 && name[0] == '.') {
        n->parts[0] = ".";
        n->n_parts = 1;
        return true;
    }
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && name[i] != '.')
            continue;
        if (i == start || n->n_parts == MAX_PATH_PARTS)
            return false;
        n->parts[n->n_parts++] = keep_string(t, name + start, i - start);
        start = i + 1;
    }
    return true;
}

/* When the tag at [tag_start, tag_end) stands alone on its line, widens the range to the
 * whole line (leading indentation and the line break), so it leaves no blank line behind. */
static void
standalone_bounds(const char *src, const char *stop, const char **tag_start, const char **tag_end)
{
    const char *a = *tag_start;
    while (a > src && (a[-1] == ' ' || a[-1] == '\t'))
        a--;
    if (a > src && a[-1] != '\n')
        return;
    const char *b = *tag_end;
    while (b < stop && (*b == ' ' || *b == '\t'))
        b++;
    if (b < stop && *b == '\r')
        b++;
    if (b < stop && *b != '\n')
        return;
    if (b < stop)
        b++;
    *tag_start = a;
    *tag_end = b;
}

static enum err
syntax_error(const struct template *t, const char *at, char *why, size_t why_len,
             const char *reason)
{
    snprintf(why, why_len, "%s:%zu: %s", t->name, line_of(t->src, at), reason);
    return ERR_INVALID;
}

static enum err
parse(struct template *t, char *why, size_t why_len)
{
    const char *p = t->src;
    const char *stop = t->src + strlen(t->src);
    size_t open[MAX_NESTING]; /* node indexes of the sections not yet closed */
    size_t n_open = 0;
    while (p < stop) {
        const char *tag = strstr(p, "{{");
        if (tag == NULL)
            tag = stop;
        if (tag == stop) {
            struct node *n = push_node(t, NODE_TEXT);
            n->text = p;
            n->len = (size_t)(stop - p);
            break;
        }
        bool triple = tag[2] == '{';
        const char *inner = tag + (triple ? 3 : 2);
        const char *close = strstr(inner, triple ? "}}}" : "}}");
        if (close == NULL)
            return syntax_error(t, tag, why, why_len, "a tag is not closed with }}");
        const char *tag_end = close + (triple ? 3 : 2);
        char sigil = triple ? '{' : *inner;
        if (strchr("#^/>!&", sigil) != NULL && !triple)
            inner++;
        const char *name = inner;
        const char *name_end = close;
        while (name < name_end && *name == ' ')
            name++;
        while (name_end > name && name_end[-1] == ' ')
            name_end--;
        size_t name_len = (size_t)(name_end - name);

        const char *cut_start = tag, *cut_end = tag_end;
        bool block = strchr("#^/>!", sigil) != NULL && !triple;
        if (block)
            standalone_bounds(t->src, stop, &cut_start, &cut_end);
        if (cut_start > p) {
            struct node *n = push_node(t, NODE_TEXT);
            n->text = p;
            n->len = (size_t)(cut_start - p);
        }
        p = cut_end;
        if (sigil == '!')
            continue;

        if (name_len == 0)
            return syntax_error(t, tag, why, why_len, "a tag has no name");
        for (size_t i = 0; i < name_len; i++) {
            if (!valid_name_char(name[i]))
                return syntax_error(t, tag, why, why_len,
                                    "a tag name may hold only letters, digits, _ - and .");
        }
        if (sigil == '/') {
            if (n_open == 0)
                return syntax_error(t, tag, why, why_len, "a closing tag has no section");
            struct node *section = &t->nodes[open[n_open - 1]];
            if (section->len != name_len || memcmp(section->text, name, name_len) != 0)
                return syntax_error(t, tag, why, why_len,
                                    "a closing tag does not match its section");
            n_open--;
            section->end = t->n_nodes;
            continue;
        }
        enum node_kind kind = NODE_VAR;
        if (triple || sigil == '&')
            kind = NODE_RAW;
        else if (sigil == '#')
            kind = NODE_SECTION;
        else if (sigil == '^')
            kind = NODE_INVERTED;
        else if (sigil == '>')
            kind = NODE_PARTIAL;
        size_t index = t->n_nodes;
        struct node *n = push_node(t, kind);
        if (!split_name(t, n, name, name_len))
            return syntax_error(t, tag, why, why_len, "a dotted name is malformed or too deep");
        if (kind == NODE_SECTION || kind == NODE_INVERTED) {
            if (n_open == MAX_NESTING)
                return syntax_error(t, tag, why, why_len, "sections are nested too deep");
            open[n_open++] = index;
        }
    }
    if (n_open > 0) {
        const struct node *n = &t->nodes[open[n_open - 1]];
        snprintf(why, why_len, "%s: section '%s' is never closed", t->name, n->text);
        return ERR_INVALID;
    }
    return ERR_OK;
}

enum err
tmpl_set_add(struct tmpl_set *set, const char *name, const char *src, size_t len, char *why,
             size_t why_len)
{
    if (memchr(src, '\0', len) != NULL) {
        snprintf(why, why_len, "%s: holds a NUL byte", name);
        return ERR_INVALID;
    }
    struct template *t = xcalloc(1, sizeof(*t));
    t->name = xstrdup(name);
    t->src = xstrndup(src, len);
    enum err e = parse(t, why, why_len);
    if (e != ERR_OK) {
        template_free(t);
        return e;
    }
    if (set->n == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 16;
        set->items = xrealloc(set->items, set->cap * sizeof(*set->items));
    }
    set->items[set->n++] = t;
    return ERR_OK;
}

enum err
tmpl_set_link(struct tmpl_set *set, char *why, size_t why_len)
{
    for (size_t i = 0; i < set->n; i++) {
        const struct template *t = set->items[i];
        for (size_t k = 0; k < t->n_nodes; k++) {
            const struct node *n = &t->nodes[k];
            if (n->kind == NODE_PARTIAL && find_template(set, n->text) == NULL) {
                snprintf(why, why_len, "%s: the partial '%s' does not exist", t->name, n->text);
                return ERR_INVALID;
            }
        }
    }
    return ERR_OK;
}

/* ---- rendering ---- */

struct context {
    const json_t *stack[MAX_DEPTH];
    size_t depth;
    unsigned partial_depth;
};

static const json_t *
lookup(const struct context *ctx, const struct node *n)
{
    if (n->parts[0][0] == '.' && n->parts[0][1] == '\0')
        return ctx->depth > 0 ? ctx->stack[ctx->depth - 1] : NULL;
    const json_t *v = NULL;
    for (size_t i = ctx->depth; i-- > 0 && v == NULL;) {
        if (json_is_object(ctx->stack[i]))
            v = json_object_get(ctx->stack[i], n->parts[0]);
    }
    for (size_t i = 1; i < n->n_parts && v != NULL; i++) {
        const char *part = n->parts[i];
        if (json_is_array(v) && part[0] >= '0' && part[0] <= '9')
            v = json_array_get(v, strtoul(part, NULL, 10)); /* items.0: the first item */
        else
            v = json_is_object(v) ? json_object_get(v, part) : NULL;
    }
    return v;
}

static bool
truthy(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_NULL:
    case JSON_FALSE:
        return false;
    case JSON_STRING:
        return json_string_length(v) > 0;
    case JSON_ARRAY:
        return json_array_size(v) > 0;
    case JSON_INTEGER:
        return json_integer_value(v) != 0;
    default:
        return true;
    }
}

static void
write_value(struct buf *out, const json_t *v, bool escape)
{
    if (json_is_string(v)) {
        if (escape)
            buf_add_html(out, json_string_value(v), json_string_length(v));
        else
            buf_add(out, json_string_value(v), json_string_length(v));
    } else if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        if (i < 0) {
            buf_addch(out, '-');
            buf_add_u64(out, (uint64_t)(-(i + 1)) + 1);
        } else {
            buf_add_u64(out, (uint64_t)i);
        }
    } else if (json_is_real(v)) {
        buf_addf(out, "%g", json_real_value(v));
    } else if (json_is_true(v)) {
        buf_addstr(out, "true");
    }
}

static void render_nodes(const struct tmpl_set *set, const struct template *t, size_t from,
                         size_t to, struct context *ctx, struct buf *out);

static void
render_section(const struct tmpl_set *set, const struct template *t, size_t k, struct context *ctx,
               struct buf *out)
{
    const struct node *n = &t->nodes[k];
    const json_t *v = lookup(ctx, n);
    bool on = v != NULL && truthy(v);
    if (n->kind == NODE_INVERTED) {
        if (!on)
            render_nodes(set, t, k + 1, n->end, ctx, out);
        return;
    }
    if (!on || ctx->depth == MAX_DEPTH)
        return;
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            ctx->stack[ctx->depth++] = json_array_get(v, i);
            render_nodes(set, t, k + 1, n->end, ctx, out);
            ctx->depth--;
        }
        return;
    }
    ctx->stack[ctx->depth++] = v;
    render_nodes(set, t, k + 1, n->end, ctx, out);
    ctx->depth--;
}

static void
render_nodes(const struct tmpl_set *set, const struct template *t, size_t from, size_t to,
             struct context *ctx, struct buf *out)
{
    size_t k = from;
    while (k < to) {
        const struct node *n = &t->nodes[k];
        switch (n->kind) {
        case NODE_TEXT:
            buf_add(out, n->text, n->len);
            break;
        case NODE_VAR:
        case NODE_RAW: {
            const json_t *v = lookup(ctx, n);
            if (v != NULL)
                write_value(out, v, n->kind == NODE_VAR);
            break;
        }
        case NODE_SECTION:
        case NODE_INVERTED:
            render_section(set, t, k, ctx, out);
            k = n->end;
            continue;
        case NODE_PARTIAL: {
            const struct template *p = find_template(set, n->text);
            if (p != NULL && ctx->partial_depth < MAX_PARTIAL_DEPTH) {
                ctx->partial_depth++;
                render_nodes(set, p, 0, p->n_nodes, ctx, out);
                ctx->partial_depth--;
            }
            break;
        }
        }
        k++;
    }
}

void
tmpl_render(const struct tmpl_set *set, const char *name, const json_t *const *frames,
            size_t n_frames, struct buf *out)
{
    const struct template *t = find_template(set, name);
    if (t == NULL)
        return;
    struct context ctx = {0};
    for (size_t i = 0; i < n_frames && ctx.depth < MAX_DEPTH / 2; i++)
        ctx.stack[ctx.depth++] = frames[i];
    render_nodes(set, t, 0, t->n_nodes, &ctx, out);
}
