/* /static/: the stylesheet, icon and the little script that enhances the filters, from the
 * binary; and the HTML page for requests the router refused. */
#include <string.h>

#include "util/embedded.h"
#include "web/page.h"
#include "web/web.h"

static const struct {
    const char *suffix, *type;
} types[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
};

void
web_static(struct request *req, struct response *res)
{
    const char *name = strrchr(req->path, '/') + 1;
    const char *version = http_param(req, "v");
    char path[96];
    const char *type = NULL;
    size_t len = strlen(name);
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        size_t sl = strlen(types[i].suffix);
        if (len > sl && strcmp(name + len - sl, types[i].suffix) == 0)
            type = types[i].type;
    }
    const struct embedded_file *f = NULL;
    if (type != NULL && len < 64 && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-.") == len) {
        memcpy(path, "static/", 7);
        memcpy(path + 7, name, len + 1);
        f = embedded_find(path);
    }
    if (f == NULL) {
        http_error(res, 404, NULL, "there is no file %.100s", req->path);
        return;
    }
    res->content_type = type;
    if (strcmp(name, "style.css") == 0) {
        size_t css_len;
        const char *css = web_stylesheet(&css_len);
        buf_add(&res->body, css, css_len);
    } else {
        buf_add(&res->body, f->data, f->len);
    }
    res->revalidate = true;
    /* a versioned URL names this content for ever; a bare one may change with the binary */
    bool versioned = version != NULL && strcmp(name, "style.css") == 0 &&
                     strcmp(version, web_stylesheet_version()) == 0;
    res->cache_control = versioned ? "public, max-age=31536000, immutable" : "public, max-age=3600";
}

void
web_refused(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "none");
    enum lang lang = p.lang;
    page_abandon(&p);
    page_error_from_json(req, res, lang);
}
